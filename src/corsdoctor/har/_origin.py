"""The page origin of an entry, and whether the entry is a cross-origin request at all.

Order (first that gives an origin wins): ``--origin``; the request's own ``Origin`` header
(unless ``null``); the page the entry belongs to (its main ``document`` entry, else a
``pages[].title`` that is a URL, as Chrome writes it); the ``Referer`` header's origin.

https://fetch.spec.whatwg.org/#origin-header
"""

from __future__ import annotations

import functools

from corsdoctor.engine import InputError, parse_origin, parse_url
from corsdoctor.har._entry import HarEntry

#: Resource types whose requests use CORS mode even when the recording lost the Origin header.
CORS_RESOURCE_TYPES = frozenset({"fetch", "xhr", "font", "eventsource", "preflight"})


def url_origin(url: str) -> str | None:
    scheme, sep, rest = url.partition("://")
    if sep and "@" not in rest:
        end = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
        return _origin_of_prefix(url[: len(scheme) + 3 + end])
    return _parse_origin_of(url)


@functools.lru_cache(maxsize=4096)
def _origin_of_prefix(prefix: str) -> str | None:
    return _parse_origin_of(prefix + "/")


def _parse_origin_of(url: str) -> str | None:
    try:
        parsed = parse_url(url)
    except InputError:
        return None
    if not parsed.is_http:
        return None
    return parsed.origin


def as_origin(text: str) -> str | None:
    try:
        return parse_origin(text)
    except InputError:
        return url_origin(text)


class PageOrigins:
    """Page origins learnt while streaming (document entries, ``pages[].title`` URLs)."""

    def __init__(self, pages: tuple[tuple[str, str], ...], forced: str | None) -> None:
        self.forced = forced
        self._by_page: dict[str, str] = {}
        for page_id, title in pages:
            origin = url_origin(title)
            if origin is not None:
                self._by_page[page_id] = origin

    def learn(self, entry: HarEntry) -> None:
        if entry.resource_type == "document" and entry.page_ref and entry.got_response:
            origin = url_origin(entry.url)
            if origin is not None:
                self._by_page.setdefault(entry.page_ref, origin)

    def origin_of(self, entry: HarEntry) -> tuple[str | None, str]:
        """``(origin, source)``; source names where it came from."""
        if self.forced:
            return self.forced, "--origin"
        header = entry.request_header("origin")
        if header and header.strip() != "null":
            origin = as_origin(header.strip())
            if origin is not None:
                return origin, "Origin header"
        page = self._by_page.get(entry.page_ref)
        if page is not None:
            return page, "page"
        referer = entry.request_header("referer")
        if referer:
            origin = url_origin(referer.strip())
            if origin is not None:
                return origin, "Referer header"
        return None, ""


def is_cors_candidate(entry: HarEntry, origin: str) -> bool:
    """A cross-origin request in CORS mode (or its preflight)."""
    target = url_origin(entry.url)
    if target is None or target == origin:
        return False
    if entry.is_preflight or entry.request_header("origin") is not None:
        return True
    return entry.resource_type in CORS_RESOURCE_TYPES
