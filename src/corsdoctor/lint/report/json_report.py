"""JSON report (schema ``corsdoctor.lint/1``)."""

from __future__ import annotations

import json
from typing import Any

from corsdoctor.lint.findings import LintFinding
from corsdoctor.lint.runner import LintReport

SCHEMA = "corsdoctor.lint/1"


def finding_dict(f: LintFinding) -> dict[str, Any]:
    return {
        "code": f.code, "name": f.name, "severity": f.severity.label,
        "path": f.at.path, "line": f.at.line, "column": f.at.column,
        "format": f.format, "scope": f.scope, "value": f.value, "message": f.message,
        "consequence": f.consequence, "fix": f.fix,
    }


def render_json(report: LintReport) -> str:
    payload = {
        "schema": SCHEMA,
        "files": report.files,
        "linted": report.linted,
        "formats": dict(sorted(report.formats.items())),
        "findings": [finding_dict(f) for f in report.findings],
        "notes": list(report.notes),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
