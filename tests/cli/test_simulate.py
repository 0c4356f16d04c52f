"""``corsdoctor simulate`` end to end, through the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "conformance" / "scenarios.jsonl"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corsdoctor", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_one_verdict_per_scenario_in_order() -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:25]
    proc = _run("simulate", "-", "--browser", "chromium", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [json.loads(line)["id"] for line in lines]
    keys = {"id", "preflight", "allowed", "stage", "failed_hop", "status", "response_type", "exposed_headers",
            "acrh", "preflight_origin_header", "final_origin_header", "cors_unsafe_header_names", "code",
            "chromium_error", "failed_parameter", "messages"}
    assert keys <= set(out[0])
    assert set(out[0]["messages"]) == {"chromium", "firefox", "webkit"}


def test_bad_lines_are_reported_with_their_number_and_the_rest_answered() -> None:
    good = CORPUS.read_text(encoding="utf-8").splitlines()[0]
    text = "\n".join([good, "{not json", '{"id": "x", "request": {"url": "https://a.example/", "origin": '
                      '"https://b.example/path", "method": "GET"}, "response": {"status": 200}}', good]) + "\n"
    proc = _run("simulate", "-", stdin=text)
    assert proc.returncode == 2
    assert len(proc.stdout.splitlines()) == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("corsdoctor: line 2: not JSON")
    assert "line 3" in errors[1] and "origin" in errors[1]
    assert "Traceback" not in proc.stderr


def test_unsendable_header_bytes_are_input_errors_and_the_rest_is_answered() -> None:
    good = CORPUS.read_text(encoding="utf-8").splitlines()[0]
    crlf = {"id": "crlf", "request": {"url": "https://a.example/", "origin": "https://b.example", "method": "GET",
            "headers": [["X-A", "a\r\nInjected: 1"]]}, "response": {"status": 200, "headers": []}}
    wide = {"id": "wide", "request": {"url": "https://a.example/", "origin": "https://b.example", "method": "GET"},
            "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://b.example\u2603"]]}}
    proc = _run("simulate", "-", stdin="\n".join([json.dumps(crlf), good, json.dumps(wide)]) + "\n")
    assert proc.returncode == 2
    assert len(proc.stdout.splitlines()) == 1
    errors = proc.stderr.strip().splitlines()
    assert errors[0].startswith("corsdoctor: line 1:") and "X-A" in errors[0]
    assert errors[1].startswith("corsdoctor: line 3:") and "latin-1" in errors[1]


def test_a_header_name_that_is_not_a_token_is_the_pages_type_error() -> None:
    scenario = {"id": "name", "request": {"url": "https://a.example/", "origin": "https://b.example",
                "method": "GET", "headers": [["X A", "1"]]}, "response": {"status": 200, "headers": []}}
    proc = _run("simulate", "-", stdin=json.dumps(scenario) + "\n")
    assert proc.returncode == 0
    verdict = json.loads(proc.stdout)
    assert verdict["stage"] == "request" and verdict["code"] == "CORS609"


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = _run("simulate", str(tmp_path / "nope.jsonl"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "\xff"}\n')
    proc = _run("simulate", str(path))
    assert proc.returncode == 2 and "UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_version() -> None:
    proc = _run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("corsdoctor ")
