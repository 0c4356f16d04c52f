"""The order in which Chromium checks a request's headers against a preflight: Blink's header map.

Chromium reports only the first refused header (``HeaderDisallowedByPreflightResponse``'s
``failedParameter`` and the console line "Request header field X is not allowed …").  "First"
is the order of the request's ``net::HttpRequestHeaders`` vector, which the network service
walks in ``CorsUnsafeNotForbiddenRequestHeaderNames`` (services/network/public/cpp/cors/cors.cc:
names that are not safelisted, in vector order; when the safelisted values total more than
1024 bytes the safelisted names follow, in vector order) and
``PreflightResult::EnsureAllowedCrossOriginHeaders`` (the first name not allowed).

The vector is filled from Blink's ``HTTPHeaderMap`` (platform/network/http_header_map.h), a WTF
``HashMap`` keyed with ``CaseFoldingHashTraits`` — so the order is the hash table's bucket order:

* key hash: ``CaseFoldingHash`` (platform/wtf/text/case_folding_hash.h) runs rapidhash
  (third_party/rapidhash/rapidhash.h, Chromium's reader-templated copy) over the name's
  case-folded UTF-16 code units and keeps the low 24 bits (``StringHasher::MaskTop8Bits``;
  0 becomes ``0x800000``);
* table (platform/wtf/hash_table.h): 8 buckets at first, doubled (and re-inserted in old bucket
  order) once ``2 * keys >= buckets``; bucket ``hash & (size - 1)``, then triangular probing
  ``i += 1, 2, 3, …``; iteration walks the buckets in index order.

Which keys, inserted in which order (measured on Chromium 156.0.8078.79 from the wire order of
the actual request, which is the vector order — see docs/chromium-header-order.md):

1. the author's headers: fetch() copies its header list, a multimap sorted by lower-cased name
   (core/fetch/fetch_header_list.h), so in sorted order; XMLHttpRequest copies its own
   ``HTTPHeaderMap``, so in *that* map's bucket order (its keys inserted as
   ``setRequestHeader`` was first called for each name);
2. ``Content-Type`` when a body supplies it (fetch: part of the sorted list; XHR: added to its
   map at ``send()``, after the author's names; XHR ignores a GET/HEAD body);
3. when the request URL is potentially trustworthy, the default UA client hints
   ``sec-ch-ua``, ``sec-ch-ua-mobile``, ``sec-ch-ua-platform``;
4. ``User-Agent`` (an author ``User-Agent`` is dropped first).

``Accept: */*`` (when the author set none), ``Accept-Language``, ``Origin`` and friends are
appended later, outside the map, and never take part in the CORS check.
"""

from __future__ import annotations

import functools

_MASK64 = (1 << 64) - 1
#: rapidhash's default secret triplet and seed (third_party/rapidhash/rapidhash.h).
_SECRET = (0x2D358DCCAA6C78A5, 0x8BB84B93962EACC9, 0x4B33A62ED433D4A3)
_SEED = 0xBDD89AA982704029
#: WTF::HashTraits<>::kMinimumTableSize and HashTable::kMaxLoad (platform/wtf/hash_table.h).
_MINIMUM_TABLE_SIZE = 8
_MAX_LOAD = 2
#: The low-entropy UA client hints Chromium adds for a potentially trustworthy URL, in the order
#: they enter the map (measured: only this order reproduces the colliding layouts).
UA_CLIENT_HINTS = ("sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform")
USER_AGENT = "user-agent"


def _mix(a: int, b: int) -> int:
    """rapid_mix: the 128-bit product of two 64-bit words, high half xor low half."""
    product = a * b
    return (product & _MASK64) ^ (product >> 64)


def _word(data: bytes, start: int, size: int) -> int:
    return int.from_bytes(data[start : start + size], "little")


def rapidhash(data: bytes, small: int | None = None) -> int:
    """rapidhash v1 of ``data`` with the default seed and secret (64-bit result).

    ``small`` replaces the 1-3 byte read (``ReadSmall``) when a hash reader defines its own:
    the case-folding reader returns the single code unit of a one-character string.
    """
    length = len(data)
    seed = _SEED ^ _mix(_SEED ^ _SECRET[0], _SECRET[1]) ^ length
    if length <= 16:
        if length >= 4:
            last = length - 4
            delta = (length & 24) >> (length >> 3)
            a = (_word(data, 0, 4) << 32) | _word(data, last, 4)
            b = (_word(data, delta, 4) << 32) | _word(data, last - delta, 4)
        elif length:
            a = small if small is not None else (data[0] << 56) | (data[length >> 1] << 32) | data[-1]
            b = 0
        else:
            a = b = 0
    else:
        pos, rest = 0, length
        if rest > 48:
            see1 = see2 = seed
            while rest >= 48:
                seed = _mix(_word(data, pos, 8) ^ _SECRET[0], _word(data, pos + 8, 8) ^ seed)
                see1 = _mix(_word(data, pos + 16, 8) ^ _SECRET[1], _word(data, pos + 24, 8) ^ see1)
                see2 = _mix(_word(data, pos + 32, 8) ^ _SECRET[2], _word(data, pos + 40, 8) ^ see2)
                pos += 48
                rest -= 48
            seed ^= see1 ^ see2
        if rest > 16:
            seed = _mix(_word(data, pos, 8) ^ _SECRET[2], _word(data, pos + 8, 8) ^ seed ^ _SECRET[1])
            if rest > 32:
                seed = _mix(_word(data, pos + 16, 8) ^ _SECRET[2], _word(data, pos + 24, 8) ^ seed)
        a = _word(data, pos + rest - 16, 8)
        b = _word(data, pos + rest - 8, 8)
    a ^= _SECRET[1]
    b ^= seed
    product = a * b
    a, b = product & _MASK64, product >> 64
    return _mix(a ^ _SECRET[0] ^ length, b ^ _SECRET[1])


@functools.lru_cache(maxsize=1024)
def case_folding_hash(name: str) -> int:
    """WTF ``CaseFoldingHash::GetHash`` of a header name (a token, so ASCII): 24 bits, never 0."""
    folded = name.lower()
    small = ord(folded) if len(folded) == 1 else None
    value = rapidhash(folded.encode("utf-16-le"), small) & 0xFFFFFF
    return value or 0x800000


def _place(table: list[str | None], key: str) -> None:
    mask = len(table) - 1
    index = case_folding_hash(key) & mask
    step = 0
    while table[index] is not None:
        step += 1
        index = (index + step) & mask
    table[index] = key


def hash_map_order(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Iteration order of a WTF ``HashMap`` after inserting the distinct lower-case ``keys`` in turn."""
    table: list[str | None] = [None] * _MINIMUM_TABLE_SIZE
    for count, key in enumerate(keys, start=1):
        _place(table, key)
        if count * _MAX_LOAD >= len(table):
            old = table
            table = [None] * (len(old) * 2)
            for moved in old:
                if moved is not None:
                    _place(table, moved)
    return tuple(key for key in table if key is not None)


@functools.lru_cache(maxsize=4096)
def blink_request_header_order(
    names: tuple[str, ...], *, xhr: bool, body_content_type: bool, ua_client_hints: bool
) -> tuple[str, ...]:
    """Lower-case names of the request's Blink header map, in the order Chromium checks them.

    ``names``: the author's header names (lower-case, distinct, forbidden ones removed) in the
    order they were first set; ``body_content_type``: the body adds ``Content-Type`` (only when
    the author set none); ``ua_client_hints``: the URL is potentially trustworthy.
    """
    author = [n for n in names if n != USER_AGENT]
    if body_content_type and "content-type" not in author:
        author.append("content-type")
    ordered = hash_map_order(tuple(author)) if xhr else tuple(sorted(author))
    extra = UA_CLIENT_HINTS if ua_client_hints else ()
    return hash_map_order((*ordered, *extra, USER_AGENT))
