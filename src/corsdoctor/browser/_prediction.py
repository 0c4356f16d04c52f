"""The engine's prediction for what Chromium just did, fed with the responses Chromium received.

The engine's :class:`~corsdoctor.engine.Transaction` is driven with the exact responses the
browser got on each hop (from DevTools), so the two are compared on the same exchanges: every
request the engine wants to send is matched with the request Chromium sent at the same hop and of
the same kind.  When the engine wants a request Chromium never sent (or the reverse), that
mismatch is itself reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from corsdoctor.browser._observation import BrowserObservation, Outcome, RequestKind, WireExchange
from corsdoctor.browser._request import Api, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldComparison:
    field: str
    chromium: Any
    engine: Any

    @property
    def agrees(self) -> bool:
        return bool(self.chromium == self.engine)


@dataclass(frozen=True, slots=True, kw_only=True)
class Prediction:
    """The engine's verdict fields next to Chromium's, and where the exchange walk diverged."""

    fields: tuple[FieldComparison, ...]
    divergence: str | None  # e.g. "engine sends a preflight at hop 1; Chromium did not"

    @property
    def disagreements(self) -> tuple[FieldComparison, ...]:
        return tuple(f for f in self.fields if not f.agrees)

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": [
                {"field": f.field, "chromium": f.chromium, "engine": f.engine, "agrees": f.agrees}
                for f in self.fields
            ],
            "divergence": self.divergence,
            "agrees": not self.disagreements and self.divergence is None,
        }


def engine_request(
    request: PageRequest, *, local_network_access: bool = False, hosts: Mapping[str, str] | None = None
) -> Any:
    """The engine's PageRequest for a browser PageRequest (implicit Content-Type included).

    With Chromium's Local Network Access checks on, the page (served from memory, so without an
    IP address) is in the *public* address space as far as Chromium knows, no permission was
    granted, and names mapped by ``hosts`` have the address space of their address
    (https://wicg.github.io/local-network-access/#ip-address-space).
    """
    from corsdoctor.engine import Api as EApi
    from corsdoctor.engine import CredentialsMode, Mode, RedirectMode
    from corsdoctor.engine import PageRequest as EPageRequest

    body_sent = request.body is not None and not (
        request.api is Api.XHR and request.method.upper() in ("GET", "HEAD")
    )
    headers = request.headers
    if body_sent and not any(n.lower() == "content-type" for n, _ in headers):
        headers = (*headers, ("Content-Type", "text/plain;charset=UTF-8"))
    return EPageRequest(
        url=request.url,
        origin=request.origin,
        method=request.method,
        headers=headers,
        credentials=CredentialsMode(request.credentials),
        mode=Mode(request.mode),
        redirect=RedirectMode(request.redirect),
        api=EApi(request.api.value),
        has_body=body_sent,
        **(_lna_fields(hosts or {}) if local_network_access else {}),
    )


def _lna_fields(hosts: Mapping[str, str]) -> dict[str, Any]:
    from corsdoctor.engine._url import address_space_of_host

    spaces = tuple(
        (host, space)
        for host, ip in sorted(hosts.items())
        if (space := address_space_of_host(ip)) is not None
    )
    return {"client_address_space": "public", "local_network_permission": False, "address_spaces": spaces}


def _observed(obs: BrowserObservation, kind: RequestKind, hop: int) -> WireExchange | None:
    return next((e for e in obs.exchanges if e.kind is kind and e.hop == hop), None)


def predict(
    request: PageRequest,
    obs: BrowserObservation,
    profile: str = "chromium",
    *,
    local_network_access: bool = False,
    hosts: Mapping[str, str] | None = None,
) -> Prediction:
    """Drive the engine with Chromium's responses and compare its verdict with the observation.

    ``local_network_access`` and ``hosts`` must be what the oracle was started with.
    """
    from corsdoctor.engine import Done, ExchangeKind, Response, Transaction, Verdict

    tx = Transaction(engine_request(request, local_network_access=local_network_access, hosts=hosts), profile)
    divergence: str | None = None
    failed_attempts: set[tuple[RequestKind, int]] = set()
    verdict: Verdict | None
    while True:
        action = tx.next_action()
        if isinstance(action, Done):
            verdict = action.verdict
            break
        wire = action.request
        kind = RequestKind.PREFLIGHT if wire.kind is ExchangeKind.PREFLIGHT else RequestKind.MAIN
        seen = _observed(obs, kind, wire.hop)
        label = f"{'a preflight' if kind is RequestKind.PREFLIGHT else wire.method} at hop {wire.hop}"
        tried_and_failed = (
            seen is not None
            and not seen.sent
            and seen.response is None
            and seen.error_text is not None
            and obs.outcome is Outcome.NETWORK_ERROR
        )
        if seen is None or not (seen.sent or tried_and_failed):
            divergence = f"the engine sends {label} ({wire.url}); Chromium did not send it"
            verdict = None
            break
        if tried_and_failed:  # Chromium tried: no connection (refused, DNS, TLS...)
            failed_attempts.add((seen.kind, seen.hop))
        if seen.response is not None:
            tx.receive(Response(status=seen.response.status, headers=seen.response.headers))
        else:
            tx.receive_network_error(seen.error_text or "net::ERR_FAILED")
    engine_sent = (
        []
        if verdict is None
        else [
            (
                "preflight" if e.request.kind is ExchangeKind.PREFLIGHT else "actual",
                e.request.hop,
                e.request.method,
            )
            for e in verdict.exchanges
        ]
    )
    chromium_sent = [
        ("preflight" if e.kind is RequestKind.PREFLIGHT else "actual", e.hop, e.method)
        for e in obs.exchanges
        if e.sent or (e.kind, e.hop) in failed_attempts
    ]
    if verdict is not None and divergence is None and engine_sent != chromium_sent:
        divergence = f"Chromium sent {chromium_sent}, the engine {engine_sent}"
    if verdict is None:
        return Prediction(fields=(), divergence=divergence)
    # An opaque (no-cors) or opaque-redirect (redirect: "manual") response cannot be read by
    # script: the engine calls that "not allowed" (https://fetch.spec.whatwg.org/#concept-filtered-response).
    allowed = obs.outcome is Outcome.PASSED and obs.response_type not in ("opaque", "opaqueredirect")
    message = obs.cors_message if obs.cors_message is not None else (obs.console[0] if obs.console else None)
    fields = [
        FieldComparison(field="blocked", chromium=not allowed, engine=not verdict.allowed),
        FieldComparison(field="stage", chromium=obs.stage.value, engine=verdict.stage.value),
        FieldComparison(field="failed_hop", chromium=obs.failed_hop, engine=verdict.failed_hop),
        FieldComparison(field="chromium_error", chromium=obs.cors_error, engine=verdict.chromium_error),
        FieldComparison(
            field="failed_parameter", chromium=obs.failed_parameter, engine=verdict.failed_parameter
        ),
        FieldComparison(
            field="console", chromium=None if allowed else message, engine=verdict.message("chromium") or None
        ),
        FieldComparison(field="preflight", chromium=obs.preflight_sent, engine=verdict.preflight),
        FieldComparison(field="acrh", chromium=obs.acrh, engine=verdict.acrh),
    ]
    thrown = verdict.failure is not None and verdict.failure.rejection is not None
    if not allowed and obs.js_error is not None and (obs.api == "fetch" or thrown):
        # What the page's script caught (XHR network errors are the harness's own words: skipped).
        fields.append(
            FieldComparison(field="script_error", chromium=obs.js_error, engine=verdict.script_error("chromium"))
        )
    hops = obs.main_hops
    if not (hops and (hops[-1].kind, hops[-1].hop) in failed_attempts):
        # A request that never reached the wire has no Origin header to observe (the network
        # service adds it), so the field is only compared when it can be seen.
        fields.append(
            FieldComparison(
                field="final_origin_header",
                chromium=obs.final_origin_header,
                engine=verdict.final_origin_header,
            )
        )
    if allowed:
        fields.append(
            FieldComparison(
                field="exposed_headers",
                chromium=sorted(obs.exposed_headers),
                engine=sorted(verdict.exposed_headers),
            )
        )
    return Prediction(fields=tuple(fields), divergence=divergence)
