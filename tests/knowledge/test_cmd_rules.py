"""``corsdoctor rules`` lists the registry."""

from __future__ import annotations

import json

import pytest

from corsdoctor.cli.main import main
from corsdoctor.engine._codes import all_codes


def test_rules_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(all_codes())
    assert lines[0].split()[:3] == ["CORS001", "same-origin-request", "info"]


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "corsdoctor.rules/1"
    by_code = {c["code"]: c for c in data["codes"]}
    assert by_code["CORS105"]["name"] == "wildcard-origin-with-credentials"
    assert by_code["CORS105"]["severity"] == "error"


def test_rules_severity_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--severity", "security", "--format", "json"]) == 0
    codes = {c["code"] for c in json.loads(capsys.readouterr().out)["codes"]}
    assert codes == {"CORS701", "CORS702", "CORS703", "CORS706"}


def test_rules_bad_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--severity", "loud"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown severity" in err
