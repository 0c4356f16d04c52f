"""The shape of corsdoctor's knowledge about one finding code: pure data, standard library only.

A :class:`CodeDoc` answers the four questions a developer has after a CORS block, in the order
they ask them: *why* (``root_cause``), *where* (``where_to_look``: owners in the order they are
most often guilty, each with what to grep for), *how to fix it* (``fixes``: one config snippet per
stack) and *how to prove the fix* (``verify``: curl, DevTools, ``corsdoctor check``).

Spec anchor: https://fetch.spec.whatwg.org/#http-cors-protocol
"""

from __future__ import annotations

import enum
import shlex
from dataclasses import dataclass


class Owner(enum.Enum):
    """The layer that can own a CORS bug (from the page outwards, the order is per code)."""

    APP = "app middleware"
    PROXY = "reverse proxy"
    CDN = "CDN"
    GATEWAY = "API gateway"
    STATIC_HOST = "static host"
    STORAGE = "object storage"
    CLIENT = "page script"
    NETWORK = "network"
    TOOL = "corsdoctor invocation"


class Stack(enum.Enum):
    """A stack a fix pattern is written for."""

    EXPRESS = "Express (cors)"
    STARLETTE = "Starlette / FastAPI (CORSMiddleware)"
    FLASK = "Flask-CORS"
    DJANGO = "django-cors-headers"
    SPRING = "Spring"
    NGINX = "nginx"
    APACHE = "Apache httpd"
    S3 = "Amazon S3"
    CLOUDFRONT = "CloudFront"
    API_GATEWAY = "API Gateway"
    NETLIFY = "Netlify"
    VERCEL = "Vercel"
    CLIENT = "page script (fetch / XMLHttpRequest)"
    ANY = "any stack"


class VerifyKind(enum.Enum):
    CURL = "curl"
    DEVTOOLS = "devtools"
    CORSDOCTOR = "corsdoctor"


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """One place to look: an owner, what to check there, and what to grep for."""

    owner: Owner
    what: str
    grep: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """A fix pattern for one stack: a sentence and a config snippet (``language`` names its syntax)."""

    stack: Stack
    summary: str
    snippet: str
    language: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """The request a verify step is rendered for (the failing one, or a documentation example)."""

    url: str = "https://api.example.com/v1/items"
    origin: str = "https://app.example.com"
    method: str = "GET"
    request_headers: tuple[str, ...] = ()
    credentials: bool = False
    api: str = "fetch"

    def check_command(self) -> str:
        """The ``corsdoctor check`` command line that reproduces this request."""
        parts = ["corsdoctor", "check", shlex.quote(self.url), "--origin", shlex.quote(self.origin)]
        if self.method != "GET":
            parts += ["-X", shlex.quote(self.method)]
        for name in self.request_headers:
            parts += ["-H", shlex.quote(f"{name}: {_sample_value(name)}")]
        if self.credentials:
            parts.append("--credentials")
        if self.api != "fetch":
            parts += ["--api", shlex.quote(self.api)]
        return " ".join(parts)


#: A header named in a preflight error was CORS-unsafe, so its sample value must be unsafe too
#: (``Content-Type: x`` would not reproduce a JSON body's preflight the same way).
_SAMPLE_VALUES = {
    "content-type": "application/json",
    "authorization": "Bearer TOKEN",
    "range": "bytes=-500",
}


def _sample_value(name: str) -> str:
    return _SAMPLE_VALUES.get(name.lower(), "x")


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyStep:
    """A way to prove the fix.

    ``command`` may use the placeholders ``{url}`` (shell-quoted), ``{origin}`` (the quoted
    ``Origin: …`` header argument), ``{method}`` (the quoted ``Access-Control-Request-Method: …``
    argument), ``{acrh}`` (`` -H 'Access-Control-Request-Headers: …'`` or nothing), ``{cookie}``
    (`` -H 'Cookie: …'`` for credentialed requests, or nothing) and ``{check}`` (the whole
    ``corsdoctor check`` command line); ``expect`` says what a fixed server shows.
    """

    kind: VerifyKind
    command: str
    expect: str

    def render(self, example: Example) -> str:
        acrh = ""
        if example.request_headers:
            names = ",".join(sorted({h.lower() for h in example.request_headers}))
            acrh = " -H " + shlex.quote(f"Access-Control-Request-Headers: {names}")
        cookie = " -H 'Cookie: session=x'" if example.credentials else ""
        return self.command.format(
            url=shlex.quote(example.url),
            origin=shlex.quote(f"Origin: {example.origin}"),
            method=shlex.quote(f"Access-Control-Request-Method: {example.method}"),
            acrh=acrh,
            cookie=cookie,
            check=example.check_command(),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeDoc:
    """Everything corsdoctor tells a person about one finding code."""

    code: str
    root_cause: str
    where_to_look: tuple[Place, ...]
    fixes: tuple[Fix, ...]
    verify: tuple[VerifyStep, ...]
    example: Example = Example()
    see_also: tuple[str, ...] = ()
