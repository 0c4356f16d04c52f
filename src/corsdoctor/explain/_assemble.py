"""Turn the hits of one paste into :class:`Message` objects.

* A Safari reason line has no URL: it is joined with the nearest "… due to access control
  checks." line (which has the URL and the initiating API).
* DevTools' network line ("PUT https://api/x net::ERR_FAILED 404 (Not Found)") lends its method
  and status to the CORS message about the same URL; ``net::ERR_FAILED`` alone is only the
  companion of a CORS line, any other ``net::ERR_*`` is a network failure of its own.
* Repeats (Safari prints the reason twice) are folded.

Spec anchor: https://fetch.spec.whatwg.org/#concept-network-error
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from corsdoctor.engine import _templates as T
from corsdoctor.explain._codes_map import candidates, refine
from corsdoctor.explain._hits import Hit, HitKind
from corsdoctor.explain._message import Message
from corsdoctor.explain._patterns import Browser
from corsdoctor.explain._stages import chromium_error_name, stage_of
from corsdoctor.redact import redact_url

_COMPANION = "net::ERR_FAILED"
_NET_CODES = {"net::ERR_TOO_MANY_REDIRECTS": "CORS302", "net::ERR_UNSAFE_REDIRECT": "CORS303"}
_VALUE_FIELDS = ("hint", "space", "scheme", "target", "net_error")
_CREDENTIAL_KEYS = {
    "WildcardOriginNotAllowed", "InvalidAllowCredentials", "CORSNotSupportingCredentials",
    "CORSMissingAllowCredentials", "wildcard-with-credentials", "credentials-not-true",
}
_METHOD_KEYS = {"MethodDisallowedByPreflightResponse", "method-not-allowed"}
_HEADER_KEYS = {"HeaderDisallowedByPreflightResponse", "CORSMissingAllowHeaderFromPreflight2", "header-not-allowed"}
_KINDS = {"fetch": "fetch", "XMLHttpRequest": "xhr"}


def _status(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def _message(hit: Hit) -> Message:
    f = hit.fields
    key = hit.key
    prefixed = bool(f.get("prefix"))
    redirected = "initial_url" in f or (hit.browser is Browser.WEBKIT and key.startswith("redirect"))
    lookup_key = f.get("inner", key) if key == "redirect-denied" else key
    codes = candidates(hit.browser, lookup_key)
    stage = stage_of(hit.browser, key, prefixed=prefixed, redirected=redirected)
    value = next((f[name] for name in _VALUE_FIELDS if f.get(name) is not None), None)
    if key == "CORSAllowHeaderFromPreflightDeprecation":
        value = "Authorization"
    status = _status(f.get("status"))
    origin = f.get("origin") or _origin_of_page(f.get("page"))
    url = f.get("url") or (f.get("target") if hit.browser is Browser.WEBKIT else None)
    code = codes[0] if codes else None
    if code is not None:
        code = refine(code, stage=stage, value=value, status=status, origin=origin, redirected=redirected)
    api = _KINDS.get(f.get("kind", "fetch"), "other") if hit.browser is Browser.CHROMIUM else "fetch"
    if api == "fetch" and T.CHROMIUM_SUFFIX_XHR_CREDENTIALS in f.get("suffix", ""):
        api = "xhr"
    return Message(
        browser=hit.browser,
        template=f"{hit.browser.value}:{key}",
        code=code,
        stage=stage,
        text=hit.text,
        line_no=hit.line_no,
        url=url,
        origin=origin,
        value=value,
        status=status,
        method=value if key in _METHOD_KEYS else None,
        request_header=value if key in _HEADER_KEYS or key == "CORSAllowHeaderFromPreflightDeprecation" else None,
        credentials=key in _CREDENTIAL_KEYS,
        api=api,
        initial_url=f.get("initial_url"),
        chromium_error=chromium_error_name(key, prefixed=prefixed) if hit.browser is Browser.CHROMIUM
        and not key.startswith(("FetchAPI.", "net::")) else None,
        alternatives=tuple(c for c in codes if c != code),
    )


def _network(hit: Hit) -> Message:
    error = hit.fields.get("net_error", hit.key)
    return Message(
        browser=Browser.CHROMIUM, template="chromium:NetError", code=_NET_CODES.get(error, "CORS601"),
        stage="network", text=hit.text, line_no=hit.line_no, url=hit.fields.get("url"), value=error,
        status=_status(hit.fields.get("status")), method=hit.fields.get("method"),
    )


def _refresh(message: Message) -> Message:
    """Re-run the refinement once a status or method was learned from a companion line."""
    if message.code is None or message.browser is Browser.FIREFOX:
        return message
    key = message.template.split(":", 1)[1]
    codes = candidates(message.browser, key)
    if not codes:
        return message
    code = refine(codes[0], stage=message.stage, value=message.value, status=message.status,
                  origin=message.origin, redirected=message.initial_url is not None)
    return dataclasses.replace(message, code=code, alternatives=tuple(c for c in codes if c != code))


def assemble(hits: list[Hit]) -> list[Message]:
    messages: list[Message] = []
    access = [h for h in hits if h.kind is HitKind.ACCESS_CONTROL]
    used: set[int] = set()
    for hit in hits:
        if hit.kind is not HitKind.MESSAGE:
            continue
        message = _message(hit)
        if message.browser is Browser.WEBKIT and message.url is None:
            near = [a for a in access if id(a) not in used and abs(a.line_no - hit.line_no) <= 3]
            if near:
                pick = min(near, key=lambda a: (abs(a.line_no - hit.line_no), a.line_no))
                used.add(id(pick))
                message = dataclasses.replace(message, url=pick.fields["url"], api=pick.key)
        messages.append(message)
    for a in access:
        if id(a) not in used and not any(m.browser is Browser.WEBKIT and m.url == a.fields["url"]
                                         for m in messages):
            messages.append(Message(browser=Browser.WEBKIT, template=f"webkit:access-control.{a.key}",
                                    code=None, stage="actual", text=a.text, line_no=a.line_no,
                                    url=a.fields["url"], api=a.key))
    for hit in hits:
        if hit.kind is not HitKind.NETWORK:
            continue
        url = hit.fields.get("url")
        related = [i for i, m in enumerate(messages) if url is not None and m.url == url and m.code is not None]
        if related:
            i = min(related, key=lambda j: abs(messages[j].line_no - hit.line_no))
            m = messages[i]
            learned = dataclasses.replace(
                m,
                method=m.method or hit.fields.get("method"),
                status=m.status if m.status is not None else _status(hit.fields.get("status")),
            )
            messages[i] = _refresh(learned) if learned.status != m.status else learned
        elif hit.key != _COMPANION:
            messages.append(_network(hit))
    return [_redacted(m) for m in _fold(messages)]


def _redacted(m: Message) -> Message:
    """Tokens in the pasted URLs are not echoed (reports get shared): as ``corsdoctor har`` does."""
    url = redact_url(m.url) if m.url else m.url
    initial_url = redact_url(m.initial_url) if m.initial_url else m.initial_url
    if url == m.url and initial_url == m.initial_url:
        return m
    text = m.text
    for raw, safe in ((m.url, url), (m.initial_url, initial_url)):
        if raw and safe and raw != safe:
            text = text.replace(raw, safe)
    return dataclasses.replace(m, url=url, initial_url=initial_url, text=text)


def _fold(messages: list[Message]) -> list[Message]:
    """Drop repeats: the same reason again, or the same reason without the URL another line had."""
    out: list[Message] = []
    for m in sorted(messages, key=lambda m: m.line_no):
        twin = next((o for o in out if (o.browser, o.code, o.template, o.value, o.status, o.origin)
                     == (m.browser, m.code, m.template, m.value, m.status, m.origin)
                     and (m.url is None or o.url is None or o.url == m.url)), None)
        if twin is None:
            out.append(m)
        elif twin.url is None and m.url is not None:
            out[out.index(twin)] = dataclasses.replace(m, line_no=twin.line_no)
    return out


def _origin_of_page(page: str | None) -> str | None:
    """The origin of a page URL named by a message (mixed-content lines name the page)."""
    if not page:
        return None
    parts = urlsplit(page)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"
