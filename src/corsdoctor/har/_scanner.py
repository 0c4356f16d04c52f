"""The careful reader: finds ``log.entries`` items by string- and escape-aware bracket matching.

Used when the fast path (ijson's C backend) stops at damaged input.  It reads the file in
chunks, never the whole document; a body (``content.text``) longer than ``_DROP`` bytes is cut
out of an entry before ``json.loads`` so that bodies are never decoded.  A syntax error inside
one entry is reported with its byte offset and reading resumes with the next entry; the end of
the file inside an entry is reported as truncation.

Grammar reference: RFC 8259 §7 (strings), HAR 1.2 (``log.entries``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from corsdoctor.har._problems import ReadProblem

_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[{}\[\]]')
_ENTRIES_KEY = re.compile(rb"\s*:\s*\[")
_TEXT_KEY = re.compile(rb'"text"\s*:\s*\Z')
_CHUNK = 1 << 20
_DROP = 256

ScanItem = tuple[int, dict[str, Any]] | ReadProblem


def _loads(raw: bytes, index: int, base: int) -> ScanItem | tuple[ReadProblem, dict[str, Any]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = ReadProblem(
            message="not UTF-8; undecodable bytes replaced", index=index, offset=base + exc.start
        )
        text = raw.decode("utf-8", errors="replace")
        try:
            value = json.loads(text)
        except json.JSONDecodeError as jexc:
            return ReadProblem(message=f"invalid JSON: {jexc.msg}", index=index, offset=base + jexc.pos)
        if not isinstance(value, dict):
            return ReadProblem(message="entry is not a JSON object", index=index, offset=base)
        return problem, value
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        offset = base + len(text[: exc.pos].encode("utf-8"))
        return ReadProblem(message=f"invalid JSON: {exc.msg}", index=index, offset=offset)
    if not isinstance(value, dict):
        return ReadProblem(message="entry is not a JSON object", index=index, offset=base)
    return (index, value)


def scan_entries(stream: IO[bytes], *, skip: int = 0) -> Iterator[ScanItem]:
    """Yield ``(index, entry)`` for every entry after the first ``skip``, and problems on the way."""
    buf = bytearray()
    base = 0  # file offset of buf[0]
    eof = False
    pos = 0
    depth = 0
    stack: list[int] = []
    entries_depth: int | None = None
    entry_start: int | None = None  # buffer index of the current entry's "{"
    drops: list[tuple[int, int]] = []
    index = 0

    def refill() -> bool:
        nonlocal eof
        if eof:
            return False
        chunk = stream.read(_CHUNK)
        if not chunk:
            eof = True
            return False
        buf.extend(chunk)
        return True

    def compact(keep_from: int) -> None:
        nonlocal base, pos, entry_start, drops
        if keep_from <= 0:
            return
        del buf[:keep_from]
        base += keep_from
        pos -= keep_from
        if entry_start is not None:
            entry_start -= keep_from
            drops = [(a - keep_from, b - keep_from) for a, b in drops]

    refill()
    while True:
        match = _TOKEN.search(buf, pos)
        if match is None or (match.end() == len(buf) and not eof):
            # The last token may continue in the next chunk: keep it (and the current entry).
            pos = len(buf) if match is None else match.start()
            compact(pos if entry_start is None else entry_start)
            if refill() or match is not None:
                continue
            break
        start, end = match.span()
        first = buf[start]
        if first == 0x22:  # a string
            if (
                entry_start is None
                and entries_depth is None
                and depth == 2
                and buf[start:end] == b'"entries"'
            ):
                follow = _ENTRIES_KEY.match(buf, end)
                if follow is not None:
                    entries_depth = depth + 1
                    depth += 1
                    stack.append(0x5B)
                    pos = follow.end()
                    continue
            if (
                entry_start is not None
                and end - start > _DROP
                and index >= skip
                and _TEXT_KEY.search(buf, max(entry_start, start - 16), start)
            ):
                drops.append((start, end))
            pos = end
            if end == len(buf) and eof and (end - start < 2 or buf[end - 1] != 0x22):
                break
            continue
        pos = end
        if first in (0x7B, 0x5B):  # { [
            stack.append(first)
            depth += 1
            if entries_depth is not None and depth == entries_depth + 1 and first == 0x7B:
                entry_start = start
                drops = []
            continue
        if not stack or stack[-1] != first - 2:
            continue  # a mismatched closer: json.loads of the entry reports it
        stack.pop()
        depth -= 1
        if entries_depth is not None and entry_start is not None and depth == entries_depth:
            if index >= skip:
                parts: list[bytes] = []
                cursor = entry_start
                for a, b in drops:
                    parts.append(bytes(buf[cursor:a]))
                    parts.append(b'""')
                    cursor = b
                parts.append(bytes(buf[cursor:end]))
                raw = b"".join(parts)
                # Offsets inside the entry are exact up to the first dropped body.
                result = _loads(raw, index, base + entry_start)
                if isinstance(result, tuple) and isinstance(result[0], ReadProblem):
                    yield result[0]
                    yield (index, result[1])
                else:
                    yield result
            index += 1
            entry_start = None
            drops = []
            continue
        if entries_depth is not None and depth < entries_depth:
            return
    if entries_depth is None:
        yield ReadProblem(message="no log.entries array found", offset=base + len(buf), fatal=True)
    elif entry_start is not None:
        yield ReadProblem(
            message="file ends inside this entry (truncated)", index=index, offset=base + len(buf), fatal=True
        )
    else:
        yield ReadProblem(
            message="file ends before the entries array is closed (truncated)",
            index=index,
            offset=base + len(buf),
            fatal=True,
        )
