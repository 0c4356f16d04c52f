"""Real Chromium against the scripted server: the recorded outcomes of chromium-oracle.md §3.

Each case is a row of the reference's table (Chromium 156): the browser must report the same
``corsError``/``failedParameter``, the same console reason and the same requests on the wire.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest

from corsdoctor.browser import (
    Api,
    ChromiumOracle,
    Outcome,
    PageRequest,
    RequestKind,
    ScriptedResponse,
    ScriptedRoute,
    ScriptedServer,
    Stage,
)
from corsdoctor.browser._prediction import predict
from corsdoctor.browser._scenario import API2_HOST, API_HOST, PAGE_ORIGIN
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

PAGE = PAGE_ORIGIN
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
MISSING = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
PRE = "Response to preflight request doesn't pass access control check: "


def r(status: int, *headers: tuple[str, str]) -> ScriptedResponse:
    return ScriptedResponse(status=status, headers=headers, body=b"" if status in (204, 304) else b"ok")


@dataclass(frozen=True)
class Case:
    name: str
    routes: dict[str, ScriptedRoute]
    outcome: Outcome
    cors_error: str | None = None
    failed_parameter: str | None = None
    reason: str | None = None
    saw: tuple[str, ...] = ()
    request: dict[str, object] = field(default_factory=dict)
    stage: Stage | None = None


def one(resp: ScriptedResponse, pre: ScriptedResponse | None = None) -> dict[str, ScriptedRoute]:
    return {"0": ScriptedRoute(response=resp, preflight=pre)}


PUT = {"method": "PUT", "body": "x"}
CREDS = {"credentials": "include"}
CASES = [
    Case("ok_simple_get", one(r(200, (ACAO, PAGE))), Outcome.PASSED, saw=("GET 0",)),
    Case("ok_wildcard_get", one(r(200, (ACAO, "*"))), Outcome.PASSED, saw=("GET 0",)),
    Case("missing_acao", one(r(200)), Outcome.BLOCKED, "MissingAllowOriginHeader", "", MISSING, ("GET 0",)),
    Case(
        "acao_case_mismatch",
        one(r(200, (ACAO, "HTTP://APP.CORSDOCTOR.TEST:8000"))),
        Outcome.BLOCKED,
        "AllowOriginMismatch",
        "HTTP://APP.CORSDOCTOR.TEST:8000",
        "The 'Access-Control-Allow-Origin' header has a value 'HTTP://APP.CORSDOCTOR.TEST:8000' that is not "
        "equal to the supplied origin. Have the server send the header with a valid value.",
        ("GET 0",),
    ),
    Case(
        "acao_invalid_value",
        one(r(200, (ACAO, "not a url"))),
        Outcome.BLOCKED,
        "MultipleAllowOriginValues",
        "not a url",
        None,
        ("GET 0",),
    ),
    Case(
        "acao_invalid_single_token",
        one(r(200, (ACAO, "foo"))),
        Outcome.BLOCKED,
        "InvalidAllowOriginValue",
        "foo",
        "The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'. Have the server send the "
        "header with a valid value.",
        ("GET 0",),
    ),
    Case(
        "acao_multiple_header_lines",
        one(r(200, (ACAO, PAGE), (ACAO, PAGE))),
        Outcome.BLOCKED,
        "MultipleAllowOriginValues",
        f"{PAGE}, {PAGE}",
        None,
        ("GET 0",),
    ),
    Case(
        "acao_wildcard_with_credentials",
        one(r(200, (ACAO, "*"), (ACAC, "true"))),
        Outcome.BLOCKED,
        "WildcardOriginNotAllowed",
        "",
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' "
        "when the request's credentials mode is 'include'.",
        ("GET 0",),
        CREDS,
    ),
    Case(
        "acac_wrong_value_with_credentials",
        one(r(200, (ACAO, PAGE), (ACAC, "TRUE"))),
        Outcome.BLOCKED,
        "InvalidAllowCredentials",
        "TRUE",
        "The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be "
        "'true' when the request's credentials mode is 'include'.",
        ("GET 0",),
        CREDS,
    ),
    Case(
        "ok_credentials",
        one(r(200, (ACAO, PAGE), (ACAC, "true"))),
        Outcome.PASSED,
        saw=("GET 0",),
        request=CREDS,
    ),
    Case(
        "status_500_no_acao",
        one(r(500)),
        Outcome.BLOCKED,
        "MissingAllowOriginHeader",
        "",
        MISSING,
        ("GET 0",),
    ),
    Case(
        "redirect_without_acao_on_3xx",
        {
            "0": ScriptedRoute(response=r(302, ("Location", "/s/{SID}/1"))),
            "1": ScriptedRoute(response=r(200, (ACAO, PAGE))),
        },
        Outcome.BLOCKED,
        "MissingAllowOriginHeader",
        "",
        MISSING,
        ("GET 0",),
    ),
    Case(
        "redirect_cross_origin_tainted_origin",
        {
            "0": ScriptedRoute(response=r(302, (ACAO, PAGE), ("Location", "{API2}/s/{SID}/1"))),
            "1": ScriptedRoute(response=r(200, (ACAO, PAGE))),
        },
        Outcome.BLOCKED,
        "AllowOriginMismatch",
        PAGE,
        None,
        ("GET 0", "GET 1"),
    ),
    Case(
        "redirect_cross_origin_acao_null",
        {
            "0": ScriptedRoute(response=r(302, (ACAO, PAGE), ("Location", "{API2}/s/{SID}/1"))),
            "1": ScriptedRoute(response=r(200, (ACAO, "null"))),
        },
        Outcome.PASSED,
        saw=("GET 0", "GET 1"),
    ),
    Case(
        "ok_preflight_put",
        one(r(200, (ACAO, PAGE)), r(204, (ACAO, PAGE), (ACAM, "PUT"))),
        Outcome.PASSED,
        saw=("OPTIONS 0", "PUT 0"),
        request=PUT,
    ),
    Case(
        "preflight_405_no_cors_headers",
        one(r(200, (ACAO, PAGE)), r(405)),
        Outcome.BLOCKED,
        "PreflightMissingAllowOriginHeader",
        "",
        PRE + MISSING,
        ("OPTIONS 0",),
        PUT,
    ),
    Case(
        "preflight_405_with_acao",
        one(r(200, (ACAO, PAGE)), r(405, (ACAO, PAGE))),
        Outcome.BLOCKED,
        "PreflightInvalidStatus",
        "",
        PRE + "It does not have HTTP ok status.",
        ("OPTIONS 0",),
        PUT,
    ),
    Case(
        "preflight_missing_acah",
        one(r(200, (ACAO, PAGE)), r(204, (ACAO, PAGE))),
        Outcome.BLOCKED,
        "HeaderDisallowedByPreflightResponse",
        "x-auth-token",
        "Request header field x-auth-token is not allowed by Access-Control-Allow-Headers in preflight response.",
        ("OPTIONS 0",),
        {"headers": (("X-Auth-Token", "abc"),)},
    ),
    Case(
        "method_not_allowed",
        one(r(200, (ACAO, PAGE)), r(204, (ACAO, PAGE), (ACAM, "GET"))),
        Outcome.BLOCKED,
        "MethodDisallowedByPreflightResponse",
        "PUT",
        "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
        ("OPTIONS 0",),
        PUT,
    ),
    Case(
        "acam_lowercase_patch",
        one(r(200, (ACAO, PAGE)), r(204, (ACAO, PAGE), (ACAM, "PATCH"))),
        Outcome.BLOCKED,
        "MethodDisallowedByPreflightResponse",
        "patch",
        None,
        ("OPTIONS 0",),
        {"method": "patch", "body": "x"},
    ),
    Case(
        "preflight_redirect",
        one(r(200, (ACAO, PAGE)), r(302, (ACAO, PAGE), ("Location", "/elsewhere"))),
        Outcome.BLOCKED,
        "PreflightDisallowedRedirect",
        "",
        PRE + "Redirect is not allowed for a preflight request.",
        ("OPTIONS 0",),
        PUT,
    ),
    Case(
        "authorization_covered_by_wildcard",
        one(r(200, (ACAO, PAGE)), r(204, (ACAO, PAGE), (ACAH, "*"))),
        Outcome.PASSED,
        saw=("OPTIONS 0", "GET 0"),
        request={"headers": (("Authorization", "Bearer t"),)},
    ),
    Case(
        "preflight_ok_actual_redirect_307_cross_origin",
        {
            "0": ScriptedRoute(
                preflight=r(204, (ACAO, PAGE), (ACAM, "PUT")),
                response=r(307, (ACAO, PAGE), ("Location", "{API2}/s/{SID}/1")),
            ),
            "1": ScriptedRoute(preflight=r(204, (ACAO, "*"), (ACAM, "PUT")), response=r(200, (ACAO, "*"))),
        },
        Outcome.PASSED,
        saw=("OPTIONS 0", "PUT 0", "OPTIONS 1", "PUT 1"),
        request=PUT,
    ),
    Case("no_cors_missing_acao", one(r(200)), Outcome.PASSED, saw=("GET 0",), request={"mode": "no-cors"}),
    Case(
        "same_origin_mode",
        one(r(200, (ACAO, PAGE))),
        Outcome.REJECTED,
        request={"mode": "same-origin"},
        stage=Stage.REQUEST,
    ),
    Case(
        "redirect_mode_error",
        {
            "0": ScriptedRoute(response=r(302, (ACAO, PAGE), ("Location", "/s/{SID}/1"))),
            "1": ScriptedRoute(response=r(200, (ACAO, PAGE))),
        },
        Outcome.NETWORK_ERROR,
        saw=("GET 0",),
        request={"redirect": "error"},
        stage=Stage.ACTUAL,
    ),
]


def _fill(routes: dict[str, ScriptedRoute], sid: str, api2: str) -> dict[str, ScriptedRoute]:
    def fill(resp: ScriptedResponse | None) -> ScriptedResponse | None:
        if resp is None:
            return None
        headers = tuple((n, v.replace("{SID}", sid).replace("{API2}", api2)) for n, v in resp.headers)
        return ScriptedResponse(status=resp.status, headers=headers, body=resp.body)

    out = {}
    for leaf, route in routes.items():
        response = fill(route.response)
        assert response is not None
        out[leaf] = ScriptedRoute(response=response, preflight=fill(route.preflight))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_recorded_outcome(case: Case, oracle: ChromiumOracle, server: ScriptedServer) -> None:
    sid = f"t{case.name.replace('_', '')[:40]}"
    api = f"http://{API_HOST}:{server.port}"
    server.script(sid, _fill(case.routes, sid, f"http://{API2_HOST}:{server.port}"))
    request = PageRequest(url=f"{api}/s/{sid}/0", origin=PAGE, **case.request)  # type: ignore[arg-type]
    obs = oracle.run(request)
    saw = tuple(f"{e.method} {e.path.rsplit('/', 1)[-1]}" for e in server.log(sid))

    assert obs.outcome is case.outcome, obs.to_json()
    assert obs.cors_error == case.cors_error
    assert obs.failed_parameter == case.failed_parameter
    assert saw == case.saw
    assert obs.blocked is (case.outcome is not Outcome.PASSED)
    sent = tuple(f"{e.method} {e.url.rsplit('/', 1)[-1]}" for e in obs.exchanges if e.sent)
    assert sent == case.saw, "the DevTools request list agrees with the server log"
    if case.stage is not None:
        assert obs.stage is case.stage
    elif case.cors_error is not None:
        expected = Stage.PREFLIGHT if saw[-1].startswith("OPTIONS") else Stage.ACTUAL
        assert obs.stage is expected
    if case.outcome is Outcome.BLOCKED:
        assert obs.cors_message is not None
        final = obs.main_hops[-1].url
        assert obs.cors_message.startswith(f"Access to fetch at '{final}' ")
        if len(obs.main_hops) > 1:
            assert f"(redirected from '{api}/s/{sid}/0') " in obs.cors_message
        assert f"from origin '{PAGE}' has been blocked by CORS policy: " in obs.cors_message
        if case.reason is not None:
            assert obs.cors_message.endswith(": " + case.reason)
        assert "Failed to load resource: net::ERR_FAILED" in obs.console
    elif case.outcome is Outcome.REJECTED:
        assert obs.exchanges == () and obs.failed_hop is None
        assert obs.cors_message is not None and obs.cors_message.startswith("Fetch API cannot load ")
    else:
        assert obs.cors_message is None


def test_details_of_a_passing_cross_origin_redirect(oracle: ChromiumOracle, server: ScriptedServer) -> None:
    api, api2 = f"http://{API_HOST}:{server.port}", f"http://{API2_HOST}:{server.port}"
    server.script(
        "detail",
        {
            "0": ScriptedRoute(
                preflight=r(204, (ACAO, PAGE), (ACAM, "PUT"), (ACAH, "x-b, X-A")),
                response=r(307, (ACAO, PAGE), ("Location", f"{api2}/s/detail/1")),
            ),
            "1": ScriptedRoute(
                preflight=r(204, (ACAO, "*"), (ACAM, "PUT"), (ACAH, "*")),
                response=r(
                    200,
                    (ACAO, "null"),
                    ("X-Secret", "1"),
                    ("X-Shown", "2"),
                    ("Access-Control-Expose-Headers", "x-shown"),
                ),
            ),
        },
    )
    obs = oracle.run(
        PageRequest(
            url=f"{api}/s/detail/0", origin=PAGE, method="PUT", body="x", headers=(("X-B", "1"), ("X-A", "2"))
        )
    )
    assert obs.outcome is Outcome.PASSED and obs.stage is Stage.NONE and obs.status == 200
    assert obs.response_type == "cors"
    assert obs.acrh == "x-a,x-b"
    assert obs.preflight_origin_header == PAGE
    assert obs.final_origin_header == "null"
    assert "x-shown" in obs.exposed_headers and "x-secret" not in obs.exposed_headers
    kinds = [(e.kind, e.hop) for e in obs.exchanges]
    assert kinds == [
        (RequestKind.PREFLIGHT, 0),
        (RequestKind.MAIN, 0),
        (RequestKind.PREFLIGHT, 1),
        (RequestKind.MAIN, 1),
    ]
    assert obs.exchanges[1].response is not None and obs.exchanges[1].response.status == 307
    assert obs.browser_version.startswith(("1", "2"))


def test_xhr_wording(oracle: ChromiumOracle, server: ScriptedServer) -> None:
    server.script("xhr", one(r(200, (ACAO, "foo"))))
    url = f"http://{API_HOST}:{server.port}/s/xhr/0"
    obs = oracle.run(PageRequest(url=url, origin=PAGE, api=Api.XHR))
    assert obs.cors_error == "InvalidAllowOriginValue"
    assert obs.cors_message == (
        f"Access to XMLHttpRequest at '{url}' from origin '{PAGE}' has been blocked by CORS policy: "
        "The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'."
    )


def test_https_page_origin_is_a_secure_context(oracle: ChromiumOracle, server: ScriptedServer) -> None:
    server.script("https", one(r(200, (ACAO, "https://app.example.com"))))
    request = PageRequest(url=f"http://{API_HOST}:{server.port}/s/https/0", origin="https://app.example.com")
    obs = oracle.run(request)
    # Mixed content: an https page may not fetch http; Chromium blocks it before any CORS check.
    assert obs.outcome is Outcome.REJECTED and obs.stage is Stage.REQUEST and obs.failed_hop is None
    assert obs.blocked_reason == "mixed-content"
    assert obs.cors_message is None and obs.console[0].startswith("Mixed Content: The page at ")
    assert server.log("https") == ()
    assert [e.sent for e in obs.exchanges] == [False]
    assert predict(request, obs).disagreements == ()


def test_opaque_origin_null_from_a_sandboxed_frame(oracle: ChromiumOracle, server: ScriptedServer) -> None:
    server.script(
        "opaque", {"0": one(r(200, (ACAO, "null"), (ACAC, "true")))["0"], "1": one(r(200, (ACAO, "*")))["0"]}
    )
    base = f"http://{API_HOST}:{server.port}/s/opaque"
    ok = PageRequest(url=f"{base}/0", origin="null", credentials="include")
    obs = oracle.run(ok)
    assert obs.outcome is Outcome.PASSED, obs.to_json()
    assert [e.header("Origin") for e in server.log("opaque")] == ["null"]
    assert predict(ok, obs).disagreements == ()

    blocked = PageRequest(url=f"{base}/1", origin="null", credentials="include", api=Api.XHR)
    obs = oracle.run(blocked)
    assert obs.cors_error == "WildcardOriginNotAllowed"
    assert obs.cors_message is not None
    assert obs.cors_message.startswith(
        f"Access to XMLHttpRequest at '{base}/1' from origin 'null' has been blocked"
    )
    assert predict(blocked, obs).disagreements == ()

    # Back to a tuple origin in the same page.
    server.script("opaque2", one(r(200, (ACAO, PAGE))))
    obs = oracle.run(PageRequest(url=f"http://{API_HOST}:{server.port}/s/opaque2/0", origin=PAGE))
    assert obs.outcome is Outcome.PASSED
    assert server.log("opaque2")[0].header("Origin") == PAGE


def test_manual_redirect_ends_at_the_3xx_and_the_engine_agrees(
    oracle: ChromiumOracle, server: ScriptedServer
) -> None:
    api = f"http://{API_HOST}:{server.port}"
    server.script(
        "manual",
        {
            "0": ScriptedRoute(response=r(302, (ACAO, PAGE), ("Location", f"{api}/s/manual/1"))),
            "1": ScriptedRoute(response=r(200, (ACAO, PAGE))),
        },
    )
    request = PageRequest(url=f"{api}/s/manual/0", origin=PAGE, redirect="manual")
    obs = oracle.run(request)
    assert obs.outcome is Outcome.PASSED and obs.response_type == "opaqueredirect" and obs.status == 0
    assert [(e.hop, e.sent) for e in obs.exchanges] == [(0, True)]
    assert [e.path.rsplit("/", 1)[-1] for e in server.log("manual")] == ["0"]
    assert obs.final_origin_header == PAGE
    prediction = predict(request, obs)
    assert prediction.divergence is None and prediction.disagreements == ()
    assert (
        next(f for f in prediction.fields if f.field == "blocked").chromium is True
    )  # script cannot read it


def test_refused_connection_is_a_network_error_both_sides(oracle: ChromiumOracle) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    request = PageRequest(url=f"http://127.0.0.1:{port}/", origin=PAGE)
    obs = oracle.run(request)
    assert obs.outcome is Outcome.NETWORK_ERROR and obs.error_text == "net::ERR_CONNECTION_REFUSED"
    assert [(e.hop, e.sent) for e in obs.exchanges] == [(0, False)]
    prediction = predict(request, obs)
    assert prediction.divergence is None and prediction.disagreements == ()
    assert "final_origin_header" not in {f.field for f in prediction.fields}  # never on the wire
