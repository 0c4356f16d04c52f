"""Runtime confirmation: the lint finding predicts what the browser engine decides against the
real server running the fixture's own configuration on 127.0.0.1.

Each case names the fixture, the lint code(s) reported there, the request a page would make, and
the Chromium CorsError (or "allowed" for security smells, where the attacker's read succeeds) that
``corsdoctor.check`` — the engine-backed prober — then reports against the live server.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import corsdoctor
from corsdoctor.lint.runner import lint_paths
from tests.lint import servers

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
APP = "https://app.example.com"
ATTACKER = "https://attacker.example"


def _lint_codes(path: Path) -> set[str]:
    return {f.code for f in lint_paths([str(path)], jobs=1).findings}


def _verdict(url: str, origin: str = APP, **kwargs: Any) -> Any:
    result = corsdoctor.check(url, origin=origin, extra_checks=False, timeout=5.0, **kwargs)
    outcome = result.results[0].outcome("chromium")
    assert outcome is not None
    return outcome.verdict


NGINX_CASES = [
    # fixture, path, lint code predicted, request kwargs, origin, expected Chromium CorsError (None = allowed)
    ("if_preflight.conf", "/broken", "CORS801", {"method": "PUT"}, APP, "PreflightMissingAllowOriginHeader"),
    ("if_preflight.conf", "/inherits", None, {"method": "PUT"}, APP, None),
    ("always.conf", "/no-always", "CORS803", {}, APP, "MissingAllowOriginHeader"),
    ("always.conf", "/always", None, {}, APP, None),
    ("always.conf", "/preflight-204", None, {"method": "PUT"}, APP, None),
    ("wildcard_credentials.conf", "/", "CORS105", {"credentials": True}, APP, "WildcardOriginNotAllowed"),
    ("multiple.conf", "/two-lines", "CORS103", {}, APP, "MultipleAllowOriginValues"),
    ("multiple.conf", "/list", "CORS103", {}, APP, "MultipleAllowOriginValues"),
    ("inheritance.conf", "/api/", "CORS802", {}, APP, "MissingAllowOriginHeader"),
    ("origin_values.conf", "/slash", "CORS109", {}, APP, "AllowOriginMismatch"),
    ("reflect.conf", "/reflect", "CORS701", {"credentials": True}, ATTACKER, None),
    ("reflect.conf", "/allowlist", None, {"credentials": True}, ATTACKER, "MissingAllowOriginHeader"),
    ("regex.conf", "/", "CORS703", {"credentials": False}, "https://example.com.attacker.example", None),
    # auth_basic answers the preflight 401; with 'always' the 401 carries ACAO, so Chrome names the status.
    ("auth.conf", "/private", "CORS209", {"method": "PUT"}, APP, "PreflightInvalidStatus"),
    ("auth.conf", "/private-return", None, {"method": "PUT"}, APP, None),
]


@pytest.mark.skipif(not os.path.exists(servers.NGINX), reason="nginx not installed")
@pytest.mark.parametrize(("fixture", "path", "code", "kwargs", "origin", "expected"), NGINX_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in NGINX_CASES])
def test_nginx(tmp_path: Path, fixture: str, path: str, code: str | None, kwargs: dict[str, Any], origin: str,
               expected: str | None) -> None:
    source = FIXTURES / "nginx" / fixture
    if code is not None:
        assert code in _lint_codes(source)
    run = source
    if "add_header_inherit" in source.read_text():  # nginx >= 1.29.3 only; the probed location does not use it
        run = tmp_path / fixture
        run.write_text(re.sub(r".*add_header_inherit.*\n", "", source.read_text()))
    with servers.nginx(run, tmp_path) as port:
        verdict = _verdict(f"http://127.0.0.1:{port}{path}", origin, **kwargs)
    assert verdict.chromium_error == expected, verdict.message("chromium")
    if code is not None and expected is not None:
        # The console line lint printed is the one Chrome prints against the running server.
        printed = {_reason(f.consequence) for f in lint_paths([str(source)], jobs=1).findings if f.code == code}
        assert _reason(verdict.message("chromium")) in printed, (verdict.message("chromium"), printed)


def _predicts(source: Path, code: str, verdict: Any) -> bool:
    """Lint's ``code`` at ``source`` printed the console line Chrome prints for ``verdict``."""
    printed = {_reason(f.consequence) for f in lint_paths([str(source)], jobs=1).findings if f.code == code}
    return _reason(verdict.message("chromium")) in printed


def _reason(console_line: str) -> str:
    """A console line without its request-specific head (URL, origin), and values in quotes blanked."""
    return re.sub(r"'[^']*'", "'…'", console_line.partition("blocked by CORS policy: ")[2])


def test_starlette() -> None:
    source = FIXTURES / "starlette" / "runtime_app.py"
    assert {"CORS701", "CORS212", "CORS207"} <= _lint_codes(source)
    app = runpy.run_path(str(source))["app"]
    with servers.asgi(app) as port:
        url = f"http://127.0.0.1:{port}/items"
        # CORS701: any site reads the response with the user's cookies.
        assert _verdict(url, ATTACKER, credentials=True).allowed
        # CORS212: PUT is outside the default allow_methods=("GET",) -> 400 "Disallowed CORS method".
        put = _verdict(url, APP, method="PUT")
        assert put.chromium_error == "PreflightInvalidStatus" and _predicts(source, "CORS212", put)
        # CORS207: Authorization is outside the default allow_headers -> 400 "Disallowed CORS headers".
        auth = _verdict(url, APP, headers=["Authorization: Bearer t"])
        assert auth.chromium_error == "PreflightInvalidStatus" and _predicts(source, "CORS207", auth)


def test_flask_cors_prefix_regex() -> None:
    source = FIXTURES / "flask" / "runtime_app.py"
    assert "CORS703" in _lint_codes(source)
    app = runpy.run_path(str(source))["app"]
    with servers.wsgi(app) as port:
        url = f"http://127.0.0.1:{port}/items"
        assert _verdict(url, "https://app.example.com.attacker.example", credentials=True).allowed
        assert _verdict(url, "https://app.example.org", credentials=True).blocked


def test_flask_cors_send_wildcard_raises() -> None:
    source = FIXTURES / "flask" / "flask_app.py"
    assert "CORS805" in _lint_codes(source)
    app = runpy.run_path(str(source))["app"]
    with servers.wsgi(app) as port:
        # @cross_origin raises the ValueError on every request: the route only ever answers 500 (the
        # app-wide CORS(app) still decorates that error response, so the page reads a 500).
        verdict = _verdict(f"http://127.0.0.1:{port}/wild", APP, credentials=True)
        response = verdict.exchanges[-1].response
        assert response is not None and response.status == 500


def _django(settings: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, list[str]]:
    port = servers.free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.lint.django_runner", str(settings), str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    errors: list[str] = json.loads(line)["errors"]
    servers.wait_port(port, proc)
    return proc, port, errors


@pytest.mark.parametrize("case", ["settings.py", "allow_all/settings.py", "missing/settings.py"])
def test_django(case: str, tmp_path: Path) -> None:
    source = FIXTURES / "django" / case
    codes = _lint_codes(source)
    proc, port, errors = _django(source, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        if case == "settings.py":
            # CORS109 for a trailing slash and a missing scheme: django-cors-headers' system checks.
            assert "CORS109" in codes and {"corsheaders.E013", "corsheaders.E014"} <= set(errors)
            # CORS703: re.match accepts the look-alike origin, with credentials.
            evil = "https://x.example.com.attacker.example"
            assert "CORS703" in codes and _verdict(f"{url}/api/", evil, credentials=True).allowed
            # CORS804: CommonMiddleware's APPEND_SLASH redirect is answered before CorsMiddleware runs.
            assert "CORS804" in codes
            slash = _verdict(f"{url}/api", "https://ok.example.com")
            assert slash.chromium_error == "MissingAllowOriginHeader" and _predicts(source, "CORS804", slash)
        elif case == "allow_all/settings.py":
            assert "CORS701" in codes and not errors
            assert _verdict(f"{url}/api/", ATTACKER, credentials=True).allowed
        else:
            # CORS804 (CorsMiddleware missing): no CORS headers at all.
            assert "CORS804" in codes
            none = _verdict(f"{url}/api/")
            assert none.chromium_error == "MissingAllowOriginHeader" and _predicts(source, "CORS804", none)
    finally:
        proc.terminate()
        proc.wait(timeout=5)


NODE_MODULES = ROOT / "tests" / "node" / "node_modules"


@pytest.mark.skipif(not (NODE_MODULES / "express").is_dir(), reason="tests/node packages not installed")
def test_express() -> None:
    source = FIXTURES / "express" / "runtime_server.js"
    assert {"CORS210", "CORS105"} <= _lint_codes(source)
    with servers.express(source, NODE_MODULES) as port:
        url = f"http://127.0.0.1:{port}"
        # CORS210: Express's automatic OPTIONS answers 200 "DELETE" without any CORS headers.
        delete = _verdict(f"{url}/items/1", method="DELETE")
        assert delete.chromium_error == "PreflightMissingAllowOriginHeader" and _predicts(source, "CORS210", delete)
        wild = _verdict(f"{url}/open", credentials=True)
        assert wild.chromium_error == "WildcardOriginNotAllowed" and _predicts(source, "CORS105", wild)


APACHE_CASES = [
    # fixture, path, lint code, request kwargs, expected Chromium CorsError (None = allowed)
    ("onsuccess.htaccess", "/index.html", "CORS803", {}, None),
    ("onsuccess.htaccess", "/missing", "CORS803", {}, "MissingAllowOriginHeader"),
    ("wildcard_credentials.htaccess", "/index.html", "CORS105", {"credentials": True}, "WildcardOriginNotAllowed"),
    ("trailing_slash.htaccess", "/index.html", "CORS109", {}, "AllowOriginMismatch"),
    ("both_tables.conf", "/api", "CORS103", {}, "MultipleAllowOriginValues"),
    ("rewrite_options.conf", "/index.html", "CORS803", {"method": "PUT"}, "PreflightMissingAllowOriginHeader"),
]


@pytest.mark.skipif(not os.path.exists(servers.APACHE), reason="apache2 not installed")
@pytest.mark.parametrize(("fixture", "path", "code", "kwargs", "expected"), APACHE_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in APACHE_CASES])
def test_apache(fixture: str, path: str, code: str, kwargs: dict[str, Any], expected: str | None) -> None:
    source = FIXTURES / "apache" / fixture
    assert code in _lint_codes(source)
    with servers.apache(source, {"index.html": "hi\n", "api": "api\n"}) as port:
        verdict = _verdict(f"http://127.0.0.1:{port}{path}", APP, **kwargs)
    assert verdict.chromium_error == expected, verdict.message("chromium")
    if expected is not None:
        printed = {_reason(f.consequence) for f in lint_paths([str(source)], jobs=1).findings if f.code == code}
        assert _reason(verdict.message("chromium")) in printed, (verdict.message("chromium"), printed)


@pytest.mark.skipif(not (NODE_MODULES / "express").is_dir(), reason="tests/node packages not installed")
def test_express_auth_before_cors() -> None:
    source = FIXTURES / "express" / "runtime_auth_first.js"
    findings = lint_paths([str(source)], jobs=1).findings
    (behind,) = [f for f in findings if f.code == "CORS209"]
    with servers.express(source, NODE_MODULES) as port:
        url = f"http://127.0.0.1:{port}"
        # CORS209: requireAuth answers the preflight 401 before cors() runs; the page's PUT never happens.
        verdict = _verdict(f"{url}/api/items/1", method="PUT", credentials=True,
                           headers=["Authorization: Bearer t"])
        assert verdict.chromium_error == "PreflightMissingAllowOriginHeader", verdict.message("chromium")
        preflight = verdict.exchanges[0].response
        assert preflight is not None and preflight.status == 401
        # The lint finding printed the same console line (up to the placeholder URL).
        assert _reason(verdict.message("chromium")) == _reason(behind.consequence)


def test_starlette_allowlist_entries_no_origin_equals() -> None:
    source = FIXTURES / "starlette" / "runtime_origins.py"
    app = runpy.run_path(str(source))["app"]
    with servers.asgi(app) as port:
        url = f"http://127.0.0.1:{port}/items"
        # CORS109: the entry is compared, not sent: the page's origin gets no ACAO at all.
        for origin in ("https://app.example.com", "https://app.example.org"):
            verdict = _verdict(url, origin)
            assert verdict.chromium_error == "MissingAllowOriginHeader" and _predicts(source, "CORS109", verdict)
