"""corsdoctor: diagnose CORS failures exactly as browsers decide them."""

from __future__ import annotations

from typing import Any

from corsdoctor._version import __version__

__all__ = ["__version__", "acheck", "check"]


def __getattr__(name: str) -> Any:
    # Lazy: ``corsdoctor --version`` must not import httpx.
    if name in ("check", "acheck"):
        from corsdoctor import api

        return getattr(api, name)
    raise AttributeError(f"module 'corsdoctor' has no attribute {name!r}")
