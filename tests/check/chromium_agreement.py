"""Compare one ``check`` result with what real headless Chromium does for the same page request.

The issue asks that, for every real-server case, the verdict equals what real Chromium decides.
:func:`assert_same_as_chromium` makes the request ``check`` made, from a page at the same origin,
in the running :class:`~corsdoctor.browser.ChromiumOracle`, and compares field by field:

* the verdict: blocked, stage, failed hop, ``corsError``, ``failedParameter`` and the console line;
* the wire: which requests went out (preflight / actual, method, per hop) and the CORS request
  headers of each preflight (``Origin``, ``Access-Control-Request-Method``,
  ``Access-Control-Request-Headers``), so "sends what the browser would put on the wire" is
  checked against the browser, not against a recording.
"""

from __future__ import annotations

from typing import Any

from corsdoctor.probe import CheckResult

#: Request headers of a preflight that decide what the server answers.
PREFLIGHT_HEADERS = ("origin", "access-control-request-method", "access-control-request-headers")


def _value(headers: Any, name: str) -> str | None:
    values = [v for n, v in headers if n.lower() == name]
    return ", ".join(values) if values else None


def assert_same_as_chromium(oracle: Any, result: CheckResult, *, index: int = 0) -> Any:
    """Run ``result``'s request for origin number ``index`` in Chromium; assert it agrees.

    Returns the browser observation (for case-specific assertions).
    """
    from corsdoctor.browser import Api, PageRequest, RequestKind

    request = result.request
    origin_result = result.results[index]
    outcome = origin_result.outcome("chromium")
    assert outcome is not None, "check did not decide as chromium"
    verdict = outcome.verdict
    body = None if request.body is None else request.body.decode("utf-8")
    # check's header list ends with the implicit Content-Type of a string body; fetch() adds the
    # same one by itself, so the page passes only what the caller wrote.
    headers = tuple(request.headers)
    if body is not None and headers and headers[-1] == ("Content-Type", "text/plain;charset=UTF-8"):
        headers = headers[:-1]
    observation = oracle.run(
        PageRequest(
            url=request.url,
            origin=origin_result.origin,
            method=request.method,
            headers=headers,
            body=body,
            credentials="include" if request.credentials else "same-origin",
            api=Api(request.api.value),
        )
    )
    where = f"{request.method} {request.url} from {origin_result.origin}"
    chromium = {
        "blocked": observation.blocked,
        "stage": observation.stage.value,
        "failed_hop": observation.failed_hop,
        "chromium_error": observation.cors_error,
        "failed_parameter": observation.failed_parameter,
        "console": observation.cors_message,
    }
    engine = {
        "blocked": verdict.blocked,
        "stage": verdict.stage.value,
        "failed_hop": verdict.failed_hop,
        "chromium_error": verdict.chromium_error,
        "failed_parameter": verdict.failed_parameter,
        "console": verdict.message("chromium") if verdict.chromium_error is not None else None,
    }
    assert engine == chromium, f"{where}: check {engine} != Chromium {chromium}"

    steps = [result.steps[i] for i in outcome.steps]
    sent_by_check = [
        ("preflight" if s.purpose == "preflight" else "actual", s.hop, s.record.method) for s in steps
    ]
    sent_by_chromium = [
        ("preflight" if e.kind is RequestKind.PREFLIGHT else "actual", e.hop, e.method)
        for e in observation.exchanges
        if e.sent
    ]
    assert sent_by_check == sent_by_chromium, f"{where}: requests on the wire differ"
    chromium_preflights = [e for e in observation.exchanges if e.sent and e.kind is RequestKind.PREFLIGHT]
    check_preflights = [s for s in steps if s.purpose == "preflight"]
    for ours, theirs in zip(check_preflights, chromium_preflights, strict=True):
        for name in PREFLIGHT_HEADERS:
            assert _value(ours.record.request_headers, name) == _value(theirs.headers, name), (
                f"{where}: preflight {name} differs"
            )
        assert _value(ours.record.request_headers, "cookie") is None, "a preflight never carries cookies"
    return observation
