"""The ``curl -v`` command that repeats one exchange by hand."""

from __future__ import annotations

import shlex

from corsdoctor.probe._options import ResolveRule
from corsdoctor.probe._record import WireRecord

#: Headers curl sets itself (or that only add noise to a command a person retypes).
_SKIP = frozenset(
    {"host", "content-length", "accept-encoding", "accept-language", "connection", "user-agent"}
)


def curl_command(
    record: WireRecord,
    *,
    body: bytes | None = None,
    resolve: tuple[ResolveRule, ...] = (),
    insecure: bool = False,
) -> str:
    """``curl -v`` with the method, the CORS-relevant headers and the body of ``record``."""
    parts = ["curl", "-v"]
    if record.method == "HEAD":
        parts.append("-I")
    elif record.method != "GET" or (body and record.method == "GET"):
        parts += ["-X", shlex.quote(record.method)]
    parts.append(shlex.quote(record.url))
    for name, value in record.request_headers:
        if name.lower() in _SKIP or name.lower().startswith("sec-fetch-") or name.lower() == "referer":
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body and record.method not in ("GET", "HEAD", "OPTIONS"):
        parts += ["--data-binary", shlex.quote(body.decode("utf-8", "replace"))]
    for rule in resolve:
        parts += ["--resolve", shlex.quote(f"{rule.host}:{rule.port}:{rule.address}")]
    if insecure:
        parts.append("--insecure")
    return " ".join(parts)
