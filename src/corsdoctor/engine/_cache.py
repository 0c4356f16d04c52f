"""The CORS-preflight cache.  https://fetch.spec.whatwg.org/#cors-preflight-cache

Time is passed in (seconds, any monotonic origin); the engine never reads a clock.  One entry per
(origin serialisation, URL), holding the allowed methods and header names with the credentials
flag and expiry — the granularity Chromium and WebKit use (reference §2.4, §4.4); the spec's
per-method/per-header entries decide the same for a single transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from corsdoctor.engine._fastinit import fast_frozen_init


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CacheEntry:
    methods: frozenset[str]
    header_names: frozenset[str]
    credentials: bool
    expires_at: float


@dataclass(slots=True)
class PreflightCache:
    entries: dict[tuple[str, str], CacheEntry] = field(default_factory=dict)

    def store(
        self,
        *,
        origin: str,
        url: str,
        methods: Iterable[str],
        header_names: Iterable[str],
        credentials: bool,
        max_age: int,
        now: float,
    ) -> None:
        if max_age <= 0:
            self.entries.pop((origin, url), None)
            return
        self.entries[(origin, url)] = CacheEntry(
            methods=frozenset(methods),
            header_names=frozenset(n.lower() for n in header_names),
            credentials=credentials,
            expires_at=now + max_age,
        )

    def matches(
        self,
        *,
        origin: str,
        url: str,
        method: str,
        method_needs_match: bool,
        unsafe_names: Iterable[str],
        credentials: bool,
        now: float,
    ) -> bool:
        """True when a fresh entry allows the whole request (method and every header)."""
        entry = self.entries.get((origin, url))
        if entry is None:
            return False
        if entry.expires_at <= now or (credentials and not entry.credentials):
            del self.entries[(origin, url)]
            return False
        wildcard = not credentials
        if method_needs_match and not (method in entry.methods or (wildcard and "*" in entry.methods)):
            return False
        for name in unsafe_names:
            if name in entry.header_names:
                continue
            if wildcard and "*" in entry.header_names and name != "authorization":
                continue
            return False
        return True

    def clear(self, *, origin: str, url: str) -> None:
        """https://fetch.spec.whatwg.org/#concept-cache-clear, on a network error."""
        self.entries.pop((origin, url), None)
