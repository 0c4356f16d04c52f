"""Reports of ``corsdoctor check``: text (rich in a terminal, plain when piped), JSON
(``corsdoctor.check/1``) and Markdown."""

from corsdoctor.report._describe import Diagnosis, diagnoses, missing_headers, other_findings
from corsdoctor.report._json import SCHEMA, to_dict
from corsdoctor.report._markdown import render_markdown
from corsdoctor.report._text import render_text, summary_line

__all__ = [
    "SCHEMA",
    "Diagnosis",
    "diagnoses",
    "missing_headers",
    "other_findings",
    "render_markdown",
    "render_text",
    "summary_line",
    "to_dict",
]
