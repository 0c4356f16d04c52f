"""The verdict: what the browser decided, why, and how each browser words it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corsdoctor.engine._codes import CODES
from corsdoctor.engine._fastinit import fast_frozen_init
from corsdoctor.engine._messages import chromium_message, firefox_message, webkit_message
from corsdoctor.engine._messages import script_error as _script_error
from corsdoctor.engine._model import (
    Evidence,
    Exchange,
    Failure,
    Finding,
    PageRequest,
    Response,
    Stage,
    WireRequest,
)

BROWSERS = ("chromium", "firefox", "webkit")

#: (code, stage, hop, summary, value, evidence): a finding before it is needed as an object.
FindingRecord = tuple[str, Stage, int | None, str, str | None, Evidence]
#: (request, response, net error) of one exchange.
ExchangeRecord = tuple[WireRequest, Response | None, str | None]


def devtools_parameter(raw: str) -> str:
    """failedParameter as DevTools reports it: the header's bytes read as UTF-8, or ``""`` when
    they are not valid UTF-8 (Chromium 156, oracle: ACAC ``tru\\xe9`` -> ``""``, ``tru\\xc3\\xa9``
    -> ``trué``).  ``raw`` is the header value as latin-1 text, one character per byte."""
    if raw.isascii():
        return raw
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ""


@fast_frozen_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The outcome of one transaction under one browser profile.

    ``failure`` is the first blocking problem (what the browser reports); ``findings`` holds it
    and every other independent problem and note found in the exchange.
    """

    profile: str
    request: PageRequest
    allowed: bool
    stage: Stage
    failed_hop: int | None
    status: int
    response_type: str
    failure: Failure | None
    finding_records: tuple[FindingRecord, ...] = field(repr=False)
    exchange_records: tuple[ExchangeRecord, ...] = field(repr=False)
    exposed_headers: tuple[str, ...]
    preflight: bool
    acrh: str | None
    preflight_origin_header: str | None
    final_origin_header: str | None
    origin_header_sent: bool
    cors_unsafe_header_names: tuple[str, ...]
    url_list: tuple[str, ...]
    _findings: tuple[Finding, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _exchanges: tuple[Exchange, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The blocking problem, every other independent problem and the notes, in order."""
        made = self._findings
        if made is None:
            made = tuple(
                Finding(
                    code=code,
                    name=CODES[code].name,
                    severity=CODES[code].severity.label,
                    stage=stage,
                    hop=hop,
                    summary=summary,
                    value=value,
                    evidence=evidence,
                )
                for code, stage, hop, summary, value, evidence in self.finding_records
            )
            object.__setattr__(self, "_findings", made)
        return made

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        """Every request put on the wire and what came back, in order."""
        made = self._exchanges
        if made is None:
            made = tuple(Exchange(request=r, response=p, net_error=e) for r, p, e in self.exchange_records)
            object.__setattr__(self, "_exchanges", made)
        return made

    @property
    def blocked(self) -> bool:
        return self.failure is not None

    @property
    def code(self) -> str | None:
        return None if self.failure is None else self.failure.code

    @property
    def chromium_error(self) -> str | None:
        return None if self.failure is None else self.failure.chromium_error

    @property
    def failed_parameter(self) -> str | None:
        if self.failure is None or self.failure.chromium_error is None:
            return None
        return devtools_parameter(self.failure.failed_parameter)

    def message(self, browser: str) -> str:
        """The console text ``browser`` (chromium, firefox, webkit) prints; "" when allowed."""
        failure = self.failure
        if failure is None:
            return ""
        api = self.request.api
        if browser == "chromium":
            return chromium_message(
                failure, api=api, origin=self.request.origin, initial_url=self.url_list[0]
            )
        if browser == "firefox":
            return firefox_message(failure)
        if browser in ("webkit", "safari"):
            origin = self.final_origin_header or self.request.origin
            return webkit_message(failure, api=api, origin=origin)
        raise ValueError(f"unknown browser {browser!r}")

    def script_error(self, browser: str) -> str:
        """What the page's script sees in ``browser`` (chromium, firefox, webkit): the exception
        fetch() rejects with or XMLHttpRequest throws, or XHR's error event; "" when allowed."""
        failure = self.failure
        if failure is None:
            return ""
        if browser == "safari":
            browser = "webkit"
        if browser not in BROWSERS:
            raise ValueError(f"unknown browser {browser!r}")
        return _script_error(failure, api=self.request.api, browser=browser)

    @property
    def messages(self) -> dict[str, str]:
        return {b: self.message(b) for b in BROWSERS}

    @property
    def own_message(self) -> str:
        """The message in this profile's own browser's words (spec uses Chromium's wording)."""
        browser = self.profile if self.profile in BROWSERS else "chromium"
        return self.message(browser)

    def to_simulate_dict(self, scenario_id: str, messages: dict[str, str] | None = None) -> dict[str, Any]:
        """The per-scenario object of FORMAT.md §8."""
        return {
            "id": scenario_id,
            "preflight": self.preflight,
            "allowed": self.allowed,
            "stage": self.stage.value,
            "failed_hop": self.failed_hop,
            "status": self.status,
            "response_type": self.response_type,
            "exposed_headers": list(self.exposed_headers),
            "acrh": self.acrh,
            "preflight_origin_header": self.preflight_origin_header,
            "final_origin_header": self.final_origin_header,
            "origin_header_sent": self.origin_header_sent,
            "cors_unsafe_header_names": list(self.cors_unsafe_header_names),
            "code": self.code,
            "chromium_error": self.chromium_error,
            "failed_parameter": self.failed_parameter,
            "messages": messages if messages is not None else self.messages,
        }
