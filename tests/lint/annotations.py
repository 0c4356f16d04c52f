"""Fixture annotations: ``expect: CORS105, CORS701`` / ``ok: CORS105`` in the file's comments.

An annotation on a line with code applies to that line; on a comment-only line it applies to the
next line that is neither blank nor a comment.  Files without comments (JSON) carry them in a
sidecar ``<file>.expect`` with lines ``12: expect: CORS807``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_ANN = re.compile(r"\b(expect|ok):\s*((?:CORS\d{3}\s*,?\s*)+)")
_COMMENT_ONLY = re.compile(r"^\s*(#|//|<!--|;|/\*|\*)")


@dataclass(frozen=True, slots=True)
class Annotations:
    expect: frozenset[tuple[int, str]]
    ok: frozenset[tuple[int, str]]


def _codes(text: str) -> list[str]:
    return re.findall(r"CORS\d{3}", text)


def parse_file(path: str) -> Annotations:
    expect: set[tuple[int, str]] = set()
    ok: set[tuple[int, str]] = set()
    sidecar = path + ".expect"
    if os.path.exists(sidecar):
        with open(sidecar, encoding="utf-8") as fh:
            for raw in fh:
                m = re.match(r"\s*(\d+):\s*(expect|ok):\s*(.*)", raw)
                if m:
                    target = expect if m.group(2) == "expect" else ok
                    target.update((int(m.group(1)), c) for c in _codes(m.group(3)))
        return Annotations(frozenset(expect), frozenset(ok))
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines, start=1):
        for m in _ANN.finditer(line):
            target_line = i
            if _COMMENT_ONLY.match(line):
                j = i
                while j < len(lines) and (not lines[j].strip() or _COMMENT_ONLY.match(lines[j])):
                    j += 1
                target_line = j + 1
            target = expect if m.group(1) == "expect" else ok
            target.update((target_line, c) for c in _codes(m.group(2)))
    return Annotations(frozenset(expect), frozenset(ok))
