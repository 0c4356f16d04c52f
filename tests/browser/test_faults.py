"""Faults: Chromium missing, a page that never settles, a browser that stops answering.

No run may leave a Chromium process behind: every test checks the profile's processes are gone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from corsdoctor.browser import (
    Api,
    ChromiumNotFoundError,
    ChromiumOracle,
    OracleTimeoutError,
    Outcome,
    PageRequest,
    ScriptedResponse,
    ScriptedRoute,
    ScriptedServer,
    _launch,
    check_origin,
    find_chromium,
)
from corsdoctor.browser._processes import PROFILE_PREFIX, profile_processes, sweep_stale_profiles
from corsdoctor.browser._scenario import API_HOST, HOSTS, PAGE_ORIGIN
from corsdoctor.cli.main import main
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


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary directory with a short path (so Chromium's own temporary files go in it)."""
    path = Path(tempfile.mkdtemp(prefix="cdt-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _hanging_server() -> ScriptedServer:
    server = ScriptedServer().start()
    server.script("hang", {"0": ScriptedRoute(response=ScriptedResponse(status=200, delay=30.0))})
    return server


def _wait_for(predicate: Callable[[], bool], limit_s: float) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_cli_timeout_leaves_no_process_and_no_profile(
    short_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    server = _hanging_server()
    try:
        url = f"{server.base_url()}/s/hang/0"
        assert main(["verify", url, "--origin", PAGE_ORIGIN, "--timeout", "0.5"]) == 2
    finally:
        server.stop()
    assert "did not settle within 0.5 s" in capsys.readouterr().err
    assert profile_processes(str(short_tmp)) == []
    assert list(short_tmp.iterdir()) == []


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_cli_stopped_by_a_signal_cleans_up(short_tmp: Path, sig: signal.Signals, code: int) -> None:
    server = _hanging_server()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "corsdoctor", "verify", f"{server.base_url()}/s/hang/0",
             "--origin", PAGE_ORIGIN, "--timeout", "20"],
            env={**os.environ, "TMPDIR": str(short_tmp)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        try:
            # Chromium is up and the request hangs on the server.
            assert _wait_for(lambda: server.log("hang") != (), 20.0)
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=20)
        finally:
            proc.kill()
    finally:
        server.stop()
    assert proc.returncode == code, err
    assert err.strip().splitlines()[-1] == "corsdoctor verify: interrupted; Chromium stopped and cleaned up"
    assert profile_processes(str(short_tmp)) == []
    assert list(short_tmp.iterdir()) == []


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_a_killed_cli_leaves_no_process(short_tmp: Path) -> None:
    server = _hanging_server()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "corsdoctor", "verify", f"{server.base_url()}/s/hang/0",
             "--origin", PAGE_ORIGIN, "--timeout", "20"],
            env={**os.environ, "TMPDIR": str(short_tmp)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert _wait_for(lambda: server.log("hang") != (), 20.0)
            assert profile_processes(str(short_tmp)) != []
            proc.kill()
            proc.wait(timeout=10)
        finally:
            proc.kill()
        # Playwright's driver sees its pipe close and takes Chromium down with it.
        assert _wait_for(lambda: profile_processes(str(short_tmp)) == [], 10.0)
    finally:
        server.stop()
    # Only the profile directory is left; the next start sweeps it once it is stale.
    (leftover,) = short_tmp.iterdir()
    assert leftover.name.startswith(PROFILE_PREFIX)
    assert sweep_stale_profiles(str(short_tmp), older_than_s=0.0) == [leftover]
    assert list(short_tmp.iterdir()) == []


def test_sweep_removes_only_stale_unused_profiles(tmp_path: Path) -> None:
    old, young, busy, other = (tmp_path / n for n in (f"{PROFILE_PREFIX}old", f"{PROFILE_PREFIX}young",
                                                      f"{PROFILE_PREFIX}busy", "not-ours"))  # fmt: skip
    for d in (old, young, busy, other):
        d.mkdir()
        (d / "Preferences").write_text("{}")
    past = time.time() - 3600
    for d in (old, busy, other):
        os.utime(d, (past, past))
    holder = subprocess.Popen(["sh", "-c", "sleep 30", str(busy)])
    try:
        assert _wait_for(lambda: profile_processes(str(busy)) != [], 5.0)
        assert sweep_stale_profiles(str(tmp_path)) == [old]
    finally:
        holder.kill()
        holder.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (young, busy, other))


def test_no_chromium_anywhere_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CORSDOCTOR_CHROMIUM", raising=False)
    monkeypatch.setattr(_launch, "CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["verify", "http://127.0.0.1:9/", "--origin", PAGE_ORIGIN]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "corsdoctor verify: Chromium is not installed; install it with: apt-get install -y chromium"
    ]


def test_no_playwright_is_one_line_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # makes the import fail
    oracle = ChromiumOracle(executable=sys.executable)
    with pytest.raises(ChromiumNotFoundError) as info:
        oracle.start()
    assert str(info.value) == (
        "Playwright for Python is not installed; install it with: pip install 'corsdoctor[browser]'"
    )
    assert oracle.profile_dir is None


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("HTTP://App.Example.COM:80", "http://app.example.com"),
        ("https://app.example.com:443", "https://app.example.com"),
        ("https://app.example.com:8443", "https://app.example.com:8443"),
        ("null", "null"),
    ],
)
def test_origins_are_serialised_as_browsers_do(given: str, origin: str) -> None:
    assert check_origin(given) == origin


@pytest.mark.parametrize(
    ("given", "needle"),
    [
        ("http://app.example.com/", "trailing slash"),
        ("http://app.example.com/x", "has a path"),
        ("ftp://app.example.com", "origin must look like http(s)://host[:port] or null"),
        ("app.example.com", "origin must look like http(s)://host[:port] or null, not 'app.example.com'"),
    ],
)
def test_bad_origins_are_named(given: str, needle: str) -> None:
    with pytest.raises(ValueError, match=re.escape(needle)):
        check_origin(given)


def test_disable_features_is_given_once_and_merged() -> None:
    args = _launch.launch_args(extra=("--disable-features=Foo,Bar", "--lang=en"))
    disabled = [a for a in args if a.startswith("--disable-features=")]
    assert disabled == [
        "--disable-features=IsolateSandboxedIframes,LocalNetworkAccessChecks,"
        "LocalNetworkAccessChecksWebSockets,Foo,Bar"
    ]
    assert "--lang=en" in args
    assert (
        _launch.launch_args(local_network_access=True).count("--disable-features=IsolateSandboxedIframes")
        == 1
    )


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("api", [Api.FETCH, Api.XHR])
def test_a_body_that_never_ends_still_gives_the_verdict(api: Api) -> None:
    """Headers that pass the CORS check decide the request; a stream that never ends is no timeout."""
    endless = ScriptedResponse(
        status=200,
        headers=(
            ("Access-Control-Allow-Origin", "*"),
            ("Content-Type", "text/event-stream"),  # no MIME sniffing: headers reach script at once
            ("Content-Length", "1000000"),
        ),
        body=b"data: first event\n\n",
    )
    with ScriptedServer() as server:
        server.script("stream", {"0": ScriptedRoute(response=endless)})
        with ChromiumOracle(hosts=HOSTS) as oracle:
            obs = oracle.run(
                PageRequest(url=f"http://{API_HOST}:{server.port}/s/stream/0", origin=PAGE_ORIGIN, api=api),
                timeout_s=8.0,
            )
    assert obs.outcome is Outcome.PASSED and obs.status == 200, obs.to_json()
    assert obs.body_incomplete
    assert obs.elapsed_ms < 4000  # the verdict comes after a short grace, not at the time limit
