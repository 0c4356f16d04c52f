"""Streaming HAR reader: ``log.entries`` items one at a time, never the whole document.

Fast path: ijson's C backend (yajl2_c) over the file in 64 KiB reads.  When it stops at damaged
input, the careful scanner (:mod:`corsdoctor.har._scanner`) takes over at the entry that failed,
names the byte offset and goes on with the next entry.  Metadata (``log.creator``,
``log.browser``, ``log.pages``) is read in a first short pass that stops where the entries begin.

HAR 1.2: http://www.softwareishard.com/blog/har-12-spec/
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from corsdoctor.har._problems import ReadProblem
from corsdoctor.har._scanner import scan_entries

_PREFIX_PROBE = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class HarMeta:
    creator: str = ""
    creator_version: str = ""
    browser: str = ""
    browser_version: str = ""
    #: page id -> title (Chrome writes the page URL there)
    pages: tuple[tuple[str, str], ...] = ()


def _syntax_offset(stream: IO[bytes]) -> tuple[int, str] | None:
    """Exact offset of the first JSON syntax error within the first MiB, if there is one."""
    stream.seek(0)
    head = stream.read(_PREFIX_PROBE)
    complete = len(head) < _PREFIX_PROBE
    if head.startswith(b"\x1f\x8b"):
        return 0, "not JSON: gzip-compressed (gunzip it first)"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 0, "not UTF-8: UTF-16 text (save the HAR as UTF-8)"
    if complete and not head.strip():
        return 0, "empty file, not JSON"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4 or complete:
            return exc.start, "not UTF-8"
        text = head[: exc.start].decode("utf-8")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if complete and (exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip())):
            return len(head), "file ends before the HAR is complete (truncated)"
        if complete or exc.pos < len(text) - 1:
            msg = (
                "not JSON"
                if exc.pos == 0 or not text.lstrip().startswith("{")
                else f"invalid JSON: {exc.msg}"
            )
            return len(text[: exc.pos].encode("utf-8")), msg
    return None


def read_meta(stream: IO[bytes]) -> tuple[HarMeta, ReadProblem | None]:
    """``log.creator``, ``log.browser`` and ``log.pages`` (pages before the entries, else a C-speed pass)."""
    import ijson

    values: dict[str, str] = {}
    pages: list[tuple[str, str]] = []
    page: dict[str, str] = {}
    saw_entries = False
    saw_pages = False
    stream.seek(0)
    try:
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if prefix == "log.entries" and event == "start_array":
                saw_entries = True
                break
            if prefix in (
                "log.creator.name",
                "log.creator.version",
                "log.browser.name",
                "log.browser.version",
            ):
                values[prefix] = str(value)
            elif prefix == "log.pages":
                saw_pages = True
            elif prefix in ("log.pages.item.id", "log.pages.item.title") and isinstance(value, str):
                page[prefix.rsplit(".", 1)[1]] = value
            elif prefix == "log.pages.item" and event == "end_map":
                pages.append((page.get("id", ""), page.get("title", "")))
                page = {}
    except ijson.common.IncompleteJSONError as exc:
        located = _syntax_offset(stream)
        if located is not None:
            offset, what = located
            return HarMeta(), ReadProblem(message=what, offset=offset, fatal=True)
        return HarMeta(), ReadProblem(message=f"invalid JSON ({_first_line(exc)})", fatal=True)
    if not saw_entries:
        return HarMeta(), ReadProblem(message="not a HAR: no log.entries array", fatal=True)
    if not saw_pages:
        stream.seek(0)
        try:
            for item in ijson.items(stream, "log.pages.item", use_float=True):
                if isinstance(item, dict):
                    pages.append((str(item.get("id", "")), str(item.get("title", ""))))
        except ijson.common.IncompleteJSONError:
            pass  # reported by the entries pass
    meta = HarMeta(
        creator=values.get("log.creator.name", ""),
        creator_version=values.get("log.creator.version", ""),
        browser=values.get("log.browser.name", ""),
        browser_version=values.get("log.browser.version", ""),
        pages=tuple(pages),
    )
    return meta, None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip("b'\"") if text else type(exc).__name__


def iter_entries(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]] | ReadProblem]:
    """Every entry as ``(index, dict)``, and a :class:`ReadProblem` wherever the input is damaged."""
    import ijson

    stream.seek(0)
    count = 0
    try:
        for item in ijson.items(stream, "log.entries.item", use_float=True):
            if isinstance(item, dict):
                yield (count, item)
            else:
                yield ReadProblem(message="entry is not a JSON object", index=count)
            count += 1
        return
    except ijson.common.IncompleteJSONError:
        pass
    # Damaged input: the careful scanner re-reads from the start and takes over at entry `count`.
    stream.seek(0)
    yield from scan_entries(stream, skip=count)
