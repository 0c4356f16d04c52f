"""corsdoctor: diagnose CORS failures exactly as browsers decide them."""

from corsdoctor._version import __version__

__all__ = ["__version__"]
