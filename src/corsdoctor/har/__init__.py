"""HAR replay: every cross-origin request in a DevTools/Playwright HAR, decided by the engine.

    report = analyse("site.har", origin=None, browser=None)
    for result in report.results: result.outcome, result.code, result.message

Reads HAR 1.2 from Chrome, Firefox, Safari and Playwright as a stream (bodies are never kept).
"""

from corsdoctor.har._analyse import HarReport, analyse, detect_profile
from corsdoctor.har._entry import HarEntry, parse_entry
from corsdoctor.har._problems import ReadProblem
from corsdoctor.har._result import FindingLine, HarResult, Outcome
from corsdoctor.redact import Secrets, redact_url

__all__ = [
    "FindingLine",
    "HarEntry",
    "HarReport",
    "HarResult",
    "Outcome",
    "ReadProblem",
    "Secrets",
    "analyse",
    "detect_profile",
    "parse_entry",
    "redact_url",
]
