from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.lab import Lab, LabThread


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with LabThread() as running:
        yield running
