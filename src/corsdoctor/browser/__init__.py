"""Real-browser ground truth: headless Chromium driven by Playwright.

Public API::

    with ChromiumOracle() as oracle:
        obs = oracle.run(PageRequest(url=..., origin="https://app.example.com", method="PUT"))
        obs.blocked, obs.stage, obs.cors_error, obs.cors_message, obs.exchanges
"""

from __future__ import annotations

from corsdoctor.browser._launch import INSTALL_HINT, ChromiumNotFoundError, find_chromium
from corsdoctor.browser._observation import (
    BrowserObservation,
    Outcome,
    RequestKind,
    Stage,
    WireExchange,
    WireResponse,
)
from corsdoctor.browser._oracle import (
    ChromiumOracle,
    OracleError,
    OracleInterruptedError,
    OracleTimeoutError,
    check_origin,
)
from corsdoctor.browser._request import Api, PageRequest
from corsdoctor.browser._server import LoggedRequest, ScriptedResponse, ScriptedRoute, ScriptedServer

__all__ = [
    "INSTALL_HINT",
    "Api",
    "BrowserObservation",
    "ChromiumNotFoundError",
    "ChromiumOracle",
    "LoggedRequest",
    "OracleError",
    "OracleInterruptedError",
    "OracleTimeoutError",
    "Outcome",
    "PageRequest",
    "RequestKind",
    "ScriptedResponse",
    "ScriptedRoute",
    "ScriptedServer",
    "Stage",
    "WireExchange",
    "WireResponse",
    "check_origin",
    "find_chromium",
]
