"""``corsdoctor check`` end to end against the lab: bad input, text golden, JSON schema, Markdown."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corsdoctor.cli.main import main
from corsdoctor.lab import Lab, LabThread

GOLDEN = Path(__file__).parent / "golden"
PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["check", "not a url", "--origin", PAGE], "invalid URL"),
        (["check", "ftp://example.com/x", "--origin", PAGE], "only http:// and https://"),
        (["check", "http://example.com/x", "--origin", "http://localhost:3000/"], "trailing slash"),
        (["check", "http://example.com/x", "--origin", "http://localhost:3000/app"], "path"),
        (["check", "http://example.com/x"], "at least one --origin"),
        (["check", "http://example.com/x", "--origin", PAGE, "-H", "X-A: b\r\nInjected: 1"], "CR, LF"),
        (["check", "http://example.com/x", "--origin", PAGE, "-H", "no colon"], "Name: value"),
        (["check", "http://example.com/x", "--origin", PAGE, "-X", "GE T"], "not an HTTP token"),
        (["check", "http://example.com/x", "--origin", PAGE, "--data", "x"], "cannot have a body"),
        (["check", "http://example.com/x", "--origin", PAGE, "--resolve", "nope"], "HOST:PORT:ADDRESS"),
        (["check", "http://example.com/x", "--origin", PAGE, "--fail-on", "fatal"], "unknown severity"),
        (["check", "http://example.com/x", "--origin", PAGE, "--timeout", "0"], "positive"),
        (["check", "http://example.com/x", "--origin", PAGE, "-X", "POST", "--json-body", "{bad"], "not valid JSON"),
        (["check", "http://example.com/x", "--origin", PAGE, "-X", "POST", "--json-body", "{}", "--data", "x"],
         "either --data or --json-body"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("corsdoctor check: ") and needle in lines[0]
    assert "Traceback" not in captured.err


def _normalise(text: str) -> str:
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    return re.sub(r"\b\d+ ms\b", "N ms", text)


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="100", TERM="dumb")
    return subprocess.run(
        [sys.executable, "-m", "corsdoctor", *argv], capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.parametrize(
    ("name", "path", "extra"),
    [
        ("options-404", "/options-404", ["-X", "PUT", "--data", "x"]),
        ("acao-mismatch-matrix", "/acao-mismatch", ["--origin", "https://app.example.com"]),
        ("reflect-any-origin", "/reflect-any-origin", ["--credentials", "--cookie", "sid=1"]),
    ],
)
def test_text_report_golden(lab: Lab, name: str, path: str, extra: list[str]) -> None:
    done = _run(["check", lab.urls["app"] + path, "--origin", PAGE, *extra])
    assert done.returncode == 1, done.stderr
    text = _normalise(done.stdout)
    assert "\x1b[" not in text, "plain when piped"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_json_schema(lab: Lab, capsys: pytest.CaptureFixture[str]) -> None:
    url = lab.urls["app"] + "/header-not-allowed"
    code = main(
        ["check", url, "--origin", PAGE, "-H", "X-Api-Key: k", "--browser", "all", "--format", "json"]
    )
    assert code == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "corsdoctor.check/1"
    chrome = doc["results"][0]["browsers"]["chromium"]
    assert set(doc["results"][0]["browsers"]) == {"chromium", "firefox", "webkit"}
    for key in ("blocked", "stage", "code", "name", "chromium_error", "failed_parameter", "message"):
        assert key in chrome
    assert chrome["blocked"] is True and chrome["stage"] == "preflight"
    assert chrome["chromium_error"] == "HeaderDisallowedByPreflightResponse"
    assert chrome["failed_parameter"] == "x-api-key"
    assert chrome["message"].endswith(
        "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response."
    )
    preflight = doc["exchanges"][chrome["exchanges"][0]]
    assert preflight["purpose"] == "preflight"
    assert ["Access-Control-Request-Headers", "x-api-key"] in preflight["request"]["headers"]
    assert ["Server", "corsdoctor-lab"] in preflight["response"]["headers"]
    assert preflight["curl"].startswith("curl -v -X OPTIONS")
    finding = next(f for f in doc["results"][0]["findings"] if f["code"] == "CORS204")
    assert finding["severity"] == "error" and finding["fixes"] and finding["evidence"]["exchange"] == 0
    assert doc["diagnoses"][0]["code"] == "CORS204" and doc["diagnoses"][0]["verify"]
    assert doc["summary"]["exit_code"] == 1


def test_fail_on_security_and_info(lab: Lab) -> None:
    url = lab.urls["app"] + "/no-vary"
    assert main(["check", url, "--origin", PAGE, "--format", "json"]) == 0
    assert main(["check", url, "--origin", PAGE, "--format", "json", "--fail-on", "warning"]) == 1
    url = lab.urls["app"] + "/reflect-any-origin"
    assert (
        main(["check", url, "--origin", PAGE, "--credentials", "--fail-on", "security", "--format", "json"])
        == 1
    )


def test_markdown(lab: Lab, capsys: pytest.CaptureFixture[str]) -> None:
    url = lab.urls["app"] + "/wildcard-credentials"
    assert main(["check", url, "--origin", PAGE, "--credentials", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("# CORS check: `GET ")
    assert "❌ CORS105 wildcard-origin-with-credentials (WildcardOriginNotAllowed)" in out
    assert "## CORS105 wildcard-origin-with-credentials" in out and "```sh\ncurl -v " in out


def test_network_failure_cli_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "http://127.0.0.1:9/", "--origin", PAGE]) == 2
    assert "net::ERR_UNSAFE_PORT" in capsys.readouterr().out


def test_matrix_columns_and_why_in_every_format(lab: Lab) -> None:
    """Several origins x every browser: aligned columns when piped, and the same 'why they differ'
    in text, Markdown and JSON (Safari blocks the https page's http request as mixed content)."""
    argv = ["check", lab.urls["app"] + "/acao-mismatch", "--origin", PAGE, "--origin",
            "https://app.example.com", "--browser", "all", "--no-extra-checks"]
    text = _run(argv).stdout.splitlines()
    top = text.index("Matrix")
    header, first, second = text[top + 1 : top + 4]
    for name, cell in (("Firefox", "✗ CORS102"), ("Safari", "✗ CORS102")):
        column = header.index(name)
        assert first[column:].startswith(cell) and first[column - 2 : column] == "  ", (header, first)
    assert second[header.index("Safari"):].startswith("✗ CORS610 mixed-content")
    assert "(CORSAllowOriginNotMatchingOrigin)" in first  # Firefox's own reason key, not Chrome's
    assert not any(line.endswith(" ") for line in (header, first, second))
    why_text = " ".join(line.strip() for line in text[top + 4 : top + 10])
    document = json.loads(_run([*argv, "--format", "json"]).stdout)
    differences = {d["origin"]: d["reason"] for d in document["differences"]}
    assert differences[PAGE].startswith("Access-Control-Allow-Origin 'https://app.example.com' does not")
    assert differences["https://app.example.com"].startswith("Chrome, Firefox: allowed with")
    assert "; Safari: " in differences["https://app.example.com"]
    markdown = _run([*argv, "--format", "markdown"]).stdout
    for origin, reason in differences.items():
        assert f"- `{origin}`: {reason}" in markdown
        assert f"{origin}: {reason}"[:60] in why_text


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_credentials_never_printed(lab: Lab, fmt: str) -> None:
    """--cookie and an Authorization header are the user's secrets: no report shows their values
    (the cookie goes out on the credentialed requests, the curl commands read REDACTED)."""
    url = lab.urls["app"] + "/reflect-any-origin"
    done = _run(["check", url, "--origin", PAGE, "--credentials", "--cookie", "sid=s3cr3t-cookie",
                 "-H", "Authorization: Bearer s3cr3t-token", "--format", fmt])
    assert done.returncode == 1, done.stderr
    assert "s3cr3t" not in done.stdout + done.stderr
    assert "Cookie: REDACTED" in done.stdout
    if fmt == "json":
        assert ["Authorization", "Bearer REDACTED"] in json.loads(done.stdout)["request"]["headers"]


def test_cookie_and_authorization_still_sent() -> None:
    """Redaction is for reports only: the wire carries the real values (in-process Starlette)."""
    import httpx
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def seen(request: object) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = Starlette(
        routes=[Route("/items", seen)],
        middleware=[Middleware(CORSMiddleware, allow_origins=[PAGE], allow_credentials=True,  # type: ignore[arg-type]
                               allow_headers=["Authorization"])],
    )
    import corsdoctor

    result = corsdoctor.check("http://api.test/items", PAGE, credentials=True, cookie="sid=s3cr3t",
                              headers=["Authorization: Bearer t0k"], extra_checks=False,
                              transport=httpx.ASGITransport(app))
    [preflight, actual] = result.steps
    assert not any(n.lower() in ("cookie", "authorization") for n, _ in preflight.record.request_headers)
    assert ("Cookie", "sid=s3cr3t") in actual.record.request_headers
    assert ("Authorization", "Bearer t0k") in actual.record.request_headers
    assert "'Cookie: REDACTED'" in actual.curl and "'Authorization: Bearer REDACTED'" in actual.curl
    assert not result.results[0].blocked


def test_cookie_without_credentials_is_noted(lab: Lab) -> None:
    """--cookie alone would be silently unused (fetch() sends no cookies cross-origin without
    credentials: 'include'): the CLI says so on stderr, and the wire indeed has no Cookie."""
    done = _run(["check", lab.urls["app"] + "/ok/simple", "--origin", PAGE, "--cookie", "sid=1",
                 "--no-extra-checks", "--format", "json"])
    assert done.returncode == 0, done.stderr
    assert "--cookie is sent only with --credentials" in done.stderr
    [exchange] = json.loads(done.stdout)["exchanges"]
    assert not any(name.lower() == "cookie" for name, _ in exchange["request"]["headers"])


def test_every_json_field_is_documented(lab: Lab) -> None:
    """docs/check-json-schema.md names every key the JSON report has (a matrix with every browser,
    credentials and the extra checks, so the optional parts are present)."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "check-json-schema.md").read_text()
    done = _run(["check", lab.urls["app"] + "/reflect-any-origin", "--origin", PAGE, "--origin",
                 "https://app.example.com", "--credentials", "--cookie", "sid=1",
                 "--browser", "all", "--format", "json"])
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                keys.add(key)
                if key != "browsers" or not isinstance(value, dict):
                    walk(value)
                else:
                    for verdict in value.values():
                        walk(verdict)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    document = json.loads(done.stdout)
    walk(document)
    assert document["differences"] and document["diagnoses"] and document["extra_findings"]
    assert {k for k in keys if f'"{k}"' not in doc} == set()


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_a_url_with_a_password_is_what_fetch_rejects_and_the_password_is_never_printed(
    lab: Lab, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = lab.urls["app"].replace("http://", "http://alice:s3cr%21t@") + "/ok/simple"
    assert main(["check", url, "--origin", PAGE, "--browser", "all", "--format", fmt]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "s3cr" not in stream
    assert "alice:REDACTED@" in captured.out
    # Chromium's own TypeError (measured): fetch() throws before anything is sent.
    assert "Request cannot be constructed from a URL that includes credentials" in captured.out
    if fmt == "json":
        chrome = json.loads(captured.out)["results"][0]["browsers"]["chromium"]
        assert (chrome["stage"], chrome["message"]) == ("request", "")
        assert chrome["script_error"].startswith("TypeError: Failed to execute 'fetch' on 'Window'")
