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


def test_address_space_lookups_skip_special_use_names_and_are_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 6761 names never go to the resolver (no traffic off the machine, no wait for NXDOMAIN),
    and a page origin is resolved once for many checks, not once per check."""
    import asyncio

    from corsdoctor.probe import _address_space as spaces

    calls: list[str] = []

    async def fake_resolve(host: str, port: int) -> str | None:
        calls.append(host)
        return "public"

    monkeypatch.setattr(spaces, "_resolve", fake_resolve)
    monkeypatch.setattr(spaces, "_CACHE", {})

    async def run() -> list[str | None]:
        out = [await spaces.client_space(o) for o in ("https://app.example", "http://api.corsdoctor.test:8000",
                                                        "https://x.invalid", "http://localhost:3000")]
        out += [await spaces.client_space("https://app.example.com") for _ in range(3)]
        return out

    assert asyncio.run(run()) == [None, None, None, "loopback", "public", "public", "public"]
    assert calls == ["app.example.com"]
