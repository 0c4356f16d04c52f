"""Which layers stand between the page and the application, from response headers alone.

The signatures and the inference are the knowledge layer's (:func:`corsdoctor.knowledge.layers_seen`,
shared with ``explain`` and ``har``); this module adapts them to the probe's wire records.
Outermost first: CDN, static host, gateway, storage, proxy, application.
"""

from __future__ import annotations

from collections.abc import Iterable

from corsdoctor.knowledge import layers_seen
from corsdoctor.probe._record import WireRecord
from corsdoctor.probe._result import Layer


def infer_layers(records: Iterable[WireRecord]) -> tuple[Layer, ...]:
    """Layers seen in any response, each once, outermost first."""
    return tuple(
        Layer(owner=seen.owner.value, product=seen.product, evidence=seen.evidence)
        for seen in layers_seen(record.response_headers for record in records)
    )
