"""The offending value moves the most likely owner (explain/_owners.py), in text and JSON alike."""

from __future__ import annotations

import json

import pytest

from corsdoctor.cli.main import main
from corsdoctor.explain import explain, to_json


def _mismatch(value: str, origin: str = "https://app.example.com") -> str:
    return (f"Access to fetch at 'https://api.example.com/x' from origin '{origin}' has been blocked by CORS "
            f"policy: The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the "
            "supplied origin. Have the server send the header with a valid value.")


@pytest.mark.parametrize(("text", "first", "second", "why"), [
    (_mismatch("https://staging.example.com"), "CDN", "app middleware", "Vary"),
    (_mismatch("https://app.other.net"), "app middleware", None, "single fixed origin"),
    (_mismatch("https://www.shop.co.uk", "https://app.other.co.uk"), "app middleware", None, "fixed origin"),
    (_mismatch("(null)"), "reverse proxy", None, "mod_headers"),
    (_mismatch("${CORS_ORIGIN}"), "reverse proxy", None, "unexpanded variable"),
])
def test_owner_from_value(text: str, first: str, second: str | None, why: str) -> None:
    owners = to_json(explain(text))["messages"][0]["owners"]
    assert owners[0]["owner"] == first and why in owners[0]["why"]
    if second is not None:
        assert owners[1]["owner"] == second


def test_value_evidence_is_in_the_text_report_too(capsys: pytest.CaptureFixture[str]) -> None:
    text = _mismatch("https://staging.example.com")
    main(["explain", "--format", "json", text])
    data = json.loads(capsys.readouterr().out)
    main(["explain", text])
    out = capsys.readouterr().out
    why = data["messages"][0]["owners"][0]["why"]
    assert f"1. CDN: {why}" in out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_tokens_in_pasted_urls_are_not_echoed(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"
    text = (f"Access to fetch at 'https://api.example.com/r/{jwt}?access_token=t0k3n-abcdef&page=2' (redirected "
            "from 'https://api.example.com/old?sig=s1gn4ture-xyz') from origin 'https://app.example.com' has been "
            "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
    assert main(["explain", "--format", fmt, text]) == 1
    out = capsys.readouterr().out
    for secret in (jwt, "t0k3n-abcdef", "s1gn4ture-xyz"):
        assert secret not in out
    assert "access_token=REDACTED&page=2" in out and "/old?sig=REDACTED" in out
