"""``corsdoctor verify`` end to end: real Chromium, a real loopback server, exit codes and output."""

from __future__ import annotations

import json
import socket

import pytest

from corsdoctor.browser import ScriptedResponse, ScriptedRoute, ScriptedServer
from corsdoctor.cli.main import main
from tests.browser.conftest import needs_chromium

PAGE = "https://app.example.com"


def _routes() -> dict[str, ScriptedRoute]:
    acao = ("Access-Control-Allow-Origin", PAGE)
    return {
        "0": ScriptedRoute(
            preflight=ScriptedResponse(status=204, headers=(acao, ("Access-Control-Allow-Methods", "GET"))),
            response=ScriptedResponse(status=200, headers=(acao, ("X-Secret", "1")), body=b"ok"),
        )
    }


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_verify_pass_block_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    with ScriptedServer() as server:
        server.script("v", _routes())
        url = f"http://127.0.0.1:{server.port}/s/v/0"

        assert main(["verify", url, "--origin", PAGE]) == 0
        out = capsys.readouterr().out
        assert "PASSED" in out and "engine prediction agrees with Chromium" in out

        assert main(["verify", url, "--origin", PAGE, "-X", "PUT", "--data", "x"]) == 1
        out = capsys.readouterr().out
        assert "MethodDisallowedByPreflightResponse" in out
        assert "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response." in out

        assert main(["verify", url, "--origin", "http://other.example", "--format", "json"]) == 1
        body = json.loads(capsys.readouterr().out)
        assert body["chromium"]["cors_error"] == "AllowOriginMismatch"
        assert body["chromium"]["failed_parameter"] == PAGE
        assert body["engine"]["agrees"] is True
        methods = [(e["kind"], e["method"]) for e in body["chromium"]["exchanges"]]
        assert methods == [("main", "GET")]


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_verify_timeout_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with ScriptedServer() as server:
        server.script("slow", {"0": ScriptedRoute(response=ScriptedResponse(status=200, delay=4.0))})
        url = f"http://127.0.0.1:{server.port}/s/slow/0"
        assert main(["verify", url, "--origin", PAGE, "--timeout", "0.5"]) == 2
    captured = capsys.readouterr()
    assert "TIMED OUT" in captured.out
    assert "did not settle within 0.5 s" in captured.err


def test_missing_chromium_is_exit_2_with_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CORSDOCTOR_CHROMIUM", "/nonexistent/chromium")
    assert main(["verify", "http://127.0.0.1:9/", "--origin", PAGE]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "corsdoctor verify: CORSDOCTOR_CHROMIUM=/nonexistent/chromium is not an executable file; "
        "install Chromium with: apt-get install -y chromium"
    ]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["http://x.test/", "--origin", "app.example.com"], "origin must look like"),
        (["ftp://x.test/", "--origin", PAGE], "URL must start with"),
        (["http://x.test/", "--origin", PAGE, "-H", "no-colon"], "header must look like"),
        (["http://x.test/", "--origin", PAGE, "--timeout", "0"], "--timeout must be positive"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_verify_https_cross_site_with_cookie_resolve_and_json_body(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """https page → https target on another site (--resolve), credentialed, the cookie really sent."""
    host = "api.cross.test"
    cors = (
        ("Access-Control-Allow-Origin", PAGE),
        ("Access-Control-Allow-Credentials", "true"),
    )
    routes = {
        "0": ScriptedRoute(
            preflight=ScriptedResponse(
                status=204,
                headers=(
                    *cors,
                    ("Access-Control-Allow-Methods", "POST"),
                    ("Access-Control-Allow-Headers", "content-type"),
                ),
            ),
            response=ScriptedResponse(status=200, headers=cors, body=b"{}"),
        )
    }
    with ScriptedServer(tls=True, cert_hosts=(host,)) as server:
        server.script("c", routes)
        url = f"https://{host}:{server.port}/s/c/0"
        argv = ["verify", url, "--origin", PAGE, "--credentials", "include", "--cookie", "sid=t0psecret; theme=dark",
                "--resolve", f"{host}:{server.port}:127.0.0.1", "--json-body", '{"a": 1}', "--api", "xhr"]  # fmt: skip
        assert main(argv) == 0
        text = capsys.readouterr().out
        assert main([*argv, "--format", "json"]) == 0
        body = json.loads(capsys.readouterr().out)
        log = server.log("c")
    assert [(e.method, e.header("Cookie")) for e in log] == [
        ("OPTIONS", None),
        ("POST", "sid=t0psecret; theme=dark"),
    ] * 2
    assert log[1].header("Content-Type") == "application/json" and log[1].body == b'{"a": 1}'
    assert "> Cookie: sid, theme (values redacted)" in text
    assert "engine prediction agrees with Chromium" in text
    actual = body["chromium"]["exchanges"][-1]
    assert actual["cookies_sent"] == ["sid", "theme"]
    assert ["Cookie", "sid=REDACTED; theme=REDACTED"] in actual["headers"]
    assert "t0psecret" not in text and "t0psecret" not in json.dumps(body)
    assert body["engine"]["agrees"] is True


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["http://x.test/", "--origin", PAGE, "--cookie", "novalue"], "cookie must look like"),
        (["http://x.test/", "--origin", PAGE, "--cookie", "a=b c"], "cookie must look like"),
        (["http://x.test/", "--origin", PAGE, "--resolve", "x.test:80"], "is not HOST:PORT:ADDRESS"),
        (["http://x.test/", "--origin", PAGE, "--json-body", "{"], "--json-body is not JSON"),
        (["http://x.test/", "--origin", PAGE, "--api", "xhr", "--mode", "no-cors"], "apply to fetch() only"),
        (
            ["http://x.test/", "--origin", PAGE, "--api", "xhr", "--redirect", "error"],
            "apply to fetch() only",
        ),
        (
            ["http://x.test/", "--origin", PAGE, "--api", "xhr", "--credentials", "omit"],
            "not possible with --api xhr",
        ),
    ],
)
def test_bad_request_options_are_one_line_exit_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_unreachable_target_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a freshly freed ephemeral port: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["verify", f"http://127.0.0.1:{port}/", "--origin", PAGE, "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["chromium"]["outcome"] == "network-error"
    assert captured.err.strip().splitlines()[-1] == (
        "corsdoctor verify: no response from the target (net::ERR_CONNECTION_REFUSED)"
    )


def test_forbidden_headers_are_named() -> None:
    from corsdoctor.cli.cmd_verify import _header_notes

    notes = _header_notes(
        (("Cookie", "a=b"), ("X-Ok", "1"), ("Host", "evil"), ("X-HTTP-Method-Override", "TRACE"))
    )
    assert notes == [
        "Cookie is a forbidden request header: fetch()/XHR drop it; put cookies in the profile with --cookie",
        "Host is a forbidden request header: fetch()/XHR drop it",
        "X-HTTP-Method-Override is a forbidden request header: fetch()/XHR drop it",
    ]


def test_check_style_credentials_flag_means_include() -> None:
    import argparse

    from corsdoctor.cli import cmd_verify

    parser = argparse.ArgumentParser()
    cmd_verify.add_arguments(parser)
    alone = cmd_verify.build_page_request(
        parser.parse_args(["http://x.test/", "--origin", PAGE, "--credentials"])
    )
    assert alone.credentials == "include"
    default = cmd_verify.build_page_request(parser.parse_args(["http://x.test/", "--origin", PAGE]))
    assert default.credentials == "same-origin"
    explicit = parser.parse_args(["http://x.test/", "--credentials", "omit", "--origin", PAGE])
    assert cmd_verify.build_page_request(explicit).credentials == "omit"
