"""Shared test configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI every real part must be present: a missing install step fails the run instead of
    quietly skipping the tests that need it."""
    import os
    import shutil

    if os.environ.get("CI") != "true":
        return
    missing = [
        what
        for what, present in (
            ("Debian chromium", shutil.which("chromium") is not None),
            ("nginx", Path("/usr/sbin/nginx").exists() or shutil.which("nginx") is not None),
            ("apache2", Path("/usr/sbin/apache2").exists()),
            ("varnish", Path("/usr/sbin/varnishd").exists()),
            ("tests/node packages (npm ci)", (ROOT / "tests" / "node" / "node_modules" / "express").is_dir()),
            (
                "tests/node packages (npm ci): @cdktf/hcl2json",
                (ROOT / "tests" / "node" / "node_modules" / "@cdktf" / "hcl2json").is_dir(),
            ),
        )
        if not present
    ]
    if missing:
        raise pytest.UsageError("CI is missing " + ", ".join(missing) + ": see scripts/test.sh")
