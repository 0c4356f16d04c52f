"""``check --api xhr``: XMLHttpRequest is decided and worded as Chromium does it ("Access to
XMLHttpRequest at …"), checked against real headless Chromium making the same XHR."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

import corsdoctor
from corsdoctor.lab import Lab, LabThread

from .chromium_agreement import assert_same_as_chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is installed by scripts/test.sh"),
]
PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


@pytest.fixture(scope="module")
def oracle() -> Iterator[Any]:
    from corsdoctor.browser import ChromiumOracle

    with ChromiumOracle() as running:
        yield running


@pytest.mark.parametrize(
    ("path", "kwargs", "chromium_error"),
    [
        ("/missing-acao", {}, "MissingAllowOriginHeader"),
        ("/header-not-allowed", {"headers": ["X-Api-Key: k"]}, "HeaderDisallowedByPreflightResponse"),
        ("/wildcard-credentials", {"credentials": True}, "WildcardOriginNotAllowed"),
        ("/preflight-redirect", {"method": "PUT", "data": "x"}, "PreflightDisallowedRedirect"),
        ("/ok/preflight", {"method": "PUT", "data": "x", "headers": ["X-Api-Key: k"]}, None),
    ],
)
def test_xhr_agrees_with_chromium(
    lab: Lab, oracle: Any, path: str, kwargs: dict[str, Any], chromium_error: str | None
) -> None:
    result = corsdoctor.check(lab.urls["app"] + path, PAGE, api="xhr", extra_checks=False, **kwargs)
    verdict = result.results[0].outcome("chromium").verdict  # type: ignore[union-attr]
    assert verdict.chromium_error == chromium_error
    if chromium_error is not None:
        assert verdict.message("chromium").startswith("Access to XMLHttpRequest at ")
    assert_same_as_chromium(oracle, result)
