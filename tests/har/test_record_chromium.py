"""Record HARs from real headless Chromium (Playwright + CDP) against loopback servers reproducing
each root cause, then replay them: the engine's verdict must agree with what the browser did."""

from __future__ import annotations

from pathlib import Path

import pytest

from corsdoctor.har import Outcome, analyse

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EXPECTED = {
    "ok": (Outcome.ALLOWED, None),
    "missing-acao": (Outcome.BLOCKED, "CORS101"),
    "preflight-405": (Outcome.BLOCKED, "CORS201"),
    "header-not-allowed": (Outcome.BLOCKED, "CORS204"),
    "wildcard-credentials": (Outcome.BLOCKED, "CORS105"),
    "redirect-no-acao": (Outcome.BLOCKED, "CORS101"),
    "preflight-ok": (Outcome.ALLOWED, None),
}


def test_recorded_hars_replay_to_the_browsers_outcome(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    from corsdoctor.browser import ChromiumNotFoundError, find_chromium

    try:
        find_chromium()
    except ChromiumNotFoundError as exc:
        pytest.skip(str(exc))
    from recorder import record

    info = record(tmp_path)
    # The browser's own outcome: status for allowed, TypeError for blocked.
    for leaf, (outcome, _) in EXPECTED.items():
        fetched = info["outcomes"][leaf]
        assert (fetched == 200) == (outcome is Outcome.ALLOWED), (leaf, fetched)

    devtools = {r.url.split("?")[0].rsplit("/", 1)[1]: r for r in analyse(tmp_path / "devtools.har").results}
    assert {k: (r.outcome, r.code) for k, r in devtools.items()} == EXPECTED
    assert devtools["preflight-405"].preflight_entries and devtools["header-not-allowed"].preflight_entries

    playwright = {
        r.url.split("?")[0].rsplit("/", 1)[1]: r for r in analyse(tmp_path / "playwright.har").results
    }
    for leaf, (outcome, _) in EXPECTED.items():
        got = playwright[leaf]
        if outcome is Outcome.ALLOWED:
            assert got.outcome is Outcome.ALLOWED, leaf
        else:  # Playwright keeps no response for a blocked request: unknown, never "allowed"
            assert got.outcome is Outcome.UNKNOWN and got.check_command, leaf
