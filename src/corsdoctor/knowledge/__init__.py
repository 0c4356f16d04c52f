"""corsdoctor's knowledge layer: root causes, where to look, fix patterns and verify steps per code.

Pure data on top of the finding-code registry (``corsdoctor.engine._codes``); standard library only.

    >>> from corsdoctor import knowledge
    >>> knowledge.get("CORS105").root_cause.startswith("* with credentials")
    True
"""

from corsdoctor.knowledge._layers import LayerSeen, layers_seen
from corsdoctor.knowledge._model import (
    CodeDoc,
    Example,
    Fix,
    Owner,
    Place,
    Stack,
    VerifyKind,
    VerifyStep,
)
from corsdoctor.knowledge._owners import Exchange, OwnerGuess, infer_owners, rank_fixes
from corsdoctor.knowledge._registry import all_docs, get
from corsdoctor.knowledge._render import doc_to_dict, fix_lines, place_lines, render_doc, verify_lines

__all__ = [
    "CodeDoc",
    "Example",
    "Exchange",
    "Fix",
    "LayerSeen",
    "Owner",
    "OwnerGuess",
    "Place",
    "Stack",
    "VerifyKind",
    "VerifyStep",
    "all_docs",
    "doc_to_dict",
    "fix_lines",
    "get",
    "infer_owners",
    "layers_seen",
    "place_lines",
    "rank_fixes",
    "render_doc",
    "verify_lines",
]
