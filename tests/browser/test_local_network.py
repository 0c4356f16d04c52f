"""``--local-network-access``: Chromium's Local Network Access checks kept on, and the engine told so.

Facts (chromium-oracle.md §4, Chromium 156): a page served from memory has no IP address, so
Chromium puts it in the *public* address space; a request to loopback is then refused before it is
sent — ``InsecureLocalNetwork`` from an http page, ``LocalNetworkAccessPermissionDenied`` from an
https page without the permission.
"""

from __future__ import annotations

import pytest

from corsdoctor.browser import ChromiumOracle, PageRequest, ScriptedResponse, ScriptedRoute, ScriptedServer
from corsdoctor.browser._prediction import predict
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

CROSS = "api.cross.test"


def test_local_network_access_on_agrees_with_the_engine() -> None:
    hosts = {CROSS: "127.0.0.1"}
    with ScriptedServer(tls=True, cert_hosts=(CROSS,)) as server:
        server.script(
            "lna",
            {
                "0": ScriptedRoute(
                    response=ScriptedResponse(status=200, headers=(("Access-Control-Allow-Origin", "*"),))
                )
            },
        )
        requests = [
            PageRequest(url=f"https://{CROSS}:{server.port}/s/lna/0", origin="https://app.example.test"),
            PageRequest(url=f"https://127.0.0.1:{server.port}/s/lna/0", origin="http://app.example.test"),
        ]
        with ChromiumOracle(hosts=hosts, local_network_access=True, timeout_s=5.0) as oracle:
            observations = [oracle.run(request) for request in requests]
        assert server.log("lna") == ()
    assert [o.cors_error for o in observations] == [
        "LocalNetworkAccessPermissionDenied",
        "InsecureLocalNetwork",
    ]
    for request, obs in zip(requests, observations, strict=True):
        prediction = predict(request, obs, local_network_access=True, hosts=hosts)
        assert prediction.divergence is None and prediction.disagreements == (), prediction
        # Without being told, the engine cannot know the page is "public": it would send the request.
        assert predict(request, obs).divergence is not None
