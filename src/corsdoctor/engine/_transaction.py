"""The CORS transaction: a sans-I/O state machine that every front end drives.

Rules of this file:

* ``next_action()`` says what goes on the wire next — :class:`SendPreflight`,
  :class:`SendRequest`, :class:`FollowRedirect` — or :class:`Done` with the verdict.
* The driver sends ``action.request`` and feeds back ``receive(response)`` or
  ``receive_network_error("net::ERR_…")``.  The live prober, HAR replay and the browser
  verifier all drive this same object.
* Allowed transitions are the table ``_TRANSITIONS`` (state, event) -> handler; anything else is
  a :class:`ProtocolUsageError` (the driver's bug).
* No I/O, no clock: ``now`` (seconds) is passed in for the preflight cache.

https://fetch.spec.whatwg.org/#main-fetch, #http-fetch, #cors-preflight-fetch, #http-redirect-fetch
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from corsdoctor.engine._blink_header_order import blink_request_header_order
from corsdoctor.engine._cache import PreflightCache
from corsdoctor.engine._checks import (
    ACAH,
    ACAM,
    ACAO,
    Problem,
    check_access,
    check_headers,
    check_method,
    check_parse_headers,
    check_parse_methods,
    check_preflight_redirect,
    check_preflight_status,
    exposed_header_names,
    is_redirect,
    parse_max_age,
    vary_includes_origin,
)
from corsdoctor.engine._errors import InputError, ProtocolUsageError
from corsdoctor.engine._fastinit import fast_frozen_init
from corsdoctor.engine._grammar import is_byte_string, parse_token_list
from corsdoctor.engine._model import (
    Api,
    CredentialsMode,
    Evidence,
    ExchangeKind,
    Failure,
    Header,
    Mode,
    PageRequest,
    RedirectMode,
    Response,
    ResponseTainting,
    Stage,
    WireRequest,
)
from corsdoctor.engine._profiles import PreflightCheck, Profile, RefusedHeaderOrder, get_profile
from corsdoctor.engine._safelist import (
    CORS_SAFELISTED_METHODS,
    FORBIDDEN_RESPONSE_HEADERS,
    NO_CORS_SAFELISTED_HEADERS,
    REQUEST_BODY_HEADERS,
    classify_author_header,
    classify_method,
    cors_unsafe_names_in_vector_order,
    cors_unsafe_request_header_names,
    is_cors_safelisted_method,
    is_cors_safelisted_request_header,
)
from corsdoctor.engine._url import (
    ADDRESS_SPACE_RANK,
    address_space_of_host,
    is_potentially_trustworthy,
    parse_origin,
    parse_url,
    same_origin,
)
from corsdoctor.engine._verdict import ExchangeRecord, FindingRecord, Verdict

REDIRECT_LIMIT = 20


# --- actions ------------------------------------------------------------------------------------


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class SendPreflight:
    request: WireRequest
    #: Why a preflight is needed: e.g. ("method PUT", "header x-api-key").
    reasons: tuple[str, ...]


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class SendRequest:
    request: WireRequest


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class FollowRedirect:
    request: WireRequest
    status: int
    location: str


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Done:
    verdict: Verdict


Action = SendPreflight | SendRequest | FollowRedirect | Done


class _State:
    """States (plain strings: enum hashing is slow on the hot path)."""

    AWAIT_PREFLIGHT: Final = "await-preflight"
    AWAIT_RESPONSE: Final = "await-response"
    DONE: Final = "done"


class _Event:
    """Events fed to the table."""

    RESPONSE: Final = "response"
    NETWORK_ERROR: Final = "network-error"


_TRANSITIONS: dict[tuple[str, str], str] = {
    (_State.AWAIT_PREFLIGHT, _Event.RESPONSE): "_on_preflight_response",
    (_State.AWAIT_PREFLIGHT, _Event.NETWORK_ERROR): "_on_network_error",
    (_State.AWAIT_RESPONSE, _Event.RESPONSE): "_on_response",
    (_State.AWAIT_RESPONSE, _Event.NETWORK_ERROR): "_on_network_error",
}

_PREFLIGHT_CHECKS: dict[PreflightCheck, str] = {
    PreflightCheck.REDIRECT: "_preflight_redirect",
    PreflightCheck.ACCESS: "_preflight_access",
    PreflightCheck.STATUS: "_preflight_status",
    PreflightCheck.PARSE_METHODS: "_preflight_parse_methods",
    PreflightCheck.PARSE_HEADERS: "_preflight_parse_headers",
    PreflightCheck.METHOD: "_preflight_method",
    PreflightCheck.HEADERS: "_preflight_headers",
}


_NO_EVIDENCE = Evidence()


_CHECK_METHODS: dict[str, tuple[tuple[PreflightCheck, ...], tuple[str, ...]]] = {}


def _check_methods(profile: Profile) -> tuple[str, ...]:
    """The preflight check methods in the profile's order (computed once per profile)."""
    cached = _CHECK_METHODS.get(profile.name)
    if cached is None or cached[0] is not profile.preflight_order:
        cached = (profile.preflight_order, tuple(_PREFLIGHT_CHECKS[c] for c in profile.preflight_order))
        _CHECK_METHODS[profile.name] = cached
    return cached[1]


def _finding(
    code: str,
    stage: Stage,
    hop: int | None,
    summary: str,
    *,
    value: str | None = None,
    evidence: Evidence = _NO_EVIDENCE,
) -> FindingRecord:
    """A finding as a record; the verdict turns records into Finding objects when asked."""
    return (code, stage, hop, summary, value, evidence)


#: Notes every hop-0 request gets; records are immutable, so one object serves all.
_SAME_ORIGIN_NOTE = _finding("CORS001", Stage.NONE, 0, "same-origin request: no CORS")
_SIMPLE_REQUEST_NOTE = _finding("CORS002", Stage.NONE, 0, "simple request: no preflight")


class Transaction:
    """One request as a page makes it, decided step by step under one browser profile."""

    __slots__ = (
        "_acrh",
        "_exchanges",
        "_findings",
        "_first_unsafe",
        "_headers",
        "_hop",
        "_include",
        "_initial_headers",
        "_last_origin_header",
        "_last_redirect",
        "_method",
        "_origin",
        "_origin_sent",
        "_original_names",
        "_pending",
        "_pending_reasons",
        "_pending_redirect",
        "_preflight_origin",
        "_preflight_sent",
        "_private_preflight",
        "_redirects",
        "_state",
        "_tainted",
        "_tainting",
        "_unsafe",
        "_url",
        "_url_list",
        "_verdict",
        "_via_wildcard",
        "cache",
        "now",
        "profile",
        "request",
    )  # fmt: skip

    def __init__(
        self,
        request: PageRequest,
        profile: Profile | str = "spec",
        *,
        cache: PreflightCache | None = None,
        now: float = 0.0,
    ) -> None:
        self.request = request
        self.profile = get_profile(profile)
        #: The preflight cache: the caller's (shared across transactions) or a private one made on
        #: first use.
        self.cache = cache
        self.now = now
        self._origin = parse_origin(request.origin)
        self._url = parse_url(request.url)
        self._url_list: list[str] = [self._url.href]
        self._method = request.method
        self._headers: list[Header] = []
        #: The hop-0 header list (redirects replace self._headers, never edit it in place).
        self._initial_headers = self._headers
        self._original_names: dict[str, str] = {}
        self._include = request.credentials is CredentialsMode.INCLUDE
        self._tainting = ResponseTainting.BASIC
        self._tainted = request.tainted_origin
        self._hop = 0
        self._redirects = 0
        #: (request, response, net error) per exchange; Exchange objects are built on demand.
        self._exchanges: list[ExchangeRecord] = []
        self._findings: list[FindingRecord] = []
        self._preflight_sent = False
        self._acrh: str | None = None
        self._preflight_origin: str | None = None
        self._last_origin_header: str | None = None
        self._origin_sent = False
        self._first_unsafe: tuple[str, ...] | None = None
        self._unsafe: list[str] = []
        self._state: str = _State.DONE
        # What goes on the wire next; the Action object is built only when a driver asks for it.
        self._pending: WireRequest | None = None
        self._pending_reasons: tuple[str, ...] = ()
        self._pending_redirect: tuple[int, str] | None = None
        self._verdict: Verdict | None = None
        self._via_wildcard = False
        self._private_preflight: dict[str, Any] | None = None
        self._last_redirect: tuple[int, str] | None = None
        self._start()

    # --- driver API -----------------------------------------------------------------------------

    def next_action(self) -> Action:
        if self._verdict is not None:
            return Done(verdict=self._verdict)
        wire = self._pending
        if wire is None:
            raise ProtocolUsageError("next_action() called while a response is awaited")
        self._pending = None
        if wire.kind is ExchangeKind.PREFLIGHT:
            return SendPreflight(request=wire, reasons=self._pending_reasons)
        if self._pending_redirect is not None:
            status, location = self._pending_redirect
            return FollowRedirect(request=wire, status=status, location=location)
        return SendRequest(request=wire)

    def receive(self, response: Response) -> None:
        self._dispatch(_Event.RESPONSE, response)

    def receive_network_error(self, net_error: str) -> None:
        self._dispatch(_Event.NETWORK_ERROR, net_error)

    def run(self, respond: Callable[[WireRequest], Response | str]) -> Verdict:
        """Drive the transaction to the end; ``respond`` returns a Response or a net::ERR_ name."""
        while True:
            if self._verdict is not None:
                return self._verdict
            wire = self._pending
            if wire is None:
                raise ProtocolUsageError("run() called while a response is awaited")
            self._pending = None
            answer = respond(wire)
            event = _Event.NETWORK_ERROR if isinstance(answer, str) else _Event.RESPONSE
            # The table directly: nothing else can be pending inside this loop.
            getattr(self, _TRANSITIONS[(self._state, event)])(answer)

    @property
    def is_done(self) -> bool:
        return self._state is _State.DONE

    # --- dispatch -------------------------------------------------------------------------------

    def _dispatch(self, event: str, payload: Response | str) -> None:
        handler_name = _TRANSITIONS.get((self._state, event))
        if handler_name is None or self._pending is not None:
            raise ProtocolUsageError(f"cannot accept {event} in state {self._state}")
        getattr(self, handler_name)(payload)

    # --- request construction (https://fetch.spec.whatwg.org/#dom-request) --------------------------

    def _start(self) -> None:
        """Steps of ``new Request()`` / ``fetch()`` (https://fetch.spec.whatwg.org/#dom-request) and of
        XMLHttpRequest's ``open()``/``setRequestHeader()``/``send()``, in the order they throw.

        fetch(): WebIDL converts ``init.headers`` to ByteStrings first (non-latin-1 throws), then
        the URL (credentials), the method (invalid, forbidden), ``no-cors`` methods, the header
        names and values, and a GET/HEAD body.  XHR: ``open()`` checks the method, each
        ``setRequestHeader()`` its header, ``send()`` ignores a GET/HEAD body and userinfo in the
        URL becomes the request's username/password (not sent as CORS-relevant credentials here).
        """
        request = self.request
        xhr = request.api is Api.XHR
        method = request.method
        if not xhr:
            for name, raw_value in request.headers:
                suspect = raw_value if is_byte_string(name) else name
                if not is_byte_string(suspect):
                    return self._reject(
                        "CORS609",
                        f"header {name} contains characters outside latin-1",
                        value=suspect,
                        rejection="non-latin1-header",
                    )
            if self._url.has_credentials:
                return self._reject(
                    "CORS609",
                    "a fetch() URL cannot include user:password@",
                    value=request.url,
                    rejection="credentials-in-url",
                )
        kind, normalized = classify_method(method)
        if kind == "invalid":
            return self._reject(
                "CORS609", f"{method!r} is not a valid HTTP method token", value=method, rejection="invalid-method"
            )
        if kind == "forbidden":
            return self._reject("CORS608", f"method {method} is forbidden", value=method, rejection="forbidden-method")
        if not request.method_is_normalized:
            method = normalized
        self._method = method
        if request.mode is Mode.NO_CORS and not xhr and not is_cors_safelisted_method(method, self.profile):
            return self._reject(
                "CORS611",
                f"method {method} is not allowed in no-cors mode",
                value=method,
                rejection="no-cors-method",
            )
        combined: dict[str, int] = {}
        profile = self.profile
        for name, raw_value in request.headers:
            problem, offending, forbidden, lower, value = classify_author_header(name, raw_value, profile)
            if problem is not None:
                if not (is_byte_string(name) and is_byte_string(raw_value)):
                    rejection = "non-latin1-header"
                elif offending == name:
                    rejection = "invalid-header-name"
                else:
                    rejection = "invalid-header-value"
                return self._reject("CORS609", problem, value=offending, rejection=rejection)
            if forbidden:
                self._findings.append(
                    _finding(
                        "CORS612", Stage.REQUEST, None, f"{name} is a forbidden request header; it is dropped"
                    )
                )
                continue
            if request.mode is Mode.NO_CORS and not (
                lower in NO_CORS_SAFELISTED_HEADERS
                and is_cors_safelisted_request_header(name, value, self.profile)
            ):
                continue
            if lower in combined:
                index = combined[lower]
                old_name, old_value = self._headers[index]
                self._headers[index] = (old_name, f"{old_value}, {value}")
            else:
                combined[lower] = len(self._headers)
                self._headers.append((name, value))
                self._original_names[lower] = name
        if request.has_body and method in ("GET", "HEAD") and not xhr:
            # fetch() throws; XMLHttpRequest.send() silently ignores a GET/HEAD body.
            return self._reject(
                "CORS609", f"a {method} request cannot have a body", value=method, rejection="body-with-get-head"
            )
        if request.mode is Mode.NO_CORS and request.redirect is not RedirectMode.FOLLOW:
            return self._reject(
                "CORS607",
                "no-cors requests must use redirect mode 'follow'",
                chromium="NoCorsRedirectModeNotFollow",
            )
        if self._url.has_credentials:
            # XHR: open()'s URL userinfo becomes the request's username/password.
            self._url = self._url.without_credentials()
            self._url_list[0] = self._url.href
        self._begin_hop()

    def _reject(
        self,
        code: str,
        summary: str,
        *,
        value: str | None = None,
        chromium: str | None = None,
        rejection: str | None = None,
    ) -> None:
        """A TypeError (or DOMException) in the page: nothing is sent."""
        self._findings.append(_finding(code, Stage.REQUEST, None, summary, value=value))
        self._finish(
            Failure(
                code=code,
                stage=Stage.REQUEST,
                hop=None,
                url=self.request.url,
                renderer_error=chromium,
                net_error=None if chromium else "net::ERR_FAILED",
                rejection=rejection,
                rejected_value=value or "",
            )
        )

    # --- main fetch, per hop (https://fetch.spec.whatwg.org/#main-fetch) ---------------------------

    def _origin_header(self) -> str:
        return "null" if self._tainted else self._origin

    def _begin_hop(self) -> None:
        url = self._url
        hop = self._hop
        origin = self._origin
        if url.port is not None and url.port in self.profile.bad_ports and url.is_http:
            # https://fetch.spec.whatwg.org/#main-fetch: "should request be blocked due to a bad
            # port" (Chromium: net::ERR_UNSAFE_PORT, nothing sent, measured with the oracle).
            summary = f"port {url.port} is a bad port: browsers refuse to connect to it"
            self._findings.append(_finding("CORS601", Stage.ACTUAL, hop, summary, value=str(url.port)))
            self._finish(
                Failure(code="CORS601", stage=Stage.ACTUAL, hop=hop, url=url.href, net_error="net::ERR_UNSAFE_PORT")
            )
            return
        if url.scheme == "data" and hop == 0:
            # A data: URL gives a basic response (https://fetch.spec.whatwg.org/#main-fetch, scheme
            # fetch); Chromium 156 returns it to fetch() and XHR alike (oracle).
            if "," not in url.href:
                self._finish(
                    Failure(code="CORS601", stage=Stage.ACTUAL, hop=0, url=url.href, net_error="net::ERR_INVALID_URL")
                )
                return
            self._tainting = ResponseTainting.BASIC
            self._build_verdict(None, response_type="basic", status=200, exposed=("content-type",))
            return
        if (
            url.scheme == "http"
            and origin.startswith("https:")
            and self.request.mixed_content_checks
            and self._blocked_as_mixed_content()
        ):
            return
        if url.origin == origin and origin != "null" and self._tainting is ResponseTainting.BASIC:
            if hop == 0:
                self._findings.append(_SAME_ORIGIN_NOTE)
            self._send_actual()
            return
        if self.request.mode is Mode.SAME_ORIGIN:
            summary = f"mode 'same-origin' but {url.origin} is not the page's origin {self._origin}"
            self._findings.append(
                _finding("CORS606", Stage.REQUEST if hop == 0 else Stage.ACTUAL, hop, summary)
            )
            self._finish(
                Failure(
                    code="CORS606",
                    stage=Stage.REQUEST if hop == 0 else Stage.ACTUAL,
                    hop=None if hop == 0 else hop,
                    url=url.href,
                    chromium_error=None if hop == 0 else "DisallowedByMode",
                    renderer_error="DisallowedByMode" if hop == 0 else None,
                    webkit_key="same-origin-mode",
                )
            )
            return
        if self.request.mode is Mode.NO_CORS:
            self._tainting = ResponseTainting.OPAQUE
            if hop == 0:
                self._findings.append(
                    _finding("CORS004", Stage.NONE, hop, "no-cors: the response will be opaque")
                )
            self._send_actual()
            return
        if not url.is_http:
            summary = f"scheme {url.scheme!r} does not support CORS requests"
            self._findings.append(_finding("CORS605", Stage.REQUEST, hop, summary, value=url.scheme))
            # The page refuses some schemes itself, with its own console line and no corsError
            # (Chromium 156, oracle): fetch() any non-HTTP(S) scheme, XHR file: and ftp:.
            renderer: str | None = None
            if hop == 0 and self.request.mixed_content_checks:
                if url.scheme == "file":
                    renderer = "LocalResource"
                elif self.request.api is Api.FETCH:
                    renderer = "CorsDisabledScheme"
                elif url.scheme == "ftp":
                    renderer = "XhrFtp"
            self._finish(
                Failure(
                    code="CORS605",
                    stage=Stage.REQUEST if hop == 0 else Stage.ACTUAL,
                    hop=None if hop == 0 else hop,
                    url=url.href,
                    chromium_error=None if renderer else "CorsDisabledScheme",
                    renderer_error=renderer,
                    firefox_key="CORSRequestNotHttp",
                    webkit_key="only-http",
                )
            )
            return
        self._tainting = ResponseTainting.CORS
        profile = self.profile
        unsafe = cors_unsafe_request_header_names(self._headers, profile) if self._headers else []
        self._unsafe = unsafe
        if self._first_unsafe is None:
            self._first_unsafe = tuple(unsafe)
        method = self._method
        if profile.safelisted_method_case_insensitive:
            method = method.upper()
        method_unsafe = method not in CORS_SAFELISTED_METHODS  # is_cors_safelisted_method, inlined
        forced = self.request.force_preflight
        if not (forced or method_unsafe or unsafe):
            if hop == 0:
                self._findings.append(_SIMPLE_REQUEST_NOTE)
            self._send_actual()
            return
        reasons: list[str] = []
        if forced:
            reasons.append("a forced preflight (upload listener or stream body)")
        if method_unsafe:
            reasons.append(f"method {self._method}")
        reasons.extend(f"header {name}" for name in unsafe)
        origin_header = self._origin_header()
        if self.cache is None and self._private_preflight is not None:
            self.cache = PreflightCache()
            self.cache.store(**self._private_preflight)
        if (
            self.cache is not None
            and self.cache.entries
            and self.cache.matches(
                origin=origin_header,
                url=url.href,
                method=self._method,
                method_needs_match=method_unsafe or self.request.force_preflight,
                unsafe_names=unsafe,
                credentials=self._include,
                now=self.now,
            )
        ):
            self._findings.append(
                _finding("CORS007", Stage.PREFLIGHT, hop, "preflight answered from the cache")
            )
            self._send_actual()
            return
        self._findings.append(
            _finding("CORS003", Stage.PREFLIGHT, hop, "preflight required by " + ", ".join(reasons))
        )
        if self.profile.local_network_access and self._local_network_blocks(Stage.PREFLIGHT):
            return
        headers: list[Header] = [("Accept", "*/*"), ("Access-Control-Request-Method", self._method)]
        if unsafe:
            headers.append(("Access-Control-Request-Headers", ",".join(unsafe)))
        headers.append(("Origin", origin_header))
        wire = WireRequest(
            kind=ExchangeKind.PREFLIGHT,
            hop=hop,
            method="OPTIONS",
            url=url.href,
            headers=tuple(headers),
            include_credentials=False,
        )
        if not self._preflight_sent:
            self._preflight_sent = True
            self._acrh = ",".join(unsafe) if unsafe else None
            self._preflight_origin = origin_header
        self._exchanges.append((wire, None, None))
        self._pending = wire
        self._pending_reasons = tuple(reasons)
        self._state = _State.AWAIT_PREFLIGHT

    def _blocked_as_mixed_content(self) -> bool:
        """https://w3c.github.io/webappsec-mixed-content/#should-block-fetch: an https page may not
        fetch an http URL, unless it is a priori authenticated (loopback, where the profile says so).
        Checked in main fetch before anything is sent, on every hop."""
        url = self._url
        if self.profile.loopback_exempt_from_mixed_content and address_space_of_host(url.host) == "loopback":
            return False
        hop = self._hop
        stage = Stage.REQUEST if hop == 0 else Stage.ACTUAL
        self._findings.append(
            _finding(
                "CORS610",
                stage,
                hop,
                f"the https page may not fetch {url.href}: mixed content",
                value=url.href,
            )
        )
        self._finish(
            Failure(
                code="CORS610",
                stage=stage,
                hop=None if hop == 0 else hop,
                url=url.href,
                renderer_error="MixedContent",
                firefox_key="BlockMixedActiveContent",
                webkit_key="mixed-content",
            )
        )
        return True

    def _local_network_blocks(self, stage: Stage) -> bool:
        """Local Network Access (Chromium 142+; reference §2.8): checked before a request leaves.

        A page may not reach a more-private address space (public < local < loopback) from a
        non-secure context; from a secure one the user must grant the permission.
        """
        request = self.request
        if not self.profile.local_network_access or self._origin == "null":
            return False
        if not request.address_spaces and request.client_address_space is None:
            return False  # the driver knows nothing of the network: not modelled (e.g. corpus scenarios)
        url = self._url
        target = dict(self.request.address_spaces).get(url.host) or address_space_of_host(url.host)
        if target is None:
            return False
        client_host = self._origin.partition("://")[2].rsplit(":", 1)[0]
        if self._origin.endswith("]"):
            client_host = self._origin.partition("://")[2]
        client = self.request.client_address_space or address_space_of_host(client_host) or "public"
        if ADDRESS_SPACE_RANK.get(target, 0) <= ADDRESS_SPACE_RANK.get(client, 0):
            return False
        if not is_potentially_trustworthy(self._origin):
            code, error = "CORS602", "InsecureLocalNetwork"
            summary = f"a non-secure {client} page cannot reach the {target} address space of {url.host}"
        elif self.request.local_network_permission is False:
            code, error = "CORS603", "LocalNetworkAccessPermissionDenied"
            summary = f"the user did not grant Local Network Access to {url.host} ({target})"
        else:
            if self.request.local_network_permission is None and not any(
                f[0] == "CORS616" and f[2] == self._hop for f in self._findings
            ):
                self._findings.append(
                    _finding(
                        "CORS616",
                        stage,
                        self._hop,
                        f"{self.profile.display} asks the user before a "
                        f"{client} page may reach {url.host} ({target}); if the user declines, the "
                        "request fails with LocalNetworkAccessPermissionDenied",
                    )
                )
            return False
        self._findings.append(_finding(code, stage, self._hop, summary, value=target))
        self._finish(
            Failure(
                code=code,
                stage=stage,
                hop=self._hop,
                url=url.href,
                chromium_error=error,
                address_space=target,
            )
        )
        return True

    def _send_actual(self) -> None:
        if self.profile.local_network_access and self._local_network_blocks(Stage.ACTUAL):
            return
        tainting = self._tainting
        method = self._method
        headers: tuple[Header, ...]
        if tainting is ResponseTainting.CORS or (method != "GET" and method != "HEAD"):
            origin_value = self._origin_header()
            headers = (*self._headers, ("Origin", origin_value))
            self._last_origin_header = origin_value
            self._origin_sent = True
        else:
            headers = tuple(self._headers)
            self._last_origin_header = None
            self._origin_sent = False
        include = self._include or (
            tainting is ResponseTainting.BASIC and self.request.credentials is CredentialsMode.SAME_ORIGIN
        )
        wire = WireRequest(
            kind=ExchangeKind.ACTUAL,
            hop=self._hop,
            method=method,
            url=self._url.href,
            headers=headers,
            include_credentials=include,
        )
        self._exchanges.append((wire, None, None))
        self._pending = wire
        self._pending_redirect = self._last_redirect
        self._last_redirect = None
        self._state = _State.AWAIT_RESPONSE

    # --- responses --------------------------------------------------------------------------------

    def _record(self, response: Response | None = None, net_error: str | None = None) -> int:
        exchanges = self._exchanges
        index = len(exchanges) - 1
        exchanges[index] = (exchanges[index][0], response, net_error)
        return index

    def _on_network_error(self, net_error: str) -> None:
        index = self._record(net_error=net_error)
        stage = Stage.PREFLIGHT if self._state is _State.AWAIT_PREFLIGHT else Stage.ACTUAL
        code = "CORS904" if "TIMED_OUT" in net_error else "CORS601"
        self._findings.append(
            _finding(
                code, stage, self._hop, f"the request failed: {net_error}", evidence=Evidence(exchange=index)
            )
        )
        if self.cache is not None:
            self.cache.clear(origin=self._origin_header(), url=self._url.href)
        self._finish(Failure(code=code, stage=stage, hop=self._hop, url=self._url.href, net_error=net_error))

    def _problem_failure(self, problem: Problem, stage: Stage, response: Response) -> Failure:
        chromium = problem.chromium_error
        if (
            stage is Stage.PREFLIGHT
            and chromium is not None
            and chromium
            in (
                "WildcardOriginNotAllowed",
                "MissingAllowOriginHeader",
                "MultipleAllowOriginValues",
                "InvalidAllowOriginValue",
                "AllowOriginMismatch",
                "InvalidAllowCredentials",
            )
        ):
            chromium = "Preflight" + chromium
        return Failure(
            code=problem.code,
            stage=stage,
            hop=self._hop,
            url=self._url.href,
            chromium_error=chromium,
            failed_parameter=problem.hint,
            firefox_key=problem.firefox_key,
            firefox_hint=problem.firefox_hint,
            webkit_key=problem.webkit_key,
            webkit_hint=problem.webkit_hint,
            status=response.status,
            redirect_target=(
                response.get("location") if stage is Stage.ACTUAL and is_redirect(response) else None
            ),
        )

    def _add_problem(self, problem: Problem, stage: Stage, index: int, response: Response) -> None:
        self._findings.append(
            _finding(
                problem.code,
                stage,
                self._hop,
                problem.summary,
                value=problem.value,
                evidence=Evidence(exchange=index, lines=problem.lines, status=response.status),
            )
        )

    # preflight checks, each returning a Problem or None; run in the profile's order.
    def _preflight_redirect(self, r: Response) -> Problem | None:
        return check_preflight_redirect(r)

    def _preflight_access(self, r: Response) -> Problem | None:
        return check_access(r, self._origin_header(), self._include)

    def _preflight_status(self, r: Response) -> Problem | None:
        return check_preflight_status(r)

    def _preflight_parse_methods(self, r: Response) -> Problem | None:
        return check_parse_methods(r)

    def _preflight_parse_headers(self, r: Response) -> Problem | None:
        return check_parse_headers(r)

    def _preflight_method(self, r: Response) -> Problem | None:
        if parse_token_list(r.get(ACAM))[1] is not None:  # reported by the parse check
            return None
        return check_method(r, self._method, self._include, self.request.force_preflight, self.profile)

    def _preflight_headers(self, r: Response) -> Problem | None:
        if parse_token_list(r.get(ACAH))[1] is not None:  # reported by the parse check
            return None
        profile = self.profile
        problem, self._via_wildcard = check_headers(
            r, self._unsafe, self._original_names, self._include, profile
        )
        if (
            problem is not None
            and len(self._unsafe) > 1
            and profile.refused_header_order is RefusedHeaderOrder.BLINK_HEADER_MAP
        ):
            # Several names may be refused: report the first in the order Chromium checks them.
            problem, self._via_wildcard = check_headers(
                r, self._unsafe_in_blink_order(), self._original_names, self._include, profile
            )
        return problem

    def _unsafe_in_blink_order(self) -> list[str]:
        """This hop's CORS-unsafe names in Chromium's check order (_blink_header_order.py).

        The header map is built once, for hop 0; later hops only lose headers, keeping the order.
        """
        request = self.request
        names = tuple(dict.fromkeys(name.lower() for name, _ in self._initial_headers))
        xhr = request.api is Api.XHR
        # XMLHttpRequest.send() ignores a GET/HEAD body (open() normalises those method names).
        body_content_type = request.has_body and not (xhr and request.method.upper() in ("GET", "HEAD"))
        trustworthy = is_potentially_trustworthy(parse_url(self._url_list[0]).origin)
        order = blink_request_header_order(
            names, xhr=xhr, body_content_type=body_content_type, ua_client_hints=trustworthy
        )
        return cors_unsafe_names_in_vector_order(self._headers, order, self.profile)

    def _on_preflight_response(self, response: Response) -> None:
        """https://fetch.spec.whatwg.org/#cors-preflight-fetch steps 6-9."""
        index = self._record(response=response)
        problems: list[Problem] = []
        for method_name in _check_methods(self.profile):
            problem = getattr(self, method_name)(response)
            if problem is not None and all(p.code != problem.code for p in problems):
                problems.append(problem)
        if problems:
            blocking = problems[0]
            if blocking.code in ("CORS101", "CORS107") and any(
                p.code in ("CORS201", "CORS209") for p in problems
            ):
                # The root cause of a 404/405 preflight without CORS headers is the OPTIONS route.
                status_problem = next(p for p in problems if p.code in ("CORS201", "CORS209"))
                blocking = Problem(
                    code=status_problem.code,
                    chromium_error=blocking.chromium_error,
                    hint=blocking.hint,
                    firefox_key=blocking.firefox_key,
                    firefox_hint=blocking.firefox_hint,
                    webkit_key=blocking.webkit_key,
                    webkit_hint=blocking.webkit_hint,
                    value=status_problem.value,
                    lines=blocking.lines,
                    summary=status_problem.summary + "; it has no Access-Control-Allow-Origin either",
                )
                problems = [blocking] + [p for p in problems[1:] if p is not status_problem]
            for problem in problems:
                self._add_problem(problem, Stage.PREFLIGHT, index, response)
            if self.cache is not None:
                self.cache.clear(origin=self._origin_header(), url=self._url.href)
            self._finish(self._problem_failure(blocking, Stage.PREFLIGHT, response))
            return
        via_wildcard = self._via_wildcard
        if via_wildcard:
            self._findings.append(
                _finding(
                    "CORS005",
                    Stage.PREFLIGHT,
                    self._hop,
                    "Authorization is allowed only because this browser lets '*' cover it; "
                    "list it explicitly (the Fetch Standard requires it)",
                    evidence=Evidence(exchange=index, lines=response.lines(ACAH)),
                )
            )
        max_age, raw = parse_max_age(response, self.profile)
        self._note_max_age(raw, index, response)
        methods, _ = parse_token_list(response.get(ACAM))
        headers, _ = parse_token_list(response.get(ACAH))
        entry = {
            "origin": self._origin_header(),
            "url": self._url.href,
            "methods": (methods or ())
            + ((self._method,) if methods is None and self.request.force_preflight else ()),
            "header_names": headers or (),
            "credentials": self._include,
            "max_age": max_age,
            "now": self.now,
        }
        if self.cache is None:
            # A private cache only matters if a redirect comes back to this URL: keep the entry
            # and build the cache when a later hop looks it up.
            self._private_preflight = entry
        else:
            self.cache.store(**entry)  # type: ignore[arg-type]
        self._send_actual()

    def _note_max_age(self, raw: str | None, index: int, response: Response) -> None:
        if raw is None:
            return
        lines = response.lines("access-control-max-age")
        if not (raw.isascii() and raw.isdigit()):
            self._findings.append(
                _finding(
                    "CORS503",
                    Stage.PREFLIGHT,
                    self._hop,
                    f"Access-Control-Max-Age {raw!r} is not a number of seconds",
                    value=raw,
                    evidence=Evidence(exchange=index, lines=lines),
                )
            )
        elif self.profile.max_age_cap is not None and int(raw) > self.profile.max_age_cap:
            self._findings.append(
                _finding(
                    "CORS502",
                    Stage.PREFLIGHT,
                    self._hop,
                    f"Access-Control-Max-Age {raw} is capped at {self.profile.max_age_cap} s by "
                    f"{self.profile.display}",
                    value=raw,
                    evidence=Evidence(exchange=index, lines=lines),
                )
            )

    def _on_response(self, response: Response) -> None:
        index = self._record(response=response)
        if self._tainting is ResponseTainting.CORS:
            problem = check_access(response, self._origin_header(), self._include)
            if problem is not None:
                self._add_problem(problem, Stage.ACTUAL, index, response)
                if self.cache is not None:
                    self.cache.clear(origin=self._origin_header(), url=self._url.href)
                self._finish(self._problem_failure(problem, Stage.ACTUAL, response))
                return
        if is_redirect(response):
            self._on_redirect(response, index)
            return
        self._finish_allowed(response, index)

    # --- redirects (https://fetch.spec.whatwg.org/#http-redirect-fetch) ----------------------------

    def _redirect_failure(
        self, code: str, summary: str, index: int, response: Response, **kw: object
    ) -> None:
        self._findings.append(
            _finding(
                code,
                Stage.ACTUAL,
                self._hop,
                summary,
                value=kw.get("value"),  # type: ignore[arg-type]
                evidence=Evidence(exchange=index, lines=response.lines("location"), status=response.status),
            )
        )
        failed_url = kw.get("failed_url")
        self._finish(
            Failure(
                code=code,
                stage=Stage.ACTUAL,
                hop=self._hop if failed_url is None else self._hop + 1,
                url=self._url.href,
                chromium_error=kw.get("chromium"),  # type: ignore[arg-type]
                net_error=kw.get("net_error"),  # type: ignore[arg-type]
                firefox_key=kw.get("firefox"),  # type: ignore[arg-type]
                webkit_key=kw.get("webkit"),  # type: ignore[arg-type]
                status=response.status,
                redirect_target=kw.get("target"),  # type: ignore[arg-type]
            )
        )

    def _on_redirect(self, response: Response, index: int) -> None:
        location_text = response.get("location") or ""
        mode = self.request.redirect
        if mode is RedirectMode.ERROR:
            return self._redirect_failure(
                "CORS304",
                "the server redirected but the request's redirect mode is 'error'",
                index,
                response,
                net_error="net::ERR_FAILED",
                firefox="CORSDidNotSucceed2",
                webkit="redirect-mode-error",
            )
        if mode is RedirectMode.MANUAL:
            self._finish_opaque_redirect(response, index)
            return
        try:
            location = parse_url(location_text, base=self._url.href)
        except InputError:
            return self._redirect_failure(
                "CORS305",
                f"Location {location_text!r} is not a valid URL",
                index,
                response,
                value=location_text,
                net_error="net::ERR_INVALID_REDIRECT",
                firefox="CORSDidNotSucceed2",
            )
        if not location.is_http:
            if location.scheme in ("data", "about", "blob", "file"):
                return self._redirect_failure(
                    "CORS303",
                    f"redirect to a {location.scheme}: URL",
                    index,
                    response,
                    value=location.href,
                    net_error="net::ERR_UNSAFE_REDIRECT",
                    firefox="CORSRequestNotHttp",
                    webkit="redirect-not-http",
                    target=location.href,
                )
            return self._redirect_failure(
                "CORS303",
                f"redirect to a {location.scheme}: URL, which does not support CORS",
                index,
                response,
                value=location.href,
                chromium="CorsDisabledScheme" if self._tainting is ResponseTainting.CORS else None,
                net_error=None if self._tainting is ResponseTainting.CORS else "net::ERR_UNSAFE_REDIRECT",
                firefox="CORSRequestNotHttp",
                webkit="redirect-non-cors-scheme",
                target=location.href,
                # Chromium follows, then refuses the new URL: its console names it "(redirected
                # from ...)" and the failure is on the next hop (Chromium 156, oracle).
                failed_url=location.href if self._tainting is ResponseTainting.CORS else None,
            )
        if self._redirects >= REDIRECT_LIMIT:
            return self._redirect_failure(
                "CORS302",
                f"more than {REDIRECT_LIMIT} redirects",
                index,
                response,
                net_error="net::ERR_TOO_MANY_REDIRECTS",
                firefox="CORSDidNotSucceed2",
                webkit="too-many-redirects",
            )
        if location.has_credentials:
            cross = self.request.mode is Mode.CORS and not same_origin(location.origin, self._origin)
            if cross or self._tainting is ResponseTainting.CORS:
                return self._redirect_failure(
                    "CORS301",
                    f"the redirect Location {location.href} contains user:password@",
                    index,
                    response,
                    value=location.href,
                    chromium="RedirectContainsCredentials",
                    firefox="CORSDidNotSucceed2",
                    webkit="redirect-has-credentials",
                    target=location.href,
                )
            if self.profile.cancels_same_origin_credentialed_redirect:
                return self._redirect_failure(
                    "CORS301",
                    f"{self.profile.display} cancels a redirect to a URL with user:password@",
                    index,
                    response,
                    value=location.href,
                    net_error="net::ERR_ABORTED",
                )
        # Method and body rewriting (step 12).
        status = response.status
        if (status in (301, 302) and self._method == "POST") or (
            status == 303 and self._method not in ("GET", "HEAD")
        ):
            self._method = "GET"
            self._headers = [(n, v) for n, v in self._headers if n.lower() not in REQUEST_BODY_HEADERS]
        if self.profile.dropped_on_redirect:
            dropped = self.profile.dropped_on_redirect
            self._headers = [(n, v) for n, v in self._headers if n.lower() not in dropped]
        current = self._url
        if location.origin != current.origin or location.origin == "null":
            self._headers = [(n, v) for n, v in self._headers if n.lower() != "authorization"]
            self._findings.append(
                _finding(
                    "CORS307",
                    Stage.ACTUAL,
                    self._hop,
                    f"redirected from {current.origin} to {location.origin}",
                )
            )
            if not self._tainted and not same_origin(self._origin, current.origin):
                self._tainted = True
                self._findings.append(
                    _finding(
                        "CORS006",
                        Stage.ACTUAL,
                        self._hop + 1,
                        f"the redirect from {current.origin} to {location.origin} makes Origin 'null'",
                    )
                )
        self._redirects += 1
        self._hop += 1
        self._url = location
        self._url_list.append(location.href)
        self._last_redirect = (status, location.href)
        self._begin_hop()
        self._last_redirect = None

    # --- the end ------------------------------------------------------------------------------------

    def _finish_opaque_redirect(self, response: Response, index: int) -> None:
        self._build_verdict(None, response_type="opaqueredirect", status=0, exposed=())

    def _finish_allowed(self, response: Response, index: int) -> None:
        tainting = self._tainting
        if tainting is ResponseTainting.OPAQUE:
            self._build_verdict(None, response_type="opaque", status=0, exposed=())
            return
        if tainting is ResponseTainting.BASIC:
            names = tuple(n for n in response.names if n not in FORBIDDEN_RESPONSE_HEADERS)
            self._build_verdict(None, response_type="basic", status=response.status, exposed=names)
            return
        exposed, bad, literal_star = exposed_header_names(response, self._include)
        needs_lines = bad is not None or literal_star or bool(self.request.read_headers)
        lines = response.lines("access-control-expose-headers") if needs_lines else ()
        if bad is not None:
            self._findings.append(
                _finding(
                    "CORS402",
                    Stage.ACTUAL,
                    self._hop,
                    f"Access-Control-Expose-Headers {bad!r} cannot be "
                    "parsed; only safelisted headers are readable",
                    value=bad,
                    evidence=Evidence(exchange=index, lines=lines),
                )
            )
        if literal_star:
            self._findings.append(
                _finding(
                    "CORS403",
                    Stage.ACTUAL,
                    self._hop,
                    "Access-Control-Expose-Headers '*' is literal for credentialed requests; list the names",
                    evidence=Evidence(exchange=index, lines=lines),
                )
            )
        for name in self.request.read_headers:
            lower = name.lower()
            if lower not in exposed:
                code = "CORS404" if lower in FORBIDDEN_RESPONSE_HEADERS else "CORS401"
                self._findings.append(
                    _finding(
                        code,
                        Stage.ACTUAL,
                        self._hop,
                        f"response header {name} is not readable by script",
                        value=name,
                        evidence=Evidence(exchange=index, lines=lines),
                    )
                )
        acao = response.get(ACAO)
        if acao is not None and acao != "*" and not vary_includes_origin(response):
            self._findings.append(
                _finding(
                    "CORS501",
                    Stage.ACTUAL,
                    self._hop,
                    "Access-Control-Allow-Origin names one origin but "
                    "the response has no 'Vary: Origin'; shared caches may serve it to other origins",
                    evidence=Evidence(exchange=index, lines=response.lines(ACAO, "vary")),
                )
            )
        self._build_verdict(None, response_type="cors", status=response.status, exposed=tuple(exposed))

    def _finish(self, failure: Failure) -> None:
        self._build_verdict(failure, response_type="error", status=0, exposed=())

    def _build_verdict(
        self, failure: Failure | None, *, response_type: str, status: int, exposed: tuple[str, ...]
    ) -> None:
        if failure is not None:
            stage, failed_hop = failure.stage, failure.hop
        else:
            stage, failed_hop = Stage.NONE, None
        verdict = Verdict(
            profile=self.profile.name,
            request=self.request,
            allowed=failure is None and response_type in ("basic", "cors"),
            stage=stage,
            failed_hop=failed_hop,
            status=status,
            response_type=response_type,
            failure=failure,
            finding_records=tuple(self._findings),
            exchange_records=tuple(self._exchanges),
            exposed_headers=exposed,
            preflight=self._preflight_sent,
            acrh=self._acrh,
            preflight_origin_header=self._preflight_origin,
            final_origin_header=self._last_origin_header,
            origin_header_sent=self._origin_sent,
            cors_unsafe_header_names=self._first_unsafe
            if self._first_unsafe is not None
            else tuple(cors_unsafe_request_header_names(self._headers, self.profile)),
            url_list=tuple(self._url_list),
        )
        self._verdict = verdict
        self._state = _State.DONE
