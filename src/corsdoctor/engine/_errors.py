"""Errors, split by whose fault they are (as h11 does).

* :class:`InputError`: the caller's input is malformed (a URL, origin, header, scenario line).
  Front ends print its message on one line and exit 2.
* :class:`ProtocolUsageError`: a driver called the transaction out of order (a bug in corsdoctor).
"""

from __future__ import annotations


class CorsdoctorError(Exception):
    """Base class of every error corsdoctor raises on purpose."""


class InputError(CorsdoctorError, ValueError):
    """Malformed input; the message names the problem and fits on one line."""


class ProtocolUsageError(CorsdoctorError, RuntimeError):
    """A transaction was driven out of order (the driver's bug, not the user's)."""
