"""The ``curl -v`` command that repeats one exchange by hand."""

from __future__ import annotations

import shlex

from corsdoctor.probe._options import ResolveRule
from corsdoctor.probe._record import WireRecord
from corsdoctor.redact import REDACTED, SECRET_HEADERS

#: Headers curl sets itself (or that only add noise to a command a person retypes).
_SKIP = frozenset(
    {"host", "content-length", "accept-encoding", "accept-language", "connection", "user-agent"}
)


def redact_header(name: str, value: str) -> str:
    """``value`` as reports show it: credentials (Cookie, Authorization, API keys) never printed.

    The Authorization scheme stays visible (``Bearer REDACTED``): it decides nothing about CORS,
    but tells the reader which kind of credential was sent.
    """
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, space, _rest = value.partition(" ")
    if space and name.lower() in ("authorization", "proxy-authorization"):
        return f"{scheme} {REDACTED}"
    return REDACTED


def curl_command(
    record: WireRecord,
    *,
    body: bytes | None = None,
    resolve: tuple[ResolveRule, ...] = (),
    insecure: bool = False,
) -> str:
    """``curl -v`` with the method, the CORS-relevant headers and the body of ``record``.

    Credentials are shown as ``REDACTED`` (reports get pasted into issues): put yours back to run it.
    """
    parts = ["curl", "-v"]
    if record.method == "HEAD":
        parts.append("-I")
    elif record.method != "GET" or (body and record.method == "GET"):
        parts += ["-X", shlex.quote(record.method)]
    parts.append(shlex.quote(record.url))
    for name, value in record.request_headers:
        if name.lower() in _SKIP or name.lower().startswith("sec-fetch-") or name.lower() == "referer":
            continue
        parts += ["-H", shlex.quote(f"{name}: {redact_header(name, value)}")]
    if body and record.method not in ("GET", "HEAD", "OPTIONS"):
        parts += ["--data-binary", shlex.quote(body.decode("utf-8", "replace"))]
    for rule in resolve:
        parts += ["--resolve", shlex.quote(f"{rule.host}:{rule.port}:{rule.address}")]
    if insecure:
        parts.append("--insecure")
    return " ".join(parts)
