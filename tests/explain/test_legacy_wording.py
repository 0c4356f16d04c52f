"""Older browser wording and ASCII-quoted Firefox pastes are recognised (see explain/_legacy.py for sources).

Expectations are written by hand from the wording's meaning, not produced by the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corsdoctor.explain import explain

FF = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "

# (pasted line, (browser, code, stage, url, origin, value, status, api))
CASES: list[tuple[str, tuple[object, ...]]] = [
    ("Failed to load https://api.example.com/x: No 'Access-Control-Allow-Origin' header is present on the "
     "requested resource. Origin 'http://localhost:3000' is therefore not allowed access. The response had "
     "HTTP status code 404.",
     ("chromium", "CORS107", "actual", "https://api.example.com/x", "http://localhost:3000", None, 404, "fetch")),
    ("Failed to load https://api.example.com/p: Response to preflight request doesn't pass access control "
     "check: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin "
     "'http://localhost:3000' is therefore not allowed access.",
     ("chromium", "CORS101", "preflight", "https://api.example.com/p", "http://localhost:3000", None, None,
      "fetch")),
    ("XMLHttpRequest cannot load https://api.example.com/w. The value of the 'Access-Control-Allow-Origin' "
     "header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. "
     "Origin 'http://localhost:3000' is therefore not allowed access. The credentials mode of requests "
     "initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
     ("chromium", "CORS105", "actual", "https://api.example.com/w", "http://localhost:3000", None, None, "xhr")),
    ("Failed to load https://api.example.com/s: Response for preflight has invalid HTTP status code 403.",
     ("chromium", "CORS209", "preflight", "https://api.example.com/s", None, None, 403, "fetch")),
    ("Failed to load https://api.example.com/r: Response for preflight is invalid (redirect)",
     ("chromium", "CORS202", "preflight", "https://api.example.com/r", None, None, None, "fetch")),
    ("Failed to load https://api.example.com/h: Request header field x-api-key is not allowed by "
     "Access-Control-Allow-Headers in preflight response.",
     ("chromium", "CORS204", "preflight", "https://api.example.com/h", None, "x-api-key", None, "fetch")),
    ("Fetch API cannot load https://api.example.com/c. Credentials flag is 'true', but the "
     "'Access-Control-Allow-Credentials' header is ''. It must be 'true' to allow credentials. Origin "
     "'http://localhost:3000' is therefore not allowed access.",
     ("chromium", "CORS106", "actual", "https://api.example.com/c", "http://localhost:3000", "", None, "fetch")),
    ("Failed to load https://api.example.com/m: The 'Access-Control-Allow-Origin' header has a value "
     "'http://localhost:3000/' that is not equal to the supplied origin. Origin 'http://localhost:3000' is "
     "therefore not allowed access. Have the server send the header with a valid value, or, if an opaque "
     "response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
     ("chromium", "CORS109", "actual", "https://api.example.com/m", "http://localhost:3000",
      "http://localhost:3000/", None, "fetch")),
    (FF + "https://api.example.com/f1. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing).",
     ("firefox", "CORS101", "actual", "https://api.example.com/f1", None, None, None, "fetch")),
    (FF + "https://api.example.com/f2. (Reason: CORS header 'Access-Control-Allow-Origin' missing). "
     "Status code: 502.",
     ("firefox", "CORS107", "actual", "https://api.example.com/f2", None, None, 502, "fetch")),
    (FF + "https://api.example.com/f3. (Reason: CORS preflight channel did not succeed).",
     ("firefox", "CORS201", "preflight", "https://api.example.com/f3", None, None, None, "fetch")),
    (FF + "https://api.example.com/f4. (Reason: CORS preflight response did not succeed).",
     ("firefox", "CORS201", "preflight", "https://api.example.com/f4", None, None, None, "fetch")),
    (FF + "https://api.example.com/f5. (Reason: missing token 'x-api-key' in CORS header "
     "'Access-Control-Allow-Headers' from CORS preflight channel).",
     ("firefox", "CORS204", "preflight", "https://api.example.com/f5", None, "x-api-key", None, "fetch")),
    (FF + "https://api.example.com/f6. (Reason: CORS request did not succeed).",
     ("firefox", "CORS601", "network", "https://api.example.com/f6", None, None, None, "fetch")),
    (FF + "file:///home/me/data.json. (Reason: CORS request not HTTP).",
     ("firefox", "CORS605", "request", "file:///home/me/data.json", None, None, None, "fetch")),
    ("[Error] Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin.\n"
     "[Error] Fetch API cannot load https://api.example.com/s1 due to access control checks.",
     ("webkit", "CORS101", "actual", "https://api.example.com/s1", "http://localhost:3000", None, None, "fetch")),
    ("[Error] Preflight response is not successful\n"
     "[Error] XMLHttpRequest cannot load https://api.example.com/s2 due to access control checks.",
     ("webkit", "CORS201", "preflight", "https://api.example.com/s2", None, None, None, "xhr")),
    ("[Error] Cross origin requests are not allowed when using same-origin fetch mode.\n"
     "[Error] Fetch API cannot load https://api.example.com/s3 due to access control checks.",
     ("webkit", "CORS606", "request", "https://api.example.com/s3", None, None, None, "fetch")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_older_wording(text: str, expected: tuple[object, ...]) -> None:
    noisy = f"12:00:01.250 app.js:12 {text}\nFailed to load resource: net::ERR_FAILED\n    at load (app.js:12:5)\n"
    messages = explain(noisy).messages
    assert len(messages) == 1, messages
    m = messages[0]
    assert (m.browser.value, m.code, m.stage, m.url, m.origin, m.value, m.status, m.api) == expected


FIREFOX_GOLDENS = sorted((Path(__file__).parent / "golden" / "templates" / "firefox").glob("*.json"))


@pytest.mark.parametrize("path", FIREFOX_GOLDENS, ids=[p.stem for p in FIREFOX_GOLDENS])
def test_firefox_with_ascii_quotes(path: Path) -> None:
    """Every current Firefox message still parses when its U+2018/U+2019 quotes became ASCII."""
    golden = json.loads(path.read_text(encoding="utf-8"))
    text = str(golden["input"]).replace("\u2018", "'").replace("\u2019", "'")
    messages = explain(text).messages
    assert [(m.code, m.url, m.value, m.status) for m in messages] == [
        (golden["expected"]["code"], golden["expected"]["url"], golden["expected"]["value"],
         golden["expected"]["status"])
    ]
