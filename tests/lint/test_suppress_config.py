"""Inline suppression and the ``[tool.corsdoctor.lint]`` section."""

from __future__ import annotations

from pathlib import Path

import pytest

from corsdoctor.lint import suppress
from corsdoctor.lint.config import ConfigError, load
from corsdoctor.lint.runner import lint_paths, lint_text

NGINX = """server {
    location / {
        add_header Access-Control-Allow-Origin * always;{mark}
        add_header Access-Control-Allow-Credentials true always;
    }
}
"""


def _codes(text: str, name: str = "nginx.conf") -> list[tuple[int, str]]:
    return [(f.at.line, f.code) for f in lint_text(name, text, real=name).findings]


def test_same_line_suppression() -> None:
    assert _codes(NGINX.replace("{mark}", "")) == [(3, "CORS105")]
    assert _codes(NGINX.replace("{mark}", "  # corsdoctor: ignore[CORS105]")) == []


def test_suppression_names_only_listed_codes() -> None:
    assert _codes(NGINX.replace("{mark}", "  # corsdoctor: ignore[CORS701, CORS103]")) == [(3, "CORS105")]


def test_bare_ignore_and_comment_line_above() -> None:
    assert _codes(NGINX.replace("{mark}", "  # corsdoctor: ignore")) == []
    text = NGINX.replace("{mark}", "").replace(
        "        add_header Access-Control-Allow-Origin",
        "        # corsdoctor: ignore[CORS105]\n        add_header Access-Control-Allow-Origin",
    )
    assert _codes(text) == []


def test_python_and_js_comment_syntax() -> None:
    py = ("from starlette.middleware.cors import CORSMiddleware\n"
          "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com/'])"
          "  # corsdoctor: ignore[CORS109]\n")
    assert "CORS109" not in {c for _, c in _codes(py, "app.py")}
    js = ("const cors = require('cors');\n"
          "app.use(cors({ credentials: true })); // corsdoctor: ignore[CORS105]\n")
    assert _codes(js, "server.js") == []


def test_parse_marks() -> None:
    marks = suppress.parse("a\n# corsdoctor: ignore[cors105]\nb  // corsdoctor: ignore\n")
    assert marks == {2: frozenset({"CORS105"}), 3: frozenset({"CORS105", "*"})}


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.corsdoctor.lint]\nselect = ["CORS1"]\nignore = ["cors109"]\nfail-on = "error"\n')
    sub = tmp_path / "deploy"
    sub.mkdir()
    cfg = load(str(sub))
    assert cfg.select == ("CORS1",) and cfg.ignore == ("CORS109",) and cfg.fail_on == "error"


def test_pyproject_bad_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.corsdoctor.lint]\nselect = 5\n')
    with pytest.raises(ConfigError, match="select must be a list"):
        load(str(tmp_path))


def test_select_and_ignore_prefixes(tmp_path: Path) -> None:
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX.replace("{mark}", "").replace("*", "$http_origin"))
    all_codes = {f.code for f in lint_paths([str(conf)]).findings}
    assert all_codes == {"CORS701", "CORS501"}
    assert {f.code for f in lint_paths([str(conf)], select=["CORS7"]).findings} == {"CORS701"}
    assert {f.code for f in lint_paths([str(conf)], ignore=["CORS701"]).findings} == {"CORS501"}
