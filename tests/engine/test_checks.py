"""One test (table) per check of the engine."""

from __future__ import annotations

import pytest

from corsdoctor.engine import (
    PROFILES,
    Api,
    CredentialsMode,
    Done,
    InputError,
    Mode,
    PageRequest,
    PreflightCache,
    Response,
    SendPreflight,
    SendRequest,
    Stage,
    Transaction,
    Verdict,
    cors_unsafe_request_header_names,
    is_cors_safelisted_request_header,
    is_forbidden_request_header,
    normalize_method,
    parse_origin,
)
from corsdoctor.engine._checks import check_access, exposed_header_names, parse_max_age
from corsdoctor.engine._profiles import Profile
from corsdoctor.engine._safelist import parse_mime_type_essence, parse_single_range

from .cases import CASES

SPEC, CHROMIUM, FIREFOX, WEBKIT = (PROFILES[n] for n in ("spec", "chromium", "firefox", "webkit"))


@pytest.mark.parametrize(
    ("method", "normalized"),
    [("get", "GET"), ("Post", "POST"), ("delete", "DELETE"), ("patch", "patch"), ("PATCH", "PATCH"), ("chicken", "chicken")],
)
def test_method_normalisation(method: str, normalized: str) -> None:
    assert normalize_method(method) == normalized


@pytest.mark.parametrize(
    ("name", "value", "safe"),
    [
        ("Accept", "text/html", True),
        ("Accept", 'a"b', False),
        ("Accept-Language", "en-US,en;q=0.9", True),
        ("Content-Language", "nn_NO", False),
        ("Content-Type", "text/plain;charset=UTF-8", True),
        ("Content-Type", "TEXT/PLAIN", True),
        ("Content-Type", "application/json", False),
        ("Content-Type", "text/plain; charset=(x)", False),
        ("Content-Type", "multipart/form-data; boundary=x", True),
        ("Content-Type", "text /plain", False),
        ("Range", "bytes=0-", True),
        ("Range", "bytes=10-20", True),
        ("Range", "bytes=-500", False),
        ("Range", "bytes=0-1,2-3", False),
        ("Range", "bytes = 0-1", False),
        ("Range", "bytes=20-10", False),
        ("Accept", "x" * 129, False),
        ("X-Custom", "1", False),
    ],
)
def test_safelisted_request_headers(name: str, value: str, safe: bool) -> None:
    assert is_cors_safelisted_request_header(name, value, SPEC) is safe


def test_chromium_client_hints_are_safelisted_only_in_chromium() -> None:
    assert is_cors_safelisted_request_header("DPR", "2.0", CHROMIUM)
    assert not is_cors_safelisted_request_header("DPR", "2.0", SPEC)
    assert not is_cors_safelisted_request_header("Width", "4.0", CHROMIUM)
    assert not is_cors_safelisted_request_header("ECT", "5g", CHROMIUM)


def test_1024_byte_total_makes_every_safelisted_header_unsafe() -> None:
    headers = [("Accept", "a" * 128)] * 8 + [("Accept-Language", "b" * 128), ("X-Key", "1")]
    assert cors_unsafe_request_header_names(headers, SPEC) == ["accept", "accept-language", "x-key"]
    assert cors_unsafe_request_header_names(headers[:8] + headers[9:], SPEC) == ["x-key"]  # exactly 1024
    assert cors_unsafe_request_header_names(headers, FIREFOX) == ["x-key"]


def test_forbidden_request_headers() -> None:
    assert is_forbidden_request_header("Cookie", "a=b", SPEC)
    assert is_forbidden_request_header("Sec-Fetch-Mode", "cors", SPEC)
    assert is_forbidden_request_header("Proxy-Authorization", "x", SPEC)
    assert is_forbidden_request_header("X-HTTP-Method-Override", "TRACE", SPEC)
    assert not is_forbidden_request_header("X-HTTP-Method-Override", "PUT", SPEC)
    assert is_forbidden_request_header("User-Agent", "x", CHROMIUM)
    assert not is_forbidden_request_header("User-Agent", "x", SPEC)


@pytest.mark.parametrize("profile", [SPEC, CHROMIUM], ids=["spec", "chromium"])
@pytest.mark.parametrize(
    ("value", "forbidden"),
    # https://fetch.spec.whatwg.org/#header-value-get-decode-and-split: commas inside a quoted
    # string do not split.  Every row measured in Chromium 156 with the oracle (ACRH of the
    # preflight names the header exactly when it is not forbidden).
    [("TRACE", True), ("GET, TRACE", True), ("track", True), ("TRACE\t", True), ("connect,", True),
     ('"a" ,TRACE', True), ('"a", "TRACE"', False), ('"TRACE"', False), ('"x,TRACE,y"', False),
     ('"a,TRACE', False), ('x"y,TRACE', False), ('"a"TRACE', False), ("get,post", False)],
)
def test_method_override_values_are_split_outside_quoted_strings(
    value: str, forbidden: bool, profile: Profile
) -> None:
    for name in ("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"):
        assert is_forbidden_request_header(name, value, profile) is forbidden, (name, value)


@pytest.mark.parametrize(
    ("value", "essence"),
    [("text/plain", "text/plain"), (" Text/Plain ;x=y", "text/plain"), ("text/", None), ("/plain", None),
     ("text/plain, image/png", None), ("text/plain ; charset=utf-8, image/png", "text/plain"), ("te xt/plain", None), ("text/pl@in", None)],
)
def test_strict_mime_parsing(value: str, essence: str | None) -> None:
    assert parse_mime_type_essence(value) == essence


def test_range_grammar() -> None:
    assert parse_single_range("bytes=5-", unit_case_sensitive=False) == (5, None)
    assert parse_single_range("BYTES=5-6", unit_case_sensitive=False) == (5, 6)
    assert parse_single_range("BYTES=5-6", unit_case_sensitive=True) is None
    assert parse_single_range("bytes=-", unit_case_sensitive=False) is None


@pytest.mark.parametrize(
    ("value", "spec", "chromium"),
    # Chromium 156 (oracle): positions up to 2**63-2 are safelisted, 2**63-1 and beyond are
    # preflighted; leading zeros do not count.  The spec has no limit.
    [(f"bytes={2**63 - 2}-", True, True), (f"bytes=0-{2**63 - 2}", True, True),
     (f"bytes={2**63 - 1}-", True, False), (f"bytes=0-{2**63 - 1}", True, False),
     (f"bytes={2**63 - 2}-{2**63 - 1}", True, False), ("bytes=99999999999999999999-", True, False),
     ("bytes=" + "0" * 40 + "5-", True, True)],
)
def test_range_positions_beyond_int64(value: str, spec: bool, chromium: bool) -> None:
    assert is_cors_safelisted_request_header("Range", value, SPEC) is spec
    assert is_cors_safelisted_request_header("Range", value, CHROMIUM) is chromium


def test_preflight_request_shape() -> None:
    request = PageRequest(url="https://api.example/x", origin="https://app.example", method="patch",
                          headers=(("X-B", "1"), ("x-a", "2"), ("Content-Type", "application/json")),
                          credentials=CredentialsMode.INCLUDE)
    action = Transaction(request, "spec").next_action()
    assert isinstance(action, SendPreflight)
    wire = action.request
    assert wire.method == "OPTIONS" and not wire.include_credentials
    assert wire.header("Access-Control-Request-Method") == "patch"
    assert wire.header("Access-Control-Request-Headers") == "content-type,x-a,x-b"
    assert wire.header("Accept") == "*/*"
    assert wire.header("Origin") == "https://app.example"
    assert any("method patch" in r for r in action.reasons)


def test_simple_request_sends_no_preflight_and_no_cookies_by_default() -> None:
    action = Transaction(PageRequest(url="https://api.example/x", origin="https://app.example"), "spec").next_action()
    assert isinstance(action, SendRequest)
    assert not action.request.include_credentials


@pytest.mark.parametrize(
    ("acao", "include", "error"),
    [
        (None, False, "MissingAllowOriginHeader"),
        ("*", False, None),
        ("*", True, "WildcardOriginNotAllowed"),
        ("https://app.example", False, None),
        ("https://app.example/", False, "AllowOriginMismatch"),
        ("HTTPS://APP.EXAMPLE", False, "AllowOriginMismatch"),
        ("not a url", False, "MultipleAllowOriginValues"),
        ("foo", False, "InvalidAllowOriginValue"),
        ("", False, "InvalidAllowOriginValue"),
        ("null", False, "AllowOriginMismatch"),
        ("https://app.example", True, "InvalidAllowCredentials"),
    ],
)
def test_cors_check(acao: str | None, include: bool, error: str | None) -> None:
    headers = () if acao is None else (("Access-Control-Allow-Origin", acao),)
    problem = check_access(Response(status=200, headers=headers), "https://app.example", include)
    assert (problem.chromium_error if problem else None) == error


def test_acac_must_be_exactly_true() -> None:
    for value, ok in (("true", True), (" true ", True), ("True", False), ('"true"', False), ("1", False)):
        response = Response(status=200, headers=(("Access-Control-Allow-Origin", "https://a.example"),
                                                 ("Access-Control-Allow-Credentials", value)))
        assert (check_access(response, "https://a.example", True) is None) is ok, value


def test_max_age_per_browser() -> None:
    def age(value: str, profile: object) -> int:
        return parse_max_age(Response(status=204, headers=(("Access-Control-Max-Age", value),)), profile)[0]  # type: ignore[arg-type]

    assert age("86400", CHROMIUM) == 7200
    assert age("86400", FIREFOX) == 86400
    assert age("86400", WEBKIT) == 600
    assert age("abc", CHROMIUM) == 5
    assert age("abc", FIREFOX) == 0
    assert age("-1", CHROMIUM) == 0
    assert age("+7", WEBKIT) == 7
    assert parse_max_age(Response(status=204), SPEC)[0] == 5


def test_exposure() -> None:
    response = Response(status=200, headers=(("Access-Control-Allow-Origin", "*"), ("X-A", "1"), ("X-B", "2"),
                                             ("Set-Cookie", "s=1"), ("Content-Type", "text/plain"),
                                             ("Access-Control-Expose-Headers", "x-a, set-cookie")))
    names, bad, star = exposed_header_names(response, False)
    assert set(names) == {"x-a", "content-type"} and bad is None and not star
    star_response = Response(status=200, headers=(("X-A", "1"), ("Access-Control-Expose-Headers", "*")))
    assert "x-a" in exposed_header_names(star_response, False)[0]
    assert "x-a" not in exposed_header_names(star_response, True)[0]
    assert exposed_header_names(Response(status=200, headers=(("Access-Control-Expose-Headers", '"x"'),)), False)[1]


def test_preflight_cache_serves_a_second_transaction() -> None:
    cache = PreflightCache()
    request = PageRequest(url="https://api.example/x", origin="https://app.example", method="PUT", has_body=True)
    ok = Response(status=204, headers=(("Access-Control-Allow-Origin", "https://app.example"),
                                       ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "60")))
    final = Response(status=200, headers=(("Access-Control-Allow-Origin", "https://app.example"),))
    first = Transaction(request, "chromium", cache=cache, now=0)
    first.run(lambda w: ok if w.method == "OPTIONS" else final)
    second = Transaction(request, "chromium", cache=cache, now=30)
    assert isinstance(second.next_action(), SendRequest)
    third = Transaction(request, "chromium", cache=cache, now=61)
    assert isinstance(third.next_action(), SendPreflight)


def test_other_problems_are_reported_with_the_blocking_one() -> None:
    verdict = CASES["preflight-405-with-acao"].run("chromium")
    assert verdict.code == "CORS201"
    codes = [f.code for f in verdict.findings]
    assert "CORS203" in codes  # PUT is not in Allow-Methods either


def test_origin_input_errors_name_the_problem() -> None:
    with pytest.raises(InputError, match="trailing slash"):
        parse_origin("https://app.example/")
    with pytest.raises(InputError, match="path"):
        parse_origin("https://app.example/x")
    assert parse_origin("HTTPS://App.Example:443") == "https://app.example"


def test_stage_request_rejections() -> None:
    for method in ("TRACE", "bad method"):
        verdict = Transaction(PageRequest(url="https://api.example/", origin="https://a.example", method=method)
                              ).run(lambda w: Response(status=200))
        assert verdict.stage is Stage.REQUEST and not verdict.exchanges


def test_xhr_ignores_a_get_body_but_fetch_rejects_it() -> None:
    from corsdoctor.engine import Api

    base = {"url": "https://api.example/x", "origin": "https://app.example", "method": "GET", "has_body": True}
    fetch = Transaction(PageRequest(**base), "chromium").run(lambda w: Response(status=200))  # type: ignore[arg-type]
    assert fetch.stage is Stage.REQUEST
    xhr = Transaction(PageRequest(**base, api=Api.XHR), "chromium").next_action()  # type: ignore[arg-type]
    assert isinstance(xhr, SendRequest)


def test_empty_location_is_not_a_redirect() -> None:
    request = PageRequest(url="https://api.example/x", origin="https://app.example", method="PUT", has_body=True)
    preflight = Response(status=308, headers=(("Access-Control-Allow-Origin", "https://app.example"), ("Location", "")))
    verdict = Transaction(request, "chromium").run(lambda w: preflight)
    assert verdict.chromium_error == "PreflightInvalidStatus"


def test_chromium_drops_script_set_client_hints_on_redirect() -> None:
    request = PageRequest(url="https://api.example/x", origin="https://app.example", headers=(("ECT", "5g"),))
    redirect = Response(status=302, headers=(("Access-Control-Allow-Origin", "https://app.example"),
                                             ("Location", "https://other.example/y")))
    preflight = Response(status=204, headers=(("Access-Control-Allow-Origin", "https://app.example"),
                                              ("Access-Control-Allow-Headers", "ect")))
    final = Response(status=200, headers=(("Access-Control-Allow-Origin", "*"),))

    def respond(wire):  # type: ignore[no-untyped-def]
        if wire.method == "OPTIONS":
            return preflight
        return redirect if wire.hop == 0 else final

    chromium = Transaction(request, "chromium").run(respond)
    assert chromium.allowed and [e.request.method for e in chromium.exchanges] == ["OPTIONS", "GET", "GET"]
    spec = Transaction(request, "spec").run(respond)
    assert [e.request.method for e in spec.exchanges] == ["OPTIONS", "GET", "OPTIONS"]


@pytest.mark.parametrize(
    ("origin", "permission", "error"),
    [
        ("http://app.example", None, "InsecureLocalNetwork"),
        ("https://app.example", False, "LocalNetworkAccessPermissionDenied"),
        ("https://app.example", True, None),
        ("https://app.example", None, None),
        ("http://localhost:3000", None, None),
    ],
)
def test_local_network_access(origin: str, permission: bool | None, error: str | None) -> None:
    """Chromium 156 measurements, chromium-oracle.md §4 (public page -> loopback API)."""
    request = PageRequest(url="http://127.0.0.1:8137/health", origin=origin, client_address_space=None,
                          address_spaces=(("127.0.0.1", "loopback"),), local_network_permission=permission)
    ok = Response(status=200, headers=(("Access-Control-Allow-Origin", origin),))
    verdict = Transaction(request, "chromium").run(lambda w: ok)
    assert verdict.chromium_error == error
    if error:
        assert not verdict.exchanges  # nothing reaches the server
        assert "`loopback`" in verdict.message("chromium")
    spec = Transaction(request, "spec").run(lambda w: ok)
    assert spec.allowed
    if origin.startswith("https") and permission is None:
        assert "CORS616" in [f.code for f in verdict.findings]


def test_a_redirect_back_to_the_same_url_reuses_the_private_preflight_cache() -> None:
    url = "https://api.example/x"
    request = PageRequest(url=url, origin="https://app.example", method="PUT", has_body=True)
    preflight = Response(status=204, headers=(("Access-Control-Allow-Origin", "https://app.example"),
                                              ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "60")))
    redirect = Response(status=307, headers=(("Access-Control-Allow-Origin", "https://app.example"), ("Location", url)))
    final = Response(status=200, headers=(("Access-Control-Allow-Origin", "https://app.example"),))
    answers = iter([preflight, redirect, final])
    verdict = Transaction(request, "chromium").run(lambda wire: next(answers))
    assert verdict.allowed
    assert [e.request.method for e in verdict.exchanges] == ["OPTIONS", "PUT", "PUT"]
    assert "CORS007" in [f.code for f in verdict.findings]


_H = "http://app.corsdoctor.test"


@pytest.mark.parametrize(
    ("acao", "error"),
    # Every row measured on Chromium 156 with the oracle (page http://app.corsdoctor.test:8000):
    # whether GURL accepts the value decides InvalidAllowOriginValue vs AllowOriginMismatch.
    [(_H + ":8000.", "InvalidAllowOriginValue"), (_H + ":", "AllowOriginMismatch"),
     (_H + ":65535", "AllowOriginMismatch"), (_H + ":65536", "InvalidAllowOriginValue"),
     (_H + ":0", "AllowOriginMismatch"), (_H + ":+80", "InvalidAllowOriginValue"),
     (_H + ":80a", "InvalidAllowOriginValue"), (_H + ":8000\x7f", "InvalidAllowOriginValue"),
     (_H + ":8000\x01", "AllowOriginMismatch"), ("http://a^b.test", "InvalidAllowOriginValue"),
     ("http://a|b.test", "InvalidAllowOriginValue"), ("http://a%b.test", "InvalidAllowOriginValue"),
     ("http://a%41.test", "AllowOriginMismatch"), ("http://a<b.test", "InvalidAllowOriginValue"),
     ("http://a\x01b.test", "InvalidAllowOriginValue"), ("http://\xe9.test", "InvalidAllowOriginValue"),
     ("http://xtru\xc3\xa9.test", "AllowOriginMismatch"), ("http://a\x7fb.test", "InvalidAllowOriginValue"),
     ("http://[::1]", "AllowOriginMismatch"), ("http://[::1", "InvalidAllowOriginValue"),
     ("http://", "InvalidAllowOriginValue"), ("http:app.corsdoctor.test:8000", "AllowOriginMismatch"),
     ("http://:80", "InvalidAllowOriginValue"), ("foo:bar", "AllowOriginMismatch"),
     ("1http://x", "InvalidAllowOriginValue"), ("http://a\tb.test", "AllowOriginMismatch"),
     ('http://a"b.test', "AllowOriginMismatch"), ("http://a{b}.test", "AllowOriginMismatch"),
     ("http://a`b.test", "AllowOriginMismatch"), ("http://1.2.3.256", "InvalidAllowOriginValue"),
     ("http://0x7f.1", "AllowOriginMismatch"), ("http://a..b", "AllowOriginMismatch"),
     ("http://a_b.test", "AllowOriginMismatch"), ("https://x.test:99999999999", "InvalidAllowOriginValue"),
     ("http://u:p@x.test", "AllowOriginMismatch"), ("http://x.test:8000\\", "AllowOriginMismatch"),
     ("javascript:x", "AllowOriginMismatch"), ("http://a*b.test", "AllowOriginMismatch"),
     ("ftp://x", "AllowOriginMismatch"), ("file:///", "AllowOriginMismatch")],
)
def test_acao_validity_as_chromium_decides(acao: str, error: str) -> None:
    problem = check_access(Response(status=200, headers=(("Access-Control-Allow-Origin", acao),)), _H + ":8000", False)
    assert problem is not None and problem.chromium_error == error


@pytest.mark.parametrize(
    ("acac", "parameter", "console"),
    # Chromium 156 (oracle): failedParameter is the bytes as UTF-8, or "" when they are not
    # UTF-8; the console prints every byte >= 0x80 (and tab, controls, DEL) as \uXXXX.
    [("tru\xe9", "", "tru\\u00E9"), ("tru\xc3\xa9", "tru\u00e9", "tru\\u00C3\\u00A9"),
     ("\x80", "", "\\u0080"), ("x\xe2\x82\xac", "x\u20ac", "x\\u00E2\\u0082\\u00AC"),
     ("tr\x7fue", "tr\x7fue", "tr\\u007Fue"), ("tr\x01ue", "tr\x01ue", "tr\\u0001ue")],
)
def test_failed_parameter_and_console_bytes(acac: str, parameter: str, console: str) -> None:
    request = PageRequest(url="http://api.corsdoctor.test:8001/x", origin=_H + ":8000",
                          credentials=CredentialsMode.INCLUDE)
    tx = Transaction(request, "chromium")
    tx.next_action()
    tx.receive(Response(status=200, headers=(("Access-Control-Allow-Origin", _H + ":8000"),
                                             ("Access-Control-Allow-Credentials", acac))))
    action = tx.next_action()
    assert isinstance(action, Done)
    verdict = action.verdict
    assert verdict.chromium_error == "InvalidAllowCredentials"
    assert verdict.failed_parameter == parameter
    assert f"header in the response is '{console}' which must be" in verdict.message("chromium")


def _decide(url: str, profile: str = "chromium", api: str = "fetch", **kw: object) -> Verdict:
    action = Transaction(PageRequest(url=url, origin=_H + ":8000", api=Api(api), **kw), profile).next_action()  # type: ignore[arg-type]
    assert isinstance(action, Done), action
    return action.verdict


@pytest.mark.parametrize("port", [0, 1, 22, 6000, 10080, 4190, 6679])
def test_bad_ports_are_refused_before_the_network(port: int) -> None:
    """https://fetch.spec.whatwg.org/#bad-port; Chromium 156 exempts 4190 and 6679 (oracle, all 83)."""
    spec = _decide(f"http://api.example:{port}/x", "spec")
    assert (spec.allowed, spec.stage, spec.failure.net_error if spec.failure else None) == (
        False, Stage.ACTUAL, "net::ERR_UNSAFE_PORT")
    action = Transaction(PageRequest(url=f"http://api.example:{port}/x", origin=_H + ":8000"), "chromium").next_action()
    if port in (4190, 6679):
        assert isinstance(action, SendRequest)
    else:
        assert isinstance(action, Done)
        assert action.verdict.message("chromium") == "Failed to load resource: net::ERR_UNSAFE_PORT"


def test_bad_port_after_a_redirect_fails_on_the_next_hop() -> None:
    tx = Transaction(PageRequest(url="http://api.example/x", origin=_H + ":8000"), "chromium")
    tx.next_action()
    tx.receive(Response(status=302, headers=(("Access-Control-Allow-Origin", "*"), ("Location", "http://b.example:1/"))))
    action = tx.next_action()
    assert isinstance(action, Done)
    assert (action.verdict.failed_hop, action.verdict.failure.net_error if action.verdict.failure else None) == (
        1, "net::ERR_UNSAFE_PORT")


@pytest.mark.parametrize("api", ["fetch", "xhr"])
def test_data_url_gives_a_basic_response(api: str) -> None:
    verdict = _decide("data:,x", api=api)
    assert (verdict.allowed, verdict.response_type, verdict.status, verdict.preflight) == (True, "basic", 200, False)


@pytest.mark.parametrize(
    ("url", "api", "line"),
    # Chromium 156 (oracle): the renderer refuses these itself, no corsError.
    [("ftp://f.example/x", "fetch", 'Fetch API cannot load ftp://f.example/x. URL scheme "ftp" is not supported.'),
     ("foo:bar", "fetch", 'Fetch API cannot load foo:bar. URL scheme "foo" is not supported.'),
     ("ws://a.example/x", "fetch", 'Fetch API cannot load ws://a.example/x. URL scheme "ws" is not supported.'),
     ("file:///etc/x", "fetch", "Not allowed to load local resource: file:///etc/x"),
     ("file:///etc/x", "xhr", "Not allowed to load local resource: file:///etc/x"),
     ("ftp://f.example/x", "xhr", "FTP is not supported."),
     ("foo:bar", "xhr", f"Access to XMLHttpRequest at 'foo:bar' from origin '{_H}:8000' has been blocked by CORS "
      "policy: Cross origin requests are only supported for protocol schemes: chrome, "
      "chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.")],
)
def test_non_http_schemes_as_the_page_refuses_them(url: str, api: str, line: str) -> None:
    verdict = _decide(url, api=api)
    assert not verdict.allowed and verdict.stage is Stage.REQUEST
    assert verdict.message("chromium") == line
    assert verdict.chromium_error == ("CorsDisabledScheme" if line.startswith("Access to") else None)


@pytest.mark.parametrize(
    ("location", "error"),
    [("ftp://x/", "CorsDisabledScheme"), ("javascript:x", "CorsDisabledScheme"), ("foo:bar", "CorsDisabledScheme"),
     ("data:,x", None), ("about:blank", None), ("file:///etc", None)],
)
def test_redirect_to_a_non_http_scheme(location: str, error: str | None) -> None:
    """Chromium 156 (oracle): CorsDisabledScheme names the new URL "(redirected from ...)" at the
    next hop; data:/about:/blob:/file: are net::ERR_UNSAFE_REDIRECT on the redirect itself."""
    tx = Transaction(PageRequest(url="http://api.example/x", origin=_H + ":8000"), "chromium")
    tx.next_action()
    tx.receive(Response(status=302, headers=(("Access-Control-Allow-Origin", "*"), ("Location", location))))
    action = tx.next_action()
    assert isinstance(action, Done)
    verdict = action.verdict
    assert verdict.chromium_error == error
    if error:
        assert verdict.failed_hop == 1
        assert verdict.message("chromium").startswith(
            f"Access to fetch at '{location}' (redirected from 'http://api.example/x') from origin")
    else:
        assert verdict.failed_hop == 0
        assert verdict.message("chromium") == "Failed to load resource: net::ERR_UNSAFE_REDIRECT"


def test_bad_port_console_lines() -> None:
    verdict = _decide("https://api.example:6000/x", "spec")
    assert verdict.message("chromium") == "Failed to load resource: net::ERR_UNSAFE_PORT"
    assert verdict.message("firefox").endswith("(Reason: CORS request did not succeed). Status code: (null).")
    assert verdict.message("webkit") == "Not allowed to use restricted network port"


def _cached(profile: str, first: PageRequest, second: PageRequest, *, acam: str = "PUT", acah: str = "",
            max_age: str | None = "60", acac: bool = False, later: float = 1.0) -> bool:
    """Whether ``second`` (``later`` seconds after ``first``) is answered from the preflight cache."""
    cache = PreflightCache()
    headers = [("Access-Control-Allow-Origin", first.origin), ("Access-Control-Allow-Methods", acam)]
    if acah:
        headers.append(("Access-Control-Allow-Headers", acah))
    if max_age is not None:
        headers.append(("Access-Control-Max-Age", max_age))
    if acac:
        headers.append(("Access-Control-Allow-Credentials", "true"))
    ok = Response(status=204, headers=tuple(headers))
    final = Response(status=200, headers=tuple(headers))
    verdict = Transaction(first, profile, cache=cache, now=0).run(lambda w: ok if w.method == "OPTIONS" else final)
    assert verdict.allowed and verdict.preflight
    return isinstance(Transaction(second, profile, cache=cache, now=later).next_action(), SendRequest)


_PUT = PageRequest(url="https://api.example/x", origin="https://app.example", method="PUT", has_body=True)
_INCLUDE = CredentialsMode.INCLUDE


@pytest.mark.parametrize(
    ("case", "expected"),
    # https://fetch.spec.whatwg.org/#cors-preflight-cache: entries are keyed by origin, URL and
    # credentials, one per method and header name; Max-Age defaults to 5 s, capped per browser.
    [("same request", True),
     ("other method", False),
     ("other url", False),
     ("other origin", False),
     ("credentialed after uncredentialed", False),
     ("uncredentialed after credentialed", True),
     ("listed header", True),
     ("unlisted header", False),
     ("default max-age, 4 s later", True),
     ("default max-age, 5 s later", False),
     ("max-age 0", False),
     ("wildcard method, uncredentialed", True),
     ("wildcard method, credentialed", False)],
)
def test_preflight_cache_keys(case: str, expected: bool) -> None:
    def put(**kw: object) -> PageRequest:
        fields = {"url": _PUT.url, "origin": _PUT.origin, "method": "PUT", "has_body": True, **kw}
        return PageRequest(**fields)  # type: ignore[arg-type]

    got = {
        "same request": lambda: _cached("spec", put(), put()),
        "other method": lambda: _cached("spec", put(), put(method="DELETE")),
        "other url": lambda: _cached("spec", put(), put(url="https://api.example/y")),
        "other origin": lambda: _cached("spec", put(), put(origin="https://b.example")),
        "credentialed after uncredentialed": lambda: _cached("spec", put(), put(credentials=_INCLUDE)),
        "uncredentialed after credentialed": lambda: _cached(
            "spec", put(credentials=_INCLUDE), put(), acac=True),
        "listed header": lambda: _cached(
            "spec", put(headers=(("X-A", "1"),)), put(headers=(("X-A", "2"),)), acah="x-a"),
        "unlisted header": lambda: _cached(
            "spec", put(headers=(("X-A", "1"),)), put(headers=(("X-B", "2"),)), acah="x-a"),
        "default max-age, 4 s later": lambda: _cached("spec", put(), put(), max_age=None, later=4.0),
        "default max-age, 5 s later": lambda: _cached("spec", put(), put(), max_age=None, later=5.0),
        "max-age 0": lambda: _cached("spec", put(), put(), max_age="0", later=0.0),
        "wildcard method, uncredentialed": lambda: _cached("spec", put(), put(method="DELETE"), acam="*"),
        "wildcard method, credentialed": lambda: _cached(
            "spec", put(credentials=_INCLUDE), put(method="DELETE", credentials=_INCLUDE), acam="PUT, *", acac=True),
    }[case]()
    assert got is expected


@pytest.mark.parametrize(("profile", "cap"), [("chromium", 7200), ("firefox", 86400), ("webkit", 600)])
def test_preflight_cache_max_age_caps(profile: str, cap: int) -> None:
    assert _cached(profile, _PUT, _PUT, max_age="999999", later=cap - 1)
    assert not _cached(profile, _PUT, _PUT, max_age="999999", later=cap)


@pytest.mark.parametrize("mode", [Mode.SAME_ORIGIN, Mode.NO_CORS, Mode.CORS])
def test_data_url_in_every_mode_and_without_a_comma(mode: Mode) -> None:
    """Chromium 156 (oracle): data: is basic in every mode; 'data:x' is net::ERR_INVALID_URL."""
    assert _decide("data:,x", mode=mode).response_type == "basic"
    broken = _decide("data:x", mode=mode)
    assert not broken.allowed and broken.message("chromium") == "Failed to load resource: net::ERR_INVALID_URL"


@pytest.mark.parametrize("text", ["", "//x", "http://x.test:99999", "http://[::1"])
def test_a_bad_origin_is_called_an_origin(text: str) -> None:
    with pytest.raises(InputError, match=r"^invalid origin "):
        parse_origin(text)
