"""CORS806: ``app.options('*', …)`` on Express 5 throws at start-up.

path-to-regexp v8 rejects a bare ``*``: "Missing parameter name at index 1: *"
(https://expressjs.com/en/guide/migrating-5.html).
"""

from __future__ import annotations

from corsdoctor.lint import consequence
from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule(
    "CORS806",
    consequence_for=lambda p, f: consequence.no_console_error(
        "The server never starts: TypeError: Missing parameter name at index 1: *"),
    default_fix="app.options('/{*splat}', cors(corsOptions)) or app.options(/.*/, cors(corsOptions))",
)
