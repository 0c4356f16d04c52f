"""The recorded Chromium corpus, replayed through the engine's ``chromium`` profile (no browser).

``tests/data/differential/chromium-156.jsonl`` holds what real Chromium decided for 2,400
generated scenarios.  Every disagreement of the engine is either an engine bug or a documented
Chromium rule the profile still lacks; ``differential_known.json`` lists the ones currently
known, as a ratchet: a *new* disagreement fails this test, and a fixed one must be removed from
the list (so the list only shrinks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corsdoctor.browser._differential import Disagreement, compare, read_corpus, summarise

DATA = Path(__file__).resolve().parents[1] / "data" / "differential"
CORPUS = DATA / "chromium-156.jsonl"
KNOWN = Path(__file__).resolve().parent / "differential_known.json"


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return list(read_corpus(CORPUS))


@pytest.fixture(scope="module")
def disagreements(records: list[dict[str, object]]) -> list[Disagreement]:
    return [d for record in records for d in compare(record)]


def test_corpus_shape(records: list[dict[str, object]]) -> None:
    assert len(records) >= 2000
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for record in records:
        assert record["browser"] == "chromium"
        assert str(record["browser_version"]).startswith("156.")
        expect = record["expect"]
        assert isinstance(expect, dict)
        assert expect["stage"] in ("none", "request", "preflight", "actual")
        # A CORS failure always carries Chromium's reason and a console line.
        if expect["chromium_error"]:
            assert not expect["allowed"] and expect["chromium_message"]
    stages = {r["expect"]["stage"] for r in records}  # type: ignore[index]
    assert stages == {"none", "request", "preflight", "actual"}


def test_engine_agrees_with_chromium_except_known(disagreements: list[Disagreement]) -> None:
    known = {(k["id"], k["field"]) for k in json.loads(KNOWN.read_text(encoding="utf-8"))["disagreements"]}
    found = {(d.scenario_id, d.field) for d in disagreements}
    new = sorted(found - known)
    fixed = sorted(known - found)
    detail = "\n".join(d.describe() for d in disagreements if (d.scenario_id, d.field) in set(new))
    assert not new, (
        f"{len(new)} new disagreements with Chromium ({summarise(disagreements)}):\n{detail[:6000]}"
    )
    assert not fixed, (
        f"{len(fixed)} known disagreements are fixed; remove them from {KNOWN.name}: {fixed[:20]}"
    )
