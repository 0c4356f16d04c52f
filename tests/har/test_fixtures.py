"""Replay of committed HARs: Chrome DevTools-shaped and Playwright recordings made by
``recorder.py`` from real headless Chromium, plus Firefox- and Safari-shaped exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from har_golden import FIXTURES, check_golden

from corsdoctor.har import Outcome, analyse
from corsdoctor.har._render import render_text


def _by_leaf(path: Path) -> dict[str, object]:
    report = analyse(path)
    out = {}
    for r in report.results:
        leaf = r.url.split("?")[0].rsplit("/", 1)[1]
        out[leaf] = r
    return out


def test_devtools_recording_decides_every_root_cause() -> None:
    got = _by_leaf(FIXTURES / "chromium" / "devtools.har")
    expected = {
        "ok": (Outcome.ALLOWED, None, "none"),
        "missing-acao": (Outcome.BLOCKED, "CORS101", "actual"),
        "preflight-405": (Outcome.BLOCKED, "CORS201", "preflight"),
        "header-not-allowed": (Outcome.BLOCKED, "CORS204", "preflight"),
        "wildcard-credentials": (Outcome.BLOCKED, "CORS105", "actual"),
        "redirect-no-acao": (Outcome.BLOCKED, "CORS101", "actual"),
        "preflight-ok": (Outcome.ALLOWED, None, "none"),
    }
    assert {k: (v.outcome, v.code, v.stage) for k, v in got.items()} == expected  # type: ignore[attr-defined]
    assert got["preflight-405"].preflight_entries  # type: ignore[attr-defined]
    assert "credentials mode 'include'" in " ".join(got["wildcard-credentials"].notes)  # type: ignore[attr-defined]


def test_devtools_messages_are_chromium_console_text() -> None:
    got = _by_leaf(FIXTURES / "chromium" / "devtools.har")
    assert got["header-not-allowed"].message.endswith(  # type: ignore[attr-defined]
        "Request header field x-auth-token is not allowed by Access-Control-Allow-Headers in preflight response."
    )
    assert got["missing-acao"].message.startswith("Access to fetch at '")  # type: ignore[attr-defined]


def test_playwright_recording_marks_blocked_requests_unknown_with_check_command() -> None:
    report = analyse(FIXTURES / "chromium" / "playwright.har")
    unknown = [r for r in report.results if r.outcome is Outcome.UNKNOWN]
    assert len(unknown) == 5
    for r in unknown:
        assert r.code == "CORS906"
        assert r.check_command.startswith("corsdoctor check ")
        assert f"--origin {r.origin}" in r.check_command
        assert r.recorded == "net::ERR_FAILED"
    preflighted = next(r for r in unknown if "preflight-405" in r.url)
    assert "-X PUT" in preflighted.check_command
    assert "preflight" in preflighted.missing
    allowed = [r for r in report.results if r.outcome is Outcome.ALLOWED]
    assert len(allowed) == 2
    assert any("preflight not in the HAR" in n for r in allowed for n in r.notes)


def test_firefox_shape() -> None:
    report = analyse(FIXTURES / "firefox.har")
    assert report.profile == "firefox"
    codes = [(r.index, r.outcome.value, r.code) for r in report.results]
    assert codes == [
        (0, "allowed", None),
        (1, "blocked", "CORS207"),  # a preflight recorded without its actual request
        (2, "blocked", "CORS102"),
        (4, "blocked", "CORS101"),
    ]
    assert report.results[1].method == "DELETE"
    assert report.results[3].preflight_entries == (3,)
    assert report.results[1].message.startswith("Cross-Origin Request Blocked:")


def test_safari_shape() -> None:
    report = analyse(FIXTURES / "safari.har")
    assert report.profile == "webkit"
    codes = [(r.index, r.outcome.value, r.code) for r in report.results]
    assert codes == [
        (0, "allowed", None),
        (1, "blocked", "CORS102"),
        (2, "unknown", "CORS906"),
        (3, "blocked", "CORS101"),
    ]
    assert "redirection" in report.results[3].message


@pytest.mark.parametrize(
    "name", ["chromium/devtools.har", "chromium/playwright.har", "firefox.har", "safari.har"]
)
def test_text_report_golden(name: str) -> None:
    report = analyse(FIXTURES / name)
    report.file = name
    check_golden("reports/" + name.replace("/", "-") + ".txt", render_text(report, verbose=True))


def test_browser_override_changes_wording() -> None:
    report = analyse(FIXTURES / "firefox.har", browser="webkit")
    assert report.results[2].message.startswith("Origin https://app.example.test is not allowed")
