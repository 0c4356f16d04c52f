"""``corsdoctor lint`` end to end: reporters, goldens, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corsdoctor.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(FIXTURES)
    code = main(["lint", "--no-config", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", ["nginx/if_preflight.conf", "starlette/fastapi_app.py", "s3/console.json"])
def test_text_golden(case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(capsys, monkeypatch, case)
    golden = GOLDEN / (case.replace("/", "__") + ".txt")
    if os.environ.get("CORSDOCTOR_REGOLD"):
        golden.write_text(out)
    assert out == golden.read_text()
    assert code == 1
    assert err.strip().startswith("Found ")


def test_json_report(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(capsys, monkeypatch, "--format", "json", "nginx/wildcard_credentials.conf")
    doc = json.loads(out)
    assert code == 1 and doc["schema"] == "corsdoctor.lint/1" and doc["formats"] == {"nginx": 1}
    (finding,) = doc["findings"]
    assert finding["code"] == "CORS105" and finding["name"] == "wildcard-origin-with-credentials"
    assert (finding["line"], finding["column"], finding["value"]) == (4, 9, "*")
    assert "must not be the wildcard '*' when the request's credentials mode is 'include'" in finding["consequence"]
    assert "map $http_origin" in finding["fix"]


def test_sarif_report(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(capsys, monkeypatch, "--format", "sarif", "nginx")
    doc = json.loads(out)
    assert code == 2  # nginx/broken.conf is unparsable: could not conclude for it
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids))
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("nginx/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert result["level"] in ("error", "warning", "note")
    assert {r["ruleId"] for r in run["results"]} >= {"CORS801", "CORS802", "CORS803", "CORS902"}


def test_github_annotations(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = _run(capsys, monkeypatch, "--format", "github", "nginx/always.conf")
    assert out.startswith("::warning file=nginx/always.conf,line=5,col=9,title=CORS803 header-without-always::")
    assert "%0Abrowser: Access to fetch at 'https://api.example.com/no-always'" in out


def test_exit_codes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(capsys, monkeypatch, "nginx/always.conf")[0] == 1
    assert _run(capsys, monkeypatch, "--fail-on", "error", "nginx/always.conf")[0] == 0
    assert _run(capsys, monkeypatch, "--fail-on", "never", "nginx/reflect.conf")[0] == 0
    assert _run(capsys, monkeypatch, "--ignore", "CORS803", "nginx/always.conf")[0] == 0
    code, _, err = _run(capsys, monkeypatch, "nginx/broken.conf")
    assert code == 2 and "cannot parse" in err and "Traceback" not in err
    code, _, err = _run(capsys, monkeypatch, "no/such/dir")
    assert code == 2 and "no/such/dir: no such file or directory" in err
    code, _, err = _run(capsys, monkeypatch, "--select", "CORS999", "nginx")
    assert code == 2 and err.strip().startswith("corsdoctor lint: unknown code 'CORS999' in --select/--ignore")
    code, _, err = _run(capsys, monkeypatch, "--select", "CORS1X", "nginx")  # not a prefix of any code
    assert code == 2 and "unknown code 'CORS1X'" in err
    code, _, err = _run(capsys, monkeypatch, "--jobs", "-1", "nginx")
    assert code == 2 and "--jobs" in err and "Traceback" not in err
    code, _, err = _run(capsys, monkeypatch, "--fail-on", "fatal", "nginx")
    assert code == 2 and "unknown severity" in err


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.sarif"
    code, out, _ = _run(capsys, monkeypatch, "--format", "sarif", "-o", str(target), "nginx/always.conf")
    assert code == 1 and out == "" and json.loads(target.read_text())["runs"][0]["results"][0]["ruleId"] == "CORS803"


def test_pyproject_of_the_linted_project_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "service"
    (project / "deploy").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.corsdoctor.lint]\nignore = ["CORS803"]\n')
    (project / "deploy" / "nginx.conf").write_text(
        "server {\n  location / {\n    add_header Access-Control-Allow-Origin https://app.example.com;\n  }\n}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["lint", str(project / "deploy")]) == 0  # CORS803 ignored by the service's own pyproject
    assert main(["lint", "--no-config", str(project / "deploy")]) == 1
    _, err = capsys.readouterr()
    assert "(1 file scanned)" in err


def test_skipped_files_reach_sarif_and_github(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "blob.conf").write_bytes(b"server {\x00\x01")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-config", "--format", "sarif", "."]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [
        {"message": {"text": "./blob.conf: binary file; skipped"}, "level": "note"}]
    assert main(["lint", "--no-config", "--format", "github", "."]) == 0
    assert capsys.readouterr().out == "::notice title=corsdoctor lint::./blob.conf: binary file; skipped\n"


def test_bad_pyproject_values_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.corsdoctor.lint]\nselect = ["CORS1X"]\n')
    (tmp_path / "nginx.conf").write_text("server {}\n")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "nginx.conf"]) == 2
    err = capsys.readouterr().err
    assert "unknown code 'CORS1X' in " in err and "pyproject.toml [tool.corsdoctor.lint]" in err
    (tmp_path / "pyproject.toml").write_text('[tool.corsdoctor.lint]\nfail-on = "fatal"\n')
    assert main(["lint", "nginx.conf"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml [tool.corsdoctor.lint] fail-on: unknown severity 'fatal'" in err
