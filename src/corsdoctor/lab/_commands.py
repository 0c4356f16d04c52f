"""The ``corsdoctor check`` command line that shows each lab endpoint's root cause."""

from __future__ import annotations

import shlex

from corsdoctor.lab._endpoints import Endpoint


def check_args(endpoint: Endpoint) -> dict[str, object]:
    """Keyword arguments of :func:`corsdoctor.api.build_request` for ``endpoint``."""
    probe = endpoint.probe
    return {
        "method": probe.method,
        "headers": list(probe.headers),
        "credentials": probe.credentials,
        "data": probe.data,
    }


def check_command(endpoint: Endpoint, url: str) -> str:
    probe = endpoint.probe
    parts = ["corsdoctor", "check", shlex.quote(url)]
    for origin in probe.origins:
        parts += ["--origin", shlex.quote(origin)]
    if probe.method != "GET":
        parts += ["-X", probe.method]
    for header in probe.headers:
        parts += ["-H", shlex.quote(header)]
    if probe.credentials:
        parts.append("--credentials")
    if probe.data is not None:
        parts += ["--data", shlex.quote(probe.data)]
    return " ".join(parts)
