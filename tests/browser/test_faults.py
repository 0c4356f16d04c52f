"""Faults: Chromium missing, a page that never settles, a browser that stops answering.

No run may leave a Chromium process behind: every test checks the profile's processes are gone.
"""

from __future__ import annotations

import pytest

from corsdoctor.browser import (
    ChromiumNotFoundError,
    ChromiumOracle,
    OracleTimeoutError,
    Outcome,
    PageRequest,
    ScriptedResponse,
    ScriptedRoute,
    ScriptedServer,
    find_chromium,
)
from corsdoctor.browser._processes import profile_processes
from corsdoctor.browser._scenario import API_HOST, HOSTS, PAGE_ORIGIN
from tests.browser.conftest import needs_chromium


def test_missing_chromium_is_one_line_with_the_install_command(tmp_path: object) -> None:
    with pytest.raises(ChromiumNotFoundError) as info:
        find_chromium({"CORSDOCTOR_CHROMIUM": "/nonexistent/chromium"})
    message = str(info.value)
    assert "\n" not in message
    assert "apt-get install -y chromium" in message


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_page_that_never_settles_times_out_and_nothing_leaks() -> None:
    with ScriptedServer() as server:
        server.script("hang", {"0": ScriptedRoute(response=ScriptedResponse(status=200, delay=5.0))})
        server.script(
            "fine",
            {
                "0": ScriptedRoute(
                    response=ScriptedResponse(status=200, headers=(("Access-Control-Allow-Origin", "*"),))
                )
            },
        )
        base = f"http://{API_HOST}:{server.port}/s"
        oracle = ChromiumOracle(hosts=HOSTS)
        with oracle:
            marker = str(oracle.profile_dir)
            assert profile_processes(marker), "Chromium runs under its own profile"
            obs = oracle.run(PageRequest(url=f"{base}/hang/0", origin=PAGE_ORIGIN), timeout_s=0.5)
            assert obs.outcome is Outcome.TIMEOUT
            assert obs.blocked
            # The same page keeps working after a timeout.
            assert oracle.run(PageRequest(url=f"{base}/fine/0", origin=PAGE_ORIGIN)).outcome is Outcome.PASSED
        assert profile_processes(marker) == []
        assert oracle.profile_dir is None


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_a_browser_that_stops_answering_is_killed() -> None:
    oracle = ChromiumOracle(hosts=HOSTS)
    oracle.start()
    marker = str(oracle.profile_dir)
    try:
        oracle.open_origin(PAGE_ORIGIN)
        page = oracle._page
        with pytest.raises(OracleTimeoutError):
            oracle._guarded(lambda: page.evaluate("() => { while (true) {} }"), 1.0)
        assert profile_processes(marker) == []
    finally:
        oracle.close()
    assert profile_processes(marker) == []


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_bad_origin_is_rejected() -> None:
    with ChromiumOracle() as oracle, pytest.raises(ValueError, match="origin must look like"):
        oracle.run(PageRequest(url="http://127.0.0.1:1/", origin="app.example.com/path"))
