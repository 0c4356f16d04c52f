"""CORS209: OPTIONS passes through authentication; preflights never carry credentials.

https://fetch.spec.whatwg.org/#cors-protocol-and-credentials — the preflight is sent without
cookies or Authorization, gets 401/403, and fails (Chromium: PreflightInvalidStatus).
"""

from __future__ import annotations

from corsdoctor.lint.rules._base import fact_rule

RULE = fact_rule("CORS209")
