"""Ground truth for the lab: every lab endpoint, requested from a page in real headless Chromium,
is decided exactly as ``check`` (the engine's chromium profile over the real prober) says: verdict,
corsError, failedParameter, console line, the requests on the wire and the preflight's headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor import check
from corsdoctor.lab import ENDPOINTS, Lab, LabThread

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: One page origin per endpoint: the cache hop's A-B-A sequence is order-dependent by design.
SINGLE_ORIGIN = [e for e in ENDPOINTS if e.listed and len(e.probe.origins) == 1]


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running


@pytest.fixture(scope="module")
def oracle() -> Iterator[object]:
    from corsdoctor.browser import ChromiumNotFoundError, ChromiumOracle

    try:
        with ChromiumOracle(timeout_s=10.0) as running:
            yield running
    except ChromiumNotFoundError as exc:  # scripts/test.sh installs Debian's chromium
        pytest.fail(str(exc))


@pytest.mark.parametrize("endpoint", SINGLE_ORIGIN, ids=[e.path for e in SINGLE_ORIGIN])
def test_check_agrees_with_chromium(lab: Lab, oracle: object, endpoint: object) -> None:
    from tests.check.chromium_agreement import assert_same_as_chromium

    probe = endpoint.probe  # type: ignore[attr-defined]
    [origin] = probe.origins
    result = check(lab.url(endpoint), origin=origin, method=probe.method,  # type: ignore[arg-type]
                   headers=probe.headers, data=probe.data, credentials=probe.credentials, extra_checks=False)
    assert_same_as_chromium(oracle, result)
