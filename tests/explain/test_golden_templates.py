"""One golden per console template per browser: render → parse back → compare the extracted fields.

Goldens live in golden/templates/<browser>/<template>.json and are written by regen_goldens.py from the
sample values and a hand-written table of codes; the parser never writes its own expectations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corsdoctor.engine import _templates as T
from corsdoctor.explain import explain
from corsdoctor.explain._samples import all_samples

GOLDEN = Path(__file__).parent / "golden" / "templates"
FILES = sorted(GOLDEN.glob("*/*.json"))
SAMPLES = {s.id: s for s in all_samples()}


def _load(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_every_template_has_a_golden() -> None:
    ids = {_load(p)["id"] for p in FILES}
    assert ids == set(SAMPLES)
    keys = {s.key for s in SAMPLES.values()}
    assert set(T.CHROMIUM_REASONS) <= keys
    assert {f"FetchAPI.{k}" for k in T.CHROMIUM_FETCH_API_LINES} <= keys
    assert set(T.FIREFOX_MESSAGES) <= keys
    assert set(T.WEBKIT_REASONS) <= keys
    assert {f"access-control.{k}" for k in T.WEBKIT_ACCESS_CONTROL_LINE} <= keys


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_template_golden(path: Path) -> None:
    golden = _load(path)
    sample = SAMPLES[str(golden["id"])]
    assert sample.text == golden["input"], "the template changed: run tests/explain/regen_goldens.py"
    result = explain(str(golden["input"]))
    assert len(result.messages) == 1
    m = result.messages[0]
    got = {
        "code": m.code, "stage": m.stage, "url": m.url, "origin": m.origin, "value": m.value,
        "status": m.status, "api": m.api, "method": m.method, "request_header": m.request_header,
        "credentials": m.credentials, "initial_url": m.initial_url,
        "check_command": m.example().check_command(),
    }
    assert got == golden["expected"]
    assert m.browser.value == path.parent.name


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_template_golden_survives_noise(path: Path) -> None:
    """The same message inside a typical paste: timestamp, source location, companion lines."""
    golden = _load(path)
    noisy = (
        "Navigated to https://app.example.com/\n"
        f"12:00:01.250 index.html:1 {golden['input']}  [Learn More]\n"
        "12:00:01.251 Failed to load resource: net::ERR_FAILED\n"
        "    at async loadItems (app.js:12:5)\n"
    )
    result = explain(noisy)
    assert [m.code for m in result.messages] == [golden["expected"]["code"]]  # type: ignore[index]
