"""Property tests: arbitrary header bytes, origins and URLs never raise — they give findings or a
clear InputError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corsdoctor.engine import (
    CredentialsMode,
    InputError,
    PageRequest,
    Response,
    Transaction,
    WireRequest,
    parse_origin,
    parse_url,
)

latin1 = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=40)
any_text = st.text(max_size=40)
names = st.sampled_from(
    ["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
     "Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Location",
     "Vary", "X-Other"]
)
header_lists = st.lists(st.tuples(names, latin1), max_size=6)
statuses = st.sampled_from([200, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 500, 503])


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "patch", "DELETE", "FOO", "get"]),
    req_headers=st.lists(st.tuples(st.sampled_from(["X-Key", "Content-Type", "Range", "Accept", "Authorization"]),
                                   latin1), max_size=3),
    credentials=st.sampled_from(list(CredentialsMode)),
    responses=st.lists(st.tuples(statuses, header_lists), min_size=1, max_size=4),
    profile=st.sampled_from(["spec", "chromium", "firefox", "webkit"]),
)
def test_arbitrary_responses_give_a_verdict(method, req_headers, credentials, responses, profile) -> None:  # type: ignore[no-untyped-def]
    request = PageRequest(url="https://api.example/x", origin="https://app.example", method=method,
                          headers=tuple(req_headers), credentials=credentials)
    answers = iter(responses * 30)

    def respond(wire: WireRequest) -> Response:
        status, headers = next(answers)
        return Response(status=status, headers=tuple(headers))

    verdict = Transaction(request, profile).run(respond)
    assert verdict.allowed == (verdict.failure is None and verdict.response_type in ("basic", "cors"))
    for browser in ("chromium", "firefox", "webkit"):
        message = verdict.message(browser)
        assert isinstance(message, str)
        # fetch()/XHR threw in script: a TypeError, no console line (Chromium: also its renderer errors).
        thrown = verdict.failure is not None and verdict.failure.rejection is not None
        silent = thrown or (browser == "chromium" and verdict.stage.value == "request")
        assert (message == "") == (verdict.failure is None or silent)
        # What script sees is never empty once blocked.
        assert (verdict.script_error(browser) == "") == (verdict.failure is None)


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_origins_parse_or_raise_input_error(text: str) -> None:
    try:
        origin = parse_origin(text)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert "/" not in origin.partition("://")[2]


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_urls_parse_or_raise_input_error(text: str) -> None:
    try:
        parse_url(text)
    except InputError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(url=any_text, origin=any_text)
def test_transactions_on_garbage_inputs_raise_only_input_error(url: str, origin: str) -> None:
    try:
        tx = Transaction(PageRequest(url=url, origin=origin), "chromium")
    except InputError:
        return
    tx.run(lambda wire: Response(status=200))
