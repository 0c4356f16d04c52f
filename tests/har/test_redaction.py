"""Secrets never appear in any output format: cookies, Authorization, tokens, Set-Cookie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from har_golden import FIXTURES
from harbuild import API, entry, har, origin_hdr

from corsdoctor.cli.main import main

SECRETS = [
    "c00kie-s3cret-value-4711",
    "t0ken-s3cret-value-0815",
    "ff-auth-s3cret-9876",
    "ff-cookie-s3cret-1234",
    "ff-newcookie-s3cret-5678",
    "sf-key-s3cret-2468",
    "qs-sig-s3cret-1357",
    "pw-s3cret-2222",
    "hdr-apikey-s3cret-3333",
]


def _extra(tmp_path: Path) -> Path:
    doc = har(
        "chrome",
        [
            entry(
                "chrome",
                "PUT",
                "https://user:pw-s3cret-2222@api.example.test/x?signature=qs-sig-s3cret-1357&page=2",
                origin_hdr(
                    [("X-Api-Key", "hdr-apikey-s3cret-3333"), ("Cookie", "a=c00kie-s3cret-value-4711")]
                ),
                0,
                [],
                error="net::ERR_FAILED",
            ),
            entry(
                "chrome",
                "GET",
                f"{API}/y?access_token=t0ken-s3cret-value-0815",
                origin_hdr([("Authorization", "Bearer ff-auth-s3cret-9876")]),
                200,
                [
                    ("Set-Cookie", "s=ff-newcookie-s3cret-5678"),
                    ("Access-Control-Allow-Origin", "https://evil.test"),
                ],
            ),
        ],
    )
    path = tmp_path / "secrets.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_no_secret_in_any_format(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    files = [
        FIXTURES / "chromium" / "devtools.har",
        FIXTURES / "chromium" / "playwright.har",
        FIXTURES / "firefox.har",
        FIXTURES / "safari.har",
        _extra(tmp_path),
    ]
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert any(s in raw for s in SECRETS), path  # the input does carry secrets
        main(["har", str(path), "--format", fmt, "-v"])
        out = capsys.readouterr()
        text = out.out + out.err
        assert text.strip()
        for secret in SECRETS:
            assert secret not in text, (path.name, fmt, secret)
    assert "REDACTED" in text
    assert "page=2" in text  # harmless query values stay


def test_check_command_redacts_secret_header_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["har", str(_extra(tmp_path)), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    command = data["requests"][0]["check_command"]
    assert "'X-Api-Key: REDACTED'" in command and "-X PUT" in command


JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXMzY3JldA"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_jwt_in_the_path_and_cookie_in_the_path(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A token in the URL path (a JWT, or the session cookie's value) is redacted too."""
    doc = har(
        "chrome",
        [
            entry("chrome", "GET", f"{API}/reset/{JWT}/confirm", origin_hdr(), 200, []),
            entry(
                "chrome",
                "GET",
                f"{API}/sessions/s3ss-path-9f8e7d6c/data",
                origin_hdr([("Cookie", "sid=s3ss-path-9f8e7d6c")]),
                200,
                [("Access-Control-Allow-Origin", "*")],
            ),
        ],
    )
    path = tmp_path / "path-secrets.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    main(["har", str(path), "--format", fmt, "-v"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "/reset/" in text and "/confirm" in text
    for secret in (JWT, JWT.split(".")[1], "s3ss-path-9f8e7d6c"):
        assert secret not in text, (fmt, secret)
