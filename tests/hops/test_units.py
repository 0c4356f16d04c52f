"""Quick tests without servers: hop kinds, header comparison, the cache judgement, path parsing
and bad command-line input."""

from __future__ import annotations

import dataclasses

import pytest

from corsdoctor.cli.main import main
from corsdoctor.engine import ExchangeKind, InputError, Response, WireRequest
from corsdoctor.hops import Action, PathResult, PathSpec, Sent, build_paths, identify, parse_resolve
from corsdoctor.hops._cachetest import judge
from corsdoctor.hops._diff import diff_paths
from corsdoctor.hops._headers import same_values
from corsdoctor.hops._identify import added_by_hop
from corsdoctor.hops._stored import busted, hit_lines, same_cors


@pytest.mark.parametrize(
    ("headers", "key"),
    [
        ([("Via", "1.1 abc.cloudfront.net (CloudFront)"), ("X-Amz-Cf-Id", "x")], "cloudfront"),
        ([("Server", "cloudflare"), ("CF-RAY", "8a-FRA")], "cloudflare"),
        ([("X-Served-By", "cache-fra-etou8220035-FRA"), ("Via", "1.1 varnish")], "fastly"),
        ([("Akamai-GRN", "0.1.2")], "akamai"),
        ([("X-Varnish", "32770 3"), ("Via", "1.1 varnish (Varnish/7.1)")], "varnish"),
        ([("apigw-requestid", "abc=")], "apigw"),
        ([("x-amzn-RequestId", "r"), ("x-amz-apigw-id", "i")], "apigw"),
        ([("Server", "Netlify"), ("X-NF-Request-Id", "01")], "netlify"),
        ([("Server", "Vercel"), ("X-Vercel-Id", "fra1::x")], "vercel"),
        ([("Server", "nginx/1.22.1")], "nginx"),
        ([("Server", "Apache/2.4.62 (Debian)")], "apache"),
        # Apache's mod_proxy keeps the backend's Server: what it adds is its Keep-Alive (measured).
        ([("Keep-Alive", "timeout=5, max=100"), ("Connection", "Keep-Alive")], "apache"),
        ([("Via", "1.1 localhost:40613 (Apache/2.4.71)")], "apache"),
        ([("Keep-Alive", "timeout=5")], "unknown"),  # Node.js: no max=
        ([("Akamai-Cache-Status", "Miss from child, Miss from parent")], "akamai"),
        ([("Server-Timing", 'cdn-cache; desc=MISS, edge; dur=12, ak_p; desc="1_2_3";dur=1')], "akamai"),
        ([("X-Cache", "TCP_MISS from a23-1-2-3.deploy.akamaitechnologies.com (AkamaiGHost/22.1)")], "akamai"),
        ([("Server", "AkamaiGHost")], "akamai"),
        ([("X-Timer", "S1700000000.123456,VS0,VE12"), ("X-Cache", "MISS")], "fastly"),
        ([("Cache-Status", '"Netlify Edge"; fwd=miss')], "netlify"),
        ([("X-Cache", "Miss from cloudfront"), ("X-Amz-Cf-Pop", "FRA56-P1")], "cloudfront"),
        ([("Server", "cloudflare"), ("cf-cache-status", "DYNAMIC")], "cloudflare"),
        ([("Via", "1.1 vegur")], "heroku"),
        ([("Server", "uvicorn")], "uvicorn"),
        ([("X-Powered-By", "Express")], "express"),
        ([("Content-Type", "text/plain")], "unknown"),
    ],
)
def test_hop_kind_from_headers(headers: list[tuple[str, str]], key: str) -> None:
    assert identify(headers).key == key


def test_kind_evidence_names_the_lines() -> None:
    kind = identify([("Server", "cloudflare"), ("CF-Ray", "1"), ("Vary", "Origin")])
    assert kind.evidence == ("Server: cloudflare", "CF-Ray: 1")
    assert kind.category == "cdn"


def test_added_by_hop_keeps_only_new_lines() -> None:
    outer = [("Server", "nginx"), ("Vary", "Origin"), ("X-Cache", "HIT")]
    inner = [("Server", "uvicorn"), ("Vary", "Origin")]
    assert added_by_hop(outer, inner) == [("Server", "nginx"), ("X-Cache", "HIT")]


def test_token_lists_compare_as_sets() -> None:
    assert same_values("access-control-allow-headers", ("Content-Type, X-Key",), ("x-key,content-type",))
    assert not same_values("access-control-allow-methods", ("get",), ("GET",))
    assert not same_values("access-control-allow-origin", ("https://a.example",), ("https://b.example",))


def _path(index: int, preflight: Response | None, actual: Response | None) -> PathResult:
    sent = []
    for kind, response in ((ExchangeKind.PREFLIGHT, preflight), (ExchangeKind.ACTUAL, actual)):
        if response is not None:
            request = WireRequest(
                kind=kind,
                hop=0,
                method="GET",
                url="https://api.example/x",
                headers=(),
                include_credentials=False,
            )
            sent.append(Sent(request=request, response=response))
    return PathResult(
        index=index,
        spec=PathSpec(label=str(index), url="https://api.example/x"),
        verdict=None,
        sent=tuple(sent),
    )


def test_diff_names_each_action() -> None:
    inner = Response(
        status=200,
        headers=(
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Expose-Headers", "X-Id"),
            ("Vary", "Origin"),
        ),
    )
    outer = Response(
        status=200,
        headers=(
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", "X-Other"),
            ("Access-Control-Max-Age", "60"),
        ),
    )
    changes = diff_paths(_path(0, None, outer), _path(1, None, inner))
    got = {(c.action, c.header) for c in changes}
    assert got == {
        (Action.DUPLICATED, "access-control-allow-origin"),
        (Action.STRIPPED, "access-control-allow-credentials"),
        (Action.REWRITTEN, "access-control-expose-headers"),
        (Action.ADDED, "access-control-max-age"),
        (Action.STRIPPED, "vary"),
    }


def test_preflight_answered_by_the_hop_itself() -> None:
    inner_pf = Response(
        status=204,
        headers=(
            ("Access-Control-Allow-Origin", "https://a.example"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("X-Request-Id", "1"),
        ),
    )
    outer_pf = Response(status=405, headers=(("Server", "nginx"),))
    changes = diff_paths(_path(0, outer_pf, None), _path(1, inner_pf, None))
    assert changes[0].action is Action.OPTIONS_ANSWERED


def _sent(acao: str | None, extra: tuple[tuple[str, str], ...] = ()) -> Sent:
    headers = ((("Access-Control-Allow-Origin", acao),) if acao else ()) + extra
    request = WireRequest(
        kind=ExchangeKind.ACTUAL,
        hop=0,
        method="GET",
        url="https://api.example/x",
        headers=(),
        include_credentials=False,
    )
    return Sent(request=request, response=Response(status=200, headers=headers))


ORIGINS = ("https://a.example", "https://b.example", "https://a.example")


def test_cache_judge_needs_replay_evidence() -> None:
    hit = (("X-Cache", "HIT"),)
    wrong = judge(
        0,
        ExchangeKind.ACTUAL,
        ORIGINS,
        [_sent("https://a.example"), _sent("https://a.example", hit), _sent("https://a.example", hit)],
    )
    assert wrong.outcome == "wrong-origin"
    static = judge(0, ExchangeKind.ACTUAL, ORIGINS, [_sent("https://a.example")] * 3)
    assert static.outcome == "same-for-every-origin"
    replayed = judge(
        0,
        ExchangeKind.ACTUAL,
        ORIGINS,
        [
            _sent(None, (("X-Request-Id", "7"),)),
            _sent(None, (("X-Request-Id", "8"),)),
            _sent(None, (("X-Request-Id", "8"),)),
        ],
    )
    assert replayed.outcome == "ok"
    negative = judge(
        0,
        ExchangeKind.ACTUAL,
        ORIGINS,
        [
            _sent("https://a.example", (("Age", "0"),)),
            _sent(None, (("Age", "0"),)),
            _sent(None, (("Age", "3"),)),
        ],
    )
    assert negative.outcome == "wrong-origin"
    assert "B's answer was cached and served to A" in negative.summary


def test_paths_in_command_line_order() -> None:
    paths = build_paths(
        "https://api.example/v1/items?q=1",
        [("resolve", "api.example:443:10.1.2.3"), ("via", "http://127.0.0.1:8080")],
    )
    assert [p.label for p in paths] == ["public URL", "resolve 10.1.2.3", "via 127.0.0.1:8080"]
    assert paths[2].url == "http://127.0.0.1:8080/v1/items?q=1"
    assert paths[1].url == paths[0].url
    assert str(parse_resolve("h.example:8443:[::1]")) == "h.example:8443:[::1]"


@pytest.mark.parametrize(
    ("url", "hops", "message"),
    [
        ("ftp://x.example/", [], r"not an http\(s\) URL"),
        ("https://api.example/", [("resolve", "api.example:443")], "not HOST:PORT:ADDR"),
        ("https://api.example/", [("resolve", "other.example:443:10.0.0.1")], "does not match"),
        ("https://api.example/", [("resolve", "api.example:99999:10.0.0.1")], "out of range"),
        ("https://api.example/", [("via", "mailto:x@example.com")], "--via"),
    ],
)
def test_bad_paths(url: str, hops: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(InputError, match=message):
        build_paths(url, hops)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["hops", "https://api.example/", "--origin", "not an origin"], "--origin 'not an origin': "),
        (
            ["hops", "https://api.example/", "--origin", "https://a.example", "--other-origin", "b"],
            "--other-origin 'b'",
        ),
        (
            ["hops", "https://api.example/", "--origin", "https://a.example", "--via", "http://[::1"],
            "--via 'http://[::1'",
        ),
        (
            ["hops", "https://api.example/", "--origin", "https://a.example", "--resolve", "nope"],
            "HOST:PORT:ADDR",
        ),
        (
            ["hops", "https://api.example/", "--origin", "https://a.example", "-H", "novalue"],
            "is not 'Name: value'",
        ),
        (["hops", "https://api.example/", "--origin", "https://a.example", "--fail-on", "loud"], "severity"),
        (["hops", "https://api.example/", "--origin", "https://a.example", "--timeout", "0"], "--timeout"),
        (
            ["hops", "https://api.example/", "--origin", "https://a.example", "--cookie", "a=b\r\nX: y"],
            "--cookie",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("corsdoctor hops: ") and "\n" not in err and message in err
    assert "Traceback" not in err


def test_public_api_is_sorted_and_complete() -> None:
    import corsdoctor.hops as hops

    # Order: ruff's RUF022 (constants, classes, functions); here: no duplicates, all importable.
    assert len(set(hops.__all__)) == len(hops.__all__)
    public = {n for n in dir(hops) if not n.startswith("_") and n not in ("annotations",)}
    assert set(hops.__all__) == {n for n in public if not n.islower() or callable(getattr(hops, n))}
    assert all(hasattr(hops, name) for name in hops.__all__)


def test_age_alone_names_a_cache() -> None:
    assert identify([("Age", "12")]).key == "generic-cache"
    assert identify([("Via", "1.1 varnish (Varnish/7.1)"), ("Age", "0")]).key == "varnish"


def test_hit_lines_need_a_sign_of_a_hit() -> None:
    assert hit_lines(Response(status=200, headers=(("X-Varnish", "32770"), ("Age", "0")))) == ()
    hit = Response(status=204, headers=(("X-Varnish", "32772 26"), ("Age", "0"), ("Date", "x")))
    assert hit_lines(hit) == ("X-Varnish: 32772 26", "Age: 0")
    assert hit_lines(Response(status=200, headers=(("Age", "3"),))) == ("Age: 3",)


def test_cache_bust_keeps_the_query_and_the_request() -> None:
    request = WireRequest(
        kind=ExchangeKind.PREFLIGHT,
        hop=0,
        method="OPTIONS",
        url="https://api.example/x?t=1#f",
        headers=(("Origin", "https://a.example"),),
        include_credentials=False,
    )
    one, two = busted(request), busted(request)
    assert one.url.startswith("https://api.example/x?t=1&corsdoctor-cache-bust=") and one.url != two.url
    assert one.headers == request.headers and one.method == "OPTIONS"
    bare = busted(dataclasses.replace(request, url="https://api.example/x"))
    assert bare.url.startswith("https://api.example/x?corsdoctor-cache-bust=")


def test_same_cors_compares_what_the_browser_checks() -> None:
    ok = Response(status=204, headers=(("Access-Control-Allow-Origin", "https://a.example"),))
    assert same_cors(
        ok, Response(status=200, headers=(("access-control-allow-origin", "https://a.example"),))
    )
    assert not same_cors(ok, Response(status=500, headers=ok.headers))
    assert not same_cors(ok, Response(status=204))


def test_identical_date_alone_is_no_replay() -> None:
    date = (("Date", "Wed, 25 Nov 2026 04:05:06 GMT"), ("Age", "0"))
    test = judge(
        0,
        ExchangeKind.ACTUAL,
        ORIGINS,
        [_sent("https://a.example", date), _sent(None, date), _sent("https://a.example", date)],
    )
    assert test.outcome == "ok" and test.replay == ()


ISSUE_KINDS = (
    "nginx",
    "apache",
    "cloudfront",
    "cloudflare",
    "fastly",
    "akamai",
    "varnish",
    "apigw",
    "netlify",
    "vercel",
)
#: Problems a kind cannot cause (nginx's and Apache's caches never store OPTIONS: proxy_cache_methods
#: and mod_cache take GET/HEAD/POST only), or that have no lever in that product.
NOT_APPLICABLE = {
    ("nginx", "cached-preflight"),
    ("apache", "cached-preflight"),
    ("netlify", "stripped"),
    ("vercel", "stripped"),
    ("netlify", "origin-not-forwarded"),
    ("vercel", "origin-not-forwarded"),
    ("netlify", "rewritten"),
    ("vercel", "rewritten"),
    ("netlify", "reflect"),
    ("vercel", "reflect"),
    ("apigw", "reflect"),
    ("akamai", "reflect"),
    ("cloudfront", "reflect"),
    ("apigw", "vary"),
}


@pytest.mark.parametrize("kind", ISSUE_KINDS)
def test_every_named_hop_kind_gets_fixes_in_its_own_terms(kind: str) -> None:
    """Every hop kind the issue names has its own fix for every problem it can cause (not the
    generic fallback text)."""
    from corsdoctor.hops._fixes import FIXES, fix_for

    problems = sorted({p for p, _ in FIXES})
    generic = [p for p in problems if (kind, p) not in NOT_APPLICABLE and fix_for(p, kind) == FIXES[(p, "*")]]
    assert generic == []


def test_a_request_id_the_backend_sends_on_both_paths_is_not_the_hops() -> None:
    """Vercel rewriting to an API Gateway: the gateway's per-request ids differ between the two
    paths, but they are the gateway's, so hop 1 is Vercel (not API Gateway)."""
    vercel = [
        ("Server", "Vercel"),
        ("X-Vercel-Id", "fra1::abc"),
        ("x-amzn-RequestId", "r2"),
        ("x-amz-apigw-id", "i2"),
    ]
    api = [("x-amzn-RequestId", "r3"), ("x-amz-apigw-id", "i3")]
    assert added_by_hop(vercel, api) == [("Server", "Vercel"), ("X-Vercel-Id", "fra1::abc")]
    assert identify(added_by_hop(vercel, api)).key == "vercel"
    # Headers hops set or append count when their value is new: a second Via entry, Apache's Keep-Alive.
    outer = [("Via", "1.1 varnish (Varnish/7.1), 1.1 edge (Varnish/7.1)"), ("X-Varnish", "9 7")]
    assert added_by_hop(outer, [("Via", "1.1 varnish (Varnish/7.1)"), ("X-Varnish", "8")]) == outer[:1]


def test_edge_optimized_api_gateway_is_api_gateway() -> None:
    """An edge-optimized API answers through a CloudFront distribution API Gateway manages:
    CloudFront's headers and the gateway's; its fixes are the gateway's."""
    edge = [
        ("x-amzn-RequestId", "r1"),
        ("x-amz-apigw-id", "i1"),
        ("X-Cache", "Miss from cloudfront"),
        ("Via", "1.1 abc.cloudfront.net (CloudFront)"),
        ("X-Amz-Cf-Id", "cf"),
    ]
    kind = identify(edge)
    assert kind.key == "apigw" and "edge-optimized" in kind.display
    assert "X-Amz-Cf-Id: cf" in kind.evidence
    # The user's own CloudFront in front of a regional API: the hop adds only CloudFront's lines.
    regional = [("x-amzn-RequestId", "r9"), ("x-amz-apigw-id", "i9")]
    assert identify(added_by_hop(edge, regional)).key == "cloudfront"
