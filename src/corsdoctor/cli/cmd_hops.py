"""``corsdoctor hops``: find the proxy, CDN or gateway that strips, duplicates or caches CORS headers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

HELP = "Send the same browser-exact request along each path to the backend and name the hop that breaks CORS."

_EPILOG = """\
paths are compared in the order given, from the browser inwards; put the origin server last:
  corsdoctor hops https://api.example.com/v1/items --origin https://app.example.com \\
      --resolve api.example.com:443:10.0.0.5 --via http://10.0.0.5:8080
"""


class _PathAction(argparse.Action):
    """``--via`` and ``--resolve`` share one ordered list: the order on the command line matters."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(("via" if option_string == "--via" else "resolve", str(values)))
        setattr(namespace, self.dest, items)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("url", help="the public URL the page fetches (through every CDN and proxy)")
    parser.add_argument("--origin", required=True, metavar="ORIGIN", help="the page's origin (origin A)")
    parser.add_argument(
        "--via",
        dest="paths",
        action=_PathAction,
        default=[],
        metavar="URL",
        help="another path to the same resource: an inner hop or the origin server (repeatable, in order)",
    )
    parser.add_argument(
        "--resolve",
        dest="paths",
        action=_PathAction,
        metavar="HOST:PORT:ADDR",
        help="the public URL connected to ADDR instead of DNS, e.g. past the CDN (repeatable, in order)",
    )
    parser.add_argument(
        "--other-origin",
        metavar="ORIGIN",
        help="origin B of the A, B, A cache test (default: an origin no allowlist contains)",
    )
    parser.add_argument("--no-cache-test", action="store_true", help="skip the A, B, A cache test")
    parser.add_argument("-X", "--request", dest="method", default="GET", metavar="METHOD", help="HTTP method")
    parser.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'Name: value'",
        help="request header (repeatable)",
    )
    parser.add_argument(
        "--credentials", action="store_true", help="credentials: 'include' (cookies, HTTP auth)"
    )
    parser.add_argument(
        "--cookie",
        metavar="'a=b; c=d'",
        help="Cookie header sent on credentialed actual requests (with --credentials; never on preflights)",
    )
    parser.add_argument(
        "--browser",
        choices=("chromium", "firefox", "safari", "webkit", "spec"),
        default="chromium",
        help="browser to decide as (default chromium)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default 10)"
    )
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format"
    )
    parser.add_argument(
        "--fail-on",
        default="error",
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above: info, warning, error (default), security",
    )


def _error(message: str) -> int:
    print(f"corsdoctor hops: {message}", file=sys.stderr)
    return 2


def _origin(parse: Callable[[str], str], option: str, value: str) -> str:
    """``parse(value)``, with the option named in the one-line error."""
    from corsdoctor.engine import InputError

    try:
        return parse(value)
    except InputError as exc:
        raise InputError(f"{option} {value!r}: {exc}") from None


def _emit(text: str, scrub: object) -> None:
    from corsdoctor.redact import Secrets

    assert isinstance(scrub, Secrets)
    sys.stdout.write(scrub.scrub(text))


def run(args: argparse.Namespace) -> int:
    import io

    from corsdoctor.api import build_request
    from corsdoctor.engine import (
        CredentialsMode,
        InputError,
        PageRequest,
        Severity,
        get_profile,
        parse_origin,
    )
    from corsdoctor.hops import DEFAULT_OTHER_ORIGIN, HopsOptions, SendOptions, build_paths, diagnose_hops
    from corsdoctor.hops._json import to_dict
    from corsdoctor.hops._markdown import render_markdown
    from corsdoctor.hops._summary import exit_code
    from corsdoctor.redact import Secrets

    try:
        fail_on = Severity.parse(args.fail_on)
    except ValueError as exc:
        return _error(str(exc))
    if not args.timeout > 0:
        return _error(f"--timeout {args.timeout} must be a positive number of seconds")
    try:
        origin = _origin(parse_origin, "--origin", args.origin)
        other = (
            _origin(parse_origin, "--other-origin", args.other_origin)
            if args.other_origin
            else DEFAULT_OTHER_ORIGIN
        )
        paths = build_paths(args.url, args.paths)
        # The same validation of method, -H and --cookie as 'check'.
        checked = build_request(
            paths[0].url,
            [origin],
            method=args.method,
            headers=args.header,
            credentials=args.credentials,
            cookie=args.cookie,
        )
        request = PageRequest(
            url=paths[0].url,
            origin=origin,
            method=checked.method,
            headers=checked.headers,
            credentials=CredentialsMode.INCLUDE if args.credentials else CredentialsMode.SAME_ORIGIN,
        )
        profile = get_profile("webkit" if args.browser == "safari" else args.browser).name
    except InputError as exc:
        return _error(str(exc))
    except KeyError as exc:  # an unknown browser profile: KeyError's text is the repr of its message
        return _error(str(exc.args[0]) if exc.args else "unknown browser")
    if len(paths) == 1:
        print(
            "corsdoctor hops: note: only the public URL was given; add --via or --resolve to compare hops",
            file=sys.stderr,
        )
    if checked.cookie is not None and not args.credentials:
        print("corsdoctor hops: note: --cookie is sent only with --credentials", file=sys.stderr)
    print(f"corsdoctor hops: {request.method} {request.url} along {len(paths)} path(s)…", file=sys.stderr)
    options = HopsOptions(
        profile=profile,
        other_origin=other,
        cache_test=not args.no_cache_test,
        send=SendOptions(timeout=args.timeout, verify_tls=not args.insecure, cookie=checked.cookie),
    )
    secrets = Secrets()  # a server echoing the cookie must not put it in the report
    if checked.cookie:
        secrets.add_headers((("Cookie", checked.cookie),))
    try:
        report = diagnose_hops(request, paths, options)
    except InputError as exc:
        return _error(str(exc))
    if args.format == "json":
        import json

        _emit(json.dumps(to_dict(report, fail_on), indent=2, ensure_ascii=False) + "\n", secrets)
    elif args.format == "markdown":
        _emit(render_markdown(report, fail_on), secrets)
    else:
        from rich.console import Console

        from corsdoctor.hops._text import render_text

        terminal = sys.stdout.isatty()
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            highlight=False,
            soft_wrap=not terminal,
            emoji=False,
            force_terminal=terminal,
            width=None if not terminal else Console(file=sys.stdout).width,
        )
        render_text(report, console, fail_on)
        _emit(buffer.getvalue(), secrets)
    for item in report.findings:
        if item.fault:
            detail = f": {item.evidence[0]}" if item.evidence and item.evidence[0] else ""
            print(secrets.scrub(f"corsdoctor hops: {item.finding.summary}{detail}"), file=sys.stderr)
    return exit_code(report, fail_on)
