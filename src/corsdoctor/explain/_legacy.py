"""Console wording of older browser versions: recognised by ``explain``, never rendered by the engine.

People paste what their browser printed years ago (and what Stack Overflow answers quote), so each
older wording maps to the current template key it became.  Sources (facts only):

* Chromium before ~73 (2019), ``cors_error_string.cc`` history and widely quoted console lines:
  ``Failed to load <url>: <reason> Origin '<origin>' is therefore not allowed access.`` with
  ``The response had HTTP status code <n>.`` at the end; before ~60 the frame was
  ``XMLHttpRequest cannot load <url>. …`` / ``Fetch API cannot load <url>. …``; preflight failures
  read ``Response for preflight has invalid HTTP status code <n>`` and
  ``Response for preflight is invalid (redirect)``.
* Firefox before the ``…2``/``…3`` keys (security.properties history): the same reasons without the
  ``Status code:`` tail, ``CORS preflight channel did not succeed`` and ``missing token ‘…’ in CORS
  header ‘Access-Control-Allow-Headers’ from CORS preflight channel`` (MDN still uses this wording,
  browser-cors.md §3.5).  Pasted through chat tools and forums the U+2018/U+2019 quotes often
  become ASCII ``'``: both are accepted.
* Safari before the status was added (browser-cors.md §4.2, OBSERVED):
  ``Origin <origin> is not allowed by Access-Control-Allow-Origin.``, ``Preflight response is not
  successful`` and ``Cross origin requests are not allowed when using same-origin fetch mode.``

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import re

from corsdoctor.engine import _templates as T
from corsdoctor.explain._patterns import TRAILER, Browser, firefox_quotes, template_regex

# --- Chromium -----------------------------------------------------------------------------------

_ORIGIN_SENTENCE = r"(?:\s*Origin '(?P<origin>[^']*)' is therefore not allowed access\.)?"
_STATUS_SENTENCE = r"(?:\s*The response had HTTP status code (?P<status>\d{3})\.)?"
_LEGACY_SUFFIXES = "|".join(
    re.escape(s) for s in sorted((*T.CHROMIUM_LEGACY_SUFFIXES, T.CHROMIUM_SUFFIX_XHR_CREDENTIALS,
                                  T.CHROMIUM_SUFFIX_VALID_VALUE), key=len, reverse=True)
)

#: ``Failed to load URL: …`` (Chromium ~60-72) and ``XMLHttpRequest cannot load URL. …`` (before).
CHROMIUM_FRAME = re.compile(
    r"(?:Failed to load|(?P<kind>XMLHttpRequest|Fetch API) cannot load) (?P<url>[a-z][a-z0-9+.-]*:\S+?)[:.]\s+"
    r"(?P<prefix>" + re.escape(T.CHROMIUM_PREFLIGHT_PREFIX) + r")?"
    r"(?P<reason>.*?)" + _ORIGIN_SENTENCE + _STATUS_SENTENCE
    + r"(?P<suffix>(?:" + _LEGACY_SUFFIXES + r")*)" + TRAILER
)

#: Reasons only older Chromium printed, as regexes anchored on the reason text, by current CorsError.
CHROMIUM_REASONS: dict[str, re.Pattern[str]] = {
    "PreflightInvalidStatus": re.compile(r"Response for preflight has invalid HTTP status code (?P<status>\d{3})\.?\Z"),
    "PreflightDisallowedRedirect": re.compile(r"Response for preflight is invalid \(redirect\)\.?\Z"),
    "InvalidAllowCredentials": re.compile(
        r"Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '(?P<hint>[^']*)'\. "
        r"It must be 'true' to allow credentials\.\Z"
    ),
}

# --- Firefox ------------------------------------------------------------------------------------

_FF = T.FIREFOX_MESSAGES["CORSDisabled"].split("{url}")[0]

#: (current key, older wording) — the status tail and the newer reason text did not exist yet.
_FIREFOX_TEXTS: tuple[tuple[str, str], ...] = (
    ("CORSMissingAllowOrigin2", _FF + "{url}. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing)."),
    ("CORSDidNotSucceed2", _FF + "{url}. (Reason: CORS request did not succeed)."),
    ("CORSPreflightDidNotSucceed3", _FF + "{url}. (Reason: CORS preflight response did not succeed)."),
    ("CORSPreflightDidNotSucceed3", _FF + "{url}. (Reason: CORS preflight channel did not succeed)."),
    ("CORSMissingAllowHeaderFromPreflight2", _FF + "{url}. (Reason: missing token \u2018{hint}\u2019 in CORS "
     "header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight channel)."),
    ("CORSRequestNotHttp", _FF + "{url}. (Reason: CORS request not HTTP)."),
)


FIREFOX: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(firefox_quotes(template_regex(text, Browser.FIREFOX)) + TRAILER))
    for key, text in _FIREFOX_TEXTS
)

# --- WebKit -------------------------------------------------------------------------------------

_WEBKIT_TEXTS: tuple[tuple[str, str], ...] = (
    ("origin-not-allowed", "Origin {origin} is not allowed by Access-Control-Allow-Origin."),
    ("preflight-not-successful", "Preflight response is not successful"),
    ("same-origin-mode", "Cross origin requests are not allowed when using same-origin fetch mode."),
)
WEBKIT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(template_regex(text, Browser.WEBKIT) + r"\.?" + TRAILER)) for key, text in _WEBKIT_TEXTS
)
#: The same reasons inside "Cross-origin redirection to … denied …: <reason>".
WEBKIT_REASON_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(template_regex(text, Browser.WEBKIT) + r"\.?\Z")) for key, text in _WEBKIT_TEXTS
)
