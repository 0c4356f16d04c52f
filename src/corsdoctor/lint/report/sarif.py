"""SARIF 2.1.0 for code-scanning upload (https://docs.oasis-open.org/sarif/sarif/v2.1.0/).

One ``reportingDescriptor`` per code that occurs; results carry the browser consequence and the
fix in ``properties`` and the fix again as ``help`` text GitHub shows.
"""

from __future__ import annotations

import json
import os
from typing import Any

from corsdoctor._version import __version__
from corsdoctor.engine._codes import CODES
from corsdoctor.lint.runner import LintReport

_LEVEL = {"security": "error", "error": "error", "warning": "warning", "info": "note"}
_SECURITY_SEVERITY = {"security": "8.0", "error": "6.0", "warning": "4.0", "info": "1.0"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return rel.replace(os.sep, "/").removeprefix("./")


def render_sarif(report: LintReport) -> str:
    codes = sorted({f.code for f in report.findings})
    index = {c: i for i, c in enumerate(codes)}
    rules: list[dict[str, Any]] = []
    for c in codes:
        info = CODES[c]
        rule: dict[str, Any] = {
            "id": c, "name": info.name,
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": info.title},
            "defaultConfiguration": {"level": _LEVEL[info.severity.label]},
            "properties": {"tags": ["cors", info.category.value],
                           "security-severity": _SECURITY_SEVERITY[info.severity.label]},
        }
        if info.spec:
            rule["helpUri"] = info.spec
        rules.append(rule)
    results = []
    for f in report.findings:
        results.append({
            "ruleId": f.code, "ruleIndex": index[f.code], "level": _LEVEL[f.severity.label],
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.at.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.at.line, "startColumn": f.at.column},
            }}],
            "partialFingerprints": {"corsdoctor/v1": f"{f.code}:{_uri(f.at.path)}:{f.value}"},
            "properties": {"value": f.value, "consequence": f.consequence, "fix": f.fix,
                           "format": f.format, "scope": f.scope, "severity": f.severity.label},
        })
    doc = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "corsdoctor", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://fetch.spec.whatwg.org/#http-cors-protocol",
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
            # Files skipped with a reason (binary, too large, unreadable, symlink loops) are tool
            # execution notifications: the run still succeeded for everything else.
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"message": {"text": note}, "level": "note"}
                                               for note in report.notes],
            }],
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
