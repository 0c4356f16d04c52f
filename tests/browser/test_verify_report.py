"""The three renderings of ``verify`` carry the same facts (goldens; ``UPDATE_GOLDEN=1`` rewrites).

The observation is the one real Chromium 156 reported for the lab's tainted-redirect endpoint
(a 302 to another origin, whose ACAO names the page while ``Origin`` has become ``null``); the
prediction is made by the engine from those responses, then one field is altered to show how a
disagreement reads.  The cookie fields (a sent cookie and a blocked one) are added by hand to
show how they render.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
from pathlib import Path

import pytest

from corsdoctor.browser import (
    Api,
    BrowserObservation,
    Outcome,
    PageRequest,
    RequestKind,
    Stage,
    WireExchange,
    WireResponse,
)
from corsdoctor.browser._prediction import FieldComparison, Prediction, predict
from corsdoctor.browser._verify_report import render_json, render_markdown, render_text

GOLDEN = Path(__file__).parent / "golden"
PAGE = "http://localhost:3000"
URL = "http://127.0.0.1:18400/tainted-redirect"
NEXT = "http://127.0.0.1:34677/allow-page-origin"
MESSAGE = (
    f"Access to fetch at '{NEXT}' (redirected from '{URL}') from origin '{PAGE}' has been blocked by CORS "
    f"policy: The 'Access-Control-Allow-Origin' header has a value '{PAGE}' that is not equal to the "
    "supplied origin. Have the server send the header with a valid value."
)
ACAO = ("Access-Control-Allow-Origin", PAGE)

OBS = BrowserObservation(
    browser_version="156.0.8078.79",
    page_origin=PAGE,
    url=URL,
    api="fetch",
    outcome=Outcome.BLOCKED,
    stage=Stage.ACTUAL,
    failed_hop=1,
    cors_error="AllowOriginMismatch",
    failed_parameter=PAGE,
    error_text="net::ERR_FAILED",
    js_error="TypeError: Failed to fetch",
    status=0,
    response_type="error",
    exposed_headers=(),
    console=(MESSAGE, "Failed to load resource: net::ERR_FAILED"),
    cors_message=MESSAGE,
    exchanges=(
        WireExchange(
            kind=RequestKind.MAIN,
            hop=0,
            method="GET",
            url=URL,
            headers=(("Origin", PAGE), ("Cookie", "sid=t0psecret")),
            response=WireResponse(status=302, headers=(ACAO, ("Vary", "Origin"), ("Location", NEXT))),
            cookies_sent=("sid",),
        ),
        WireExchange(
            kind=RequestKind.MAIN,
            hop=1,
            method="GET",
            url=NEXT,
            headers=(("Origin", "null"),),
            response=WireResponse(status=200, headers=(ACAO, ("Vary", "Origin"))),
            error_text="net::ERR_FAILED",
            cookies_blocked=(("sid", "DomainMismatch"),),
        ),
    ),
)
REQUEST = PageRequest(url=URL, origin=PAGE, api=Api.FETCH)


def _predictions() -> dict[str, Prediction]:
    agrees = predict(REQUEST, OBS)
    assert agrees.disagreements == () and agrees.divergence is None
    fields = tuple(
        dataclasses.replace(f, engine="The engine's own words.") if f.field == "console" else f
        for f in agrees.fields
    )
    return {"agrees": agrees, "differs": Prediction(fields=fields, divergence=None)}


def _check(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["agrees", "differs"])
def test_text_golden(case: str) -> None:
    out = io.StringIO()
    render_text(OBS, _predictions()[case], out)
    _check(f"verify-{case}.txt", out.getvalue())


@pytest.mark.parametrize("case", ["agrees", "differs"])
def test_markdown_golden(case: str) -> None:
    _check(f"verify-{case}.md", render_markdown(OBS, _predictions()[case]))


def test_formats_carry_the_same_facts_and_no_cookie_value() -> None:
    prediction = _predictions()["differs"]
    out = io.StringIO()
    render_text(OBS, prediction, out)
    text, markdown, body = out.getvalue(), render_markdown(OBS, prediction), render_json(OBS, prediction)
    for rendering in (text, markdown, body):
        assert "t0psecret" not in rendering
        assert "AllowOriginMismatch" in rendering
        assert "DomainMismatch" in rendering
        assert "The engine's own words." in rendering
    assert "engine disagrees with Chromium on: console" in text
    assert "**engine disagrees with Chromium on: console**" in markdown
    data = json.loads(body)
    assert data["engine"]["agrees"] is False
    assert [f["field"] for f in data["engine"]["fields"] if not f["agrees"]] == ["console"]


def test_field_comparison_rows_are_not_wrapped() -> None:
    long = FieldComparison(field="exposed_headers", chromium=["x-" + "a" * 150], engine=["x-" + "a" * 150])
    out = io.StringIO()
    render_text(OBS, Prediction(fields=(long,), divergence=None), out)
    assert any(line.endswith("ok") and "a" * 150 in line for line in out.getvalue().splitlines())
