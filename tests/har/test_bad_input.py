"""Damaged HARs: an error naming the byte offset or entry index; readable entries still reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harbuild import API, PAGE, entry, har, origin_hdr

from corsdoctor.cli.main import main
from corsdoctor.har import analyse


def _good(n: int = 3) -> dict[str, object]:
    return har(
        "chrome",
        [entry("chrome", "GET", f"{API}/e{i}", origin_hdr(), 200, [], second=i) for i in range(n)],
    )


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "in.har"
    path.write_bytes(data)
    return path


def test_not_json_names_byte_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, b"<html>not a har</html>")
    assert main(["har", str(path)]) == 2
    err = capsys.readouterr().err
    assert "byte 0" in err and "not JSON" in err and "Traceback" not in err


def test_wrong_schema_no_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, json.dumps({"log": {"version": "1.2"}}).encode())
    assert main(["har", str(path)]) == 2
    assert "no log.entries" in capsys.readouterr().err


def test_truncated_keeps_earlier_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps(_good(3)).encode()
    cut = data.rfind(b'"startedDateTime"') + 10
    path = _write(tmp_path, data[:cut])
    report = analyse(path)
    assert [r.index for r in report.results] == [0, 1]
    problem = report.problems[-1]
    assert problem.index == 2 and problem.offset == cut and "truncated" in problem.message
    assert main(["har", str(path)]) == 1  # the blocked requests were still decided
    assert f"entry 2, byte {cut}" in capsys.readouterr().err


def test_syntax_error_in_one_entry_skips_only_that_entry(tmp_path: Path) -> None:
    data = json.dumps(_good(4)).encode()
    marker = f'"url": "{API}/e1"'.encode()
    at = data.index(marker)
    broken = data[:at] + b'"url" "' + data[at + len(b'"url": "') :]
    report = analyse(_write(tmp_path, broken))
    assert [r.index for r in report.results] == [0, 2, 3]
    problem = report.problems[0]
    assert problem.index == 1 and problem.offset == at + len(b'"url" ')
    assert "invalid JSON" in problem.message


def test_missing_fields_are_schema_errors_by_index(tmp_path: Path) -> None:
    doc = _good(3)
    del doc["log"]["entries"][1]["request"]["url"]  # type: ignore[index]
    doc["log"]["entries"][2]["request"]["headers"] = "oops"  # type: ignore[index]
    report = analyse(_write(tmp_path, json.dumps(doc).encode()))
    assert [r.index for r in report.results] == [0]
    assert [(p.index, p.message) for p in report.problems] == [
        (1, "wrong schema: request.url is missing"),
        (2, "wrong schema: request.headers is not a list"),
    ]


def test_non_utf8_is_reported_and_the_entry_still_decided(tmp_path: Path) -> None:
    data = json.dumps(_good(2)).encode()
    at = data.index(b"secret body text")
    damaged = data[:at] + b"\xff\xfe" + data[at + 2 :]
    report = analyse(_write(tmp_path, damaged))
    assert [r.index for r in report.results] == [0, 1]
    assert report.problems[0].index == 0
    assert report.problems[0].offset == at
    assert "UTF-8" in report.problems[0].message


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["har", str(tmp_path / "nope.har")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_exit_zero_when_nothing_blocked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = har(
        "chrome",
        [
            entry(
                "chrome",
                "GET",
                f"{API}/ok",
                origin_hdr(),
                200,
                [("Access-Control-Allow-Origin", PAGE), ("Vary", "Origin")],
            )
        ],
    )
    assert main(["har", str(_write(tmp_path, json.dumps(doc).encode()))]) == 0
    assert "1 allowed, 0 blocked" in capsys.readouterr().out


def test_exit_2_when_every_entry_is_damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Entries exist but none can be read: nothing to conclude from, so exit 2 (not 0)."""
    path = _write(tmp_path, b'{"log": {"version": "1.2", "entries": [1, "x", null]}}')
    assert main(["har", str(path)]) == 2
    err = capsys.readouterr().err
    assert "entry 0: entry is not a JSON object" in err and "entry 2:" in err


def test_exit_2_when_truncated_inside_the_first_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.dumps(_good(1)).encode()
    cut = data.index(b'"startedDateTime"') + 10
    assert main(["har", str(_write(tmp_path, data[:cut]))]) == 2
    err = capsys.readouterr().err
    assert f"byte {cut}" in err and "truncated" in err


def test_empty_entries_list_is_readable(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(_good(0)).encode())
    assert main(["har", str(path)]) == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "byte 0: not JSON: gzip-compressed"),
        ('{"log": {"entries": []}}'.encode("utf-16"), "byte 0: not UTF-8: UTF-16"),
        (b"  \n", "byte 0: empty file"),
    ],
)
def test_whole_file_problems_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    assert main(["har", str(_write(tmp_path, data))]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
