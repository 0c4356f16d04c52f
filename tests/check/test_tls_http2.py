"""``check`` over HTTPS and HTTP/2 against real nginx (self-signed certificate, ephemeral port):
an untrusted certificate is what the page sees (``net::ERR_CERT_AUTHORITY_INVALID``, exit 2);
``--insecure`` goes on, over HTTP/2 (ALPN), and ``--resolve`` keeps the URL's host name.
The HTTP/2 verdict is compared with real Chromium (which ignores certificate errors here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .chromium_agreement import assert_same_as_chromium
from .servers import NGINX, nginx_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian nginx not installed"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed"),
]
PAGE = "https://app.example"
_LOCATIONS = """
location = /api {
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $http_origin;
        add_header Access-Control-Allow-Methods "GET, POST";
        return 204;
    }
    add_header Access-Control-Allow-Origin $http_origin;
    add_header Vary Origin;
    return 200 "ok\\n";
}
"""


def _check(*argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-m", "corsdoctor", "check", *argv, "--origin", PAGE, "--no-extra-checks",
         "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_https_http2_insecure_and_resolve() -> None:
    with nginx_server(_LOCATIONS, tls_names=("api.test",)) as base:
        port = urlsplit(base).port
        url = f"https://api.test:{port}/api"
        resolve = f"api.test:{port}:127.0.0.1"
        untrusted_code, untrusted = _check(url, "--resolve", resolve, "-X", "PUT", "--data", "x")
        code, document = _check(url, "--resolve", resolve, "--insecure", "-X", "PUT", "--data", "x")
    assert untrusted_code == 2 and untrusted["summary"]["inconclusive"]
    chrome = untrusted["results"][0]["browsers"]["chromium"]
    assert chrome["net_error"] == "net::ERR_CERT_AUTHORITY_INVALID" and chrome["status"] == 0

    assert code == 1
    chrome = document["results"][0]["browsers"]["chromium"]
    assert chrome["chromium_error"] == "MethodDisallowedByPreflightResponse"
    assert chrome["failed_parameter"] == "PUT"
    preflight = document["exchanges"][chrome["exchanges"][0]]
    assert preflight["response"]["http_version"] == "HTTP/2"
    assert preflight["response"]["status"] == 204
    assert ["access-control-allow-methods", "GET, POST"] in preflight["response"]["headers"]
    assert preflight["curl"].endswith(f"--resolve {resolve} --insecure")
    assert any(layer["product"] == "nginx" for layer in document["layers"])


@pytest.mark.browser
def test_http2_verdicts_agree_with_chromium() -> None:
    import corsdoctor
    from corsdoctor.browser import ChromiumOracle

    with nginx_server(_LOCATIONS, tls_names=("127.0.0.1",)) as base, ChromiumOracle() as oracle:
        put = corsdoctor.check(base + "/api", PAGE, method="PUT", data="x", insecure=True)
        post = corsdoctor.check(base + "/api", PAGE, method="POST", json_body="{}", insecure=True)
        for result in (put, post):
            assert result.steps[0].record.http_version == "HTTP/2"
            assert_same_as_chromium(oracle, result)
    # POST is allowed by Allow-Methods, but Content-Type: application/json is not in Allow-Headers
    post_verdict = post.results[0].outcome("chromium").verdict  # type: ignore[union-attr]
    assert post_verdict.chromium_error == "HeaderDisallowedByPreflightResponse"
