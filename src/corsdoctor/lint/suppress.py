"""Inline suppression: ``corsdoctor: ignore[CORS105]`` in the file's own comment syntax.

The marker applies to its own line, or — written on a comment-only line — to the next line.
``corsdoctor: ignore`` without a list suppresses every code on that line.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"corsdoctor:\s*ignore(?:\[([^\]]*)\])?", re.I)
_COMMENT_ONLY = re.compile(r"^\s*(#|//|;|<!--|/\*|\*)")
ALL = "*"


def parse(text: str) -> dict[int, frozenset[str]]:
    """Line number → suppressed codes (``{'*'}`` = all)."""
    if "corsdoctor" not in text:
        return {}
    out: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        m = _MARK.search(line)
        if not m:
            continue
        codes = {c.strip().upper() for c in m.group(1).split(",")} if m.group(1) else {ALL}
        targets = [number, number + 1] if _COMMENT_ONLY.match(line) else [number]
        for t in targets:
            out.setdefault(t, set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


def is_suppressed(marks: dict[int, frozenset[str]], line: int, code: str) -> bool:
    codes = marks.get(line)
    return codes is not None and (ALL in codes or code in codes)
