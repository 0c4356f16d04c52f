"""Golden console text: every template of every browser, for fetch() and XMLHttpRequest.

Regenerate after a deliberate wording change with ``CORSDOCTOR_UPDATE_GOLDENS=1 pytest``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corsdoctor.engine import Api
from corsdoctor.engine import _templates as T

from .cases import CASES

GOLDEN = Path(__file__).parent / "golden"


def _render(name: str) -> str:
    case = CASES[name]
    lines = []
    for profile in ("spec", "chromium", "firefox", "webkit"):
        for api in (Api.FETCH, Api.XHR):
            verdict = case.run(profile, api)
            own = "chromium" if profile == "spec" else profile
            lines.append(f"[{profile} {api.value}] allowed={verdict.allowed} stage={verdict.stage.value} "
                         f"code={verdict.code} chromium_error={verdict.chromium_error} "
                         f"failed_parameter={verdict.failed_parameter!r}")
            lines.append(verdict.message(own) or "(no message)")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    path = GOLDEN / f"{name}.txt"
    text = _render(name)
    if os.environ.get("CORSDOCTOR_UPDATE_GOLDENS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with CORSDOCTOR_UPDATE_GOLDENS=1"
    assert text == path.read_text(encoding="utf-8")


def test_every_template_is_exercised() -> None:
    """Each Chromium reason, Firefox key and WebKit reason the engine can reach appears in a golden."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.txt"))
    unreachable_here = {
        # need address spaces / extensions / old builds the transaction does not model
        "InvalidResponse", "InsecureLocalNetwork", "InvalidLocalNetworkAccess",
        "LocalNetworkAccessPermissionDenied", "PreflightMissingAllowPrivateNetwork",
        "PreflightInvalidAllowPrivateNetwork", "DisallowedByMode",
    }
    for name, template in T.CHROMIUM_REASONS.items():
        if name in unreachable_here:
            continue
        fixed = template.split("{")[0]
        assert fixed in corpus, f"Chromium {name} never rendered"
    for key, template in T.FIREFOX_MESSAGES.items():
        if key in ("CORSDisabled", "CORSOriginHeaderNotAdded", "CORSAllowHeaderFromPreflightDeprecation"):
            continue
        reason = template.split("(Reason: ")[-1].split("{")[0].split("\u2018")[0].split("\u201c")[0]
        assert reason in corpus, f"Firefox {key} never rendered"
    for key, template in T.WEBKIT_REASONS.items():
        fixed = template.split("{")[0]
        if key in ("redirect-not-http",):
            continue
        assert fixed in corpus, f"WebKit {key} never rendered"
