"""The placeholder request a finding's console line is written for: a URL path only from URL scopes."""

from __future__ import annotations

import pytest

from corsdoctor.lint.consequence import request_url
from corsdoctor.lint.policy import CorsPolicy, Layer, Location


@pytest.mark.parametrize(("scope", "url"), [
    ("location /api/", "https://api.example.com/api/"),
    ("<Location /api>", "https://api.example.com/api"),
    ('<Location "/quoted">', "https://api.example.com/quoted"),
    ("<Directory /srv/api>", "https://api.example.com/"),  # a filesystem path
    ("<VirtualHost *:8080>", "https://api.example.com/"),
    ("/api/*", "https://api.example.com/api/x"),
    ("cors.Handler(cors.Options{ // expect: CORS207…)", "https://api.example.com/"),
    ("location /broken > if $request_method = OPTIONS", "https://api.example.com/broken"),
])
def test_request_url(scope: str, url: str) -> None:
    policy = CorsPolicy(format="x", scope=scope, at=Location(path="f", line=1), layer=Layer.APP)
    assert request_url(policy) == url
