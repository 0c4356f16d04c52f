"""Secrets never leave corsdoctor (HAR reports, hop reports): cookies, Authorization, tokens and ``Set-Cookie`` are redacted.

Two layers: (1) at the source, URLs are rewritten before anything sees them (query values with a
secret-looking name or a long opaque value, and ``user:password@``), request header values are
never printed (the ``check`` command uses placeholder values); (2) every rendered report passes
through :meth:`Secrets.scrub`, which replaces any secret value seen in the HAR.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, quote, unquote_plus, urlsplit, urlunsplit

REDACTED = "REDACTED"

_SECRET_NAME = re.compile(
    r"(token|secret|passw|session|sess|auth|api[-_]?key|apikey|access[-_]?key|signature|sig|csrf|xsrf|"
    r"cookie|credential|jwt|bearer|^key$|^code$|^pass$|^pwd$)",
    re.IGNORECASE,
)
SECRET_HEADERS = frozenset(
    {
        "cookie",
        "set-cookie",
        "set-cookie2",
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "x-auth-token",
    }
)
_OPAQUE = re.compile(r"^[A-Za-z0-9._~+/=-]{32,}$")
#: A JSON Web Token (RFC 7519 compact form: base64url header "{"... . payload . signature), anywhere in a URL.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_TOKEN = re.compile(r"[^\s'\"<>&,;=?/:]+")
_MIN_SECRET = 6


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    lower = name.lower()
    return lower in SECRET_HEADERS or _SECRET_NAME.search(lower) is not None


def redact_url(url: str) -> str:
    """``url`` with secret query values, JWTs (path too) and any password replaced by ``REDACTED``; no fragment."""
    if "eyJ" in url:
        url = _JWT.sub(REDACTED, url)
    if "?" not in url and "@" not in url:
        return url.split("#", 1)[0]
    if "@" not in url:
        base, _, query = url.split("#", 1)[0].partition("?")
        out = []
        for pair in query.split("&"):
            name, eq, value = pair.partition("=")
            if eq and (is_secret_name(unquote_plus(name)) or _OPAQUE.match(unquote_plus(value))):
                pair = f"{name}={REDACTED}"
            elif not eq and _OPAQUE.match(unquote_plus(name)):
                pair = REDACTED
            out.append(pair)
        return f"{base}?{'&'.join(out)}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("?", 1)[0]
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{REDACTED}@{host}" if ":" in userinfo else f"{REDACTED}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        out = []
        for name, value in pairs:
            if is_secret_name(name) or _OPAQUE.match(value):
                value = REDACTED
            out.append(
                f"{quote(name, safe='')}={quote(value, safe='')}" if value or "=" in query else quote(name)
            )
        query = "&".join(out)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


class Secrets:
    """Secret values seen in the HAR (split into tokens), for the last-line scrub of every output."""

    __slots__ = ("_tokens",)

    def __init__(self) -> None:
        self._tokens: set[str] = set()

    def __len__(self) -> int:
        return len(self._tokens)

    def add_value(self, value: str) -> None:
        for token in _TOKEN.findall(value):
            if len(token) >= _MIN_SECRET and token.lower() not in ("bearer", "basic", "secure", "httponly"):
                self._tokens.add(token)

    def add_headers(self, headers: tuple[tuple[str, str], ...]) -> None:
        for name, value in headers:
            if is_secret_name(name):
                self.add_value(value)

    def add_url(self, url: str) -> None:
        if "?" not in url and "@" not in url and "eyJ" not in url:
            return
        if "@" not in url and "eyJ" not in url and "%" not in url and "+" not in url:
            # Fast path (most URLs): no userinfo, no JWT, nothing percent-encoded in the query.
            for pair in url.partition("?")[2].partition("#")[0].split("&"):
                name, _, value = pair.partition("=")
                if value and (is_secret_name(name) or _OPAQUE.match(value)):
                    self.add_value(value)
            return
        try:
            parts = urlsplit(url)
        except ValueError:
            return
        if "@" in parts.netloc:
            self.add_value(parts.netloc.rsplit("@", 1)[0].split(":", 1)[-1])
        for jwt in _JWT.findall(url):
            self.add_value(jwt)
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if is_secret_name(name) or _OPAQUE.match(value):
                self.add_value(value)

    def scrub(self, text: str) -> str:
        tokens = self._tokens
        if not tokens or tokens.isdisjoint(m.group() for m in _TOKEN.finditer(text)):
            return text

        def replace(match: re.Match[str]) -> str:
            word = match.group()
            return "[redacted]" if word in tokens else word

        return _TOKEN.sub(replace, text)
