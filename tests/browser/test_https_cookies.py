"""https pages and https targets, and credentialed cross-site requests that really carry cookies.

Facts from chromium-oracle.md §4 (Chromium 156): a self-signed certificate is accepted with
``--ignore-certificate-errors``; ``*.example.test`` and ``api.cross.test`` are different sites,
so a cookie only goes along when third-party cookies are allowed in the profile and the cookie is
``SameSite=None; Secure`` (over https).  The server log is the ground truth for what was sent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.browser import (
    Api,
    ChromiumOracle,
    Outcome,
    PageRequest,
    ScriptedResponse,
    ScriptedRoute,
    ScriptedServer,
)
from corsdoctor.browser._prediction import predict
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

PAGE = "https://app.example.test"
CROSS = "api.cross.test"
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"


@pytest.fixture(scope="module")
def tls_server() -> Iterator[ScriptedServer]:
    with ScriptedServer(tls=True, cert_hosts=(CROSS,)) as srv:
        yield srv


@pytest.fixture(scope="module")
def cross_oracle() -> Iterator[ChromiumOracle]:
    with ChromiumOracle(hosts={CROSS: "127.0.0.1"}, timeout_s=5.0) as o:
        yield o


def _credentialed(server: ScriptedServer, sid: str) -> str:
    server.script(
        sid,
        {"0": ScriptedRoute(response=ScriptedResponse(status=200, headers=((ACAO, PAGE), (ACAC, "true"))))},
    )
    return f"https://{CROSS}:{server.port}/s/{sid}/0"


@pytest.mark.parametrize("api", [Api.FETCH, Api.XHR])
def test_cross_site_credentialed_https_request_carries_the_cookie(
    api: Api, cross_oracle: ChromiumOracle, tls_server: ScriptedServer
) -> None:
    sid = f"ck{api.value}"
    url = _credentialed(tls_server, sid)
    request = PageRequest(url=url, origin=PAGE, credentials="include", api=api, cookies=(("sid", "s3cret"),))
    obs = cross_oracle.run(request)

    assert obs.outcome is Outcome.PASSED, obs.to_json()
    (seen,) = tls_server.log(sid)
    assert seen.header("Cookie") == "sid=s3cret"
    assert seen.header("Sec-Fetch-Site") == "cross-site"
    assert obs.main_hops[0].cookies_sent == ("sid",)
    assert obs.main_hops[0].cookies_blocked == ()
    # Cookie values never appear in the JSON form.
    assert "s3cret" not in str(obs.to_json())
    assert predict(request, obs).disagreements == ()


def test_cookies_stay_home_without_credentials_and_do_not_leak_into_the_next_request(
    cross_oracle: ChromiumOracle, tls_server: ScriptedServer
) -> None:
    url = _credentialed(tls_server, "cknocreds")
    obs = cross_oracle.run(PageRequest(url=url, origin=PAGE, cookies=(("sid", "1"),)))
    assert obs.outcome is Outcome.PASSED
    assert tls_server.log("cknocreds")[0].header("Cookie") is None

    # The next request without cookies finds an empty profile.
    url = _credentialed(tls_server, "ckempty")
    cross_oracle.run(PageRequest(url=url, origin=PAGE, credentials="include"))
    assert tls_server.log("ckempty")[0].header("Cookie") is None


def test_http_cookie_is_refused_cross_site_with_chromiums_reason(cross_oracle: ChromiumOracle) -> None:
    with ScriptedServer() as server:
        server.script(
            "ckhttp",
            {
                "0": ScriptedRoute(
                    response=ScriptedResponse(
                        status=200, headers=((ACAO, "http://app.example.test"), (ACAC, "true"))
                    )
                )
            },
        )
        url = f"http://{CROSS}:{server.port}/s/ckhttp/0"
        obs = cross_oracle.run(
            PageRequest(
                url=url, origin="http://app.example.test", credentials="include", cookies=(("a", "1"),)
            )
        )
        assert obs.outcome is Outcome.PASSED
        assert server.log("ckhttp")[0].header("Cookie") is None
    assert obs.main_hops[0].cookies_sent == ()
    assert obs.main_hops[0].cookies_blocked == (("a", "SchemefulSameSiteUnspecifiedTreatedAsLax"),)


def test_https_page_to_https_target_verdicts_match_http(
    cross_oracle: ChromiumOracle, tls_server: ScriptedServer
) -> None:
    tls_server.script(
        "tlsmiss",
        {
            "0": ScriptedRoute(
                preflight=ScriptedResponse(status=204, headers=((ACAO, PAGE),)),
                response=ScriptedResponse(status=200, headers=((ACAO, PAGE),)),
            )
        },
    )
    url = f"https://127.0.0.1:{tls_server.port}/s/tlsmiss/0"
    request = PageRequest(url=url, origin=PAGE, method="PUT", body="x")
    obs = cross_oracle.run(request)
    assert obs.outcome is Outcome.BLOCKED
    assert obs.cors_error == "MethodDisallowedByPreflightResponse"
    assert obs.failed_parameter == "PUT"
    assert obs.cors_message == (
        f"Access to fetch at '{url}' from origin '{PAGE}' has been blocked by CORS policy: "
        "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
    )
    assert [e.method for e in tls_server.log("tlsmiss")] == ["OPTIONS"]
    assert predict(request, obs).disagreements == ()
