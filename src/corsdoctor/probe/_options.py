"""What the prober needs besides the request: timeouts, TLS, ``--resolve`` and the body cap."""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine import InputError

#: Bytes of a response body read before the connection is dropped (bodies are evidence only).
DEFAULT_BODY_CAP = 64 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveRule:
    """``--resolve HOST:PORT:ADDR`` as curl has it: connect to ADDR for HOST:PORT, keep Host/SNI."""

    host: str
    port: int
    address: str

    @classmethod
    def parse(cls, text: str) -> ResolveRule:
        host, sep1, rest = text.partition(":")
        if text.startswith("["):
            host, _, rest = text[1:].partition("]:")
            sep1 = ":"
        port_text, sep2, address = rest.partition(":")
        if not (sep1 and sep2 and host and address and port_text.isdigit()):
            raise InputError(f"--resolve {text!r} is not HOST:PORT:ADDRESS (as curl's --resolve)")
        port = int(port_text)
        if not 0 < port < 65536:
            raise InputError(f"--resolve {text!r}: port {port} is out of range")
        return cls(host=host.lower(), port=port, address=address.strip("[]"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ProbeOptions:
    timeout: float = 10.0
    insecure: bool = False
    resolve: tuple[ResolveRule, ...] = ()
    body_cap: int = DEFAULT_BODY_CAP
    http2: bool = True
    #: Concurrent connections per prober (the bound for many checks at once).
    max_connections: int = 32
