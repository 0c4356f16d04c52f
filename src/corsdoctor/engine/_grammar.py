"""HTTP grammar pieces the CORS protocol needs: tokens, whitespace, header list values.

https://fetch.spec.whatwg.org/#http-whitespace, https://httpwg.org/specs/rfc9110.html#tokens,
https://fetch.spec.whatwg.org/#extract-header-list-values
"""

from __future__ import annotations

import functools
import re

#: https://fetch.spec.whatwg.org/#http-tab-or-space and #http-whitespace
HTTP_TAB_OR_SPACE = " \t"
HTTP_WHITESPACE = " \t\r\n"

_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_LATIN1_RE = re.compile(r"[^\x00-\xff]")
#: A header value must not contain NUL, CR or LF, nor characters outside latin-1
#: (https://fetch.spec.whatwg.org/#header-value).
_ANY_BAD_RE = re.compile(r"[\x00\r\n]|[^\x00-\xff]")


def is_token(text: str) -> bool:
    """RFC 9110 ``token``: one or more tchar."""
    return _TOKEN_RE.match(text) is not None


def is_byte_string(text: str) -> bool:
    """WebIDL ByteString: code points up to U+00FF only (https://webidl.spec.whatwg.org/#es-ByteString)."""
    return text.isascii() or _LATIN1_RE.search(text) is None


def header_value_problem(value: str) -> str | None:
    """Why ``value`` cannot be a header value, or None."""
    if _ANY_BAD_RE.search(value) is None:
        return None
    if "\r" in value or "\n" in value:
        return "contains CR or LF"
    if "\x00" in value:
        return "contains a NUL byte"
    if not is_byte_string(value):
        return "contains characters outside latin-1"
    return None


def split_list(value: str) -> list[str]:
    """Split a combined ``#rule`` list value on commas, trimming HTTP whitespace per item.

    Empty items are kept (callers decide): ``"a, ,b"`` -> ``["a", "", "b"]``.
    """
    return [item.strip(HTTP_TAB_OR_SPACE) for item in value.split(",")]


def get_decode_split(value: str) -> list[str]:
    """https://fetch.spec.whatwg.org/#header-value-get-decode-and-split (without the "get").

    Splits on commas outside HTTP quoted strings; quoted strings are kept verbatim (quotes and
    backslashes included, i.e. "collect an HTTP quoted string" with extract-value false), an
    unterminated one runs to the end.  Each item is trimmed of HTTP tab or space.
    """
    values: list[str] = []
    temporary = ""
    position, end = 0, len(value)
    while True:
        stop = position
        while stop < end and value[stop] not in '",':
            stop += 1
        temporary += value[position:stop]
        position = stop
        if position < end and value[position] == '"':
            start = position
            position += 1
            while position < end:
                char = value[position]
                position += 1
                if char == "\\":
                    if position < end:
                        position += 1
                elif char == '"':
                    break
            temporary += value[start:position]
            if position < end:
                continue
        values.append(temporary.strip(HTTP_TAB_OR_SPACE))
        temporary = ""
        if position >= end:
            return values
        position += 1  # the comma


@functools.lru_cache(maxsize=4096)
def parse_token_list(value: str | None) -> tuple[tuple[str, ...] | None, str | None]:
    """Extract header list values for ``#method`` / ``#field-name`` headers.

    Returns ``(items, None)`` on success (``None`` items when the header is absent) or
    ``(None, bad_item)`` when an item is not a token.  Empty list elements are allowed, as
    RFC 9110 §5.6.1 requires recipients to accept them (and as Chromium's ValuesIterator does).
    """
    if value is None:
        return None, None
    items: list[str] = []
    for item in split_list(value):
        if not item:
            continue
        if not is_token(item):
            return None, item
        items.append(item)
    return tuple(items), None
