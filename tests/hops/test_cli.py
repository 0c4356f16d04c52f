"""``corsdoctor hops`` end to end: the real command against real nginx, text (golden), JSON and
Markdown, exit codes, progress on stderr."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hops.conftest import Stack

pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).parent / "golden"
A = "https://app.example"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "corsdoctor", "hops", *args], capture_output=True, text=True, env=env, timeout=60
    )


def _normalise(text: str, stack: Stack) -> str:
    text = text.replace(f"127.0.0.1:{stack.app}", "127.0.0.1:APP").replace(f"127.0.0.1:{stack.proxy}", "127.0.0.1:PROXY")
    text = re.sub(r"t=[0-9a-f]{12}", "t=QUERY", text)
    text = re.sub(r"Python/3\.\d+\.\d+", "Python/3.x", text)
    return re.sub(r"nginx/\d+\.\d+\.\d+", "nginx/1.x", text)


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CORSDOCTOR_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text()


def test_text_report_golden(stack: Stack, fresh: str) -> None:
    result = _cli(stack.proxy_url("dup", "items", fresh), "--origin", A, "--via", stack.app_url("items", fresh))
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout  # plain when piped
    assert "along 2 path(s)" in result.stderr
    _check_golden("dup.txt", _normalise(result.stdout, stack))


def test_markdown_report_golden(stack: Stack, fresh: str) -> None:
    result = _cli(
        stack.proxy_url("noalways", "error", fresh), "--origin", A, "--via", stack.app_url("error", fresh),
        "--format", "markdown",
    )
    assert result.returncode == 1
    _check_golden("noalways.md", _normalise(result.stdout, stack))


def test_json_document(stack: Stack, fresh: str) -> None:
    result = _cli(
        stack.proxy_url("strip", "items", fresh), "--origin", A, "--via", stack.app_url("items", fresh),
        "--format", "json", "-X", "PUT", "-H", "X-Api-Key: 1",
    )
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "corsdoctor.hops/1"
    assert doc["request"]["method"] == "PUT"
    assert [p["kind"] for p in doc["paths"]] == ["nginx", "python"]
    # The preflight fails through nginx, so the browser sends no actual request there.
    assert [e["kind"] for e in doc["paths"][0]["exchanges"]] == ["preflight"]
    assert [e["kind"] for e in doc["paths"][1]["exchanges"]] == ["preflight", "actual"]
    assert doc["paths"][1]["verdict"]["allowed"] is True
    hop = doc["hops"][0]
    assert hop["display"] == "nginx" and hop["identified_by"] == [f"Server: {_server(doc)}"]
    assert {(c["exchange"], c["action"], c["header"]) for c in hop["changes"]} == {
        ("preflight", "stripped", "access-control-allow-origin"),
    }
    codes = {(f["code"], f["hop"]) for f in doc["findings"]}
    assert ("CORS507", 0) in codes
    assert doc["exit_code"] == 1 and doc["summary"]["error"] >= 1
    # PUT is never cached: only the preflight goes through the A, B, A test.
    assert {t["exchange"] for t in doc["cache_tests"]} == {"preflight"}


def _server(doc: dict[str, object]) -> str:
    paths = doc["paths"]
    assert isinstance(paths, list)
    headers = paths[0]["exchanges"][0]["response"]["headers"]
    return next(v for n, v in headers if n.lower() == "server")


def test_clean_path_exits_0_and_fail_on(stack: Stack, fresh: str) -> None:
    clean = _cli(stack.proxy_url("clean", "items", fresh), "--origin", A, "--via", stack.app_url("items", fresh))
    assert clean.returncode == 0, clean.stdout
    assert "no change to the CORS headers" in clean.stdout
    novary = _cli(
        stack.proxy_url("clean", "novary", fresh), "--origin", A, "--via", stack.app_url("novary", fresh),
        "--no-cache-test",
    )
    # The only finding is CORS501 (a warning): exit 0 at --fail-on error, 1 at warning.
    assert novary.returncode == 0, novary.stdout
    warn = _cli(
        stack.proxy_url("clean", "novary", fresh), "--origin", A, "--via", stack.app_url("novary", fresh),
        "--no-cache-test", "--fail-on", "warning",
    )
    assert warn.returncode == 1
