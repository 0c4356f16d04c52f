"""Lint reporters: ruff-like text, JSON, SARIF 2.1.0 and GitHub workflow annotations."""

from __future__ import annotations

from corsdoctor.lint.report.github import render_github
from corsdoctor.lint.report.json_report import render_json
from corsdoctor.lint.report.sarif import render_sarif
from corsdoctor.lint.report.text import render_text

__all__ = ["render_github", "render_json", "render_sarif", "render_text"]
