"""The normalised CORS policy that every format extractor produces and every rule judges.

One :class:`CorsPolicy` is extracted per *scope* (an nginx ``location``, an Apache
``<Directory>``, one ``CORSMiddleware`` call, one S3 rule …).  Every configured value is
:class:`Located` (``file:line:column``) so a finding can point at the exact token to edit.

The model follows the browser's view of a response (https://fetch.spec.whatwg.org/#cors-check):
which ``Access-Control-Allow-Origin`` value is emitted for which request ``Origin``, whether
``Access-Control-Allow-Credentials: true`` goes with it, what a preflight is answered with, and
whether error statuses carry the headers at all.  Format-specific structure that a generic model
cannot express (nginx ``add_header`` inheritance, middleware order …) is carried as
:class:`Fact` records, each naming the finding code it evidences.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """A 1-based ``line`` and ``column`` in ``path`` (as given on the command line)."""

    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Located(Generic[T]):
    value: T
    at: Location


class Layer(enum.Enum):
    """Which hop adds the header; two layers setting ACAO duplicate it."""

    PROXY = "proxy"
    APP = "app"
    CDN = "cdn"
    GATEWAY = "gateway"
    STORAGE = "storage"
    STATIC_HOST = "static-host"


class OriginKind(enum.Enum):
    EXACT = "exact"  # compared as a string with the request's Origin
    PATTERN = "pattern"  # a regex (see RegexMode) or a vendor glob
    WILDCARD = "wildcard"  # the literal ``*`` is emitted
    REFLECT_ANY = "reflect-any"  # the request's Origin is echoed whatever it is
    DYNAMIC = "dynamic"  # computed by code the linter cannot evaluate


class RegexMode(enum.Enum):
    """How the framework applies an origin regex."""

    FULLMATCH = "fullmatch"  # Starlette allow_origin_regex
    PREFIX = "prefix"  # re.match / Pattern.match: anchored at the start only
    SEARCH = "search"  # RegExp.test, nginx ``~``, SetEnvIf: anchored nowhere
    GLOB = "glob"  # vendor glob: one ``*`` (S3, Spring patterns)


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginRule:
    """One entry of the origin allowlist."""

    kind: OriginKind
    value: Located[str]
    mode: RegexMode | None = None
    #: The option the value was written in (``allow_origins``, ``CORS_ALLOWED_ORIGINS`` …).
    option: str = ""
    #: The option treats ``*`` inside a value as a glob (S3, Spring allowedOriginPatterns).
    glob_ok: bool = False
    #: The framework trims a trailing slash itself (Spring), so it is harmless.
    trims_slash: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueList:
    """A configured list (methods, headers); ``implicit`` when it is the framework default."""

    items: tuple[Located[str], ...]
    at: Location
    implicit: bool = False
    #: ``Access-Control-Request-Headers`` is mirrored (Express, Flask-CORS defaults).
    mirrors_request: bool = False

    def names(self) -> frozenset[str]:
        return frozenset(i.value.strip().lower() for i in self.items)


class Coverage(enum.Enum):
    """Which statuses carry the CORS headers."""

    ALL = "all"
    SUCCESS_ONLY = "success-only"
    UNKNOWN = "unknown"


class Preflight(enum.Enum):
    ANSWERED = "answered"
    UNHANDLED = "unhandled"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A structural observation of an extractor that a generic field cannot carry."""

    code: str
    at: Location
    value: str
    message: str
    #: Per-format concrete edit; the rule may supply a default instead.
    fix: str = ""
    severity: str | None = None
    #: The Chromium CorsError the browser reports, when it differs from the code's usual one (a 401
    #: preflight without CORS headers is "No 'Access-Control-Allow-Origin' header", not a bad status).
    chromium_error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CorsPolicy:
    """What one scope of one config file makes the server send."""

    format: str
    scope: str
    at: Location
    layer: Layer
    origins: tuple[OriginRule, ...] = ()
    credentials: Located[bool] | None = None
    methods: ValueList | None = None
    allow_headers: ValueList | None = None
    expose_headers: ValueList | None = None
    max_age: Located[str] | None = None
    #: ``Vary: Origin`` sent when ACAO varies; ``None`` = the framework handles it.
    vary_origin: Located[bool] | None = None
    preflight: Preflight = Preflight.UNKNOWN
    #: Status coverage, located at the directive that decides it.
    errors: Coverage = Coverage.UNKNOWN
    errors_at: Location | None = None
    #: Each literal ``Access-Control-Allow-Origin`` header value this scope emits on one response.
    acao_values: tuple[Located[str], ...] = ()
    #: Methods the app's own routes in the same file use (for narrow-default checks).
    route_methods: tuple[Located[str], ...] = ()
    facts: tuple[Fact, ...] = field(default_factory=tuple)

    @property
    def credentialed(self) -> bool:
        return self.credentials is not None and self.credentials.value

    def first_origin(self) -> str:
        for rule in self.origins:
            v = rule.value.value.strip()
            if rule.kind is OriginKind.EXACT and v.startswith(("https://", "http://")) \
                    and "*" not in v and "/" not in v.split("://", 1)[1] and "," not in v and " " not in v:
                return v
        return "https://app.example.com"
