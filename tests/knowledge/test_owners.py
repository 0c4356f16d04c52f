"""The shared owner/layer inference (knowledge/_layers.py, knowledge/_owners.py).

Header facts are the vendors' documented response headers (see knowledge/_layers.py); the values
are shaped as those vendors send them.
"""

from __future__ import annotations

import pytest

from corsdoctor.knowledge import Exchange, Owner, infer_owners, layers_seen

CDN_SIGNATURES = [
    ((("X-Amz-Cf-Id", "e1Bq2xYdTnAy4n0Fv5yQ0ByOS5d3kdZ4Xfsxw9TvBlg1i6GFbXU-ZA=="),), Owner.CDN, "CloudFront"),
    ((("Via", "1.1 5c3ad1bd1cbd5d4b5e1e1f8b3e6d1c2a.cloudfront.net (CloudFront)"),), Owner.CDN, "CloudFront"),
    ((("CF-Ray", "8a1b2c3d4e5f6a7b-FRA"),), Owner.CDN, "Cloudflare"),
    ((("Server", "cloudflare"),), Owner.CDN, "Cloudflare"),
    ((("X-Served-By", "cache-fra-eddf8230045-FRA"),), Owner.CDN, "Fastly"),
    ((("Akamai-GRN", "0.2c3e1602.1700000000.1a2b3c4d"),), Owner.CDN, "Akamai"),
    ((("Server", "AkamaiGHost"),), Owner.CDN, "Akamai"),
    ((("X-Varnish", "32770 3"),), Owner.PROXY, "Varnish"),
    ((("x-amzn-RequestId", "6f1c2d3e-4b5a-6789-0abc-def012345678"),), Owner.GATEWAY, "Amazon API Gateway"),
    ((("x-amz-apigw-id", "Ab1CdEfGhIjKlMn="),), Owner.GATEWAY, "Amazon API Gateway"),
    ((("X-NF-Request-ID", "01HABCDEF0123456789ABCDEFG"),), Owner.STATIC_HOST, "Netlify"),
    ((("Server", "Netlify"),), Owner.STATIC_HOST, "Netlify"),
    ((("x-vercel-id", "fra1::iad1::abcde-1700000000000-0123456789ab"),), Owner.STATIC_HOST, "Vercel"),
    ((("Server", "nginx/1.22.1"),), Owner.PROXY, "nginx"),
    ((("Server", "Apache/2.4.62 (Debian)"),), Owner.PROXY, "Apache httpd"),
    ((("Via", "1.1 proxy.internal (Apache/2.4.62)"),), Owner.PROXY, "Apache httpd"),
    ((("Server", "uvicorn"),), Owner.APP, "ASGI (Starlette/FastAPI)"),
]


@pytest.mark.parametrize(("headers", "owner", "product"), CDN_SIGNATURES)
def test_each_vendor_header_names_its_layer(headers: tuple[tuple[str, str], ...], owner: Owner,
                                            product: str) -> None:
    (seen,) = layers_seen([headers])
    assert (seen.owner, seen.product) == (owner, product)
    assert seen.evidence == f"{headers[0][0]}: {headers[0][1]}"


def test_headers_that_name_no_layer_name_none() -> None:
    assert layers_seen([(("Content-Type", "application/json"), ("X-Served-By", "web-7"),
                         ("Server", "my-own-thing"))]) == ()


def test_layers_are_outermost_first_and_a_generic_via_gives_way_to_a_named_proxy() -> None:
    responses = [
        (("Via", "1.1 edge"), ("Server", "nginx/1.22.1")),
        (("X-Amz-Cf-Id", "abc"), ("X-Powered-By", "Express"), ("Via", "1.1 other")),
    ]
    seen = layers_seen(responses)
    assert [(s.owner, s.product) for s in seen] == [
        (Owner.CDN, "CloudFront"), (Owner.PROXY, "nginx"), (Owner.APP, "Express")]


def test_a_generic_via_alone_is_still_a_proxy() -> None:
    (seen,) = layers_seen([(("Via", "1.1 gw.corp"), ("X-Cache", "MISS"))])
    assert (seen.owner, seen.product) == (Owner.PROXY, "a proxy (Via)")


def test_without_exchanges_the_message_alone_decides() -> None:
    owners = infer_owners("CORS101", url="https://api.example.com/x", stage="actual", status=502)
    assert [o.owner for o in owners][:2] == [Owner.PROXY, Owner.GATEWAY]
    assert owners[0].product == "" and owners[0].evidence == ("status 502",)


def test_the_proxy_seen_on_the_preflight_comes_first_named_by_its_server_header() -> None:
    exchanges = (
        Exchange(stage="preflight", status=204, headers=(("Server", "nginx/1.22.1"),)),
        Exchange(stage="actual", status=200, headers=(("Server", "nginx/1.22.1"), ("Content-Type", "text/plain"))),
    )
    owners = infer_owners("CORS101", url="https://api.example.com/x", stage="actual", status=200,
                          exchanges=exchanges)
    first = owners[0]
    assert (first.owner, first.product, first.label) == (Owner.PROXY, "nginx", "reverse proxy (nginx)")
    assert first.evidence == ("Server: nginx/1.22.1 (preflight and actual response)",)
    assert "/etc/nginx/" in first.look_for[0]
    assert Owner.APP in [o.owner for o in owners[1:]]


def test_a_cdn_in_front_of_a_proxy_is_named_first_and_both_keep_their_evidence() -> None:
    exchanges = (Exchange(stage="actual", status=200,
                          headers=(("Server", "nginx"), ("X-Amz-Cf-Id", "abc"), ("X-Cache", "Miss from cloudfront"))),)
    owners = infer_owners("CORS102", url="https://api.example.com/x", stage="actual", status=200,
                          value="https://other.example.org", origin="https://app.example.com",
                          exchanges=exchanges)
    # the layers seen lead, outermost first; "a fixed origin" (which any of them may hold) follows
    assert [o.owner for o in owners][:3] == [Owner.CDN, Owner.PROXY, Owner.APP]
    assert owners[0].product == "CloudFront" and "aws cloudfront" in owners[0].look_for[0]
    assert owners[0].evidence == ("X-Amz-Cf-Id: abc (actual response)", "X-Cache: Miss from cloudfront (actual response)")
    assert "single fixed origin" in owners[2].why


def test_without_headers_the_fixed_origin_value_names_the_app_first() -> None:
    owners = infer_owners("CORS102", url="https://api.example.com/x", stage="actual", status=200,
                          value="https://other.example.org", origin="https://app.example.com")
    assert owners[0].owner is Owner.APP and owners[0].evidence == ("value 'https://other.example.org'",)


def test_an_origin_written_as_a_url_is_not_taken_for_a_sibling_origin() -> None:
    owners = infer_owners("CORS102", url="https://api.example.com/x", stage="actual", status=200,
                          value="https://app.example.com/", origin="https://app.example.com")
    assert owners[0].owner is Owner.APP and "written as a URL" in owners[0].why


def test_a_loopback_url_yields_to_the_proxy_its_headers_name() -> None:
    exchanges = (Exchange(stage="actual", status=200, headers=(("Via", "1.1 localhost (Apache/2.4.62 (Debian))"),)),)
    owners = infer_owners("CORS101", url="http://127.0.0.1:8080/x", stage="actual", status=200,
                          exchanges=exchanges)
    assert [o.owner for o in owners][:2] == [Owner.PROXY, Owner.APP]
    assert owners[0].product == "Apache httpd" and "local/development" in owners[1].why
    alone = infer_owners("CORS101", url="http://127.0.0.1:8080/x", stage="actual", status=200)
    assert alone[0].owner is Owner.APP


def test_a_proxy_error_status_is_joined_with_the_proxy_seen() -> None:
    exchanges = (Exchange(stage="actual", status=502, headers=(("Server", "nginx/1.22.1"),)),)
    owners = infer_owners("CORS101", url="https://api.example.com/x", stage="actual", status=502,
                          exchanges=exchanges)
    assert owners[0].owner is Owner.PROXY and "nginx" in owners[0].why and "502" in owners[0].why
    assert owners[0].evidence == ("Server: nginx/1.22.1 (actual response)", "status 502")


def test_two_allow_origin_values_through_apache_name_apache() -> None:
    exchanges = (Exchange(stage="actual", status=200, headers=(
        ("Server", "Apache/2.4.62 (Debian)"), ("Access-Control-Allow-Origin", "https://a.example"),
        ("Access-Control-Allow-Origin", "https://a.example"))),)
    owners = infer_owners("CORS108", url="https://api.example.com/x", stage="actual", status=200,
                          exchanges=exchanges)
    assert owners[0].owner is Owner.PROXY and owners[0].product == "Apache httpd"
    assert "apache2" in owners[0].look_for[0]


def test_a_page_script_problem_stays_first_even_with_a_proxy_seen() -> None:
    from corsdoctor.knowledge import all_docs

    client_first = next(d for d in all_docs() if d.where_to_look and d.where_to_look[0].owner is Owner.CLIENT
                        and any(p.owner is Owner.PROXY for p in d.where_to_look))
    exchanges = (Exchange(stage="actual", status=200, headers=(("Server", "nginx"),)),)
    owners = infer_owners(client_first.code, url="https://api.example.com/x", stage="actual", status=200,
                          exchanges=exchanges)
    assert owners[0].owner is Owner.CLIENT and owners[1].owner is Owner.PROXY
