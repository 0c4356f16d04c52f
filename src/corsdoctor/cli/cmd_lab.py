"""``corsdoctor lab``: serve one endpoint per CORS root cause on loopback, to try ``check`` on."""

from __future__ import annotations

import argparse
import sys

HELP = "Serve a lab with one endpoint per CORS root cause (plus controls) on loopback."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    parser.add_argument("--port", type=int, default=8000, help="main port (0 = any free port; default 8000)")


def describe(lab: object, out: object) -> None:
    """Print each endpoint: path, root cause, expected verdict and the check command to try."""
    from rich.console import Console
    from rich.table import Table

    from corsdoctor.lab import ENDPOINTS, Lab, check_command

    assert isinstance(lab, Lab) and isinstance(out, Console)
    table = Table(title="corsdoctor lab", show_lines=False, expand=False)
    table.add_column("endpoint", style="cyan", no_wrap=True)
    table.add_column("root cause")
    table.add_column("expect", no_wrap=True)
    for endpoint in ENDPOINTS:
        if endpoint.listed:
            expect = endpoint.expect or "allowed"
            if endpoint.findings:
                expect += " + " + ", ".join(endpoint.findings)
            table.add_row(lab.url(endpoint), endpoint.cause, expect)
    out.print(table)
    out.print("Try:")
    for endpoint in ENDPOINTS:
        if endpoint.listed:
            out.print(
                f"  {check_command(endpoint, lab.url(endpoint))}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
    listeners = ", ".join(f"{name} {url}" for name, url in lab.urls.items())
    out.print(f"Listening: {listeners}.  Ctrl-C stops.", highlight=False)


def run(args: argparse.Namespace) -> int:
    import asyncio
    import ipaddress

    from rich.console import Console

    from corsdoctor.lab import Lab

    if not 0 <= args.port < 65536:
        print(f"corsdoctor lab: port {args.port} is out of range", file=sys.stderr)
        return 2
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = args.host == "localhost"
    if not loopback:
        print(
            f"corsdoctor lab: warning: listening on {args.host}, not loopback; the lab is deliberately "
            "insecure",
            file=sys.stderr,
        )

    async def serve() -> None:
        lab = Lab(host=args.host, port=args.port)
        await lab.start()
        try:
            describe(lab, Console(file=sys.stdout, width=None if sys.stdout.isatty() else 170))
            sys.stdout.flush()
            await asyncio.Event().wait()
        finally:
            await lab.stop()

    try:
        asyncio.run(serve())
    except OSError as exc:
        print(
            f"corsdoctor lab: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    return 0
