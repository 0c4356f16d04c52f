"""The shape of a rule: one code, one ``check(policy)`` that yields findings.

Rules judge the extracted :class:`~corsdoctor.lint.policy.CorsPolicy`, never a file's syntax, so
one rule serves every format; only the fix text is chosen per format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from corsdoctor.engine._codes import Severity
from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, Fact


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    code: str
    check: Callable[[CorsPolicy], Iterable[LintFinding]]


def pick(fixes: Mapping[str, str], fmt: str) -> str:
    """The fix for ``fmt``, falling back to its family (``apigw-http`` → ``apigw``) then ``*``."""
    if fmt in fixes:
        return fixes[fmt]
    family = fmt.split("-")[0]
    return fixes.get(family, fixes.get("*", ""))


def fact_rule(
    code: str,
    *,
    consequence_for: Callable[[CorsPolicy, Fact], str] | None = None,
    default_fix: str = "",
) -> Rule:
    """A rule whose evidence is an extractor :class:`Fact` (structure only the format can see)."""

    def check(policy: CorsPolicy) -> Iterator[LintFinding]:
        for fact in policy.facts:
            if fact.code != code:
                continue
            if fact.chromium_error:
                text = consequence.for_error(fact.chromium_error, policy)
            elif consequence_for:
                text = consequence_for(policy, fact)
            else:
                text = consequence.for_code(code, policy)
            yield make(
                code,
                at=fact.at,
                value=fact.value,
                message=fact.message,
                consequence=text,
                fix=fact.fix or default_fix,
                format=policy.format,
                scope=policy.scope,
                severity=Severity.parse(fact.severity) if fact.severity else None,
            )

    return Rule(code=code, check=check)
