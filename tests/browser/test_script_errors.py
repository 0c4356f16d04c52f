"""What the page's script catches, engine vs. real Chromium: the exact TypeError / DOMException text
fetch() and XMLHttpRequest throw before anything is sent (request construction), and fetch()'s
rejection after a network failure (``Verdict.script_error``)."""

from __future__ import annotations

import pytest

from corsdoctor.browser import ChromiumOracle
from corsdoctor.browser._request import Api as BrowserApi
from corsdoctor.browser._request import PageRequest as BrowserRequest
from corsdoctor.engine import Api, Mode, PageRequest, RedirectMode, Transaction
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

PAGE = "http://app.corsdoctor.test:8000"
#: Nothing listens on port 9 of the loopback: a request that is sent fails to connect.
API = "http://api.corsdoctor.test:9/r"

CASES = {
    "credentials-in-url": {"url": "http://user:pw@api.corsdoctor.test:9/r"},
    "invalid-method": {"method": "GE T"},
    "forbidden-method": {"method": "TRACE"},
    "forbidden-method-lower-case": {"method": "connect"},
    "body-with-get": {"method": "GET", "body": "x"},
    "invalid-header-name": {"headers": (("X Y", "1"),)},
    "invalid-header-value": {"headers": (("X-Y", "a\r\nb"),)},
    "non-latin1-value": {"headers": (("X-Y", "caf\u00e9\u20ac"),)},
    "no-cors-put": {"method": "PUT", "mode": "no-cors"},
    # Two problems at once: the order in which the browser throws.
    "credentials-and-bad-method": {"url": "http://user:pw@api.corsdoctor.test:9/r", "method": "GE T"},
    "bad-method-and-bad-header": {"method": "GE T", "headers": (("X Y", "1"),)},
    "non-latin1-after-bad-name": {"headers": (("X Y", "1"), ("X-Z", "\u20ac"))},
    "network-failure": {},
}


def _engine(api: Api, case: dict[str, object]) -> str:
    request = PageRequest(
        url=str(case.get("url", API)),
        origin=PAGE,
        method=str(case.get("method", "GET")),
        headers=case.get("headers", ()),  # type: ignore[arg-type]
        has_body="body" in case,
        mode=Mode(str(case.get("mode", "cors"))),
        redirect=RedirectMode.FOLLOW,
        api=api,
    )
    verdict = Transaction(request, profile="chromium").run(lambda wire: "net::ERR_CONNECTION_REFUSED")
    return verdict.script_error("chromium")


def _applies(api: Api, case: dict[str, object]) -> bool:
    """XMLHttpRequest has no request mode, send() ignores a GET body and open() keeps userinfo."""
    return api is Api.FETCH or not ("mode" in case or "body" in case or "url" in case)


@pytest.mark.parametrize(
    ("api", "name"),
    [(api, name) for api in (Api.FETCH, Api.XHR) for name, case in CASES.items() if _applies(api, case)],
)
def test_script_error_matches_chromium(oracle: ChromiumOracle, api: Api, name: str) -> None:
    case = CASES[name]
    observed = oracle.run(
        BrowserRequest(
            url=str(case.get("url", API)),
            origin=PAGE,
            method=str(case.get("method", "GET")),
            headers=case.get("headers", ()),  # type: ignore[arg-type]
            body=case.get("body"),  # type: ignore[arg-type]
            mode=str(case.get("mode", "cors")),
            api=BrowserApi(api.value),
        ),
        timeout_s=3.0,
    )
    expected = _engine(api, case)
    if api is Api.XHR and name == "network-failure":
        # The page script reports XHR's error event with its own words; the engine describes it.
        assert observed.js_error == "NetworkError: XMLHttpRequest failed" and "'error'" in expected
        return
    assert observed.js_error == expected
