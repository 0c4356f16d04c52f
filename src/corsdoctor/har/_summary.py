"""The summary of a HAR report: counts, and problems grouped by root cause (code) and host."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from corsdoctor.har._analyse import HarReport
from corsdoctor.har._result import Outcome


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    code: str
    name: str
    outcome: str
    count: int
    root_cause: str
    where: str
    fix: str
    hosts: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "outcome": self.outcome,
            "count": self.count,
            "root_cause": self.root_cause,
            "where_to_look": self.where,
            "fix": self.fix,
            "hosts": [{"host": h, "count": n} for h, n in self.hosts],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    root_cause: str
    where: str
    fix: str
    fix_snippet: str


def advice(code: str | None) -> Advice:
    """Root cause, the first place to look and the first fix pattern from the knowledge layer."""
    if code is None:
        return Advice(root_cause="", where="", fix="", fix_snippet="")
    from corsdoctor import knowledge

    try:
        doc = knowledge.get(code)
    except KeyError:
        return Advice(root_cause="", where="", fix="", fix_snippet="")
    where = f"{doc.where_to_look[0].owner.value}: {doc.where_to_look[0].what}" if doc.where_to_look else ""
    if doc.fixes:
        first = doc.fixes[0]
        return Advice(
            root_cause=doc.root_cause,
            where=where,
            fix=f"[{first.stack.value}] {first.summary}",
            fix_snippet=first.snippet,
        )
    return Advice(root_cause=doc.root_cause, where=where, fix="", fix_snippet="")


def groups(report: HarReport) -> list[Group]:
    by_code: dict[str, Counter[str]] = {}
    outcome_of: dict[str, str] = {}
    names: dict[str, str] = {}
    for result in report.results:
        if not result.is_problem or result.code is None:
            continue
        by_code.setdefault(result.code, Counter())[result.host] += 1
        outcome_of[result.code] = result.outcome.value
        names[result.code] = result.name or ""
    out = []
    for code, hosts in by_code.items():
        tip = advice(code)
        out.append(
            Group(
                code=code,
                name=names[code],
                outcome=outcome_of[code],
                count=sum(hosts.values()),
                root_cause=tip.root_cause,
                where=tip.where,
                fix=tip.fix,
                hosts=tuple(sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    out.sort(key=lambda g: (-g.count, g.code))
    return out


def counts(report: HarReport) -> dict[str, int]:
    return {
        "entries": report.entries_read,
        "cross_origin": len(report.results),
        "allowed": report.count(Outcome.ALLOWED),
        "blocked": report.count(Outcome.BLOCKED),
        "unknown": report.count(Outcome.UNKNOWN),
        "read_problems": len(report.problems),
    }
