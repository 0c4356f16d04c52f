"""Find console messages in pasted text: one :class:`Hit` per recognised line.

A paste may hold many messages and any noise (timestamps, ``[Error]`` tags, source locations,
stack frames, ``Failed to load resource: net::ERR_FAILED``).  Lines are tried against the
Chromium frame, the Firefox templates, then the WebKit templates; DevTools' network lines and
the script-side ``TypeError`` are kept as context.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from corsdoctor.engine import _templates as T
from corsdoctor.explain import _legacy as L
from corsdoctor.explain import _patterns as P
from corsdoctor.explain._patterns import Browser

_TRAILER = re.compile(P.TRAILER)


def _clean(text: str) -> str:
    return _TRAILER.sub("", text).strip()


class HitKind(enum.Enum):
    MESSAGE = "message"  # a CORS console message naming a reason
    ACCESS_CONTROL = "access-control"  # Safari's "… due to access control checks." (URL, no reason)
    NETWORK = "network"  # a net::ERR_* line
    REJECTION = "rejection"  # the script-side TypeError


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    kind: HitKind
    browser: Browser
    key: str
    line_no: int
    text: str
    fields: dict[str, str] = field(default_factory=dict)


def _chromium(line: str, line_no: int) -> Hit | None:
    frame = P.CHROMIUM_FRAME.search(line)
    if frame is not None:
        reason = frame["reason"]
        for key, regex in P.CHROMIUM_REASONS.items():
            m = regex.match(reason)
            if m is not None:
                fields = {k: v for k, v in frame.groupdict().items() if v is not None}
                fields.update({k: v for k, v in m.groupdict().items() if v is not None})
                return Hit(kind=HitKind.MESSAGE, browser=Browser.CHROMIUM, key=key, line_no=line_no,
                           text=_clean(frame.group(0)), fields=fields)
    for template in P.CHROMIUM_FETCH_API:
        m = template.regex.search(line)
        if m is not None:
            return Hit(kind=HitKind.MESSAGE, browser=Browser.CHROMIUM, key=template.key, line_no=line_no,
                       text=_clean(m.group(0)), fields={k: v for k, v in m.groupdict().items() if v})
    legacy = _chromium_legacy(line, line_no)
    if legacy is not None:
        return legacy
    m = P.CHROMIUM_NETWORK_LINE.search(line)
    if m is not None:
        return Hit(kind=HitKind.NETWORK, browser=Browser.CHROMIUM, key=m["net_error"], line_no=line_no,
                   text=_clean(m.group(0)), fields={k: v for k, v in m.groupdict().items() if v})
    m = P.CHROMIUM_NET_ERROR.regex.search(line)
    if m is not None:
        return Hit(kind=HitKind.NETWORK, browser=Browser.CHROMIUM, key=m["net_error"], line_no=line_no,
                   text=_clean(m.group(0)), fields={"net_error": m["net_error"]})
    return None


def _chromium_legacy(line: str, line_no: int) -> Hit | None:
    """Older Chromium wording (``Failed to load URL: …``); the hit carries the current CorsError key."""
    frame = L.CHROMIUM_FRAME.search(line)
    if frame is None:
        return None
    reason = frame["reason"]
    for key, regex in (*P.CHROMIUM_REASONS.items(), *L.CHROMIUM_REASONS.items()):
        m = regex.match(reason)
        if m is not None:
            fields = {k: v for k, v in frame.groupdict().items() if v is not None and k != "kind"}
            fields.update({k: v for k, v in m.groupdict().items() if v is not None})
            if frame["kind"] == "XMLHttpRequest":
                fields["kind"] = "XMLHttpRequest"
            if key in L.CHROMIUM_REASONS and key.startswith("Preflight"):
                fields["prefix"] = T.CHROMIUM_PREFLIGHT_PREFIX
            return Hit(kind=HitKind.MESSAGE, browser=Browser.CHROMIUM, key=key, line_no=line_no,
                       text=_clean(frame.group(0)), fields=fields)
    return None


def _firefox(line: str, line_no: int) -> Hit | None:
    for template in P.FIREFOX:
        m = template.regex.search(line)
        if m is not None:
            return Hit(kind=HitKind.MESSAGE, browser=Browser.FIREFOX, key=template.key, line_no=line_no,
                       text=_clean(m.group(0)), fields={k: v for k, v in m.groupdict().items() if v})
    for key, regex in L.FIREFOX:
        m = regex.search(line)
        if m is not None:
            return Hit(kind=HitKind.MESSAGE, browser=Browser.FIREFOX, key=key, line_no=line_no,
                       text=_clean(m.group(0)), fields={k: v for k, v in m.groupdict().items() if v})
    return None


def _webkit(line: str, line_no: int) -> Hit | None:
    for template in P.WEBKIT_ACCESS_CONTROL:
        m = template.regex.search(line)
        if m is not None:
            return Hit(kind=HitKind.ACCESS_CONTROL, browser=Browser.WEBKIT, key=template.key.split(".")[1],
                       line_no=line_no, text=_clean(m.group(0)), fields={"url": m["url"]})
    for template in P.WEBKIT:
        m = template.regex.search(line)
        if m is not None:
            fields = {k: v for k, v in m.groupdict().items() if v}
            key = template.key
            if key == "redirect-denied":
                # The reason of a denied redirect is itself one of WebKit's reasons.
                inner = fields.get("reason", "")
                for inner_key, regex in (*P.WEBKIT_REASON_ONLY.items(), *L.WEBKIT_REASON_ONLY):
                    im = regex.match(inner)
                    if im is not None and inner_key != "redirect-denied":
                        fields.update({k: v for k, v in im.groupdict().items() if v})
                        fields["inner"] = inner_key
                        break
            return Hit(kind=HitKind.MESSAGE, browser=Browser.WEBKIT, key=key, line_no=line_no,
                       text=_clean(m.group(0)), fields=fields)
    for key, regex in L.WEBKIT:
        m = regex.search(line)
        if m is not None:
            return Hit(kind=HitKind.MESSAGE, browser=Browser.WEBKIT, key=key, line_no=line_no,
                       text=_clean(m.group(0)), fields={k: v for k, v in m.groupdict().items() if v})
    return None


def find_hits(text: str) -> list[Hit]:
    """Every recognised line of ``text``, in order."""
    hits: list[Hit] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        hit = _chromium(line, line_no) or _firefox(line, line_no) or _webkit(line, line_no)
        if hit is None:
            for rejection, browser in P.REJECTIONS.items():
                if rejection in line:
                    hit = Hit(kind=HitKind.REJECTION, browser=browser, key="rejection", line_no=line_no,
                              text=rejection)
                    break
        if hit is not None:
            hits.append(hit)
    return hits
