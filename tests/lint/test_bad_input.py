"""Bad input never crashes the run: a 9xx finding or a note, and the other files are still linted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corsdoctor.lint import runner
from corsdoctor.lint.runner import lint_paths

GOOD = 'server {\n    location / {\n        add_header Access-Control-Allow-Origin * always;\n' \
       '        add_header Access-Control-Allow-Credentials true always;\n    }\n}\n'


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "nginx.conf").write_text(GOOD)
    return root


def test_unparsable_file_is_cors902_and_others_still_linted(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "vercel.json").write_text('{"headers": [}\n')
    (root / "settings.py").write_text("CORS_ALLOWED_ORIGINS = [\n")
    report = lint_paths([str(root)])
    codes = sorted((os.path.basename(f.at.path), f.code) for f in report.findings)
    assert ("nginx.conf", "CORS105") in codes
    assert ("vercel.json", "CORS902") in codes
    assert ("settings.py", "CORS902") in codes
    bad = next(f for f in report.findings if f.at.path.endswith("vercel.json"))
    assert bad.at.line == 1 and bad.at.column == 14 and "Expecting value" in bad.message


def test_binary_huge_and_loop_are_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    (root / "blob.conf").write_bytes(b"server {\x00\x01\x02")
    (root / "huge.conf").write_text("# " + "x" * 400 + "\n")
    (root / "loop").symlink_to(root)
    (root / "dangling.conf").symlink_to(root / "missing.conf")
    monkeypatch.setattr(runner, "MAX_BYTES", 300)
    report = lint_paths([str(root)])
    notes = "\n".join(report.notes)
    assert "blob.conf: binary file; skipped" in notes
    assert "huge.conf: " in notes and "larger than 300" in notes
    assert "symlink loop" in notes
    assert "dangling.conf: broken symlink" in notes
    assert [f.code for f in report.findings] == ["CORS105"]


def test_unreadable_file_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    secret = root / "secret.conf"
    secret.write_text(GOOD)
    secret.chmod(0)  # unreadable for a normal user; root reads it, so refuse it at open() as well
    real_open = open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("secret.conf"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded_open)
    report = lint_paths([str(root)])
    assert any("secret.conf: cannot read" in n for n in report.notes)
    assert [f.code for f in report.findings] == ["CORS105"]  # the other files are still linted


def test_unreadable_directory_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    (root / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("corsdoctor.lint.walk.os.scandir", scandir)
    report = lint_paths([str(root)])
    assert any("locked: cannot read directory (Permission denied)" in n for n in report.notes)
    assert [f.code for f in report.findings] == ["CORS105"]


def test_gitignore_is_respected(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / ".git").mkdir()
    (root / ".gitignore").write_text("build/\n*.generated.conf\n")
    (root / "build").mkdir()
    (root / "build" / "nginx.conf").write_text(GOOD)
    (root / "x.generated.conf").write_text(GOOD)
    sub = root / "sub"
    sub.mkdir()
    (sub / ".gitignore").write_text("local.conf\n")
    (sub / "local.conf").write_text(GOOD)
    report = lint_paths([str(root)])
    assert [os.path.relpath(f.at.path, root) for f in report.findings] == ["nginx.conf"]


def test_deeply_nested_json_does_not_crash(tmp_path: Path) -> None:
    deep = tmp_path / "vercel.json"
    deep.write_text('{"headers": ' + "[" * 5000 + "]" * 5000 + "}")
    report = lint_paths([str(deep)])
    assert report.findings == () and any("nested too deeply" in n for n in report.notes)


def test_cors902_value_is_the_offending_line_and_missing_tokens_are_named(tmp_path: Path) -> None:
    ts = tmp_path / "server.ts"
    ts.write_text("import cors from 'cors';\nconst app = require('express')();\n"
                  "const opts = { origin: 'https://app.example.com' ;\napp.use(cors(opts));\n")
    (bad,) = lint_paths([str(ts)]).findings
    assert bad.code == "CORS902" and bad.at.line == 3
    assert bad.value == "const opts = { origin: 'https://app.example.com' ;"
    assert bad.message == "express: missing '}'"


def test_a_file_the_grammar_cannot_recover_points_at_the_bracket(tmp_path: Path) -> None:
    java = tmp_path / "W.java"
    java.write_text('@Configuration\npublic class W implements WebMvcConfigurer {\n'
                    '  public void addCorsMappings(CorsRegistry r) {\n'
                    '    r.addMapping("/**").allowedOrigins("*"\n  }\n}\n')
    (bad,) = lint_paths([str(java)]).findings
    assert (bad.code, bad.at.line, bad.at.column) == ("CORS902", 5, 3)
    assert bad.message == "spring: '}' closes '(' opened at line 4" and bad.value == "}"


def test_unbalanced_skips_strings_and_comments() -> None:
    from corsdoctor.lint.formats._syntax import unbalanced

    assert unbalanced('a("(", \'[\', `{`) // )\n/* ] */ b[1]\n') is None
    assert unbalanced("x = {\n  y: [1, 2\n}\n") == (3, 1, "'}' closes '[' opened at line 2")
    assert unbalanced("f(1,\n  2\n") == (1, 2, "'(' is never closed")
    assert unbalanced("# ) in a comment\nok()\n", hash_comments=True) is None
