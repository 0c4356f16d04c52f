"""Chromium's order of request headers (Blink's HTTPHeaderMap) and the refused header it names.

Every expected order below was measured on Chromium 156.0.8078.79 (Debian, headless) with the
scripted server: a preflight allowing every header (``Access-Control-Allow-Headers: *``) let the
actual request through, and the order of its header lines on the wire is the order of the
request's ``net::HttpRequestHeaders`` vector — the order the CORS check walks.  Lines the network
stack adds outside Blink's map (Host, Connection, Content-Length, Origin, Referer, Sec-Fetch-*,
Accept-Encoding, Accept-Language, the default ``Accept: */*``) are left out.  The same request with
no ``Access-Control-Allow-Headers`` gave the ``failedParameter`` quoted in each engine test.
See docs/chromium-header-order.md.
"""

from __future__ import annotations

import pytest

from corsdoctor.engine import Api, ExchangeKind, PageRequest, Response, Transaction, WireRequest
from corsdoctor.engine._blink_header_order import (
    blink_request_header_order,
    case_folding_hash,
    hash_map_order,
)

PAGE = "http://app.corsdoctor.test:8000"
API = "http://api.corsdoctor.test:8001/s/x/0"
LOOPBACK = "http://127.0.0.1:8001/s/x/0"
LOCALHOST = "http://localhost:8001/s/x/0"

# (api, author header names as set, body adds Content-Type, URL potentially trustworthy, wire order)
MEASURED = [
    ("fetch", ("X-A", "X-B", "X-C"), False, False, ("x-c", "user-agent", "x-a", "x-b")),
    (
        "fetch",
        ("ACCEPT", "Content-Language", "X-Requested-With"),
        False,
        False,
        ("x-requested-with", "user-agent", "accept", "content-language"),
    ),
    ("fetch", ("Content-Type", "Cache-Control"), False, False, ("user-agent", "content-type", "cache-control")),
    ("fetch", ("WIDTH", "Content-Type"), True, False, ("user-agent", "content-type", "width")),
    ("fetch", ("X-A",), True, False, ("user-agent", "content-type", "x-a")),
    ("xhr", ("X-A",), True, False, ("user-agent", "content-type", "x-a")),
    # x-h0 and user-agent share bucket 0 of the 8-bucket table: the author's name goes in first.
    ("fetch", ("x-h0",), False, False, ("x-h0", "user-agent")),
    # x-h9 and x-h13 collide: fetch inserts in sorted order, XHR in the order script set them.
    ("fetch", ("x-h9", "x-h13"), False, False, ("x-h13", "x-h9", "user-agent")),
    ("xhr", ("x-h9", "x-h13"), False, False, ("x-h9", "x-h13", "user-agent")),
    ("xhr", ("x-h13", "x-h9"), False, False, ("x-h13", "x-h9", "user-agent")),
    # XHR copies its own map, so its bucket order (not the script's order) is the insertion order.
    (
        "xhr",
        ("X-H48", "x-h19", "x-h32", "X-H44", "X-H46"),
        True,
        False,
        ("x-h48", "x-h44", "x-h19", "x-h32", "user-agent", "content-type", "x-h46"),
    ),
    # 17 keys: the table grows 8 -> 16 -> 32 -> 64, re-inserting in bucket order each time.
    (
        "fetch",
        (
            "if-none-match", "X-H53", "Authorization", "X-H16", "x-h19", "X-Api-Key", "x-h2", "X-H56",
            "X-H49", "X-H11", "X-H38", "X-H0", "X-REQUESTED-WITH", "x-h51", "X-H9", "range",
        ),
        False,
        False,
        (
            "authorization", "x-h0", "x-api-key", "x-h2", "x-h11", "x-h49", "x-h56", "x-requested-with",
            "x-h53", "x-h51", "if-none-match", "x-h9", "x-h16", "x-h19", "user-agent", "range", "x-h38",
        ),
    ),
    # Names of 1, 1, 32 and 60 characters (rapidhash's short, small-read and 48-byte-block paths).
    (
        "fetch",
        ("a", "B", "x-" + "y" * 30, "Z" * 60),
        False,
        False,
        ("z" * 60, "user-agent", "b", "x-" + "y" * 30, "a"),
    ),
    # A potentially trustworthy URL (here 127.0.0.1 / localhost) adds the UA client hints.
    ("fetch", (), False, True, ("sec-ch-ua-platform", "user-agent", "sec-ch-ua", "sec-ch-ua-mobile")),
    (
        "fetch",
        ("X-A", "X-B"),
        False,
        True,
        ("sec-ch-ua-platform", "user-agent", "sec-ch-ua", "x-a", "sec-ch-ua-mobile", "x-b"),
    ),
    (
        "xhr",
        ("x-h1", "x-h3", "x-h5", "x-h7", "x-h9"),
        False,
        True,
        (
            "sec-ch-ua-platform", "x-h9", "sec-ch-ua", "x-h1", "x-h5", "sec-ch-ua-mobile", "x-h3",
            "user-agent", "x-h7",
        ),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("api", "names", "body", "trustworthy", "wire"), MEASURED)
def test_order_matches_the_wire_order_measured_in_chromium_156(
    api: str, names: tuple[str, ...], body: bool, trustworthy: bool, wire: tuple[str, ...]
) -> None:
    """Chromium 156.0.8078.79, measured: the header lines of the actual request, in wire order."""
    lower = tuple(dict.fromkeys(n.lower() for n in names))
    got = blink_request_header_order(
        lower, xhr=api == "xhr", body_content_type=body, ua_client_hints=trustworthy
    )
    assert got == wire


def test_hash_is_case_insensitive_24_bits_and_never_zero() -> None:
    for name in ("X-Requested-With", "a", "Z" * 60, "content-type"):
        value = case_folding_hash(name)
        assert value == case_folding_hash(name.lower()) == case_folding_hash(name.upper())
        assert 0 < value < 1 << 24
    assert len({case_folding_hash(f"x-h{i}") for i in range(200)}) > 190


def _distinct_buckets(count: int, size: int) -> tuple[str, ...]:
    """``count`` names whose buckets in a ``size``-bucket table differ (no probing involved)."""
    chosen: dict[int, str] = {}
    for i in range(1000):
        name = f"x-k{i}"
        chosen.setdefault(case_folding_hash(name) & (size - 1), name)
        if len(chosen) == count:
            break
    return tuple(chosen.values())


@pytest.mark.parametrize(("count", "size"), [(3, 8), (4, 16), (7, 16), (8, 32), (16, 64)])
def test_table_doubles_once_half_full(count: int, size: int) -> None:
    """WTF HashTable: 8 buckets, doubled when 2 * keys >= buckets; iteration in bucket order."""
    keys = _distinct_buckets(count, size)
    if len({case_folding_hash(k) & (size - 1) for k in keys}) != count:
        pytest.fail("test setup: no collision-free key set found")
    expected = tuple(sorted(keys, key=lambda k: case_folding_hash(k) & (size - 1)))
    assert hash_map_order(keys) == expected
    assert hash_map_order(tuple(reversed(keys))) == expected


def test_author_user_agent_and_existing_content_type_add_nothing() -> None:
    base = blink_request_header_order(("x-a",), xhr=False, body_content_type=False, ua_client_hints=False)
    assert (
        blink_request_header_order(
            ("user-agent", "x-a"), xhr=False, body_content_type=False, ua_client_hints=False
        )
        == base
    )
    with_ct = blink_request_header_order(
        ("content-type", "x-a"), xhr=False, body_content_type=True, ua_client_hints=False
    )
    assert sorted(with_ct) == ["content-type", "user-agent", "x-a"]


# --- the engine: which refused header a chromium-profile failure names ----------------------------


def _failed_parameter(
    headers: tuple[tuple[str, str], ...],
    profile: str,
    *,
    url: str = API,
    method: str = "PUT",
    api: Api = Api.FETCH,
    has_body: bool = False,
    allow: str | None = None,
    redirect_to: str | None = None,
) -> str | None:
    request = PageRequest(url=url, origin=PAGE, method=method, headers=headers, api=api, has_body=has_body)
    preflight = [("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Methods", method)]
    if allow is not None:
        preflight.append(("Access-Control-Allow-Headers", allow))

    def respond(wire: WireRequest) -> Response:
        if wire.kind is ExchangeKind.PREFLIGHT:
            if wire.hop == 0 and redirect_to is not None:
                return Response(status=204, headers=(*preflight[:2], ("Access-Control-Allow-Headers", "*")))
            return Response(status=204, headers=tuple(preflight))
        if wire.hop == 0 and redirect_to is not None:
            return Response(
                status=307, headers=(("Access-Control-Allow-Origin", PAGE), ("Location", redirect_to))
            )
        return Response(status=200, headers=(("Access-Control-Allow-Origin", PAGE),))

    verdict = Transaction(request, profile).run(respond)
    return verdict.failed_parameter


def test_chromium_names_the_first_refused_header_in_blink_order() -> None:
    """Chromium 156, measured: HEAD with these three refused headers -> x-requested-with."""
    headers = (
        ("ACCEPT", "text/{html}"),
        ("Content-Language", "en@x"),
        ("X-Requested-With", "XMLHttpRequest"),
    )
    assert _failed_parameter(headers, "chromium", method="HEAD") == "x-requested-with"
    # The other profiles keep the first of the sorted set (the order of ACRH).
    assert _failed_parameter(headers, "spec", method="HEAD") == "accept"
    assert _failed_parameter(headers, "firefox", method="HEAD") == "accept"


@pytest.mark.parametrize(
    ("api", "names", "first"),
    [
        ("fetch", ("X-A", "X-B", "X-C"), "x-c"),
        ("fetch", ("x-h9", "x-h13"), "x-h13"),
        ("xhr", ("x-h9", "x-h13"), "x-h9"),
        ("xhr", ("X-H48", "x-h19", "x-h32", "X-H44", "X-H46"), "x-h48"),
    ],
)
def test_refused_first_measured(api: str, names: tuple[str, ...], first: str) -> None:
    """Chromium 156, measured: failedParameter with no Access-Control-Allow-Headers at all."""
    headers = tuple((n, "1") for n in names)
    has_body = names[0] == "X-H48"
    method = "POST" if has_body else "PUT"
    assert _failed_parameter(headers, "chromium", api=Api(api), method=method, has_body=has_body) == first


def test_trustworthy_url_adds_the_client_hints_to_the_map() -> None:
    """Chromium 156, measured (XHR, nothing allowed): x-h9 to localhost and 127.0.0.1, x-h3 to a
    name that is not potentially trustworthy (no sec-ch-ua* keys, so other collisions)."""
    headers = tuple((f"x-h{i}", "1") for i in (1, 3, 5, 7, 9))
    assert _failed_parameter(headers, "chromium", api=Api.XHR, url=LOCALHOST) == "x-h9"
    assert _failed_parameter(headers, "chromium", api=Api.XHR, url=LOOPBACK) == "x-h9"
    assert _failed_parameter(headers, "chromium", api=Api.XHR) == "x-h3"


def test_safelisted_names_follow_the_unsafe_ones_past_1024_bytes() -> None:
    """Chromium 156, measured: nine 128-byte safelisted values plus x-h1.

    Wire order: viewport-width, width, accept-language, device-memory, x-h1, dpr, user-agent,
    accept, content-language, rtt, downlink.  Nothing allowed -> x-h1 (the only name unsafe on
    its own comes first); x-h1 allowed -> viewport-width (then the safelisted, in map order).
    """
    text, digits = "a" * 128, "1" * 128
    headers = (
        ("Accept-Language", text),
        ("Content-Language", text),
        ("Viewport-Width", digits),
        ("DPR", digits),
        ("Device-Memory", digits),
        ("RTT", digits),
        ("Downlink", digits),
        ("Width", digits),
        ("Accept", text),
        ("x-h1", "1"),
    )
    assert _failed_parameter(headers, "chromium") == "x-h1"
    assert _failed_parameter(headers, "chromium", allow="x-h1") == "viewport-width"


def test_a_later_hop_keeps_the_hop_0_map_order() -> None:
    """After a redirect the vector only loses headers; the map is not rebuilt for the new hop."""
    headers = (("X-A", "1"), ("X-B", "1"), ("X-C", "1"))
    target = "http://api.corsdoctor.test:8001/s/x/1"
    assert _failed_parameter(headers, "chromium", redirect_to=target) == "x-c"
