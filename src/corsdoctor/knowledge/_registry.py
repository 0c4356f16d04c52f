"""Lookup of :class:`CodeDoc` by finding code (``CORS104``, ``104`` or the kebab name).

Spec anchor: https://fetch.spec.whatwg.org/#http-cors-protocol
"""

from __future__ import annotations

from corsdoctor.engine._codes import lookup
from corsdoctor.knowledge import (
    _docs_0xx,
    _docs_1xx,
    _docs_2xx,
    _docs_3xx,
    _docs_4xx_5xx,
    _docs_6xx,
    _docs_7xx,
    _docs_8xx,
    _docs_9xx,
)
from corsdoctor.knowledge._model import CodeDoc

_ALL: tuple[CodeDoc, ...] = (
    _docs_0xx.DOCS
    + _docs_1xx.DOCS
    + _docs_2xx.DOCS
    + _docs_3xx.DOCS
    + _docs_4xx_5xx.DOCS
    + _docs_6xx.DOCS
    + _docs_7xx.DOCS
    + _docs_8xx.DOCS
    + _docs_9xx.DOCS
)
_BY_CODE: dict[str, CodeDoc] = {doc.code: doc for doc in _ALL}


def get(code: str) -> CodeDoc:
    """The documentation of ``code`` (any spelling :func:`corsdoctor.engine._codes.lookup` accepts).

    Raises ``KeyError`` for an unknown code, or a registered code without a document.
    """
    return _BY_CODE[lookup(code).code]


def all_docs() -> tuple[CodeDoc, ...]:
    """Every document, in registry order."""
    return _ALL
