"""Golden-file comparison for the HAR tests."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>``; ``CORSDOCTOR_UPDATE_GOLDEN=1`` rewrites it."""
    path = GOLDEN / name
    if os.environ.get("CORSDOCTOR_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with CORSDOCTOR_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")
