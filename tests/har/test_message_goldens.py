"""One HAR scenario per console-message template; each browser's rendering against a golden file.

The replay of each scenario must block (or fail) at the expected code; the wording per browser
(``Verdict.message``) is compared with ``golden/messages/<browser>.txt``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from har_golden import check_golden
from harbuild import API, PAGE, entry, har, origin_hdr

from corsdoctor.har import Outcome, analyse

ACAO = "Access-Control-Allow-Origin"
OK_PREFLIGHT = [
    (ACAO, PAGE),
    ("Access-Control-Allow-Methods", "PUT"),
    ("Access-Control-Allow-Headers", "x-custom"),
]


def _pre(url: str, method: str = "PUT", acrh: str | None = None) -> list[tuple[str, str]]:
    extra = [("Access-Control-Request-Method", method)]
    if acrh:
        extra.append(("Access-Control-Request-Headers", acrh))
    return origin_hdr(extra)


def _scenarios() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    u = API + "/r"
    cookie = [("Cookie", "sid=1")]
    put = origin_hdr([("X-Custom", "1")])
    return {
        "missing-acao": ("CORS101", [entry("chrome", "GET", u, origin_hdr(), 200, [])]),
        "acao-mismatch": (
            "CORS102",
            [entry("chrome", "GET", u, origin_hdr(), 200, [(ACAO, "https://other.test")])],
        ),
        "acao-multiple": (
            "CORS103",
            [entry("chrome", "GET", u, origin_hdr(), 200, [(ACAO, PAGE), (ACAO, PAGE)])],
        ),
        "acao-invalid": (None, [entry("chrome", "GET", u, origin_hdr(), 200, [(ACAO, "foo")])]),
        "wildcard-credentials": (
            "CORS105",
            [entry("chrome", "GET", u, origin_hdr(cookie), 200, [(ACAO, "*")])],
        ),
        "acac-missing": (None, [entry("chrome", "GET", u, origin_hdr(cookie), 200, [(ACAO, PAGE)])]),
        "xhr-missing-acao": (
            "CORS101",
            [entry("chrome", "GET", u, origin_hdr(), 200, [], resource_type="xhr")],
        ),
        "preflight-status": (
            "CORS201",
            [
                entry("chrome", "OPTIONS", u, _pre(u, acrh="x-custom"), 500, OK_PREFLIGHT, preflight=True),
                entry("chrome", "PUT", u, put, 0, [], error="net::ERR_FAILED"),
            ],
        ),
        "preflight-no-acao": (
            "CORS201",
            [
                entry("chrome", "OPTIONS", u, _pre(u, acrh="x-custom"), 405, [], preflight=True),
                entry("chrome", "PUT", u, put, 0, [], error="net::ERR_FAILED"),
            ],
        ),
        "preflight-wildcard-credentials": (
            "CORS105",
            [
                entry(
                    "chrome",
                    "OPTIONS",
                    u,
                    _pre(u, acrh="x-custom"),
                    204,
                    [(ACAO, "*"), *OK_PREFLIGHT[1:]],
                    preflight=True,
                ),
                entry(
                    "chrome",
                    "PUT",
                    u,
                    origin_hdr([("X-Custom", "1"), *cookie]),
                    0,
                    [],
                    error="net::ERR_FAILED",
                ),
            ],
        ),
        "method-not-allowed": (
            "CORS203",
            [
                entry(
                    "chrome",
                    "OPTIONS",
                    u,
                    _pre(u),
                    204,
                    [(ACAO, PAGE), ("Access-Control-Allow-Methods", "GET")],
                    preflight=True,
                ),
                entry("chrome", "PUT", u, origin_hdr(), 0, [], error="net::ERR_FAILED"),
            ],
        ),
        "header-not-allowed": (
            "CORS204",
            [
                entry(
                    "chrome", "OPTIONS", u, _pre(u, "GET", "x-custom"), 204, [(ACAO, PAGE)], preflight=True
                ),
                entry("chrome", "GET", u, origin_hdr([("X-Custom", "1")]), 0, [], error="net::ERR_FAILED"),
            ],
        ),
        "preflight-redirect": (
            None,
            [
                entry(
                    "chrome",
                    "OPTIONS",
                    u,
                    _pre(u, acrh="x-custom"),
                    302,
                    [(ACAO, PAGE), ("Location", API + "/other")],
                    preflight=True,
                ),
                entry("chrome", "PUT", u, put, 0, [], error="net::ERR_FAILED"),
            ],
        ),
        "redirect-target-missing-acao": (
            "CORS101",
            [
                entry(
                    "chrome",
                    "GET",
                    u,
                    origin_hdr(),
                    302,
                    [(ACAO, PAGE), ("Location", API + "/final")],
                    redirect=API + "/final",
                ),
                entry("chrome", "GET", API + "/final", origin_hdr(), 200, [], second=1),
            ],
        ),
        "connection-refused": (
            "CORS601",
            [entry("chrome", "GET", u, origin_hdr(), 0, [], error="net::ERR_CONNECTION_REFUSED")],
        ),
    }


@pytest.mark.parametrize("browser", ["chromium", "firefox", "webkit"])
def test_message_templates(tmp_path: Path, browser: str) -> None:
    lines = []
    for name, (code, entries) in _scenarios().items():
        path = tmp_path / f"{name}.har"
        path.write_text(json.dumps(har("chrome", entries)), encoding="utf-8")
        report = analyse(path, browser=browser)
        assert len(report.results) == 1, name
        result = report.results[0]
        assert result.outcome is Outcome.BLOCKED, (name, result)
        if code is not None:
            assert result.code == code, (name, result.code)
        assert result.message, name
        lines.append(f"{name} [{result.code} {result.stage}]: {result.message}")
    check_golden(f"messages/{browser}.txt", "\n".join(lines) + "\n")
