"""``corsdoctor har``: replay every cross-origin request recorded in a HAR file through the engine."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corsdoctor.har import HarReport

HELP = "Decide every cross-origin request in a HAR (Chrome, Firefox, Safari, Playwright) and explain blocks."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the HAR file (HAR 1.2), read as a stream")
    parser.add_argument(
        "--origin", help="the page origin (default: each request's Origin header, page or Referer)"
    )
    parser.add_argument(
        "--browser",
        choices=["chromium", "chrome", "firefox", "webkit", "safari", "spec"],
        help="decide as this browser (default: the browser that recorded the HAR)",
    )
    parser.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    parser.add_argument("-o", "--output", help="write the report here instead of standard output")
    parser.add_argument("-v", "--verbose", action="store_true", help="detail allowed requests too")
    parser.add_argument(
        "--fail-on",
        metavar="SEVERITY",
        default=None,
        help="exit 1 when a request's blocking code or another finding is at or above: info, warning, error,"
        " security, never (default: any blocked or undecidable request)",
    )


def run(args: argparse.Namespace) -> int:
    from corsdoctor.engine import InputError, get_profile
    from corsdoctor.har import Outcome, analyse
    from corsdoctor.har._origin import as_origin
    from corsdoctor.har._render import iter_render, text_lines

    fail_on = None
    if args.fail_on is not None and args.fail_on.strip().lower() not in ("never", "none"):
        from corsdoctor.engine import Severity

        try:
            fail_on = Severity.parse(args.fail_on)
        except ValueError as exc:
            print(f"corsdoctor: --fail-on: {exc}", file=sys.stderr)
            return 2
    origin = None
    if args.origin:
        origin = as_origin(args.origin)
        if origin is None:
            print(f"corsdoctor: --origin {args.origin!r} is not an origin", file=sys.stderr)
            return 2
    browser = None
    if args.browser:
        try:
            browser = get_profile(args.browser).name
        except (InputError, KeyError, ValueError) as exc:
            print(f"corsdoctor: {exc}", file=sys.stderr)
            return 2
    try:
        report = analyse(args.file, origin=origin, browser=browser)
    except OSError as exc:
        print(f"corsdoctor: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(f"corsdoctor: {args.file}: {problem}", file=sys.stderr)
    if not report.readable:
        return 2
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as out:
                out.writelines(iter_render(report, args.format, verbose=args.verbose))
        except OSError as exc:
            print(f"corsdoctor: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    elif args.format == "text" and sys.stdout.isatty():
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False)
        for line, style in text_lines(report, verbose=args.verbose):
            console.print(Text(report.secrets.scrub(line), style=style), soft_wrap=True)
    else:
        sys.stdout.writelines(iter_render(report, args.format, verbose=args.verbose))
    if args.fail_on is None:
        problems = report.count(Outcome.BLOCKED) + report.count(Outcome.UNKNOWN)
        return 1 if problems else 0
    return 1 if fail_on is not None and _worst_severity(report) >= fail_on else 0


def _worst_severity(report: HarReport) -> int:
    """The highest severity among every request's blocking code and other findings (-1: none)."""
    from corsdoctor.engine import Severity, lookup

    worst = -1
    for result in report.results:
        if result.code is not None:
            worst = max(worst, lookup(result.code).severity)
        for finding in result.findings:
            worst = max(worst, Severity.parse(finding.severity))
    return worst
