"""HAR analysis: stream entries, keep the cross-origin ones, pair, replay, collect results.

Memory stays flat: entry bodies are never kept, only open request chains (a window of entries)
and one small :class:`HarResult` per cross-origin request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corsdoctor.har._entry import HarEntry, parse_entry
from corsdoctor.har._origin import PageOrigins, as_origin, is_cors_candidate
from corsdoctor.har._pairing import DEFAULT_WINDOW, Chain, Pairer
from corsdoctor.har._problems import ReadProblem
from corsdoctor.har._replay import Replayer
from corsdoctor.har._result import HarResult, Outcome
from corsdoctor.har._stream import HarMeta, iter_entries, read_meta
from corsdoctor.redact import Secrets

_BROWSER_NAMES = {
    "chromium": "chromium",
    "chrome": "chromium",
    "webinspector": "chromium",
    "firefox": "firefox",
    "webkit": "webkit",
    "safari": "webkit",
    "webkit web inspector": "webkit",
}


def detect_profile(meta: HarMeta) -> str:
    """The browser that recorded the HAR (``log.browser``, else ``log.creator``); chromium if unsure."""
    for name in (meta.browser, meta.creator):
        key = name.strip().lower()
        if key in _BROWSER_NAMES:
            return _BROWSER_NAMES[key]
    return "chromium"


@dataclass(slots=True)
class HarReport:
    file: str
    meta: HarMeta = field(default_factory=HarMeta)
    profile: str = "chromium"
    entries_read: int = 0
    results: list[HarResult] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    secrets: Secrets = field(default_factory=Secrets)

    @property
    def readable(self) -> bool:
        """Something could be read: an entry, or a well-formed HAR (possibly with no entries at all)."""
        return self.entries_read > 0 or not self.problems

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)


def analyse(
    path: str | Path,
    *,
    origin: str | None = None,
    browser: str | None = None,
    window: int = DEFAULT_WINDOW,
) -> HarReport:
    """Analyse the HAR at ``path``.  I/O errors (missing file) raise ``OSError``."""
    report = HarReport(file=str(path))
    forced = as_origin(origin) if origin else None
    with open(path, "rb") as stream:
        meta, problem = read_meta(stream)
        report.meta = meta
        if problem is not None:
            report.problems.append(problem)
            if problem.fatal and problem.offset is not None:
                return report
        report.profile = browser or detect_profile(meta)
        origins = PageOrigins(meta.pages, forced)
        pairer = Pairer(window)
        replay = Replayer(report.profile)
        for chain in _chains(iter_entries(stream), report, origins, pairer):
            report.results.append(replay(chain))
    report.results.sort(key=lambda r: r.index)
    return report


def _chains(
    items: Iterator[tuple[int, dict[str, object]] | ReadProblem],
    report: HarReport,
    origins: PageOrigins,
    pairer: Pairer,
) -> Iterator[Chain]:
    secrets = report.secrets
    for item in items:
        if isinstance(item, ReadProblem):
            report.problems.append(item)
            continue
        index, raw = item
        entry = parse_entry(index, raw)
        if isinstance(entry, ReadProblem):
            report.problems.append(entry)
            continue
        report.entries_read += 1
        origins.learn(entry)
        page_origin, source = origins.origin_of(entry)
        if page_origin is None or not is_cors_candidate(entry, page_origin):
            continue
        _collect_secrets(entry, secrets)
        yield from pairer.add(entry, page_origin, source)
    yield from pairer.flush()


def _collect_secrets(entry: HarEntry, secrets: Secrets) -> None:
    secrets.add_url(entry.url)
    secrets.add_headers(entry.request_headers)
    secrets.add_headers(entry.response_headers)
    if entry.redirect_url:
        secrets.add_url(entry.redirect_url)
