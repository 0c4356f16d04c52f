"""A recognised console message: what the browser said, turned into a finding.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.explain._patterns import Browser
from corsdoctor.knowledge import Example


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """One blocked request as the console reported it.

    ``code`` is ``None`` only for Safari's bare "… due to access control checks." line, whose
    reason Safari prints on the line before.  ``value`` is the offending value the browser quoted
    (an ``Access-Control-Allow-Origin`` value, a method, a header name, an address space, a net
    error); ``stage`` is one of ``request``, ``preflight``, ``actual``, ``redirect``, ``network``.
    """

    browser: Browser
    template: str
    code: str | None
    stage: str
    text: str
    line_no: int
    url: str | None = None
    origin: str | None = None
    value: str | None = None
    status: int | None = None
    method: str | None = None
    request_header: str | None = None
    credentials: bool = False
    api: str = "fetch"
    initial_url: str | None = None
    chromium_error: str | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def preflight_trigger_guessed(self) -> bool:
        """A preflight failed, yet the message names neither an unsafe method nor a header.

        Something made the request non-simple (https://fetch.spec.whatwg.org/#cors-safelisted-method,
        #cors-unsafe-request-header-names); ``Content-Type: application/json`` is by far the usual
        trigger, so the reproduction sends it (a simple request would not be preflighted at all).
        """
        key = self.template.split(":", 1)[-1]
        if "PrivateNetwork" in key or key == "CORSMethodNotFound":
            return False  # the address space, or an unsafe method Firefox does not name, triggered it
        return (self.stage == "preflight" and self.request_header is None
                and (self.method or "GET") in ("GET", "HEAD", "POST"))

    def example(self) -> Example:
        """The request to reproduce; unknown parts become visible placeholders."""
        headers: tuple[str, ...] = (self.request_header,) if self.request_header else ()
        if self.preflight_trigger_guessed:
            headers = ("Content-Type",)
        return Example(
            url=self.url or "<url>",
            origin=self.origin or "<page origin>",
            method=self.method or "GET",
            request_headers=headers,
            credentials=self.credentials,
            api=self.api,
        )
