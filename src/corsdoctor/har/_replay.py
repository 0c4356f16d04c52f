"""Replay one recorded request chain through the engine's :class:`Transaction`.

The page request is rebuilt from the first recorded hop:

* method and URL as recorded (URL with secrets redacted: :func:`redact_url`);
* author headers = the recorded request headers minus those the browser adds itself
  (:data:`BROWSER_ADDED`, ``Sec-*``, HTTP/2 pseudo-headers), plus every name in a recorded
  preflight's ``Access-Control-Request-Headers`` (the browser's own statement of which author
  headers were CORS-unsafe; a placeholder value stands in when the recording lost the header);
* credentials mode ``include`` when any hop carried cookies (``request.cookies`` or a
  ``Cookie`` header), else ``same-origin``.  A credentialed request that carried no cookie
  looks like ``same-origin`` here — a documented blind spot;
* ``fetch`` unless the recorder says ``xhr`` (``_resourceType``), which changes the wording.

Then ``next_action()`` is answered with the recorded exchanges.  A preflight the HAR does not
hold while the actual request went out means the recording browser's preflight passed (or was
cached): the replay primes the engine's preflight cache for it and says so.  Whenever an
exchange is missing (Chrome records a CORS-blocked response as status 0 with no headers), the
result is *unknown* (CORS906) with the ``corsdoctor check`` command that fills the gap.

https://fetch.spec.whatwg.org/#cors-preflight-fetch, #http-redirect-fetch
"""

from __future__ import annotations

import dataclasses
import shlex
from urllib.parse import urlsplit

from corsdoctor.engine import (
    Api,
    CredentialsMode,
    Done,
    PageRequest,
    PreflightCache,
    Response,
    SendPreflight,
    Transaction,
    Verdict,
    lookup,
)
from corsdoctor.har._entry import HarEntry
from corsdoctor.har._pairing import Chain
from corsdoctor.har._result import FindingLine, HarResult, Outcome
from corsdoctor.knowledge import Exchange, OwnerGuess, infer_owners
from corsdoctor.redact import REDACTED, is_secret_name, redact_url

BROWSER_ADDED = frozenset(
    {
        "origin",
        "referer",
        "user-agent",
        "accept-encoding",
        "accept-language",
        "connection",
        "host",
        "cookie",
        "content-length",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
        "upgrade-insecure-requests",
        "dnt",
        "priority",
        "pragma",
        "cache-control",
        "if-none-match",
        "if-modified-since",
        "if-match",
        "if-unmodified-since",
        "if-range",
        "access-control-request-method",
        "access-control-request-headers",
    }
)
#: Failures that a recorder writes for a CORS block (or a cancelled load): no evidence of why.
_OPAQUE_ERRORS = frozenset(
    {"", "net::ERR_FAILED", "net::ERR_ABORTED", "NS_ERROR_DOM_BAD_URI", "NS_ERROR_FAILURE"}
)
_PLACEHOLDER = "x"


def _browser_of(profile: str) -> str:
    return profile if profile in ("chromium", "firefox", "webkit") else "chromium"


def author_headers(entry: HarEntry, acrh: str | None) -> tuple[tuple[str, str], ...]:
    unsafe = [n.strip().lower() for n in (acrh or "").split(",") if n.strip()]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in entry.request_headers:
        lower = name.lower()
        if lower.startswith((":", "sec-", "proxy-")) or (lower in BROWSER_ADDED and lower not in unsafe):
            continue
        out.append((name, value))
        seen.add(lower)
    out.extend((name, _PLACEHOLDER) for name in unsafe if name not in seen)
    return tuple(out)


def _recorded(entry: HarEntry | None) -> str:
    if entry is None:
        return "not recorded"
    if entry.got_response:
        return str(entry.status)
    return entry.error or "no response"


def _evidence(entry: HarEntry) -> Response | str | None:
    """The recorded answer: a response, a net::ERR_* name, or None when the HAR does not say."""
    if entry.got_response:
        headers = tuple(
            (n, redact_url(v) if n.lower() == "location" else v) for n, v in entry.response_headers
        )
        return Response(status=entry.status, headers=headers, reason=entry.status_text)
    if entry.error not in _OPAQUE_ERRORS:
        return entry.error
    return None


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.rsplit("@", 1)[-1] or url
    except ValueError:
        return url


def check_command(request: PageRequest) -> str:
    """The ``corsdoctor check`` command that re-asks the server (secret header values redacted)."""
    parts = ["corsdoctor", "check", shlex.quote(request.url), "--origin", shlex.quote(request.origin)]
    if request.method != "GET":
        parts += ["-X", shlex.quote(request.method)]
    for name, value in request.headers:
        shown = REDACTED if is_secret_name(name) else value
        parts += ["-H", shlex.quote(f"{name}: {shown}")]
    if request.credentials is CredentialsMode.INCLUDE:
        parts.append("--credentials")
    if request.api is Api.XHR:
        parts += ["--api", "xhr"]
    return " ".join(parts)


class _Missing(Exception):
    def __init__(self, what: str, stage: str) -> None:
        super().__init__(what)
        self.what = what
        self.stage = stage


_MEMO_LIMIT = 4096


class Replayer:
    """Replays chains under one profile, reusing the verdict of an identical single-hop exchange.

    Real HARs repeat the same call shape (same origin, target origin, method, author headers,
    recorded responses) many times with different paths; the engine's decision for one hop
    depends only on those, so the result is reused with the URL substituted.
    """

    def __init__(self, profile: str) -> None:
        self.profile = profile
        self._memo: dict[tuple[object, ...], HarResult] = {}

    def __call__(self, chain: Chain) -> HarResult:
        key = _memo_key(chain)
        if key is None:
            return replay(chain, self.profile)
        cached = self._memo.get(key)
        if cached is None:
            result = replay(chain, self.profile)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = result
            return result
        first = chain.hops[0]
        url = redact_url(first.url)
        request = PageRequest(
            url=url,
            origin=chain.origin,
            method=first.method,
            headers=author_headers(first, _acrh(chain)),
            credentials=CredentialsMode.INCLUDE if first.sent_cookies else CredentialsMode.SAME_ORIGIN,
            api=Api.XHR if first.resource_type == "xhr" else Api.FETCH,
        )
        return dataclasses.replace(
            cached,
            index=first.index,
            url=url,
            host=_host(url),
            message=cached.message.replace(cached.url, url),
            missing=cached.missing.replace(cached.url, url),
            check_command=check_command(request) if cached.check_command else "",
            entries=(first.index,),
            preflight_entries=tuple(p.index for p in chain.preflights.values()),
        )


def _acrh(chain: Chain) -> str | None:
    pre = chain.preflights.get(0) or chain.orphan_preflight
    return pre.request_header("access-control-request-headers") if pre else None


def _exchange_key(entry: HarEntry | None) -> tuple[object, ...] | None:
    if entry is None:
        return None
    return (entry.status, entry.status_text, entry.response_headers, entry.error)


def _memo_key(chain: Chain) -> tuple[object, ...] | None:
    if len(chain.hops) != 1 or chain.orphan_preflight is not None:
        return None
    first = chain.hops[0]
    if 300 <= first.status < 400 or "?" in first.url.split("://", 1)[-1].split("/", 1)[0]:
        return None
    target = first.url.split("/", 3)
    if len(target) < 3:
        return None
    return (
        chain.origin,
        chain.origin_source,
        "/".join(target[:3]),
        first.method,
        author_headers(first, _acrh(chain)),
        first.sent_cookies,
        first.resource_type == "xhr",
        first.has_body,
        _exchange_key(chain.preflights.get(0)),
        _exchange_key(first),
    )


def replay(chain: Chain, profile: str) -> HarResult:
    browser = _browser_of(profile)
    first = chain.hops[0] if chain.hops else chain.orphan_preflight
    assert first is not None
    preflight0 = chain.preflights.get(0) or chain.orphan_preflight
    acrh = preflight0.request_header("access-control-request-headers") if preflight0 else None
    if chain.hops:
        method = first.method
    else:
        method = (first.request_header("access-control-request-method") or "GET").strip()
    headers = author_headers(first, acrh)
    include = any(h.sent_cookies for h in chain.hops)
    notes: list[str] = []
    if include:
        notes.append("credentials mode 'include' inferred from the cookies the request carried")
    if chain.origin_source not in ("Origin header", "--origin"):
        notes.append(f"page origin taken from the {chain.origin_source}")
    request = PageRequest(
        url=redact_url(first.url),
        origin=chain.origin,
        method=method,
        headers=headers,
        credentials=CredentialsMode.INCLUDE if include else CredentialsMode.SAME_ORIGIN,
        api=Api.XHR if first.resource_type == "xhr" else Api.FETCH,
        has_body=first.has_body and method not in ("GET", "HEAD"),
    )
    check = check_command(request)
    base = {
        "index": chain.first_index,
        "method": method,
        "url": request.url,
        "host": _host(request.url),
        "origin": chain.origin,
        "origin_source": chain.origin_source,
        "browser": browser,
        "entries": tuple(h.index for h in chain.hops),
        "preflight_entries": tuple(p.index for _, p in sorted(chain.preflights.items()))
        + ((chain.orphan_preflight.index,) if chain.orphan_preflight else ()),
    }
    last = chain.hops[-1] if chain.hops else chain.orphan_preflight
    try:
        verdict = _drive(chain, request, profile, notes)
    except _Missing as missing:
        return HarResult(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.UNKNOWN,
            stage=missing.stage,
            code="CORS906",
            name=lookup("CORS906").name,
            message="",
            recorded=_recorded(last),
            missing=missing.what,
            check_command=check,
            notes=tuple(notes),
        )
    findings = tuple(
        FindingLine(code=f.code, name=f.name, severity=f.severity, summary=f.summary)
        for f in verdict.findings
        if f.severity != "info" and f.code != verdict.code
    )
    return HarResult(
        **base,  # type: ignore[arg-type]
        owners=_owners(chain, verdict, request) if verdict.blocked else (),
        outcome=Outcome.BLOCKED if verdict.blocked else Outcome.ALLOWED,
        stage=verdict.stage.value,
        code=verdict.code,
        name=lookup(verdict.code).name if verdict.code else None,
        message=verdict.message(browser),
        recorded=_recorded(last),
        findings=findings,
        check_command=check if verdict.blocked else "",
        notes=tuple(notes),
    )


def _exchanges(chain: Chain) -> tuple[Exchange, ...]:
    """Every recorded response of the chain, preflights included, in the order they were sent."""
    out: list[Exchange] = []
    if chain.orphan_preflight is not None and chain.orphan_preflight.got_response:
        out.append(_exchange("preflight", chain.orphan_preflight))
    for hop, entry in enumerate(chain.hops):
        pre = chain.preflights.get(hop)
        if pre is not None and pre.got_response:
            out.append(_exchange("preflight", pre))
        if entry.got_response:
            out.append(_exchange("redirect" if 300 <= entry.status < 400 else "actual", entry))
    return tuple(out)


def _exchange(stage: str, entry: HarEntry) -> Exchange:
    return Exchange(stage=stage, status=entry.status, headers=tuple(entry.response_headers))


def _owners(chain: Chain, verdict: Verdict, request: PageRequest) -> tuple[OwnerGuess, ...]:
    """Who most likely owns the block: the failing exchange's status and value, every response's headers."""
    failure = verdict.failure
    stage = failure.stage.value if failure is not None else verdict.stage.value
    hop = (failure.hop if failure is not None else None) or 0
    if stage == "preflight":
        entry = chain.preflights.get(hop) or (chain.orphan_preflight if hop == 0 else None)
    else:
        entry = chain.hops[hop] if hop < len(chain.hops) else None
    status = entry.status if entry is not None and entry.got_response else None
    value = next((f.value for f in verdict.findings if f.code == verdict.code), None)
    return infer_owners(verdict.code, url=request.url, stage=stage, status=status, value=value,
                        origin=request.origin, exchanges=_exchanges(chain))


def _drive(chain: Chain, request: PageRequest, profile: str, notes: list[str]) -> Verdict:
    cache = PreflightCache()
    primed: set[int] = set()
    while True:
        restart = False
        tx = Transaction(request, profile, cache=cache)
        while True:
            action = tx.next_action()
            if isinstance(action, Done):
                return action.verdict
            wire = action.request
            hop = wire.hop
            actual = chain.hops[hop] if hop < len(chain.hops) else None
            if isinstance(action, SendPreflight):
                pre = chain.preflights.get(hop) or (chain.orphan_preflight if hop == 0 else None)
                answer = _evidence(pre) if pre is not None else None
                if answer is None:
                    if actual is not None and actual.got_response and hop not in primed:
                        # The browser sent the actual request, so its preflight passed (or was cached).
                        cache.store(
                            origin=wire.header("origin") or request.origin,
                            url=wire.url,
                            methods=[wire.header("access-control-request-method") or request.method],
                            header_names=[
                                n
                                for n in (wire.header("access-control-request-headers") or "").split(",")
                                if n
                            ],
                            credentials=wire.include_credentials
                            or request.credentials is CredentialsMode.INCLUDE,
                            max_age=7200,
                            now=0.0,
                        )
                        primed.add(hop)
                        notes.append(
                            f"hop {hop}: preflight not in the HAR; the actual request went out, "
                            "so the recording browser's preflight passed (or was cached)"
                        )
                        restart = True
                        break
                    what = (
                        f"the preflight (OPTIONS {wire.url}) response"
                        if pre is not None
                        else f"the preflight (OPTIONS {wire.url})"
                    )
                    recorded = "recorded without a response" if pre is not None else "not recorded"
                    raise _Missing(f"{what} is {recorded}", "preflight")
            else:
                if actual is None:
                    raise _Missing(f"hop {hop} ({wire.method} {wire.url}) is not recorded", "actual")
                if redact_url(actual.url) != wire.url:
                    raise _Missing(
                        f"hop {hop}: the recording went to {redact_url(actual.url)}, not {wire.url}", "actual"
                    )
                answer = _evidence(actual)
                if answer is None:
                    what = actual.error or "no status"
                    raise _Missing(
                        f"the response to {wire.method} {wire.url} is not recorded ({what}, no headers)",
                        "actual",
                    )
            if isinstance(answer, str):
                tx.receive_network_error(answer)
            else:
                tx.receive(answer)
        if not restart:  # pragma: no cover - the inner loop only leaves by return, raise or restart
            raise AssertionError("replay loop left without a verdict")
