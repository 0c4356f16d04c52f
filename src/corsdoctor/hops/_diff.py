"""The hop diff: how the response of the path in front of a hop differs from the one behind it.

Compared per exchange (preflight, actual): the status, every CORS response header
(https://fetch.spec.whatwg.org/#http-responses) and the ``Origin`` token of ``Vary``
(https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches).  Each difference becomes a
:class:`HeaderChange` naming what the hop did: stripped, added, rewritten, duplicated, answered
OPTIONS itself, or rewrote an error response.
"""

from __future__ import annotations

from corsdoctor.engine import ExchangeKind, Response
from corsdoctor.hops._headers import CORS_HEADERS, HOP_GENERATED, same_values, vary_has_origin
from corsdoctor.hops._model import Action, HeaderChange, PathResult, Sent


def _ok(status: int) -> bool:
    return 200 <= status <= 299


def _end_to_end(response: Response) -> set[tuple[str, str]]:
    return {(n.lower(), v.strip()) for n, v in response.headers if n.lower() not in HOP_GENERATED}


def _header_changes(kind: ExchangeKind, outer: Response, inner: Response) -> list[HeaderChange]:
    changes: list[HeaderChange] = []
    for name in CORS_HEADERS:
        ov = tuple(outer.get_all(name))
        iv = tuple(inner.get_all(name))
        if not ov and not iv:
            continue
        if not ov:
            action = Action.STRIPPED
        elif not iv:
            action = Action.ADDED
        elif len(ov) > len(iv):
            action = Action.DUPLICATED
        elif same_values(name, ov, iv):
            continue
        else:
            action = Action.REWRITTEN
        changes.append(HeaderChange(exchange=kind, action=action, header=name, outer=ov, inner=iv))
    outer_vary = outer.get_all("vary")
    inner_vary = inner.get_all("vary")
    if vary_has_origin(inner_vary) and not vary_has_origin(outer_vary):
        changes.append(
            HeaderChange(
                exchange=kind,
                action=Action.STRIPPED,
                header="vary",
                outer=tuple(outer_vary),
                inner=tuple(inner_vary),
            )
        )
    elif vary_has_origin(outer_vary) and not vary_has_origin(inner_vary):
        changes.append(
            HeaderChange(
                exchange=kind,
                action=Action.ADDED,
                header="vary",
                outer=tuple(outer_vary),
                inner=tuple(inner_vary),
            )
        )
    return changes


def _names(response: Response) -> set[str]:
    return {n.lower() for n, _ in response.headers if n.lower() not in HOP_GENERATED}


def _answered_itself(
    outer: Response,
    inner: Response,
    header_changes: list[HeaderChange],
    outer_actual: Response | None,
    inner_actual: Response | None,
) -> bool:
    """The hop answered the preflight without asking the layer behind it.

    Evidence: the answer differs, and either none of the end-to-end lines the layer behind sends
    (CORS headers, ``Vary``, request ids …) reaches the browser, or headers that the hop passes
    through on the actual request vanish from the preflight.
    """
    if not header_changes and outer.status == inner.status:
        return False
    inner_lines = _end_to_end(inner)
    if not inner_lines:
        return False
    if not inner_lines & _end_to_end(outer):
        return True
    if outer_actual is None or inner_actual is None:
        return False
    passed_on_actual = _names(outer_actual) & _names(inner_actual)
    return bool((_names(inner) - _names(outer)) & passed_on_actual)


def _status_change(kind: ExchangeKind, outer: Sent, inner: Sent) -> list[HeaderChange]:
    o, i = outer.response, inner.response
    assert o is not None and i is not None
    changes: list[HeaderChange] = []
    if o.status != i.status:
        changes.append(
            HeaderChange(
                exchange=kind,
                action=Action.STATUS_CHANGED,
                header=":status",
                outer=(str(o.status),),
                inner=(str(i.status),),
            )
        )
    if kind is ExchangeKind.ACTUAL and o.status >= 400:
        rewritten = (
            o.status != i.status
            or (o.get("content-type") or "") != (i.get("content-type") or "")
            or (bool(outer.body_digest) and outer.body_digest != inner.body_digest)
        )
        lost = [h for h in CORS_HEADERS if i.get_all(h) and not o.get_all(h)]
        if rewritten and lost:
            changes.append(
                HeaderChange(
                    exchange=kind,
                    action=Action.ERROR_REWRITTEN,
                    header=":body",
                    outer=(str(o.status), o.get("content-type") or ""),
                    inner=(str(i.status), i.get("content-type") or ""),
                )
            )
    return changes


def diff_paths(
    outer: PathResult, inner: PathResult, outer_actual: Response | None = None
) -> tuple[HeaderChange, ...]:
    """Every difference between two paths' answers to the same exchange, preflight first.

    ``outer_actual``: the outer path's answer to the actual request when its own exchange stopped
    at the preflight (sent only as evidence of what the hop forwards).
    """
    outer_actual = outer.response(ExchangeKind.ACTUAL) or outer_actual
    inner_actual = inner.response(ExchangeKind.ACTUAL)
    changes: list[HeaderChange] = []
    for kind in (ExchangeKind.PREFLIGHT, ExchangeKind.ACTUAL):
        o, i = outer.sent_of(kind), inner.sent_of(kind)
        if o is None or i is None or o.response is None or i.response is None:
            continue
        header_changes = _header_changes(kind, o.response, i.response)
        status_changes = _status_change(kind, o, i)
        if kind is ExchangeKind.PREFLIGHT and _answered_itself(
            o.response, i.response, header_changes, outer_actual, inner_actual
        ):
            changes.append(
                HeaderChange(
                    exchange=kind,
                    action=Action.OPTIONS_ANSWERED,
                    header=":status",
                    outer=(str(o.response.status),),
                    inner=(str(i.response.status),),
                )
            )
            status_changes = [c for c in status_changes if c.action is not Action.STATUS_CHANGED]
        changes += status_changes + header_changes
    return tuple(changes)


def preflight_not_forwarded(outer: PathResult, inner: PathResult) -> bool:
    """The outer path answered OPTIONS with a non-2xx status the inner path does not give."""
    o, i = outer.response(ExchangeKind.PREFLIGHT), inner.response(ExchangeKind.PREFLIGHT)
    return o is not None and i is not None and not _ok(o.status) and _ok(i.status)
