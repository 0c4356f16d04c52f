"""Turning one hop's changes into findings, each with the fix in that hop's own terms.

Codes (``corsdoctor.engine._codes``): CORS507 a CORS header stripped, CORS506 ``Origin`` not
forwarded, CORS108 two owners of ``Access-Control-Allow-Origin``, CORS508 a header rewritten,
CORS210 the preflight not forwarded (answered or rejected by the hop), CORS107 an error
response without the CORS headers, CORS501 ``Vary: Origin`` removed.

https://fetch.spec.whatwg.org/#cors-check, https://fetch.spec.whatwg.org/#cors-preflight-fetch
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corsdoctor.engine import ExchangeKind, Response, Stage
from corsdoctor.hops._findings import make_finding
from corsdoctor.hops._fixes import fix_for
from corsdoctor.hops._headers import ACAO, CORS_HEADERS, EVIDENCE_HEADERS, SINGLE_VALUED, display_name
from corsdoctor.hops._model import Action, HeaderChange, Hop, HopFinding, PathResult


def _stage(kind: ExchangeKind) -> Stage:
    return Stage.PREFLIGHT if kind is ExchangeKind.PREFLIGHT else Stage.ACTUAL


def _ok(status: int) -> bool:
    return 200 <= status <= 299


def _lines(response: Response | None, names: tuple[str, ...]) -> tuple[str, ...]:
    return () if response is None else response.lines(*names)


@dataclass(slots=True)
class _Group:
    code: str
    problem: str
    kind: ExchangeKind
    headers: list[str] = field(default_factory=list)
    summary: str = ""


def _describe(change: HeaderChange) -> str:
    name = display_name(change.header) if not change.header.startswith(":") else change.header
    inner = " | ".join(change.inner) or "(none)"
    outer = " | ".join(change.outer) or "(none)"
    return f"{name}: behind it {inner!s}, in front {outer!s}"


def origin_dependent(with_origin: Response, without_origin: Response) -> set[str]:
    """The CORS headers a backend sends only when the request carries ``Origin``."""
    return {h for h in CORS_HEADERS if with_origin.get_all(h) and not without_origin.get_all(h)}


def attribute(
    hop: Hop,
    outer: PathResult,
    inner: PathResult,
    *,
    inner_without_origin: Response | None = None,
) -> list[HopFinding]:
    """The findings of ``hop`` (between ``outer`` and ``inner``), merged per exchange and code."""
    groups: dict[tuple[str, ExchangeKind], _Group] = {}
    by_kind: dict[ExchangeKind, list[HeaderChange]] = {}
    for change in hop.changes:
        by_kind.setdefault(change.exchange, []).append(change)
    where = f"{hop.kind.display} ({hop.name})"

    def add(code: str, problem: str, change: HeaderChange, summary: str) -> None:
        group = groups.setdefault((code, change.exchange), _Group(code, problem, change.exchange))
        group.headers.append(_describe(change))
        if not group.summary:
            group.summary = summary

    for kind, changes in by_kind.items():
        o_resp, i_resp = outer.response(kind), inner.response(kind)
        assert o_resp is not None and i_resp is not None
        what = "preflight" if kind is ExchangeKind.PREFLIGHT else f"{o_resp.status} response"
        answered = next((c for c in changes if c.action is Action.OPTIONS_ANSWERED), None)
        if answered is not None:
            if _ok(o_resp.status):
                add(
                    "CORS508",
                    "options",
                    answered,
                    f"{where} answers the preflight itself with its own "
                    f"CORS headers; OPTIONS does not reach the layer behind it",
                )
            else:
                add(
                    "CORS210",
                    "options",
                    answered,
                    f"{where} answers the preflight itself with "
                    f"{o_resp.status}; OPTIONS does not reach the layer behind it, which answers {i_resp.status}",
                )
            continue
        stripped = {c.header for c in changes if c.action is Action.STRIPPED and c.header != "vary"}
        not_forwarded = ambiguous = False
        if stripped and kind is ExchangeKind.ACTUAL and inner_without_origin is not None:
            dependent = origin_dependent(i_resp, inner_without_origin)
            not_forwarded = bool(dependent) and stripped == dependent
            # When ACAO is the backend's only Origin-dependent header, a hop that strips it and a
            # hop that drops the Origin request header produce the same response in front.
            ambiguous = not_forwarded and dependent == {ACAO}
        error_rewritten = any(c.action is Action.ERROR_REWRITTEN for c in changes)
        for change in changes:
            name = display_name(change.header)
            if change.action is Action.ERROR_REWRITTEN:
                add(
                    "CORS107",
                    "error-headers",
                    change,
                    f"{where} replaces the backend's {o_resp.status} "
                    f"error response with its own, without the CORS headers the backend sent",
                )
            elif change.action is Action.STATUS_CHANGED:
                if kind is ExchangeKind.PREFLIGHT and not _ok(o_resp.status) and _ok(i_resp.status):
                    add(
                        "CORS210",
                        "options",
                        change,
                        f"{where} answers the preflight with {o_resp.status} "
                        f"while the layer behind it answers {i_resp.status}",
                    )
                elif kind is ExchangeKind.ACTUAL and o_resp.status >= 400 and not o_resp.get_all(ACAO):
                    add(
                        "CORS107",
                        "error-headers",
                        change,
                        f"{where} turns the response into a "
                        f"{o_resp.status} error without Access-Control-Allow-Origin",
                    )
            elif change.action is Action.STRIPPED and change.header == "vary":
                if error_rewritten:
                    continue
                add(
                    "CORS501",
                    "vary",
                    change,
                    f"{where} removes 'Vary: Origin' from the {what}; caches "
                    f"in front of it may serve one origin's answer to another",
                )
            elif change.action is Action.STRIPPED:
                if kind is ExchangeKind.ACTUAL and o_resp.status >= 400:
                    if not error_rewritten:
                        add(
                            "CORS107",
                            "error-headers",
                            change,
                            f"{where} drops the CORS headers from the {o_resp.status} error response",
                        )
                elif ambiguous:
                    add(
                        "CORS507",
                        "stripped-or-not-forwarded",
                        change,
                        f"{where} strips {name} from the {what}, or does not forward the Origin request "
                        f"header: the two look the same from outside, because {name} is the only header the "
                        f"backend varies by Origin (its access log shows whether Origin arrives)",
                    )
                elif not_forwarded:
                    add(
                        "CORS506",
                        "origin-not-forwarded",
                        change,
                        f"{where} does not forward the Origin "
                        f"request header: the backend answers as if there were no Origin, without CORS headers",
                    )
                else:
                    add("CORS507", "stripped", change, f"{where} strips {name} from the {what}")
            elif change.action is Action.DUPLICATED:
                if change.header in SINGLE_VALUED:
                    code = "CORS108" if change.header == ACAO else "CORS508"
                    add(
                        code,
                        "duplicated",
                        change,
                        f"{where} adds its own {name} on top of the backend's: "
                        f"the browser sees {len(change.outer)} values",
                    )
                else:
                    add("CORS508", "duplicated", change, f"{where} adds a second {name} line")
            elif change.action is Action.REWRITTEN:
                add("CORS508", "rewritten", change, f"{where} rewrites {name} on the {what}")
    out: list[HopFinding] = []
    for group in groups.values():
        response = outer.response(group.kind)
        lines = _lines(response, (*CORS_HEADERS, *EVIDENCE_HEADERS))
        out.append(
            HopFinding(
                finding=make_finding(group.code, _stage(group.kind), group.summary, lines=lines),
                hop=hop.index,
                path=outer.index,
                fix=fix_for(group.problem, hop.kind.key),
                evidence=tuple(group.headers),
            )
        )
    return out
