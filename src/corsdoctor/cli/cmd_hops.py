"""``corsdoctor hops``: find the proxy, CDN or gateway that strips, duplicates or caches CORS headers."""

from __future__ import annotations

import argparse
import sys

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


def _headers(raw: list[str]) -> tuple[tuple[str, str], ...]:
    from corsdoctor.engine import InputError

    out: list[tuple[str, str]] = []
    for item in raw:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise InputError(f"-H {item!r} is not 'Name: value'")
        out.append((name.strip(), value.strip()))
    return tuple(out)


def run(args: argparse.Namespace) -> int:
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

    try:
        fail_on = Severity.parse(args.fail_on)
    except ValueError as exc:
        return _error(str(exc))
    if not args.timeout > 0:
        return _error(f"--timeout {args.timeout} must be a positive number of seconds")
    try:
        origin = parse_origin(args.origin)
        other = parse_origin(args.other_origin) if args.other_origin else DEFAULT_OTHER_ORIGIN
        paths = build_paths(args.url, args.paths)
        request = PageRequest(
            url=paths[0].url,
            origin=origin,
            method=args.method,
            headers=_headers(args.header),
            credentials=CredentialsMode.INCLUDE if args.credentials else CredentialsMode.SAME_ORIGIN,
        )
        profile = get_profile("webkit" if args.browser == "safari" else args.browser).name
    except (InputError, KeyError) as exc:
        return _error(str(exc).strip("'\""))
    if len(paths) == 1:
        print(
            "corsdoctor hops: note: only the public URL was given; add --via or --resolve to compare hops",
            file=sys.stderr,
        )
    print(f"corsdoctor hops: {request.method} {request.url} along {len(paths)} path(s)…", file=sys.stderr)
    options = HopsOptions(
        profile=profile,
        other_origin=other,
        cache_test=not args.no_cache_test,
        send=SendOptions(timeout=args.timeout, verify_tls=not args.insecure),
    )
    try:
        report = diagnose_hops(request, paths, options)
    except InputError as exc:
        return _error(str(exc))
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps(to_dict(report, fail_on), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report, fail_on))
    else:
        from rich.console import Console

        from corsdoctor.hops._text import render_text

        terminal = sys.stdout.isatty()
        console = Console(file=sys.stdout, highlight=False, soft_wrap=not terminal, emoji=False)
        render_text(report, console, fail_on)
    for path in report.paths:
        if path.fault is not None:
            print(
                f"corsdoctor hops: path {path.index + 1} ({path.spec.describe}) {path.fault.value}: "
                f"{path.fault_detail}",
                file=sys.stderr,
            )
    return exit_code(report, fail_on)
