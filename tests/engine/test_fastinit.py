"""fast_frozen_init keeps every dataclass guarantee the engine relies on."""

from __future__ import annotations

import dataclasses

import pytest

from corsdoctor.engine import Evidence, Finding, Response, Stage, WireRequest
from corsdoctor.engine._fastinit import fast_frozen_init
from corsdoctor.engine._model import ExchangeKind


def test_defaults_factories_post_init_and_immutability() -> None:
    response = Response(status=200, headers=(("Vary", "Origin"), ("vary", "Cookie")))
    assert response.get("vary") == "Origin, Cookie"  # __post_init__ built the index
    assert Response(status=204).headers == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        response.status = 500  # type: ignore[misc]
    finding = Finding(code="CORS101", name="n", severity="error", stage=Stage.ACTUAL, hop=0, summary="s")
    assert finding.evidence == Evidence() and finding.value is None
    wire = WireRequest(kind=ExchangeKind.ACTUAL, hop=0, method="GET", url="https://a.example/", headers=(),
                       include_credentials=False)
    assert wire == dataclasses.replace(wire) and hash(wire) == hash(dataclasses.replace(wire))
    with pytest.raises(TypeError):
        WireRequest(kind=ExchangeKind.ACTUAL)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        WireRequest(ExchangeKind.ACTUAL, 0, "GET", "u", (), False)  # type: ignore[call-arg]


def test_refuses_classes_it_cannot_speed_up() -> None:
    @dataclasses.dataclass
    class Plain:
        a: int

    with pytest.raises(TypeError):
        fast_frozen_init(Plain)
