"""The lab: a loopback server with one endpoint per CORS root cause (and controls), a proxy hop
that strips or duplicates a header, and a cache hop that ignores ``Vary``.  ``corsdoctor lab``
serves it; ``corsdoctor demo`` checks every endpoint against its declared verdict."""

from corsdoctor.lab._commands import check_args, check_command
from corsdoctor.lab._demo import DemoRow, check_endpoint, run_demo
from corsdoctor.lab._endpoints import ENDPOINTS, OTHER_PAGE, PAGE, Endpoint, Probe, Reply
from corsdoctor.lab._lab import Lab, LabThread

__all__ = [
    "ENDPOINTS",
    "OTHER_PAGE",
    "PAGE",
    "DemoRow",
    "Endpoint",
    "Lab",
    "LabThread",
    "Probe",
    "Reply",
    "check_args",
    "check_command",
    "check_endpoint",
    "run_demo",
]
