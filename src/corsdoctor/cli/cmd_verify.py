"""``corsdoctor verify``: make the request from a page in real headless Chromium and report what it did.

Chromium's decision (blocked or not, stage, ``corsError``/``failedParameter``, the console line,
the requests and responses on the wire) is shown side by side with the engine's prediction for
the same exchanges; any disagreement is called out.  Exit 0 when the request passes, 1 when
Chromium blocks it, 2 when nothing could be concluded (bad input, no Chromium, timeout, no
response from the target).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "Run the request in real headless Chromium and compare with the engine's prediction."


EPILOG = (
    "The page is served from memory, so any origin works against any target. Chromium runs with a "
    "fresh profile that allows third-party cookies and ignores certificate errors (self-signed and "
    "local https targets work). Exit codes: 0 the request passes, 1 Chromium blocks it, 2 nothing "
    "could be concluded (bad input, no Chromium, timeout, no response from the target)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    add_request_arguments(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds the request may take before it is reported as timed out (default 10)",
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument(
        "--local-network-access",
        action="store_true",
        help="keep Chromium's Local Network Access checks (off by default: the page is served from memory)",
    )


def add_request_arguments(parser: argparse.ArgumentParser) -> None:
    """The request options shared with ``check`` (URL, origin, method, headers, body, modes)."""
    parser.add_argument("url", help="the cross-origin URL the page requests")
    parser.add_argument(
        "--origin",
        required=True,
        help="the page's origin, e.g. https://app.example.com, or null (a sandboxed iframe)",
    )
    parser.add_argument(
        "-X",
        "--method",
        "--request",
        dest="method",
        default=None,
        help="request method (default GET, POST with a body)",
    )
    parser.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="request header set by script (repeatable)",
    )
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--data", default=None, help="a string request body (text/plain;charset=UTF-8)")
    body.add_argument(
        "--json-body", default=None, metavar="JSON", help="a JSON body (Content-Type: application/json)"
    )
    parser.add_argument("--content-type", default=None, help="the body's Content-Type (shorthand for -H)")
    parser.add_argument(
        "--credentials",
        choices=("omit", "same-origin", "include"),
        nargs="?",
        const="include",
        default="same-origin",
        help="fetch() credentials mode; alone it means include, as in check (include = XHR withCredentials)",
    )
    parser.add_argument(
        "--cookie",
        metavar="'a=b; c=d'",
        default=None,
        help="cookies stored in the browser profile for the URL's host before the request (https: "
        "SameSite=None; Secure, http: no attributes); Chromium decides whether to send them "
        "(third-party cookies are allowed in the profile)",
    )
    parser.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="HOST:PORT:ADDR",
        help="make Chromium connect to ADDR for HOST (as curl; repeatable)",
    )
    parser.add_argument(
        "--mode", choices=("cors", "no-cors", "same-origin"), default="cors", help="fetch() request mode"
    )
    parser.add_argument(
        "--redirect", choices=("follow", "error", "manual"), default="follow", help="fetch() redirect mode"
    )
    parser.add_argument(
        "--api",
        choices=("fetch", "xhr"),
        default="fetch",
        help="make the request with fetch() or XMLHttpRequest",
    )


def build_page_request(args: argparse.Namespace) -> Any:
    """A ``corsdoctor.browser.PageRequest`` from the options; ``ValueError`` names bad input."""
    import json

    from corsdoctor.browser import Api, PageRequest, check_origin
    from corsdoctor.browser._cookies import parse_cookie_header

    origin = check_origin(args.origin)
    if args.api == "xhr":
        # XMLHttpRequest has no request mode or redirect mode, and withCredentials is either
        # "include" or "same-origin" (https://xhr.spec.whatwg.org/#the-send()-method).
        if args.mode != "cors" or args.redirect != "follow":
            raise ValueError("--mode and --redirect apply to fetch() only, not to --api xhr")
        if args.credentials == "omit":
            raise ValueError(
                "--credentials omit is not possible with --api xhr (withCredentials is include or same-origin)"
            )
    if not str(args.url).startswith(("http://", "https://")):
        raise ValueError(f"URL must start with http:// or https://, not {args.url!r}")
    headers: list[tuple[str, str]] = []
    for raw in args.header:
        name, sep, value = str(raw).partition(":")
        if not sep or not name.strip():
            raise ValueError(f"header must look like 'Name: value', not {raw!r}")
        headers.append((name.strip(), value.strip()))
    body = args.data
    content_type = args.content_type
    if args.json_body is not None:
        try:
            json.loads(args.json_body)
        except ValueError as exc:
            raise ValueError(f"--json-body is not JSON: {exc}") from None
        body = args.json_body
        content_type = content_type or "application/json"
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    cookies = parse_cookie_header(args.cookie) if args.cookie is not None else ()
    method = args.method or ("POST" if body is not None else "GET")
    return PageRequest(
        url=args.url,
        origin=origin,
        method=method,
        headers=tuple(headers),
        body=body,
        credentials=args.credentials,
        mode=args.mode,
        redirect=args.redirect,
        api=Api(args.api),
        cookies=cookies,
    )


def resolve_hosts(rules: list[str]) -> dict[str, str]:
    """``--resolve HOST:PORT:ADDR`` → ``{HOST: ADDR}`` for ``--host-resolver-rules``.

    Chromium maps a host name for every port, so the port only has to be well-formed.
    """
    from corsdoctor.engine import InputError
    from corsdoctor.probe import ResolveRule

    hosts: dict[str, str] = {}
    for text in rules:
        try:
            rule = ResolveRule.parse(text)
        except InputError as exc:
            raise ValueError(str(exc)) from None
        hosts[rule.host] = rule.address
    return hosts


def _header_notes(headers: tuple[tuple[str, str], ...]) -> list[str]:
    """Headers script cannot set (https://fetch.spec.whatwg.org/#forbidden-request-header):
    Chromium drops them silently, so say so (and where a cookie should go instead)."""
    from corsdoctor.engine import get_profile, is_forbidden_request_header

    profile = get_profile("chromium")
    notes = []
    for name, value in headers:
        if is_forbidden_request_header(name, value, profile):
            hint = "; put cookies in the profile with --cookie" if name.lower() == "cookie" else ""
            notes.append(f"{name} is a forbidden request header: fetch()/XHR drop it{hint}")
    return notes


def _fail(message: str) -> int:
    print(f"corsdoctor verify: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        request = build_page_request(args)
        hosts = resolve_hosts(args.resolve)
    except ValueError as exc:
        return _fail(str(exc))
    if args.timeout <= 0:
        return _fail("--timeout must be positive")

    from corsdoctor.browser import (
        ChromiumNotFoundError,
        ChromiumOracle,
        OracleError,
        OracleInterruptedError,
        Outcome,
        find_chromium,
    )
    from corsdoctor.browser._prediction import predict
    from corsdoctor.browser._signals import stop_on_signals
    from corsdoctor.browser._verify_report import render_json, render_markdown, render_text

    for note in _header_notes(request.headers):
        print(f"corsdoctor verify: note: {note}", file=sys.stderr)
    if request.cookies and request.credentials != "include":
        print(
            "corsdoctor verify: note: cookies go with cross-origin requests only with --credentials include",
            file=sys.stderr,
        )
    try:
        executable = find_chromium()
    except ChromiumNotFoundError as exc:
        return _fail(str(exc))
    print(f"corsdoctor verify: starting headless Chromium for {request.origin}", file=sys.stderr)
    oracle = ChromiumOracle(
        executable=executable,
        hosts=hosts,
        timeout_s=args.timeout,
        local_network_access=args.local_network_access,
    )
    with stop_on_signals(oracle) as stopped:
        try:
            with oracle:
                obs = oracle.run(request)
        except OracleInterruptedError:
            print("corsdoctor verify: interrupted; Chromium stopped and cleaned up", file=sys.stderr)
            return stopped.exit_code
        except (ChromiumNotFoundError, OracleError) as exc:
            return _fail(str(exc))
    if stopped.signum is not None:  # the signal came while the browser was closing
        print("corsdoctor verify: interrupted; Chromium stopped and cleaned up", file=sys.stderr)
        return stopped.exit_code
    try:
        prediction = predict(request, obs, local_network_access=args.local_network_access, hosts=hosts)
    except Exception as exc:  # the engine refused the input: still report the browser's answer
        prediction = None
        print(f"corsdoctor verify: the engine could not predict this request: {exc}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(render_json(obs, prediction) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(obs, prediction))
    else:
        render_text(obs, prediction, sys.stdout)
    if obs.outcome is Outcome.TIMEOUT:
        print(f"corsdoctor verify: the page did not settle within {args.timeout:g} s", file=sys.stderr)
        return 2
    if obs.outcome is Outcome.NETWORK_ERROR and not any(e.response is not None for e in obs.exchanges):
        # Nothing answered (DNS, refused, TLS...): as `check`, an unreachable target is inconclusive.
        print(
            f"corsdoctor verify: no response from the target ({obs.error_text or 'network error'})",
            file=sys.stderr,
        )
        return 2
    return 1 if obs.blocked else 0
