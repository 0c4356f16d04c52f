"""What HAR replay concludes for one cross-origin request (small, strings only: 50,000 fit)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from corsdoctor.knowledge import OwnerGuess


class Outcome(enum.Enum):
    ALLOWED = "allowed"
    BLOCKED = "blocked"
    #: The HAR lacks what the verdict needs (CORS906 incomplete-evidence).
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingLine:
    code: str
    name: str
    severity: str
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HarResult:
    index: int
    method: str
    #: redacted
    url: str
    host: str
    origin: str
    origin_source: str
    browser: str
    outcome: Outcome
    stage: str
    code: str | None
    name: str | None
    message: str
    #: what the recording itself shows: "200", "net::ERR_FAILED", "no response"
    recorded: str
    entries: tuple[int, ...]
    preflight_entries: tuple[int, ...]
    findings: tuple[FindingLine, ...] = ()
    missing: str = ""
    check_command: str = ""
    notes: tuple[str, ...] = ()
    #: who most likely owns the block, first first (knowledge.infer_owners over every recorded exchange)
    owners: tuple[OwnerGuess, ...] = ()

    @property
    def is_problem(self) -> bool:
        return self.outcome is not Outcome.ALLOWED

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "entries": list(self.entries),
            "preflight_entries": list(self.preflight_entries),
            "method": self.method,
            "url": self.url,
            "host": self.host,
            "origin": self.origin,
            "origin_source": self.origin_source,
            "browser": self.browser,
            "outcome": self.outcome.value,
            "stage": self.stage,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "recorded": self.recorded,
            "findings": [
                {"code": f.code, "name": f.name, "severity": f.severity, "summary": f.summary}
                for f in self.findings
            ],
            "missing": self.missing or None,
            "check_command": self.check_command or None,
            "notes": list(self.notes),
            "owners": [owner_to_dict(o) for o in self.owners],
        }


def owner_to_dict(owner: OwnerGuess) -> dict[str, Any]:
    return {
        "owner": owner.owner.value,
        "product": owner.product or None,
        "why": owner.why,
        "evidence": list(owner.evidence),
        "look_for": list(owner.look_for),
    }
