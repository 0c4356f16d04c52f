"""Building findings with the registry's names and severities (hop attribution kept apart)."""

from __future__ import annotations

from corsdoctor.engine import CODES, Evidence, Finding, Stage


def make_finding(
    code: str, stage: Stage, summary: str, *, value: str | None = None, lines: tuple[str, ...] = ()
) -> Finding:
    info = CODES[code]
    return Finding(
        code=code,
        name=info.name,
        severity=info.severity.label,
        stage=stage,
        hop=None,
        summary=summary,
        value=value,
        evidence=Evidence(lines=lines),
    )
