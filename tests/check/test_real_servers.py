"""``check`` against real servers configured with real root causes.

Every check is also made from a page in real headless Chromium against the same running server
(``chromium_agreement.assert_same_as_chromium``): the verdict, corsError, failedParameter, console
line, the requests on the wire and the preflight's CORS headers must be equal.  The pinned
``corsError`` per case is what Chromium 156 recorded for the same wire behaviour
(reference/chromium-oracle.md §3; the scenario name is given per case), so a case also fails if
the server's behaviour drifts away from the root cause it stands for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import corsdoctor
from corsdoctor.engine import Severity
from corsdoctor.probe import CheckResult

from .chromium_agreement import assert_same_as_chromium
from .servers import NGINX, express_server, nginx_server, node_ready, uvicorn_server, wsgi_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def oracle() -> Iterator[Any]:
    from corsdoctor.browser import ChromiumNotFoundError, ChromiumOracle

    try:
        with ChromiumOracle(timeout_s=10.0) as running:
            yield running
    except ChromiumNotFoundError as exc:  # scripts/test.sh installs Debian's chromium
        pytest.fail(str(exc))


def chrome(result: CheckResult, index: int = 0):  # type: ignore[no-untyped-def]
    return result.results[index].outcome("chromium").verdict  # type: ignore[union-attr]


def codes(result: CheckResult) -> set[str]:
    return {f.finding.code for f in result.all_findings}


# --- Starlette CORSMiddleware ---------------------------------------------------------------------


def _starlette(**cors: object):  # type: ignore[no-untyped-def]
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def items(request: object) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/items", items, methods=["GET", "PUT"])],
        middleware=[Middleware(CORSMiddleware, **cors)],  # type: ignore[arg-type]
    )


def test_starlette_origin_not_in_allow_list(oracle: Any) -> None:
    # oracle: missing_acao -> MissingAllowOriginHeader
    with uvicorn_server(_starlette(allow_origins=["https://app.example.com"])) as base:
        result = corsdoctor.check(base + "/items", [PAGE, "https://app.example.com"])
        assert_same_as_chromium(oracle, result, index=0)
        assert_same_as_chromium(oracle, result, index=1)
    assert chrome(result).code == "CORS101" and chrome(result).chromium_error == "MissingAllowOriginHeader"
    assert chrome(result, 1).allowed
    assert any(layer.product.startswith("ASGI") for layer in result.layers)


def test_starlette_default_methods_reject_put(oracle: Any) -> None:
    # CORSMiddleware answers a disallowed method with 400 + ACAO; oracle: preflight 405 with ACAO
    # -> PreflightInvalidStatus
    with uvicorn_server(_starlette(allow_origins=[PAGE])) as base:
        result = corsdoctor.check(base + "/items", PAGE, method="PUT", data="x")
        assert_same_as_chromium(oracle, result)
    verdict = chrome(result)
    assert verdict.chromium_error == "PreflightInvalidStatus" and verdict.code == "CORS201"
    assert "CORS203" in codes(result)


def test_starlette_wildcard_with_credentials_reflects_any_origin(oracle: Any) -> None:
    # allow_origins=["*"] + allow_credentials: CorsMiddleware echoes whatever Origin arrives
    # (design.md's lint example), so the page is allowed and so is every other site (CORS701).
    app = _starlette(allow_origins=["*"], allow_credentials=True)
    with uvicorn_server(app) as base:
        result = corsdoctor.check(base + "/items", PAGE, credentials=True, cookie="sid=1")
        assert_same_as_chromium(oracle, result)
        # ... and Chromium on the attacker's page reads the response too (that is CORS701).
        attacker_page = corsdoctor.check(
            base + "/items", "https://corsdoctor-attacker.example", credentials=True, extra_checks=False
        )
        assert_same_as_chromium(oracle, attacker_page)
    assert not chrome(attacker_page).blocked
    assert chrome(result).allowed
    assert "CORS701" in codes(result) and result.exit_code() == 1
    attacker = next(s for s in result.steps if s.purpose == "any-origin")
    assert (
        "access-control-allow-origin",
        "https://corsdoctor-attacker.example",
    ) in attacker.record.response_headers


# --- Flask-CORS -------------------------------------------------------------------------------------


def _flask(**cors: object):  # type: ignore[no-untyped-def]
    from flask import Flask
    from flask_cors import CORS

    app = Flask("corsdoctor_test")

    @app.route("/items", methods=["GET", "PUT"])
    def items() -> str:
        return "ok"

    CORS(app, **cors)
    return app


def test_flask_cors_credentials_not_supported(oracle: Any) -> None:
    # oracle: acac_missing_with_credentials -> InvalidAllowCredentials
    with wsgi_server(_flask(origins=[PAGE])) as base:
        result = corsdoctor.check(base + "/items", PAGE, credentials=True)
        assert_same_as_chromium(oracle, result)
    assert chrome(result).code == "CORS106" and chrome(result).chromium_error == "InvalidAllowCredentials"
    assert any(layer.product.startswith("Flask") for layer in result.layers)


def test_flask_cors_header_not_allowed(oracle: Any) -> None:
    # oracle: preflight_missing_acah_custom_header -> HeaderDisallowedByPreflightResponse
    with wsgi_server(_flask(origins=[PAGE], allow_headers=["Content-Type"])) as base:
        result = corsdoctor.check(base + "/items", PAGE, headers=["X-Api-Key: k"])
        assert_same_as_chromium(oracle, result)
    verdict = chrome(result)
    assert (
        verdict.chromium_error == "HeaderDisallowedByPreflightResponse"
        and verdict.failed_parameter == "x-api-key"
    )


# --- django-cors-headers ----------------------------------------------------------------------------


def _django():  # type: ignore[no-untyped-def]
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="corsdoctor-test",
            ALLOWED_HOSTS=["127.0.0.1"],
            ROOT_URLCONF=__name__,
            INSTALLED_APPS=["corsheaders"],
            MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
            CORS_ALLOWED_ORIGINS=[PAGE],
        )
        import django

        django.setup()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def _items(request: object) -> object:
    from django.http import HttpResponse

    return HttpResponse("ok")


def __getattr__(name: str) -> object:  # ROOT_URLCONF = this module, resolved lazily
    if name == "urlpatterns":
        from django.urls import path

        return [path("items", _items)]
    raise AttributeError(name)


def test_django_cors_headers_custom_header_not_in_defaults(oracle: Any) -> None:
    # oracle: preflight_missing_acah_custom_header -> HeaderDisallowedByPreflightResponse
    with wsgi_server(_django()) as base:
        result = corsdoctor.check(base + "/items", PAGE, headers=["X-Api-Key: k"])
        ok = corsdoctor.check(base + "/items", PAGE, headers=["Content-Type: application/json"])
        assert_same_as_chromium(oracle, result)
        assert_same_as_chromium(oracle, ok)
    assert chrome(result).chromium_error == "HeaderDisallowedByPreflightResponse"
    assert chrome(result).code == "CORS204"
    assert chrome(ok).allowed


# --- nginx ------------------------------------------------------------------------------------------

_NGINX_LOCATIONS = """
location = /api {
    add_header Access-Control-Allow-Origin $http_origin;
    add_header Vary Origin;
    return 200 "ok\\n";
}
location = /missing {
    add_header Access-Control-Allow-Origin $http_origin;   # no 'always': not on 4xx/5xx
    return 404;
}
"""


@pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian nginx not installed")
def test_nginx_root_causes(oracle: Any) -> None:
    with nginx_server(_NGINX_LOCATIONS) as base:
        put = corsdoctor.check(base + "/api", PAGE, method="PUT", data="x")
        missing = corsdoctor.check(base + "/missing", PAGE)
        assert_same_as_chromium(oracle, put)
        assert_same_as_chromium(oracle, missing)
    # 'return 200' answers OPTIONS too, without Allow-Methods; oracle: preflight_method_not_allowed
    assert chrome(put).chromium_error == "MethodDisallowedByPreflightResponse"
    assert chrome(put).failed_parameter == "PUT"
    # add_header without 'always' skips the 404; oracle: status_500_no_acao -> MissingAllowOriginHeader
    assert chrome(missing).code == "CORS107" and chrome(missing).chromium_error == "MissingAllowOriginHeader"
    assert any(layer.product == "nginx" for layer in put.layers)


# --- Express + cors ---------------------------------------------------------------------------------


@pytest.mark.skipif(not node_ready(), reason="run 'npm ci' in tests/node first")
def test_express_cors_root_causes(oracle: Any) -> None:
    with express_server() as base:
        fixed = corsdoctor.check(base + "/fixed-origin", PAGE)
        reflect = corsdoctor.check(base + "/reflect", PAGE, credentials=True, cookie="sid=1")
        no_options = corsdoctor.check(base + "/no-options", PAGE, method="PUT", data="x")
        ok = corsdoctor.check(base + "/ok", PAGE, method="PUT", data="x")
        for result in (fixed, reflect, no_options, ok):
            assert_same_as_chromium(oracle, result)
    # oracle: acao_mismatch -> AllowOriginMismatch (failedParameter = the ACAO value)
    assert chrome(fixed).chromium_error == "AllowOriginMismatch"
    assert chrome(fixed).failed_parameter == "https://app.example.com"
    assert chrome(reflect).allowed and "CORS701" in codes(reflect) and reflect.exit_code() == 1
    # Express answers OPTIONS itself (200, Allow: PUT) without CORS headers;
    # oracle: preflight_405_no_cors_headers -> PreflightMissingAllowOriginHeader
    assert chrome(no_options).chromium_error == "PreflightMissingAllowOriginHeader"
    assert chrome(ok).allowed
    assert any(layer.product == "Express" for layer in fixed.layers)


_NGINX_REDIRECTS = """
location = /a {
    add_header Access-Control-Allow-Origin $http_origin always;
    add_header Access-Control-Allow-Methods PUT always;
    if ($request_method = OPTIONS) { return 204; }
    return 307 /b;
}
location = /b {
    add_header Access-Control-Allow-Origin $http_origin always;
    add_header Access-Control-Allow-Methods PUT always;
    if ($request_method = OPTIONS) { return 204; }
    return 200 "ok\\n";
}
location = /preflight-redirects {
    add_header Access-Control-Allow-Origin $http_origin always;
    return 301 /b;
}
"""


@pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian nginx not installed")
def test_nginx_redirects_followed_by_the_engine(oracle: Any) -> None:
    # oracle: preflight_ok_actual_redirect_307 (a second preflight for the new URL, then allowed)
    # and preflight_redirect_302 -> PreflightDisallowedRedirect
    with nginx_server(_NGINX_REDIRECTS) as base:
        followed = corsdoctor.check(base + "/a", PAGE, method="PUT", data="x", extra_checks=False)
        refused = corsdoctor.check(base + "/preflight-redirects", PAGE, method="PUT", data="x")
        assert_same_as_chromium(oracle, followed)
        assert_same_as_chromium(oracle, refused)
    assert chrome(followed).allowed
    assert [(s.purpose, s.hop, s.record.method) for s in followed.steps] == [
        ("preflight", 0, "OPTIONS"), ("actual", 0, "PUT"), ("preflight", 1, "OPTIONS"), ("actual", 1, "PUT"),
    ]
    assert chrome(refused).chromium_error == "PreflightDisallowedRedirect" and chrome(refused).code == "CORS202"


def _starlette_auth_outside_cors():  # type: ignore[no-untyped-def]
    """Auth middleware listed before CORSMiddleware (so it runs first): a request without the
    session cookie gets a 401 that CORSMiddleware never sees, i.e. without CORS headers."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def items(request: object) -> PlainTextResponse:
        return PlainTextResponse("ok")

    async def auth(request: Any, call_next: Any) -> Any:
        if "sid" not in request.cookies and request.method != "OPTIONS":
            return PlainTextResponse("login required", status_code=401)
        return await call_next(request)

    return Starlette(
        routes=[Route("/items", items)],
        middleware=[
            Middleware(BaseHTTPMiddleware, dispatch=auth),  # type: ignore[arg-type]
            Middleware(CORSMiddleware, allow_origins=[PAGE], allow_credentials=True),  # type: ignore[arg-type]
        ],
    )


def test_starlette_logged_out_401_without_cors_headers(oracle: Any) -> None:
    # The credentialed request works; the same URL without the cookie (a logged-out user) gets a
    # 401 without ACAO, which the page sees as a CORS error (oracle: status_500_no_acao ->
    # MissingAllowOriginHeader).  check finds it with its 'without credentials' probe.
    with uvicorn_server(_starlette_auth_outside_cors()) as base:
        result = corsdoctor.check(base + "/items", PAGE, credentials=True, cookie="sid=1")
        logged_out = corsdoctor.check(base + "/items", PAGE, extra_checks=False)
        assert_same_as_chromium(oracle, logged_out)
    assert chrome(result).allowed
    anonymous = next(s for s in result.steps if s.purpose == "without-credentials")
    assert anonymous.record.status == 401 and not anonymous.record.header("access-control-allow-origin")
    assert not any(n.lower() == "cookie" for n, _ in anonymous.record.request_headers)
    finding = next(f for f in result.all_findings if f.step == anonymous.index)
    assert finding.finding.code == "CORS107" and finding.finding.severity == "warning"
    assert result.exit_code() == 0 and result.exit_code(Severity.WARNING) == 1  # the page itself works
    assert chrome(logged_out).chromium_error == "MissingAllowOriginHeader"
