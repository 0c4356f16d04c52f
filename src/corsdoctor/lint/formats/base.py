"""What a format extractor is given and what it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from corsdoctor.lint.policy import CorsPolicy, Location


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One file to lint: ``path`` as displayed, ``real`` on disk, ``text`` decoded as UTF-8."""

    path: str
    real: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseProblem:
    """A parser error: becomes CORS902 at ``at`` with the parser's own message."""

    at: Location
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    format: str
    policies: tuple[CorsPolicy, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    #: Real paths of other files this extraction already covered (nginx ``include``).
    covers: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class Extractor:
    """A format: ``claims`` decides from the file name and a cheap look at the text."""

    name: str
    claims: Callable[[str, str], bool]
    extract: Callable[[Source], Extraction]


def column_of(line_text: str, needle: str, default: int = 1) -> int:
    """1-based column of ``needle`` in a line (first occurrence), or ``default``."""
    idx = line_text.find(needle)
    return idx + 1 if idx >= 0 else default


def split_list(value: str) -> list[tuple[str, int]]:
    """Split a comma/space list ``"GET, POST"`` into items with their 0-based offsets."""
    out: list[tuple[str, int]] = []
    start = None
    for i, ch in enumerate(value + ","):
        if ch in ", \t":
            if start is not None:
                out.append((value[start:i], start))
                start = None
        elif start is None:
            start = i
    return out
