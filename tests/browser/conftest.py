"""Fixtures for the real-browser tests: one scripted server and one Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corsdoctor.browser import ChromiumNotFoundError, ChromiumOracle, ScriptedServer, find_chromium
from corsdoctor.browser._scenario import HOSTS


def _chromium_available() -> bool:
    try:
        find_chromium()
    except ChromiumNotFoundError:
        return False
    return True


needs_chromium = pytest.mark.skipif(not _chromium_available(), reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def oracle() -> Iterator[ChromiumOracle]:
    with ChromiumOracle(hosts=HOSTS, timeout_s=5.0) as o:
        yield o
