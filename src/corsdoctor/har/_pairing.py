"""Pair preflights with actual requests and join redirect hops into one request chain.

Streaming: entries arrive in file order; a chain stays open for ``window`` further entries
(a preflight may be listed before or after its actual request, since Chrome starts the actual
request's record first), then it is emitted.  Rules:

* A hop whose URL is the ``redirectURL`` (or ``Location``) of an open chain's last hop
  continues that chain; any other actual request starts a new chain.
* A preflight belongs to the open hop with the same URL and page origin that has none yet
  (nearest first); else it waits for such a hop.
* A preflight left alone when the window closes becomes a chain of its own (Firefox can record
  a failed preflight without the actual request).

https://fetch.spec.whatwg.org/#cors-preflight-fetch, #http-redirect-fetch
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from corsdoctor.har._entry import HarEntry

DEFAULT_WINDOW = 200


@dataclass(slots=True)
class Chain:
    origin: str
    origin_source: str
    hops: list[HarEntry] = field(default_factory=list)
    #: hop number -> the preflight entry recorded for it
    preflights: dict[int, HarEntry] = field(default_factory=dict)
    orphan_preflight: HarEntry | None = None
    last_index: int = 0

    @property
    def first_index(self) -> int:
        if self.hops:
            return self.hops[0].index
        assert self.orphan_preflight is not None
        return self.orphan_preflight.index

    def next_url(self) -> str | None:
        if not self.hops:
            return None
        last = self.hops[-1]
        if not (300 <= last.status < 400):
            return None
        target = last.redirect_url or last.response_header("location") or ""
        return urljoin(last.url, target) if target else None


class Pairer:
    def __init__(self, window: int = DEFAULT_WINDOW) -> None:
        self.window = window
        self._open: deque[Chain] = deque()
        #: redirect target URL -> the open chain whose last hop redirects there
        self._targets: dict[str, Chain] = {}
        self._waiting: deque[tuple[HarEntry, str, str]] = deque()  # preflights without a hop yet

    def add(self, entry: HarEntry, origin: str, source: str) -> Iterator[Chain]:
        if entry.is_preflight:
            self._add_preflight(entry, origin, source)
        else:
            self._add_actual(entry, origin, source)
        yield from self._expire(entry.index)

    def _add_actual(self, entry: HarEntry, origin: str, source: str) -> None:
        chain = self._targets.pop(entry.url, None)
        if chain is None:
            chain = Chain(origin=origin, origin_source=source)
            self._open.append(chain)
        chain.hops.append(entry)
        chain.last_index = entry.index
        hop = len(chain.hops) - 1
        target = chain.next_url()
        if target is not None:
            self._targets[target] = chain
        for i in range(len(self._waiting) - 1, -1, -1):
            pre, pre_origin, _ = self._waiting[i]
            if pre.url == entry.url and pre_origin == origin:
                chain.preflights[hop] = pre
                del self._waiting[i]
                break

    def _add_preflight(self, entry: HarEntry, origin: str, source: str) -> None:
        for chain in reversed(self._open):
            if chain.origin != origin:
                continue
            for hop in range(len(chain.hops) - 1, -1, -1):
                if chain.hops[hop].url == entry.url and hop not in chain.preflights:
                    chain.preflights[hop] = entry
                    chain.last_index = max(chain.last_index, entry.index)
                    return
        self._waiting.append((entry, origin, source))

    def _expire(self, now: int) -> Iterator[Chain]:
        # Oldest first; a chain kept alive by a late preflight holds the ones behind it briefly.
        while self._open and now - self._open[0].last_index > self.window:
            chain = self._open.popleft()
            target = chain.next_url()
            if target is not None and self._targets.get(target) is chain:
                del self._targets[target]
            yield chain
        while self._waiting and now - self._waiting[0][0].index > self.window:
            pre, origin, source = self._waiting.popleft()
            yield Chain(origin=origin, origin_source=source, orphan_preflight=pre, last_index=pre.index)

    def flush(self) -> Iterator[Chain]:
        yield from self._open
        self._open.clear()
        self._targets.clear()
        for pre, origin, source in self._waiting:
            yield Chain(origin=origin, origin_source=source, orphan_preflight=pre, last_index=pre.index)
        self._waiting.clear()
