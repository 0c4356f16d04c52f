"""Cookies stored in the browser profile before a request, and what Chromium did with them.

A credentialed cross-site request only carries cookies when third-party cookies are allowed in
the profile (chromium-oracle.md §4, ``_launch.PROFILE_PREFERENCES``) and the cookie itself may go
cross-site: ``SameSite=None`` requires ``Secure`` (RFC 6265bis §5.6), and Chromium refuses to
store a ``Secure`` cookie for an http URL.  Cookies given on the command line are therefore
stored for the request URL's host the way that server could have set them: for https as
``SameSite=None; Secure`` (the only kind a cross-site request can carry), for http without
attributes (Chromium treats them as ``Lax``).  Whatever Chromium then refuses to send is reported
with its own reasons (``Network.requestWillBeSentExtraInfo.associatedCookies[].blockedReasons``,
e.g. ``SchemefulSameSiteUnspecifiedTreatedAsLax``, ``UserPreferences``) — measured on Chromium 156.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

Cookies = tuple[tuple[str, str], ...]

# RFC 6265 §4.1.1: cookie-name is a token; cookie-value excludes CTLs, whitespace, DQUOTE, comma,
# semicolon and backslash (an optional pair of surrounding DQUOTEs is allowed).
_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_VALUE = re.compile(
    r'^(?:"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"|[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*)$'
)


def parse_cookie_header(text: str) -> Cookies:
    """``'a=b; c=d'`` → ``(("a", "b"), ("c", "d"))``; ``ValueError`` names the bad pair."""
    pairs: list[tuple[str, str]] = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not _NAME.match(name) or not _VALUE.match(value):
            raise ValueError(f"cookie must look like 'name=value; name2=value2', not {part!r}")
        pairs.append((name, value))
    if not pairs:
        raise ValueError(f"no cookie in {text!r}")
    return tuple(pairs)


def profile_cookies(url: str, cookies: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """Playwright ``BrowserContext.add_cookies`` entries: host-only, path ``/``.

    https: ``SameSite=None; Secure``; http: no attributes (a Secure cookie would not be stored).
    """
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}/"
    secure = parts.scheme == "https"
    out: list[dict[str, Any]] = []
    for name, value in cookies:
        entry: dict[str, Any] = {"name": name, "value": value, "url": base}
        if secure:
            entry.update(sameSite="None", secure=True)
        out.append(entry)
    return out


def associated_cookies(extra_info: dict[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(names sent, (name, reasons) blocked) from one ``requestWillBeSentExtraInfo`` event."""
    sent: list[str] = []
    blocked: list[tuple[str, str]] = []
    for item in extra_info.get("associatedCookies") or ():
        name = str((item.get("cookie") or {}).get("name", ""))
        reasons = [str(r) for r in item.get("blockedReasons") or ()]
        if reasons:
            blocked.append((name, ",".join(reasons)))
        else:
            sent.append(name)
    return tuple(sent), tuple(blocked)
