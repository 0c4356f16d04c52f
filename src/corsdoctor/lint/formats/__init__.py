"""Format recognition: the first extractor whose ``claims(name, text)`` is true owns the file."""

from __future__ import annotations

import importlib
from functools import cache

from corsdoctor.lint.formats.base import Extraction, Extractor, ParseProblem, Source

#: Order matters: specific names first, generic content sniffers last.
_MODULES = ("static_hosts", "aws", "nginx", "apache", "python_ast", "express", "spring", "rack", "aspnet", "golang",
            "terraform")


@cache
def extractors() -> tuple[Extractor, ...]:
    return tuple(importlib.import_module(f"corsdoctor.lint.formats.{m}").EXTRACTOR for m in _MODULES)


def detect(name: str, text: str) -> Extractor | None:
    norm = name.replace("\\", "/")
    for ex in extractors():
        if ex.claims(norm, text):
            return ex
    return None


__all__ = ["Extraction", "Extractor", "ParseProblem", "Source", "detect", "extractors"]
