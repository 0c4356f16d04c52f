"""The summary of a HAR report: counts, and problems grouped by root cause (code) and host, with the
owners to look at for each host (the shared inference of ``knowledge.infer_owners``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from corsdoctor.har._analyse import HarReport
from corsdoctor.har._result import Outcome
from corsdoctor.knowledge import OwnerGuess


@dataclass(frozen=True, slots=True, kw_only=True)
class HostOwners:
    """The requests of one root cause to one host, and who to look at first for them."""

    host: str
    count: int
    #: owner labels ("reverse proxy (nginx)"), most likely first, as most of these requests rank them
    owners: tuple[str, ...]
    #: the evidence behind the first owner (header lines, status, URL host)
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "count": self.count, "owners": list(self.owners),
                "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    code: str
    name: str
    outcome: str
    count: int
    root_cause: str
    where: str
    fix: str
    hosts: tuple[HostOwners, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "outcome": self.outcome,
            "count": self.count,
            "root_cause": self.root_cause,
            "where_to_look": self.where,
            "fix": self.fix,
            "hosts": [h.to_dict() for h in self.hosts],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    root_cause: str
    where: str
    fix: str
    fix_snippet: str


def advice(code: str | None, owners: tuple[OwnerGuess, ...] = ()) -> Advice:
    """Root cause, the most likely owner and the fix for its stack, from the knowledge layer.

    ``owners`` (``knowledge.infer_owners`` over the recorded exchanges) picks where to look and
    which fix comes first; without them the code's documented defaults do.
    """
    if code is None:
        return Advice(root_cause="", where="", fix="", fix_snippet="")
    from corsdoctor import knowledge

    try:
        doc = knowledge.get(code)
    except KeyError:
        return Advice(root_cause="", where="", fix="", fix_snippet="")
    if owners:
        where = f"{owners[0].label}: {owners[0].why}"
    else:
        where = f"{doc.where_to_look[0].owner.value}: {doc.where_to_look[0].what}" if doc.where_to_look else ""
    fixes = knowledge.rank_fixes(doc.fixes, owners)
    if fixes:
        first = fixes[0]
        return Advice(
            root_cause=doc.root_cause,
            where=where,
            fix=f"[{first.stack.value}] {first.summary}",
            fix_snippet=first.snippet,
        )
    return Advice(root_cause=doc.root_cause, where=where, fix="", fix_snippet="")


def _labels(owners: tuple[OwnerGuess, ...]) -> tuple[str, ...]:
    return tuple(o.label for o in owners)


def groups(report: HarReport) -> list[Group]:
    """Problems by root cause (code), then by host; per host the owner ranking most of its requests got."""
    by_code: dict[str, dict[str, Counter[tuple[OwnerGuess, ...]]]] = {}
    outcome_of: dict[str, str] = {}
    names: dict[str, str] = {}
    for result in report.results:
        if not result.is_problem or result.code is None:
            continue
        by_code.setdefault(result.code, {}).setdefault(result.host, Counter())[result.owners] += 1
        outcome_of[result.code] = result.outcome.value
        names[result.code] = result.name or ""
    out = []
    for code, hosts in by_code.items():
        rows = []
        overall: Counter[tuple[OwnerGuess, ...]] = Counter()
        for host, rankings in hosts.items():
            overall.update(rankings)
            common = rankings.most_common(1)[0][0]
            rows.append(HostOwners(host=host, count=sum(rankings.values()), owners=_labels(common),
                                   evidence=common[0].evidence if common else ()))
        tip = advice(code, overall.most_common(1)[0][0])
        out.append(
            Group(
                code=code,
                name=names[code],
                outcome=outcome_of[code],
                count=sum(r.count for r in rows),
                root_cause=tip.root_cause,
                where=tip.where,
                fix=tip.fix,
                hosts=tuple(sorted(rows, key=lambda h: (-h.count, h.host))),
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
