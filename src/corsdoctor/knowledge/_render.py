"""Plain-text and JSON-ready renderings of a :class:`CodeDoc`.

Spec anchor: https://fetch.spec.whatwg.org/#http-cors-protocol
"""

from __future__ import annotations

import textwrap
from typing import Any

from corsdoctor.engine._codes import lookup
from corsdoctor.knowledge._model import Example, Fix, Place, VerifyStep
from corsdoctor.knowledge._registry import get

_WIDTH = 100


def _wrap(text: str, indent: str, hanging: str | None = None) -> list[str]:
    later = indent if hanging is None else hanging
    return textwrap.wrap(text, width=_WIDTH, initial_indent=indent, subsequent_indent=later) or [indent]


def place_lines(places: tuple[Place, ...]) -> list[str]:
    lines: list[str] = []
    for n, place in enumerate(places, 1):
        lines += _wrap(f"{n}. {place.owner.value}: {place.what}", "  ", "     ")
        lines += [f"       $ {g}" for g in place.grep]
    return lines


def fix_lines(fixes: tuple[Fix, ...]) -> list[str]:
    lines: list[str] = []
    for fix in fixes:
        lines.append(f"  [{fix.stack.value}] {fix.summary}")
        lines += ["      " + line if line else "" for line in fix.snippet.splitlines()]
    return lines


def verify_lines(steps: tuple[VerifyStep, ...], example: Example) -> list[str]:
    lines: list[str] = []
    for n, step in enumerate(steps, 1):
        lines.append(f"  {n}. ({step.kind.value}) {step.render(example)}")
        lines += _wrap(f"expect: {step.expect}", "       ")
    return lines


def render_doc(code: str) -> str:
    """The documentation of one code as plain text (what ``corsdoctor explain CORS104`` prints)."""
    info = lookup(code)
    doc = get(info.code)
    lines = [f"{info.code} {info.name} ({info.severity.label}, {info.category.value})", info.title, ""]
    lines += ["Root cause:", *_wrap(doc.root_cause, "  "), ""]
    lines += ["Where to look (most likely first):", *place_lines(doc.where_to_look), ""]
    lines += ["Fix patterns:", *fix_lines(doc.fixes), ""]
    lines += ["Verify:", *verify_lines(doc.verify, doc.example), ""]
    browsers = [
        f"Chromium {info.chromium_error}" if info.chromium_error else "",
        f"Firefox {info.firefox_key}" if info.firefox_key else "",
        f"Safari '{info.safari}'" if info.safari else "",
    ]
    named = [b for b in browsers if b]
    if named:
        lines.append("Browser reports: " + ", ".join(named))
    if info.spec:
        lines.append(f"Spec: {info.spec}")
    if doc.see_also:
        lines.append("See also: " + ", ".join(doc.see_also))
    return "\n".join(lines).rstrip() + "\n"


def doc_to_dict(code: str, example: Example | None = None) -> dict[str, Any]:
    """A JSON-ready dict of one code's documentation (verify commands rendered for ``example``)."""
    info = lookup(code)
    doc = get(info.code)
    ex = example if example is not None else doc.example
    return {
        "code": info.code,
        "name": info.name,
        "severity": info.severity.label,
        "category": info.category.value,
        "title": info.title,
        "spec": info.spec,
        "root_cause": doc.root_cause,
        "where_to_look": [
            {"owner": p.owner.value, "what": p.what, "grep": list(p.grep)} for p in doc.where_to_look
        ],
        "fixes": [
            {"stack": f.stack.value, "summary": f.summary, "language": f.language, "snippet": f.snippet}
            for f in doc.fixes
        ],
        "verify": [{"kind": s.kind.value, "command": s.render(ex), "expect": s.expect} for s in doc.verify],
        "chromium_error": info.chromium_error,
        "firefox_key": info.firefox_key,
        "safari": info.safari,
        "see_also": list(doc.see_also),
    }
