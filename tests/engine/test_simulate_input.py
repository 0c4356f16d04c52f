"""``corsdoctor simulate``: malformed scenario fields are one-line input errors naming the line and
the scenario, exit 2, and the other lines are still answered (no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "conformance" / "scenarios.jsonl"
_BASE = {"id": "n", "request": {"url": "http://a.test/", "origin": "http://x.test", "method": "GET"},
         "response": {"status": 200, "headers": []}}


@pytest.mark.parametrize(
    ("patch", "message"),
    [({"redirects": [None]}, "n: redirects[0]: expected an object with an integer 'status', not null"),
     ({"response": {"status": -5, "headers": []}}, "n: response: status -5 is not a three-digit HTTP status"),
     ({"response": {"status": 1000, "headers": []}}, "n: response: status 1000 is not a three-digit"),
     ({"response": {"status": True, "headers": []}}, "n: response: expected an object with an integer 'status'"),
     ({"request": {**_BASE["request"], "mode": "weird"}},  # type: ignore[dict-item]
      "n: request.mode 'weird' is not one of cors, no-cors, same-origin")],
)
def test_bad_fields_are_reported_and_the_next_line_answered(patch: dict[str, object], message: str) -> None:
    good = CORPUS.read_text(encoding="utf-8").splitlines()[0]
    text = json.dumps({**_BASE, **patch}) + "\n" + good + "\n"
    proc = subprocess.run([sys.executable, "-m", "corsdoctor", "simulate", "-"], input=text,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"corsdoctor: line 1: {message}"), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == [json.loads(good)["id"]]


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_answered(tmp_path: Path) -> None:
    lines = CORPUS.read_bytes().splitlines()[:2]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\n" + b'{"id": "\xff"}\n' + lines[1] + b"\n")
    proc = subprocess.run([sys.executable, "-m", "corsdoctor", "simulate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "corsdoctor: line 2: not UTF-8 at byte 8\n"
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == [
        json.loads(line)["id"] for line in lines]
