"""Ground truth for the lab: every lab endpoint, requested from a page in real headless Chromium,
is decided exactly as ``check`` (the engine's chromium profile over the real prober) says."""

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
    from corsdoctor.browser import PageRequest

    probe = endpoint.probe  # type: ignore[attr-defined]
    url = lab.url(endpoint)  # type: ignore[arg-type]
    [origin] = probe.origins
    result = check(url, origin=origin, method=probe.method, headers=probe.headers, data=probe.data,
                   credentials=probe.credentials, extra_checks=False)
    [origin_result] = result.results
    verdict = next(o.verdict for o in origin_result.outcomes if o.browser == "chromium")
    headers = tuple((n.strip(), v.strip()) for n, _, v in (h.partition(":") for h in probe.headers))
    observation = oracle.run(PageRequest(  # type: ignore[attr-defined]
        url=url, origin=origin, method=probe.method, headers=headers, body=probe.data,
        credentials="include" if probe.credentials else "same-origin",
    ))
    assert observation.blocked == verdict.blocked, observation.cors_message
    assert observation.cors_error == verdict.chromium_error
    assert observation.stage.value == verdict.stage.value
    if verdict.chromium_error is not None:
        assert observation.cors_message == verdict.message("chromium")
