"""Who most likely owns the bug: the knowledge layer's shared owner inference.

``explain`` has only the console message (URL, status, offending value), no response headers;
``check`` and ``har`` pass the exchanges they hold to the same function
(:func:`corsdoctor.knowledge.infer_owners`).

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

from corsdoctor.knowledge import OwnerGuess, infer_owners

__all__ = ["OwnerGuess", "infer_owners"]
