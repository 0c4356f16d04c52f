"""The page request to run in the browser: what script passes to ``fetch()`` or ``XMLHttpRequest``.

Field names follow the Fetch Standard's request concepts (https://fetch.spec.whatwg.org/#requests):
``method`` is passed as written (fetch() normalises only DELETE/GET/HEAD/OPTIONS/POST/PUT),
``credentials`` is the credentials mode, ``mode`` the request mode, ``redirect`` the redirect mode.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

Headers = tuple[tuple[str, str], ...]

CREDENTIALS_MODES = ("omit", "same-origin", "include")
REQUEST_MODES = ("cors", "no-cors", "same-origin")
REDIRECT_MODES = ("follow", "error", "manual")


class Api(enum.Enum):
    FETCH = "fetch"
    XHR = "xhr"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRequest:
    """One request made by script in a page whose origin is ``origin``.

    ``body`` is a string body (fetch/XHR add ``Content-Type: text/plain;charset=UTF-8`` unless a
    Content-Type is set).  ``headers`` keep order and duplicates (fetch() combines duplicates).
    XHR has no request mode or redirect mode; ``credentials == "include"`` means
    ``withCredentials = true``.  ``cookies`` are not sent by script: they are stored in the
    browser profile for the URL's host (``_cookies.profile_cookies``) before the request, and
    Chromium decides whether to attach them (``_cookies``).
    """

    url: str
    origin: str
    method: str = "GET"
    headers: Headers = ()
    body: str | None = None
    credentials: str = "same-origin"
    mode: str = "cors"
    redirect: str = "follow"
    api: Api = Api.FETCH
    cookies: Headers = ()

    def __post_init__(self) -> None:
        if self.credentials not in CREDENTIALS_MODES:
            raise ValueError(
                f"credentials must be one of {', '.join(CREDENTIALS_MODES)}, not {self.credentials!r}"
            )
        if self.mode not in REQUEST_MODES:
            raise ValueError(f"mode must be one of {', '.join(REQUEST_MODES)}, not {self.mode!r}")
        if self.redirect not in REDIRECT_MODES:
            raise ValueError(f"redirect must be one of {', '.join(REDIRECT_MODES)}, not {self.redirect!r}")

    def script_args(self, timeout_ms: int) -> dict[str, Any]:
        """The argument object of the page script (``_script.RUN_REQUEST``)."""
        return {
            "api": self.api.value,
            "url": self.url,
            "method": self.method,
            "headers": [list(h) for h in self.headers],
            "body": self.body,
            "credentials": self.credentials,
            "mode": self.mode,
            "redirect": self.redirect,
            "timeout": timeout_ms,
        }
