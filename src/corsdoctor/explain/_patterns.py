"""Parsers built from the browsers' console-message templates (``corsdoctor.engine._templates``).

Every template becomes a regular expression with one named group per placeholder, so a message
the engine renders is always one ``explain`` recognises; the wording is never retyped here.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check (the failures these messages report).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from corsdoctor.engine import _templates as T

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Browser(enum.Enum):
    CHROMIUM = "chromium"
    FIREFOX = "firefox"
    WEBKIT = "webkit"


#: What each placeholder may contain, per browser (anything not listed: a lazy ``.*?``).
_FIELDS: dict[Browser, dict[str, str]] = {
    Browser.CHROMIUM: {
        "kind": r"[A-Za-z]+",
        "url": r"\S+?",
        "initial_url": r"\S+?",
        "origin": r"\S+?",
        "space": r"[\w-]+",
        "target": r"[\w-]+",
        "schemes": r"[\w, -]+?",
        "scheme": r"[^\"]*",
        "net_error": r"net::ERR_[A-Z0-9_]+",
        "page": r"\S+?",
    },
    Browser.FIREFOX: {"url": r"\S+?", "status": r"\(null\)|\d+"},
    Browser.WEBKIT: {
        "url": r"\S+?",
        "origin": r"\S+?",
        "target": r"\S+?",
        "status": r"\(null\)|\d+",
        "reason": r".+?",
        "page": r"\S+?",
    },
}

#: What may follow a message on the same line: a source location ("app.js:12:5", Safari's
#: "(items, line 0)") or Firefox's "[Learn More]" link text.
TRAILER = r"(?:\s+\([^()]*\bline \d+\)|\s+\S+:\d+(?::\d+)?|\s*\[Learn More\])*\s*$"


def template_regex(template: str, browser: Browser, raw: Mapping[str, str] | None = None) -> str:
    """Turn a ``str.format`` template into a regex source.

    Literal text is escaped; ``{name}`` becomes ``(?P<name>…)`` with the browser's field pattern
    (a repeated placeholder becomes a back-reference); names in ``raw`` are replaced by the given
    regex source verbatim (used to splice sub-templates in).
    """
    fields = _FIELDS[browser]
    raw = raw or {}
    out: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        if name in raw:
            out.append(raw[name])
        elif name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(f"(?P<{name}>{fields.get(name, '.*?')})")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return "".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    """One console-message template and the regex parsed from it."""

    id: str
    browser: Browser
    key: str
    text: str
    regex: re.Pattern[str]


def firefox_quotes(source: str) -> str:
    """A regex source that also accepts ASCII ``'`` where Firefox prints U+2018/U+2019.

    Pasted through chat tools, tickets and forums the typographic quotes often become ASCII ones.
    """
    return source.replace("\u2018", "[\u2018']").replace("\u2019", "[\u2019']")


def _compile(browser: Browser, key: str, text: str, *, anchored: bool = True) -> Template:
    source = template_regex(text, browser) + (TRAILER if anchored else "")
    if browser is Browser.FIREFOX:
        source = firefox_quotes(source)
    return Template(id=f"{browser.value}:{key}", browser=browser, key=key, text=text,
                    regex=re.compile(source))


# --- Chromium -----------------------------------------------------------------------------------

_SUFFIXES = sorted(
    (T.CHROMIUM_SUFFIX_VALID_VALUE, T.CHROMIUM_SUFFIX_XHR_CREDENTIALS, *T.CHROMIUM_LEGACY_SUFFIXES),
    key=len,
    reverse=True,
)
_SUFFIX_RE = "(?P<suffix>(?:" + "|".join(re.escape(s) for s in _SUFFIXES) + ")*)"

#: The frame of every Chromium CORS line; ``reason`` is matched against :data:`CHROMIUM_REASONS` next.
CHROMIUM_FRAME = re.compile(
    template_regex(
        T.CHROMIUM_LINE,
        Browser.CHROMIUM,
        raw={
            "redirected": "(?:" + template_regex(T.CHROMIUM_REDIRECTED, Browser.CHROMIUM) + ")?",
            "prefix": "(?P<prefix>" + re.escape(T.CHROMIUM_PREFLIGHT_PREFIX) + ")?",
            "reason": "(?P<reason>.*?)",
            "suffix": _SUFFIX_RE,
        },
    )
    + TRAILER
)

#: One fully anchored regex per CorsError reason text.
CHROMIUM_REASONS: dict[str, re.Pattern[str]] = {
    key: re.compile(template_regex(text, Browser.CHROMIUM) + r"\Z") for key, text in T.CHROMIUM_REASONS.items()
}

#: Renderer lines recognised like the "Fetch API cannot load" family (XHR's "FTP is not supported."
#: names no URL and no API, so it is left out: it would be a guess).
RENDERER_LINES = {"LocalResource": T.CHROMIUM_RENDERER_LINES["LocalResource"]}
CHROMIUM_FETCH_API: tuple[Template, ...] = tuple(
    _compile(Browser.CHROMIUM, f"FetchAPI.{key}", text)
    for key, text in {**T.CHROMIUM_FETCH_API_LINES, **RENDERER_LINES}.items()
)
CHROMIUM_NET_ERROR = _compile(Browser.CHROMIUM, "NetError", T.CHROMIUM_NET_ERROR_LINE)
#: DevTools' own network line: "PUT https://api/x net::ERR_FAILED 404 (Not Found)".
CHROMIUM_NETWORK_LINE = re.compile(
    r"\b(?P<method>[A-Z]{3,10})\s+(?P<url>https?://\S+)\s+(?P<net_error>net::ERR_[A-Z0-9_]+)"
    r"(?:\s+(?P<status>\d{3})(?:\s+\((?P<status_text>[^)]*)\))?)?"
)

# --- Firefox ------------------------------------------------------------------------------------

FIREFOX: tuple[Template, ...] = tuple(
    _compile(Browser.FIREFOX, key, text) for key, text in T.FIREFOX_MESSAGES.items()
)

# --- WebKit -------------------------------------------------------------------------------------

WEBKIT: tuple[Template, ...] = tuple(
    _compile(Browser.WEBKIT, key, text)
    for key, text in sorted(T.WEBKIT_REASONS.items(), key=lambda kv: len(kv[1]), reverse=True)
)
WEBKIT_REASON_ONLY: dict[str, re.Pattern[str]] = {
    key: re.compile(template_regex(text, Browser.WEBKIT) + r"\Z") for key, text in T.WEBKIT_REASONS.items()
}
WEBKIT_ACCESS_CONTROL: tuple[Template, ...] = tuple(
    _compile(Browser.WEBKIT, f"access-control.{api}", text) for api, text in T.WEBKIT_ACCESS_CONTROL_LINE.items()
)

# --- the script-side rejections (noise alone: they never say why) --------------------------------

REJECTIONS: dict[str, Browser] = {
    T.CHROMIUM_FETCH_REJECTION: Browser.CHROMIUM,
    T.FIREFOX_FETCH_REJECTION: Browser.FIREFOX,
    T.WEBKIT_FETCH_REJECTION: Browser.WEBKIT,
}
