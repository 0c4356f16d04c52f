from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from corsdoctor.cli.main import main


def test_demo_exit_0_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "endpoints behaved as declared" in out
    assert "/options-404" in out and "PreflightMissingAllowOriginHeader" in out


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["schema"] == "corsdoctor.demo/1" and payload["as_declared"] is True
    row = next(r for r in payload["endpoints"] if r["path"] == "/acao-mismatch")
    assert row["code"] == "CORS102" and row["check"]["schema"] == "corsdoctor.check/1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_lab_command_prints_endpoints_and_serves() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "corsdoctor", "lab", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("Listening:"):
                break
        text = "".join(lines)
        assert f"http://127.0.0.1:{port}/missing-acao" in text
        assert (
            f"corsdoctor check http://127.0.0.1:{port}/options-404 --origin http://localhost:3000 -X PUT"
            in text
        )
        check = subprocess.run(
            [sys.executable, "-m", "corsdoctor", "check", f"http://127.0.0.1:{port}/missing-acao",
             "--origin", "http://localhost:3000", "--format", "json"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert check.returncode == 1
        assert json.loads(check.stdout)["results"][0]["browsers"]["chromium"]["code"] == "CORS101"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    assert os.environ.get("PYTHONWARNINGS") != "error" or proc.returncode in (0, 130)
