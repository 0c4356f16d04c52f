"""The engine's vocabulary: the request a page makes, what goes on the wire, what comes back,
and the verdict.

Header lists keep order, raw casing and duplicates: two ``Access-Control-Allow-Origin`` lines
must stay observable (https://fetch.spec.whatwg.org/#concept-header-list).  Adapters decode
header bytes as latin-1 once, at their boundary.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from corsdoctor.engine._fastinit import fast_frozen_init

Header = tuple[str, str]
HeaderList = tuple[Header, ...]


class Mode(enum.Enum):
    """https://fetch.spec.whatwg.org/#concept-request-mode"""

    CORS = "cors"
    NO_CORS = "no-cors"
    SAME_ORIGIN = "same-origin"


class CredentialsMode(enum.Enum):
    """https://fetch.spec.whatwg.org/#concept-request-credentials-mode"""

    OMIT = "omit"
    SAME_ORIGIN = "same-origin"
    INCLUDE = "include"


class RedirectMode(enum.Enum):
    """https://fetch.spec.whatwg.org/#concept-request-redirect-mode"""

    FOLLOW = "follow"
    ERROR = "error"
    MANUAL = "manual"


class Api(enum.Enum):
    """The script API that made the request: it changes the console wording."""

    FETCH = "fetch"
    XHR = "xhr"


class Stage(enum.Enum):
    NONE = "none"
    REQUEST = "request"
    PREFLIGHT = "preflight"
    ACTUAL = "actual"


class ExchangeKind(enum.Enum):
    PREFLIGHT = "preflight"
    ACTUAL = "actual"


class ResponseTainting(enum.Enum):
    """https://fetch.spec.whatwg.org/#concept-request-response-tainting"""

    BASIC = "basic"
    CORS = "cors"
    OPAQUE = "opaque"


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class PageRequest:
    """A request as page script makes it (fetch() or XMLHttpRequest), before the browser acts.

    ``method`` is as passed to fetch()/open(), before normalisation.  ``headers`` are the author
    headers (including the implicit ``Content-Type`` fetch adds for a string body).
    ``read_headers`` are response headers the page wants to read (for exposure findings).
    """

    url: str
    origin: str
    method: str = "GET"
    headers: HeaderList = ()
    credentials: CredentialsMode = CredentialsMode.SAME_ORIGIN
    mode: Mode = Mode.CORS
    redirect: RedirectMode = RedirectMode.FOLLOW
    api: Api = Api.FETCH
    has_body: bool = False
    force_preflight: bool = False
    method_is_normalized: bool = False
    tainted_origin: bool = False
    read_headers: tuple[str, ...] = ()
    #: Local Network Access (Chromium 142+): the page's IP address space (public, local,
    #: loopback); None = derive from the origin's host (IP literals, localhost) or "public".
    client_address_space: str | None = None
    #: host -> address space of the IP the driver connects to (after DNS); hosts not listed
    #: are derived from the host itself when it is an IP literal or localhost.
    address_spaces: tuple[tuple[str, str], ...] = ()
    #: Whether the user granted the local-network-access permission.  None = unknown: the
    #: engine reports the requirement as a warning instead of blocking.
    local_network_permission: bool | None = None
    #: Checks the page itself makes before the network: block an https page's http requests
    #: (Mixed Content, decided before CORS) and refuse non-HTTP(S) URL schemes in the renderer.
    #: Off for requests made below the page (e.g. Chromium's network-service unit tests in the
    #: conformance corpus).
    mixed_content_checks: bool = True


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class WireRequest:
    """A request exactly as the browser puts it on the wire (minus transport headers)."""

    kind: ExchangeKind
    hop: int
    method: str
    url: str
    headers: HeaderList
    #: Cookies / HTTP auth are attached (credentials mode and tainting allow it).
    include_credentials: bool

    def header(self, name: str) -> str | None:
        lower = name.lower()
        values = [v for n, v in self.headers if n.lower() == lower]
        return ", ".join(values) if values else None


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One HTTP response as received: status and raw header lines (duplicates kept)."""

    status: int
    headers: HeaderList = ()
    reason: str = ""
    #: name (lower-case) -> list of values, in order; and -> the values joined.  Built once.
    _index: dict[str, list[str]] = field(default=None, init=False, repr=False, compare=False)  # type: ignore[arg-type]
    _joined: dict[str, str] = field(default=None, init=False, repr=False, compare=False)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        index: dict[str, list[str]] = {}
        for name, value in self.headers:
            index.setdefault(name.lower(), []).append(value.strip(" \t"))
        object.__setattr__(self, "_index", index)
        object.__setattr__(
            self, "_joined", {k: v[0] if len(v) == 1 else ", ".join(v) for k, v in index.items()}
        )

    def get(self, name: str) -> str | None:
        """https://fetch.spec.whatwg.org/#concept-header-list-get: values joined with ", "."""
        return self._joined.get(name)

    def get_all(self, name: str) -> list[str]:
        return self._index.get(name, [])

    def lines(self, *names: str) -> tuple[str, ...]:
        """The raw ``Name: value`` lines for ``names`` (lower-case), as evidence."""
        index = self._index
        for name in names:
            if name in index:
                break
        else:
            return ()
        return tuple([f"{n}: {v}" for n, v in self.headers if n.lower() in names])

    @property
    def names(self) -> list[str]:
        return list(self._index)


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Exchange:
    """One request on the wire and what came back (a response or a network error)."""

    request: WireRequest
    response: Response | None = None
    net_error: str | None = None


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Where a finding was seen: the exchange index and the raw header lines involved."""

    exchange: int | None = None
    lines: tuple[str, ...] = ()
    status: int | None = None


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem (or note) found in the exchange."""

    code: str
    name: str
    severity: str
    stage: Stage
    hop: int | None
    summary: str
    value: str | None = None
    evidence: Evidence = Evidence()


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """Why a request was blocked, in each browser's own terms.

    ``chromium_error`` is the DevTools ``Network.CorsError`` name (None for plain net errors);
    ``net_error`` the ``net::ERR_*`` name.  The Firefox and WebKit fields pick their templates.
    """

    code: str
    stage: Stage
    hop: int | None
    url: str
    chromium_error: str | None = None
    failed_parameter: str = ""
    net_error: str | None = None
    firefox_key: str | None = None
    firefox_hint: str = ""
    webkit_key: str | None = None
    webkit_hint: str = ""
    status: int | None = None
    #: Chromium's renderer-side rejection ("Fetch API cannot load ..."), printed before any
    #: network activity and without a DevTools corsError (chromium-deviations.md).
    renderer_error: str | None = None
    #: A redirect target for WebKit's "Cross-origin redirection to ... denied" form.
    redirect_target: str | None = None
    #: The resource's IP address space, for Local Network Access errors.
    address_space: str | None = None
    #: Why script's fetch()/XMLHttpRequest call threw before anything was sent (Stage.REQUEST):
    #: a key of ``_templates.CHROMIUM_SCRIPT_ERRORS``; ``rejected_value`` is the offending method,
    #: URL, header name or header value.
    rejection: str | None = None
    rejected_value: str = ""
