"""Local Network Access in ``check``: a public page reaching a loopback API (Chrome 142+).

Chromium 156 measurements (chromium-oracle.md §4): a non-secure public page is blocked with
InsecureLocalNetwork before anything is sent; a secure one needs the user's permission.  Origins
are IP literals so that their address space is known without DNS; traffic stays on loopback.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor import check
from corsdoctor.lab import Lab, LabThread

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


def _chromium(result):  # type: ignore[no-untyped-def]
    [origin_result] = result.results
    return next(o.verdict for o in origin_result.outcomes if o.browser == "chromium")


def test_insecure_public_page_is_blocked_before_anything_is_sent(lab: Lab) -> None:
    result = check(lab.urls["app"] + "/ok/public", origin="http://203.0.113.5", extra_checks=False)
    verdict = _chromium(result)
    assert verdict.chromium_error == "InsecureLocalNetwork"
    assert "more-private address space `loopback`" in verdict.message("chromium")
    assert not verdict.exchanges


def test_secure_public_page_needs_the_users_permission(lab: Lab) -> None:
    result = check(lab.urls["app"] + "/ok/public", origin="https://203.0.113.5", extra_checks=False)
    verdict = _chromium(result)
    assert verdict.allowed
    assert "CORS616" in [f.code for f in verdict.findings]


def test_a_local_page_is_not_affected(lab: Lab) -> None:
    result = check(lab.urls["app"] + "/ok/public", origin="http://127.0.0.1:3000", extra_checks=False)
    verdict = _chromium(result)
    assert verdict.allowed and "CORS616" not in [f.code for f in verdict.findings]
