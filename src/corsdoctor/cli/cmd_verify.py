"""``corsdoctor verify``: make the request from a page in real headless Chromium and report what it did.

Chromium's decision (blocked or not, stage, ``corsError``/``failedParameter``, the console line,
the requests and responses on the wire) is shown side by side with the engine's prediction for
the same exchanges; any disagreement is called out.  Exit 0 when the request passes, 1 when
Chromium blocks it, 2 when nothing could be concluded (bad input, no Chromium, timeout).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "Run the request in real headless Chromium and compare with the engine's prediction."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_request_arguments(parser)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for the page (default 10)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--local-network-access",
        action="store_true",
        help="keep Chromium's Local Network Access checks (off by default: the page is served from memory)",
    )


def add_request_arguments(parser: argparse.ArgumentParser) -> None:
    """The request options shared with ``check`` (URL, origin, method, headers, body, modes)."""
    parser.add_argument("url", help="the cross-origin URL the page requests")
    parser.add_argument("--origin", required=True, help="the page's origin, e.g. https://app.example.com")
    parser.add_argument("-X", "--method", default=None, help="request method (default GET, POST with --data)")
    parser.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="request header set by script (repeatable)",
    )
    parser.add_argument("--data", default=None, help="a string request body")
    parser.add_argument("--content-type", default=None, help="shorthand for -H 'Content-Type: …'")
    parser.add_argument(
        "--credentials",
        choices=("omit", "same-origin", "include"),
        default="same-origin",
        help="fetch() credentials mode (include = XHR withCredentials)",
    )
    parser.add_argument("--mode", choices=("cors", "no-cors", "same-origin"), default="cors")
    parser.add_argument("--redirect", choices=("follow", "error", "manual"), default="follow")
    parser.add_argument("--api", choices=("fetch", "xhr"), default="fetch")


def build_page_request(args: argparse.Namespace) -> Any:
    """A ``corsdoctor.browser.PageRequest`` from the options; ``ValueError`` names bad input."""
    from corsdoctor.browser import Api, PageRequest, check_origin

    check_origin(args.origin)
    if not str(args.url).startswith(("http://", "https://")):
        raise ValueError(f"URL must start with http:// or https://, not {args.url!r}")
    headers: list[tuple[str, str]] = []
    for raw in args.header:
        name, sep, value = str(raw).partition(":")
        if not sep or not name.strip():
            raise ValueError(f"header must look like 'Name: value', not {raw!r}")
        headers.append((name.strip(), value.strip()))
    if args.content_type is not None:
        headers.append(("Content-Type", args.content_type))
    method = args.method or ("POST" if args.data is not None else "GET")
    return PageRequest(
        url=args.url,
        origin=args.origin,
        method=method,
        headers=tuple(headers),
        body=args.data,
        credentials=args.credentials,
        mode=args.mode,
        redirect=args.redirect,
        api=Api(args.api),
    )


def _fail(message: str) -> int:
    print(f"corsdoctor verify: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        request = build_page_request(args)
    except ValueError as exc:
        return _fail(str(exc))
    if args.timeout <= 0:
        return _fail("--timeout must be positive")

    from corsdoctor.browser import ChromiumNotFoundError, ChromiumOracle, OracleError, Outcome
    from corsdoctor.browser._prediction import predict
    from corsdoctor.browser._verify_report import render_json, render_text

    print(f"corsdoctor verify: starting headless Chromium for {request.origin}", file=sys.stderr)
    try:
        with ChromiumOracle(timeout_s=args.timeout, local_network_access=args.local_network_access) as oracle:
            obs = oracle.run(request)
    except ChromiumNotFoundError as exc:
        return _fail(str(exc))
    except OracleError as exc:
        return _fail(str(exc))
    try:
        prediction = predict(request, obs)
    except Exception as exc:  # the engine refused the input: still report the browser's answer
        prediction = None
        print(f"corsdoctor verify: the engine could not predict this request: {exc}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(render_json(obs, prediction) + "\n")
    else:
        render_text(obs, prediction, sys.stdout)
    if obs.outcome is Outcome.TIMEOUT:
        print(f"corsdoctor verify: the page did not settle within {args.timeout:g} s", file=sys.stderr)
        return 2
    return 1 if obs.blocked else 0
