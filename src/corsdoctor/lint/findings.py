"""A lint finding: one code at one location, with the browser's consequence and the fix."""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine._codes import CODES, Severity
from corsdoctor.lint.policy import Location


@dataclass(frozen=True, slots=True, kw_only=True)
class LintFinding:
    code: str
    severity: Severity
    at: Location
    #: The extracted value the finding is about, as written in the file.
    value: str
    message: str
    #: What the browser prints (Chromium's console line), rendered for a placeholder request.
    consequence: str
    #: A concrete edit in the file's own format.
    fix: str
    format: str
    scope: str

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.at.path, self.at.line, self.at.column, self.code)


def make(
    code: str,
    *,
    at: Location,
    value: str,
    message: str,
    consequence: str,
    fix: str,
    format: str,
    scope: str,
    severity: Severity | None = None,
) -> LintFinding:
    info = CODES[code]
    return LintFinding(
        code=code,
        severity=info.severity if severity is None else severity,
        at=at,
        value=value,
        message=message,
        consequence=consequence,
        fix=fix,
        format=format,
        scope=scope,
    )
