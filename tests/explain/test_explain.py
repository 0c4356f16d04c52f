"""Behaviour of the explain layer beyond single templates: pastes, inference, JSON, bad input."""

from __future__ import annotations

import json

import pytest

from corsdoctor.cli.main import main
from corsdoctor.explain import SCHEMA, ExplainInputError, decode_input, explain, to_json

CHROME_MISSING = ("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been "
                  "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested "
                  "resource.")


def test_many_messages_in_one_paste() -> None:
    text = "\n".join([
        "[12:00:00] " + CHROME_MISSING,
        "GET https://api.example.com/x net::ERR_FAILED 500 (Internal Server Error)",
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
        "https://api.example.com/y. (Reason: CORS preflight response did not succeed). Status code: 401.",
        "[Error] Method DELETE is not allowed by Access-Control-Allow-Methods.",
        "[Error] XMLHttpRequest cannot load https://api.example.com/z due to access control checks.",
    ])
    got = [(m.browser.value, m.code, m.url, m.status, m.api) for m in explain(text).messages]
    assert got == [
        ("chromium", "CORS107", "https://api.example.com/x", 500, "fetch"),  # 500 learned from the network line
        ("firefox", "CORS209", "https://api.example.com/y", 401, "fetch"),
        ("webkit", "CORS203", "https://api.example.com/z", None, "xhr"),
    ]


def test_duplicate_acao_values_mean_two_layers() -> None:
    text = CHROME_MISSING.replace(
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        "The 'Access-Control-Allow-Origin' header contains multiple values '*, https://app.example.com', but only "
        "one is allowed. Have the server send the header with a valid value.")
    m = explain(text).messages[0]
    assert (m.code, m.value) == ("CORS108", "*, https://app.example.com")
    owners = [o["owner"] for o in to_json(explain(text))["messages"][0]["owners"]]
    assert owners[:2] == ["reverse proxy", "app middleware"]


@pytest.mark.parametrize(("value", "code"), [
    ("https://app.example.com/", "CORS109"),   # trailing slash
    ("https://*.example.com", "CORS109"),      # glob
    ("https://app.example.com", "CORS306"),    # the page origin itself: the request said Origin: null
    ("https://other.example", "CORS102"),
])
def test_mismatch_refinement(value: str, code: str) -> None:
    text = CHROME_MISSING.replace(
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        f"The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.")
    assert explain(text).messages[0].code == code


def test_authorization_header_is_cors207_and_reproduced() -> None:
    text = CHROME_MISSING.replace(
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        "Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.")
    m = explain(text).messages[0]
    assert (m.code, m.stage, m.request_header) == ("CORS207", "preflight", "authorization")
    assert m.example().check_command() == ("corsdoctor check https://api.example.com/x --origin "
                                           "https://app.example.com -H 'authorization: Bearer TOKEN'")


@pytest.mark.parametrize(("url", "owner"), [
    ("https://abc.execute-api.us-east-1.amazonaws.com/prod/x", "API gateway"),
    ("https://d1234.cloudfront.net/x", "CDN"),
    ("https://mysite.netlify.app/x", "static host"),
    ("https://my-app.vercel.app/api/x", "static host"),
    ("https://bucket.s3.amazonaws.com/x", "object storage"),
    ("http://localhost:8000/x", "app middleware"),
])
def test_owner_from_url(url: str, owner: str) -> None:
    data = to_json(explain(CHROME_MISSING.replace("https://api.example.com/x", url)))
    assert data["messages"][0]["owners"][0]["owner"] == owner


def test_gateway_status_points_at_proxy() -> None:
    text = ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
            "https://api.example.com/r. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 504.")
    data = to_json(explain(text))["messages"][0]
    assert data["code"] == "CORS107"
    assert data["owners"][0]["owner"] == "reverse proxy" and "504" in data["owners"][0]["why"]


def test_json_schema() -> None:
    data = to_json(explain(CHROME_MISSING))
    assert data["schema"] == SCHEMA == "corsdoctor.explain/1"
    m = data["messages"][0]
    for key in ("browser", "code", "name", "stage", "url", "origin", "value", "status", "root_cause", "owners",
                "fixes", "verify", "check_command"):
        assert key in m
    assert m["check_command"] == "corsdoctor check https://api.example.com/x --origin https://app.example.com"
    assert json.loads(json.dumps(data)) == data


def test_unrecognised_gives_the_closest_template() -> None:
    result = explain("Access to fetch has been blocked: No Access-Control-Allow-Origin header present on resource")
    assert result.messages == ()
    assert result.closest is not None
    assert result.closest.sample.id.startswith("chromium:MissingAllowOriginHeader")


def test_only_the_typeerror_is_not_enough() -> None:
    result = explain("Uncaught (in promise) TypeError: Failed to fetch")
    assert result.messages == () and result.only_rejections


@pytest.mark.parametrize("data", [b"", b"  \n", b"\x00\x01\x02PK\x03\x04", bytes(range(1, 31)) * 5])
def test_bad_input(data: bytes) -> None:
    with pytest.raises(ExplainInputError):
        decode_input(data)


# --- the command ----------------------------------------------------------------------------------

def test_cli_recognised_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", CHROME_MISSING]) == 1
    out = capsys.readouterr().out
    assert out.startswith("CORS101 missing-allow-origin")
    assert "corsdoctor check https://api.example.com/x --origin https://app.example.com" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--format", "json", CHROME_MISSING]) == 1
    assert json.loads(capsys.readouterr().out)["messages"][0]["code"] == "CORS101"


@pytest.mark.parametrize("key", ["CORS104", "cors104", "invalid-allow-origin-value"])
def test_cli_code_documentation(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", key]) == 0
    assert capsys.readouterr().out.startswith("CORS104 invalid-allow-origin-value")


def test_cli_code_documentation_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--format", "json", "CORS201"]) == 0
    assert json.loads(capsys.readouterr().out)["root_cause"].startswith("OPTIONS not handled")


def test_cli_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "CORS999"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_unrecognised_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "Something went wrong while loading the page"]) == 2
    err = capsys.readouterr().err
    assert "no CORS console message recognised" in err and "closest known message" in err


def test_cli_stdin_binary(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"))
    monkeypatch.setattr(sys, "stdin", fake)
    assert main(["explain", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "binary" in err


@pytest.mark.parametrize(
    ("noise", "hinted"),
    [
        ("GET https://api.example.com/x net::ERR_FAILED", True),  # a simple method alone never preflights
        ("", True),
        ("PUT https://api.example.com/x net::ERR_FAILED", False),  # the method explains the preflight
    ],
)
def test_preflight_reproduction_asks_for_what_made_the_request_not_simple(
    noise: str, hinted: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    preflight = CHROME_MISSING.replace(
        "blocked by CORS policy: ", "blocked by CORS policy: Response to preflight request doesn't pass access "
        "control check: ")
    assert main(["explain", "\n".join([preflight, noise])]) == 1
    out = capsys.readouterr().out
    assert ("the message does not say what made the request need a preflight" in out) is hinted
    assert out.count("the message does not say") <= 1  # one note, not two saying the same thing
