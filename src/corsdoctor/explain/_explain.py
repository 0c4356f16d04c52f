"""``explain``: pasted console text in, findings out (or the closest known message).

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from corsdoctor.explain._assemble import assemble
from corsdoctor.explain._hits import HitKind, find_hits
from corsdoctor.explain._message import Message
from corsdoctor.explain._samples import Sample, all_samples

#: Lines compared with the known messages when nothing is recognised (a paste can be huge).
_MAX_LINES = 20
_MAX_FALLBACK = 5


class ExplainInputError(ValueError):
    """The input cannot be explained at all (empty, binary); the message fits on one line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Closest:
    """The known message most similar to an unrecognised line (difflib ratio 0..1)."""

    sample: Sample
    line: str
    ratio: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    messages: tuple[Message, ...]
    closest: Closest | None = None
    only_rejections: bool = False


def decode_input(data: bytes) -> str:
    """Bytes from stdin or a file as text; raises :class:`ExplainInputError` for empty or binary input."""
    if not data.strip():
        raise ExplainInputError("no input: paste a console message, or pass TEXT, a code, or '-' for stdin")
    if b"\x00" in data:
        raise ExplainInputError("input looks binary (NUL bytes); paste the console text instead")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x1b")
    if controls > max(8, len(text) // 20):
        raise ExplainInputError("input looks binary (control characters); paste the console text instead")
    return text


_VOCABULARY = ("access", "cors", "origin", "blocked", "cross", "allow", "preflight", "header", "policy",
               "credentials", "redirect", "fetch", "xmlhttprequest", "load", "reason")


def _candidate_lines(text: str) -> list[str]:
    """The few lines most likely meant as a console message (by CORS vocabulary), best first."""
    lines = [line.strip() for line in text.splitlines() if len(line.strip()) >= 8]
    scored = [(sum(word in line.lower() for word in _VOCABULARY), n, line) for n, line in enumerate(lines)]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: (-item[0], item[1]))
    return [line for _, _, line in ranked[:_MAX_LINES]] or lines[:_MAX_FALLBACK]


def closest(text: str) -> Closest | None:
    """The known message closest to any line of ``text``."""
    lines = _candidate_lines(text)
    best: Closest | None = None
    for sample in all_samples():
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(sample.text)
        for line in lines:
            matcher.set_seq1(line)
            if best is not None and (matcher.real_quick_ratio() <= best.ratio or matcher.quick_ratio() <= best.ratio):
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best.ratio:
                best = Closest(sample=sample, line=line, ratio=ratio)
    return best


def explain(text: str) -> Explanation:
    """Every CORS console message in ``text``; when none, the closest known one."""
    hits = find_hits(text)
    messages = tuple(assemble(hits))
    if messages:
        return Explanation(messages=messages)
    return Explanation(messages=(), closest=closest(text),
                       only_rejections=any(h.kind is HitKind.REJECTION for h in hits))
