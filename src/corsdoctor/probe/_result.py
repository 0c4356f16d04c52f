"""What ``corsdoctor check`` found: the request, the exchanges, each browser's verdict, findings.

An *exchange* here is one request that went on the wire (a :class:`Step`); each browser's
transaction points into the shared list, since identical requests are sent only once.
"""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine import Api, Finding, HeaderList, Severity, Verdict, lookup
from corsdoctor.probe._options import ProbeOptions
from corsdoctor.probe._record import WireRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRequest:
    """The request a page would make, as given on the command line (validated)."""

    url: str
    origins: tuple[str, ...]
    method: str = "GET"
    #: Author headers plus the implicit ``Content-Type`` fetch adds for a string body.
    headers: HeaderList = ()
    credentials: bool = False
    cookie: str | None = None
    body: bytes | None = None
    browsers: tuple[str, ...] = ("chromium",)
    api: Api = Api.FETCH
    #: Run the checks beyond the single request (error path, any origin, null origin).
    extra_checks: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One exchange on the wire.  ``purpose``: preflight, actual, or an extra check's name."""

    index: int
    purpose: str
    hop: int
    origin: str
    record: WireRecord
    browsers: tuple[str, ...]
    curl: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One browser's verdict for one origin; ``steps`` maps the verdict's exchanges to steps."""

    browser: str
    verdict: Verdict
    steps: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reported:
    """A finding as reported: the engine's (or an extra check's) finding, which browsers saw it,
    and the step that proves it."""

    finding: Finding
    browsers: tuple[str, ...]
    step: int | None

    @property
    def severity(self) -> Severity:
        return Severity.parse(self.finding.severity)


@dataclass(frozen=True, slots=True, kw_only=True)
class Layer:
    """A layer between the page and the application, inferred from response headers."""

    owner: str
    product: str
    evidence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginResult:
    origin: str
    outcomes: tuple[Outcome, ...]
    findings: tuple[Reported, ...]

    def outcome(self, browser: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.browser == browser), None)

    @property
    def blocked(self) -> bool:
        return any(o.verdict.blocked for o in self.outcomes)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    request: CheckRequest
    options: ProbeOptions
    results: tuple[OriginResult, ...]
    steps: tuple[Step, ...]
    #: Findings of the checks beyond the single request (not tied to one origin's verdict).
    extra_findings: tuple[Reported, ...] = ()
    layers: tuple[Layer, ...] = ()
    elapsed_ms: float = 0.0

    @property
    def all_findings(self) -> tuple[Reported, ...]:
        return tuple(f for r in self.results for f in r.findings) + self.extra_findings

    @property
    def inconclusive(self) -> bool:
        """A network failure or a redirect loop: nothing about CORS could be concluded (exit 2)."""
        return any(
            o.verdict.failure is not None and o.verdict.failure.code in ("CORS601", "CORS904", "CORS302")
            for r in self.results
            for o in r.outcomes
        )

    def worst(self) -> Severity | None:
        severities = [f.severity for f in self.all_findings]
        return max(severities) if severities else None

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 nothing at or above ``fail_on``, 1 findings, 2 could not conclude."""
        if self.inconclusive:
            return 2
        return 1 if any(f.severity >= fail_on for f in self.all_findings) else 0


def severity_of(code: str) -> Severity:
    return lookup(code).severity
