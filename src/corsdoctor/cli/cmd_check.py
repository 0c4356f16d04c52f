"""``corsdoctor check``: diagnose a live endpoint exactly as a browser would."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

HELP = "Diagnose a live endpoint as a browser would: preflight, request, verdict per browser, fix."


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options shared with ``demo``: output format and the failure threshold."""
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format"
    )
    parser.add_argument(
        "--fail-on",
        default="error",
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above: info, warning, error (default), security",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="the URL the page fetches")
    parser.add_argument(
        "--origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="the page's origin (scheme://host[:port]); repeat for a matrix",
    )
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
        "--cookie", metavar="'a=b; c=d'", help="Cookie header sent when credentials are included"
    )
    parser.add_argument("--data", metavar="BODY", help="a string body (fetch adds text/plain;charset=UTF-8)")
    parser.add_argument("--json-body", metavar="JSON", help="a JSON body (Content-Type: application/json)")
    parser.add_argument("--content-type", metavar="TYPE", help="the body's Content-Type")
    parser.add_argument(
        "--browser",
        action="append",
        default=[],
        choices=("chromium", "firefox", "safari", "all"),
        help="browser to decide as (repeatable; default chromium)",
    )
    parser.add_argument("--api", choices=("fetch", "xhr"), default="fetch", help="fetch() or XMLHttpRequest")
    parser.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="HOST:PORT:ADDR",
        help="connect to ADDR for HOST:PORT (as curl)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default 10)"
    )
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="also make the same request from each origin in real headless Chromium (see 'verify')",
    )
    parser.add_argument(
        "--no-extra-checks",
        action="store_true",
        help="skip the error-path, any-origin and null-origin probes",
    )
    add_common(parser)


def _error(message: str) -> int:
    print(f"corsdoctor check: {message}", file=sys.stderr)
    return 2


def emit(result: object, fmt: str, fail_on: object) -> None:
    """Print a CheckResult in ``fmt`` to stdout (a password in the URL reads ``REDACTED``)."""
    from corsdoctor.probe import CheckResult

    assert isinstance(result, CheckResult)
    out = _Scrubbed(sys.stdout, url_password(result.request.url))
    if fmt == "json":
        import json

        from corsdoctor.engine import Severity
        from corsdoctor.report import to_dict

        assert isinstance(fail_on, Severity)
        out.write(json.dumps(to_dict(result, fail_on), indent=2, ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        from corsdoctor.report import render_markdown

        out.write(render_markdown(result))
    else:
        from corsdoctor.report import render_text

        render_text(result, make_console(out))


def url_password(url: str) -> str | None:
    """The password of ``scheme://user:password@host/``, which reports must not repeat."""
    from urllib.parse import urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return password or None


def _hide_password(url: str) -> str:
    from corsdoctor.redact import REDACTED

    password = url_password(url)
    return url.replace(f":{password}@", f":{REDACTED}@") if password else url


class _Scrubbed:
    """A text stream that replaces one secret (URL-encoded as typed, or decoded) on the way out."""

    def __init__(self, stream: TextIO, secret: str | None) -> None:
        from urllib.parse import unquote

        from corsdoctor.redact import REDACTED

        self._stream = stream
        self._secrets = sorted({secret, unquote(secret)} - {""}, key=len, reverse=True) if secret else []
        self._redacted = REDACTED

    def write(self, text: str) -> int:
        for secret in self._secrets:
            text = text.replace(secret, self._redacted)
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()


def make_console(stream: TextIO | _Scrubbed | None = None) -> Console:
    from rich.console import Console

    terminal = sys.stdout.isatty()
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=not terminal, emoji=False)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    from corsdoctor.api import build_options, build_request, run_sync
    from corsdoctor.engine import InputError, Severity
    from corsdoctor.probe import run_check

    try:
        fail_on = Severity.parse(args.fail_on)
    except ValueError as exc:
        return _error(str(exc))
    try:
        request = build_request(
            args.url,
            args.origin,
            method=args.method,
            headers=args.header,
            credentials=args.credentials,
            cookie=args.cookie,
            data=args.data,
            json_body=args.json_body,
            content_type=args.content_type,
            browsers=args.browser or ["chromium"],
            api=args.api,
            extra_checks=not args.no_extra_checks,
        )
        options = build_options(timeout=args.timeout, insecure=args.insecure, resolve=args.resolve)
    except InputError as exc:
        return _error(str(exc))
    if request.cookie is not None and not request.credentials:
        print(
            "corsdoctor check: note: --cookie is sent only with --credentials (credentials: 'include');"
            " without it a cross-origin fetch() sends no cookies",
            file=sys.stderr,
        )
    print(
        f"corsdoctor: checking {request.method} {_hide_password(request.url)} from {len(request.origins)} origin(s)…",
        file=sys.stderr,
    )
    result = run_sync(run_check(request, options))
    if not args.verify:
        emit(result, args.format, fail_on)
        return result.exit_code(fail_on)
    return _check_and_verify(args, result, fail_on)


def _check_and_verify(args: argparse.Namespace, result: object, fail_on: object) -> int:
    """``check --verify``: the engine's report, then the same request in real Chromium per origin
    (cookies stored in the browser profile, ``--resolve`` as host-resolver rules, Ctrl-C safe)."""
    import json

    from corsdoctor.browser import (
        Api,
        ChromiumNotFoundError,
        ChromiumOracle,
        OracleError,
        OracleInterruptedError,
        PageRequest,
    )
    from corsdoctor.browser._cookies import parse_cookie_header
    from corsdoctor.browser._prediction import predict
    from corsdoctor.browser._signals import stop_on_signals
    from corsdoctor.browser._verify_report import render_json, render_markdown, render_text
    from corsdoctor.cli.cmd_verify import resolve_hosts
    from corsdoctor.probe import CheckResult

    assert isinstance(result, CheckResult)
    headers = []
    for raw in args.header:
        name, _, value = str(raw).partition(":")
        headers.append((name.strip(), value.strip()))
    body = args.data if args.data is not None else args.json_body
    content_type = args.content_type or ("application/json" if args.json_body is not None else None)
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    try:
        cookies = parse_cookie_header(args.cookie) if args.cookie else ()
        hosts = resolve_hosts(args.resolve or [])
    except ValueError as exc:
        return _error(str(exc))
    observations = []
    blocked = False
    oracle = ChromiumOracle(hosts=hosts, timeout_s=args.timeout)
    with stop_on_signals(oracle) as stopped:
        try:
            with oracle:
                for origin in args.origin:
                    page = PageRequest(
                        url=args.url,
                        origin=origin,
                        method=args.method,
                        headers=tuple(headers),
                        body=body,
                        credentials="include" if args.credentials else "same-origin",
                        api=Api(args.api),
                        cookies=cookies,
                    )
                    print(f"corsdoctor: verifying in headless Chromium from {origin}…", file=sys.stderr)
                    obs = oracle.run(page)
                    blocked = blocked or obs.blocked
                    try:
                        prediction = predict(page, obs, hosts=hosts)
                    except Exception as exc:  # the engine refused the input: still report the browser
                        prediction = None
                        print(f"corsdoctor check: the engine could not predict this request: {exc}", file=sys.stderr)
                    observations.append((obs, prediction))
        except OracleInterruptedError:
            print("corsdoctor check: interrupted; Chromium stopped and cleaned up", file=sys.stderr)
            return stopped.exit_code
        except (ChromiumNotFoundError, OracleError) as exc:
            emit(result, args.format, fail_on)
            return _error(str(exc))
    if stopped.signum is not None:
        print("corsdoctor check: interrupted; Chromium stopped and cleaned up", file=sys.stderr)
        return stopped.exit_code
    out = _Scrubbed(sys.stdout, url_password(result.request.url))
    if args.format == "json":
        from corsdoctor.report import to_dict

        document = to_dict(result, fail_on)  # type: ignore[arg-type]
        document["verify"] = [json.loads(render_json(obs, pred)) for obs, pred in observations]
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        emit(result, args.format, fail_on)
        for obs, pred in observations:
            out.write("\n" + render_markdown(obs, pred))
    else:
        emit(result, args.format, fail_on)
        for obs, pred in observations:
            out.write("\n")
            render_text(obs, pred, out)  # type: ignore[arg-type]
    return max(result.exit_code(fail_on), 1 if blocked else 0)  # type: ignore[arg-type]
