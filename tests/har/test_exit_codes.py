"""``corsdoctor har --fail-on``: the exit status follows the worst severity found, as in check and lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harbuild import API, PAGE, entry, har, origin_hdr

from corsdoctor.cli.main import main


def _write(tmp_path: Path, headers: list[tuple[str, str]]) -> str:
    doc = har("chrome", [entry("chrome", "GET", f"{API}/r", origin_hdr(), 200, headers)])
    path = tmp_path / "in.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


#: An allowed request whose dynamic ACAO lacks Vary: Origin (CORS501, a warning).
NO_VARY = [("Access-Control-Allow-Origin", PAGE)]
#: A blocked request: no ACAO at all (CORS101, an error).
MISSING = [("Content-Type", "text/plain")]


@pytest.mark.parametrize(
    ("headers", "fail_on", "status"),
    [
        (MISSING, None, 1),
        (MISSING, "error", 1),
        (MISSING, "security", 0),
        (MISSING, "never", 0),
        (NO_VARY, None, 0),  # default: only blocked or undecidable requests fail
        (NO_VARY, "error", 0),
        (NO_VARY, "warning", 1),
        (NO_VARY, "info", 1),
    ],
)
def test_fail_on(tmp_path: Path, headers: list[tuple[str, str]], fail_on: str | None, status: int) -> None:
    argv = ["har", _write(tmp_path, headers)] + (["--fail-on", fail_on] if fail_on else [])
    assert main(argv) == status


def test_bad_severity_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["har", _write(tmp_path, MISSING), "--fail-on", "fatal"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["corsdoctor: --fail-on: unknown severity 'fatal' (choose from info, warning, error, security)"]
