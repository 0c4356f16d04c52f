"""Output formats: versioned JSON, Markdown table, self-contained escaped HTML, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from har_golden import FIXTURES
from harbuild import API, entry, har, origin_hdr

from corsdoctor.cli.main import main


def test_json_is_versioned_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["har", str(FIXTURES / "chromium" / "devtools.har"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "corsdoctor.har/1"
    assert data["counts"] == {
        "entries": 11,
        "cross_origin": 7,
        "allowed": 2,
        "blocked": 5,
        "unknown": 0,
        "read_problems": 0,
    }
    blocked = [r for r in data["requests"] if r["outcome"] == "blocked"]
    assert all(r["root_cause"] and r["fix"]["summary"] and r["message"] for r in blocked)
    groups = {g["code"]: g for g in data["summary"]}
    assert groups["CORS101"]["count"] == 2 and groups["CORS101"]["hosts"][0]["count"] == 2


def test_html_is_escaped_and_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "<script>alert(1)</script>"
    doc = har(
        "chrome",
        [entry("chrome", "GET", f"{API}/x", origin_hdr(), 200, [("Access-Control-Allow-Origin", evil)])],
    )
    path = tmp_path / "evil.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["har", str(path), "--format", "html", "-o", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert evil not in page and "&lt;script&gt;" in page
    assert "<link" not in page and "src=" not in page and page.startswith("<!doctype html>")


def test_markdown_lists_every_request(capsys: pytest.CaptureFixture[str]) -> None:
    main(["har", str(FIXTURES / "safari.har"), "--format", "markdown"])
    text = capsys.readouterr().out
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert len(rows) == 4
    assert "## Summary by root cause and host" in text
