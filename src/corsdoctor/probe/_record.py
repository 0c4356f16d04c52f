"""One request as it went on the wire and what came back, raw (order, casing, duplicates kept)."""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine import HeaderList, Response


@dataclass(frozen=True, slots=True, kw_only=True)
class WireRecord:
    """A sent request and its response or network error.

    ``request_headers`` are the header lines exactly as sent (``Host`` included); response header
    names keep the server's casing and duplicates.  Bodies are read up to the probe's cap only.
    """

    method: str
    url: str
    request_headers: HeaderList
    body_bytes: int = 0
    status: int | None = None
    reason: str = ""
    http_version: str = ""
    response_headers: HeaderList = ()
    body_read: int = 0
    body_truncated: bool = False
    net_error: str | None = None
    elapsed_ms: float = 0.0
    #: The browser whose transport headers were sent (identical engine requests are sent once).
    sent_as: str = "chromium"

    def response(self) -> Response | None:
        if self.status is None:
            return None
        return Response(status=self.status, headers=self.response_headers, reason=self.reason)

    def header(self, name: str) -> list[str]:
        lower = name.lower()
        return [v for n, v in self.response_headers if n.lower() == lower]
