"""Mixed Content is decided before CORS: real Chromium 156 blocks an https page's fetch of an http
URL (no corsError, the "Mixed Content: ..." console line) and exempts loopback — as the engine says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.engine import PageRequest as EnginePageRequest
from corsdoctor.engine import Response, Transaction
from corsdoctor.lab import Lab, LabThread

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGE = "https://app.example"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


@pytest.mark.parametrize("host", ["api.corsdoctor.test", "127.0.0.1", "localhost"])
def test_mixed_content_matches_chromium(lab: Lab, host: str) -> None:
    from corsdoctor.browser import ChromiumOracle, PageRequest

    port = lab.urls["app"].rsplit(":", 1)[1]
    url = f"http://{host}:{port}/ok/public"
    with ChromiumOracle(hosts={"api.corsdoctor.test": "127.0.0.1"}) as oracle:
        observation = oracle.run(PageRequest(url=url, origin=PAGE))
    verdict = Transaction(EnginePageRequest(url=url, origin=PAGE), "chromium").run(
        lambda wire: Response(status=200, headers=(("Access-Control-Allow-Origin", "*"),))
    )
    assert observation.blocked == verdict.blocked
    assert observation.cors_error == verdict.chromium_error
    if verdict.blocked:
        assert verdict.code == "CORS610"
        assert verdict.message("chromium") in observation.console
