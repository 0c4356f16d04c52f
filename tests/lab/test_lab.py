"""Every lab endpoint, checked through the real prober over loopback, decides as declared.

The declared codes follow the Chromium outcomes recorded in chromium-oracle.md §3; the verdict is
the engine's, fed with the lab's real responses.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from corsdoctor.api import build_request
from corsdoctor.lab import ENDPOINTS, PAGE, Endpoint, Lab, check_args, check_command, run_demo
from corsdoctor.probe import ProbeOptions, run_check

LISTED = [e for e in ENDPOINTS if e.listed]

#: chromium-oracle.md §3: corsError per root cause (the lab's version of each recorded scenario).
ORACLE_CORS_ERROR = {
    "/missing-acao": "MissingAllowOriginHeader",  # missing_acao
    "/acao-mismatch": "AllowOriginMismatch",  # acao_mismatch
    "/acao-trailing-slash": "AllowOriginMismatch",  # acao_trailing_slash
    "/wildcard-credentials": "WildcardOriginNotAllowed",  # acao_wildcard_with_credentials
    "/acac-missing": "InvalidAllowCredentials",  # acac_missing_with_credentials
    "/duplicate-acao": "MultipleAllowOriginValues",  # acao_multiple_header_lines
    "/options-404": "PreflightMissingAllowOriginHeader",  # preflight_405_no_cors_headers
    "/options-405": "PreflightInvalidStatus",  # "preflight 405 with ACAO"
    "/method-not-allowed": "MethodDisallowedByPreflightResponse",  # preflight_method_not_allowed
    "/header-not-allowed": "HeaderDisallowedByPreflightResponse",  # preflight_missing_acah_custom_header
    "/preflight-redirect": "PreflightDisallowedRedirect",  # preflight_redirect_302
    "/redirect-without-acao": "MissingAllowOriginHeader",  # redirect_without_acao_on_3xx
    "/tainted-redirect": "AllowOriginMismatch",  # redirect_cross_origin_tainted_origin
    "/error-500": "MissingAllowOriginHeader",  # status_500_no_acao
}


def _check(lab: Lab, endpoint: Endpoint, browsers: tuple[str, ...] = ("chromium",)):  # type: ignore[no-untyped-def]
    request = build_request(
        lab.url(endpoint), endpoint.probe.origins, browsers=browsers, **check_args(endpoint)
    )  # type: ignore[arg-type]
    return asyncio.run(run_check(request, ProbeOptions(timeout=5)))


@pytest.mark.parametrize("endpoint", LISTED, ids=[e.path for e in LISTED])
def test_endpoint_behaves_as_declared(lab: Lab, endpoint: Endpoint) -> None:
    result = _check(lab, endpoint)
    codes = [o.outcome("chromium").verdict.code for o in result.results]  # type: ignore[union-attr]
    blocking = next((c for c in codes if c is not None), None)
    assert blocking == endpoint.expect
    found = {f.finding.code for f in result.all_findings}
    assert set(endpoint.findings) <= found
    expected_error = ORACLE_CORS_ERROR.get(endpoint.path)
    if expected_error is not None:
        verdict = next(o.outcome("chromium").verdict for o in result.results if o.blocked)  # type: ignore[union-attr]
        assert verdict.chromium_error == expected_error
    if endpoint.control:
        assert result.exit_code() == 0
        assert not [f for f in result.all_findings if f.severity.label in ("error", "security")]


def test_controls_and_blocks_both_exist() -> None:
    assert any(e.control for e in LISTED) and any(e.expect for e in LISTED)
    assert len({e.path for e in ENDPOINTS}) == len(ENDPOINTS)


def test_duplicate_acao_lines_survive_raw(lab: Lab) -> None:
    endpoint = next(e for e in ENDPOINTS if e.path == "/duplicate-acao")
    result = _check(lab, endpoint)
    actual = next(s for s in result.steps if s.purpose == "actual")
    lines = [(n, v) for n, v in actual.record.response_headers if n.lower() == "access-control-allow-origin"]
    assert lines == [("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Origin", PAGE)]
    assert any(layer.product == "a proxy (Via)" for layer in result.layers)


def test_wire_requests_look_like_a_browser(lab: Lab) -> None:
    endpoint = next(e for e in ENDPOINTS if e.path == "/ok/preflight")
    result = _check(lab, endpoint, ("chromium", "firefox", "webkit"))
    preflights = [s for s in result.steps if s.purpose == "preflight"]
    assert len(preflights) == 1, "identical preflights of three browsers go out once"
    assert set(preflights[0].browsers) == {"chromium", "firefox", "webkit"}
    sent = dict(preflights[0].record.request_headers)
    assert sent["Access-Control-Request-Method"] == "PUT"
    assert sent["Access-Control-Request-Headers"] == "x-api-key"
    assert sent["Origin"] == PAGE and sent["Accept"] == "*/*"
    assert sent["Sec-Fetch-Mode"] == "cors" and "Chrome/" in sent["User-Agent"]
    assert "Cookie" not in sent
    actual = next(s for s in result.steps if s.purpose == "actual")
    assert actual.record.method == "PUT" and actual.record.body_bytes == 1
    assert dict(actual.record.request_headers)["Content-Type"] == "text/plain;charset=UTF-8"


def test_cookie_only_on_credentialed_actual_request(lab: Lab) -> None:
    endpoint = next(e for e in ENDPOINTS if e.path == "/ok/credentials")
    request = build_request(lab.url(endpoint), [PAGE], credentials=True, cookie="sid=1")
    result = asyncio.run(run_check(request, ProbeOptions(timeout=5)))
    cookies = {s.purpose: dict(s.record.request_headers).get("Cookie") for s in result.steps}
    assert cookies["actual"] == "sid=1"
    assert cookies["without-credentials"] is None
    assert cookies["any-origin"] == "sid=1"  # the attacker's page would send the user's cookie too


def test_preflight_never_carries_cookies(lab: Lab) -> None:
    endpoint = next(e for e in ENDPOINTS if e.path == "/ok/preflight")
    request = build_request(lab.url(endpoint), [PAGE], method="PUT", data="x", headers=["X-Api-Key: k"],
                            credentials=True, cookie="sid=1")  # fmt: skip
    result = asyncio.run(run_check(request, ProbeOptions(timeout=5)))
    assert [
        dict(s.record.request_headers).get("Cookie") for s in result.steps if s.record.method == "OPTIONS"
    ]
    assert all(
        "Cookie" not in dict(s.record.request_headers) for s in result.steps if s.record.method == "OPTIONS"
    )


def test_check_command_reproduces_probe(lab: Lab) -> None:
    endpoint = next(e for e in ENDPOINTS if e.path == "/options-401")
    command = check_command(endpoint, lab.url(endpoint))
    assert command.startswith("corsdoctor check http://127.0.0.1:")
    assert "-H 'Authorization: Bearer t'" in command


def test_lab_serves_over_plain_http(lab: Lab) -> None:
    response = httpx.options(
        lab.urls["app"] + "/ok/preflight", headers={"Origin": PAGE, "Access-Control-Request-Method": "PUT"}
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == PAGE
    assert httpx.get(lab.urls["app"] + "/nope").status_code == 404


def test_demo_runs_every_listed_endpoint() -> None:
    async def go() -> list[bool]:
        async with Lab() as lab:
            return [row.as_declared for row in await run_demo(lab)]

    results = asyncio.run(go())
    assert len(results) == len(LISTED) and all(results)
