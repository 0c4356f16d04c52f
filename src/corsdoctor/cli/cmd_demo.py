"""``corsdoctor demo``: start the lab in-process, check every endpoint, print the summary."""

from __future__ import annotations

import argparse
import sys

HELP = "Start the lab in-process, check every endpoint as Chrome would, and print the summary."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--browser",
        action="append",
        default=[],
        choices=("chromium", "firefox", "safari", "all"),
        help="browsers to decide as (default chromium)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    parser.add_argument("--verbose", action="store_true", help="also print each endpoint's full check report")


def _table(rows: list[object], console: object, elapsed_ms: float) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from corsdoctor.engine import lookup
    from corsdoctor.lab import DemoRow

    assert isinstance(console, Console)
    table = Table(title="corsdoctor demo: every lab endpoint, checked as Chrome would", title_justify="left")
    table.add_column("endpoint", style="cyan", no_wrap=True)
    table.add_column("root cause")
    table.add_column("Chrome verdict", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("also found")
    table.add_column("vs. declared", no_wrap=True)
    good = 0
    for row in rows:
        assert isinstance(row, DemoRow)
        good += row.as_declared
        code = row.code
        verdict = (
            Text("✓ allowed", style="green") if code is None else Text(f"✗ {row.chromium_error}", style="red")
        )
        code_text = "—" if code is None else f"{code} {lookup(code).name}"
        also = ", ".join(sorted(c for c in row.codes if c != code and c in row.endpoint.findings))
        mark = (
            Text("as declared", style="green")
            if row.as_declared
            else Text(
                f"expected {row.endpoint.expect or 'allowed'} {' '.join(row.missing_findings)}".strip(),
                style="bold red",
            )
        )
        table.add_row(row.endpoint.path, row.endpoint.cause, verdict, code_text, also, mark)
    console.print(table)
    blocked = sum(1 for r in rows if isinstance(r, DemoRow) and r.code is not None)
    style = "bold green" if good == len(rows) else "bold red"
    console.print(
        Text(
            f"{good}/{len(rows)} endpoints behaved as declared ({blocked} blocked, {len(rows) - blocked} allowed) "
            f"in {elapsed_ms:.0f} ms.  Try one yourself: corsdoctor lab, then the printed check commands.",
            style=style,
        )
    )


def run(args: argparse.Namespace) -> int:
    import asyncio
    import json
    import time

    from rich.console import Console

    from corsdoctor.api import _browsers
    from corsdoctor.lab import DemoRow, Lab, run_demo
    from corsdoctor.report import render_text, to_dict

    browsers = _browsers(args.browser or ["chromium"])

    async def go() -> tuple[list[DemoRow], float]:
        async with Lab() as lab:
            print(f"corsdoctor demo: lab on {lab.urls['app']}; checking every endpoint…", file=sys.stderr)
            started = time.perf_counter()
            rows = await run_demo(lab, browsers=browsers)
            return rows, (time.perf_counter() - started) * 1000

    rows, elapsed = asyncio.run(go())
    console = Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 170)
    if args.format == "json":
        payload = {
            "schema": "corsdoctor.demo/1",
            "endpoints": [
                {
                    "path": r.endpoint.path,
                    "cause": r.endpoint.cause,
                    "expect": r.endpoint.expect,
                    "expect_findings": list(r.endpoint.findings),
                    "code": r.code,
                    "chromium_error": r.chromium_error,
                    "as_declared": r.as_declared,
                    "check": to_dict(r.result),
                }
                for r in rows
            ],
            "as_declared": all(r.as_declared for r in rows),
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        if args.verbose:
            for row in rows:
                render_text(row.result, console)
                console.print()
        _table(list(rows), console, elapsed)
    return 0 if all(r.as_declared for r in rows) else 1
