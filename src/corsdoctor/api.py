"""The Python API of ``corsdoctor check``: diagnose a live endpoint exactly as a browser would.

    >>> import corsdoctor
    >>> result = corsdoctor.check("https://api.example.com/items", origin="https://app.example.com",
    ...                           method="PUT", headers=["X-Api-Key: k"])          # doctest: +SKIP
    >>> result.results[0].outcome("chromium").verdict.chromium_error               # doctest: +SKIP
    'HeaderDisallowedByPreflightResponse'

``acheck`` is the async twin (one async core; ``check`` runs it on a private event loop).
Malformed input raises :class:`corsdoctor.engine.InputError` with a one-line message.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any, TypeVar

from corsdoctor.engine import Api, Header, InputError, get_profile, parse_origin, parse_url
from corsdoctor.engine._grammar import header_value_problem, is_token
from corsdoctor.probe import CheckRequest, CheckResult, ProbeOptions, ResolveRule, run_check

__all__ = ["BROWSER_CHOICES", "acheck", "build_request", "check", "parse_header"]

BROWSER_CHOICES = ("chromium", "firefox", "safari", "webkit", "chrome", "all")
_T = TypeVar("_T")


def parse_header(text: str | Header) -> Header:
    """``'Name: value'`` (as curl's ``-H``) or a (name, value) pair, validated as fetch() would."""
    if isinstance(text, tuple):
        name, value = text
    else:
        name, sep, value = text.partition(":")
        if not sep:
            raise InputError(f"header {text!r} is not 'Name: value'")
    name = name.strip()
    value = value.strip(" \t")
    if not name or not is_token(name):
        raise InputError(f"header name {name!r} is not a valid token")
    problem = header_value_problem(value)
    if problem is not None or any(ch in value for ch in "\r\n\x00"):
        raise InputError(f"header {name} has a value with CR, LF or NUL; fetch() throws a TypeError for it")
    return name, value


def _browsers(names: Iterable[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for name in names:
        expanded = ["chromium", "firefox", "webkit"] if name == "all" else [get_profile(name).name]
        chosen += [b for b in expanded if b not in chosen]
    return tuple(chosen) or ("chromium",)


def build_request(
    url: str,
    origins: Sequence[str],
    *,
    method: str = "GET",
    headers: Iterable[str | Header] = (),
    credentials: bool = False,
    cookie: str | None = None,
    data: str | bytes | None = None,
    json_body: str | None = None,
    content_type: str | None = None,
    browsers: Iterable[str] = ("chromium",),
    api: str = "fetch",
    extra_checks: bool = True,
) -> CheckRequest:
    """Validate everything a check needs; raise :class:`InputError` naming the first problem."""
    target = parse_url(url)
    if not target.is_http:
        raise InputError(f"URL {url!r}: only http:// and https:// URLs can be checked")
    if not origins:
        raise InputError("at least one --origin is needed (the page's origin, e.g. http://localhost:3000)")
    checked = tuple(dict.fromkeys(parse_origin(o.strip()) for o in origins))
    if not method or not is_token(method):
        raise InputError(f"method {method!r} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)")
    parsed = [parse_header(h) for h in headers]
    if cookie is not None and any(ch in cookie for ch in "\r\n\x00"):
        raise InputError("--cookie contains CR, LF or NUL")
    if json_body is not None and data is not None:
        raise InputError("use either --data or --json-body, not both")
    body: bytes | None = None
    implicit: str | None = None
    if json_body is not None:
        try:
            json.loads(json_body)
        except ValueError as exc:
            raise InputError(f"--json-body is not valid JSON: {exc}") from None
        body, implicit = json_body.encode("utf-8"), "application/json"
    elif data is not None:
        body = data.encode("utf-8") if isinstance(data, str) else data
        implicit = "text/plain;charset=UTF-8"  # what fetch() adds for a string body
    if content_type is not None:
        implicit = parse_header(("Content-Type", content_type))[1]
        parsed = [(n, v) for n, v in parsed if n.lower() != "content-type"]
    if implicit is not None and not any(n.lower() == "content-type" for n, _ in parsed):
        parsed.append(("Content-Type", implicit))
    if body is not None and method.upper() in ("GET", "HEAD"):
        raise InputError(f"a {method.upper()} request cannot have a body (fetch() throws a TypeError)")
    try:
        api_kind = Api(api)
    except ValueError:
        raise InputError(f"--api {api!r}: choose fetch or xhr") from None
    return CheckRequest(
        url=target.href,
        origins=checked,
        method=method,
        headers=tuple(parsed),
        credentials=credentials,
        cookie=cookie,
        body=body,
        browsers=_browsers(browsers),
        api=api_kind,
        extra_checks=extra_checks,
    )


def build_options(
    *, timeout: float = 10.0, insecure: bool = False, resolve: Iterable[str | ResolveRule] = ()
) -> ProbeOptions:
    if not timeout > 0:
        raise InputError(f"--timeout {timeout!r} must be a positive number of seconds")
    rules = tuple(r if isinstance(r, ResolveRule) else ResolveRule.parse(r) for r in resolve)
    return ProbeOptions(timeout=timeout, insecure=insecure, resolve=rules)


async def acheck(
    url: str,
    origin: str | Sequence[str] = (),
    *,
    method: str = "GET",
    headers: Iterable[str | Header] = (),
    credentials: bool = False,
    cookie: str | None = None,
    data: str | bytes | None = None,
    json_body: str | None = None,
    content_type: str | None = None,
    browsers: Iterable[str] = ("chromium",),
    api: str = "fetch",
    extra_checks: bool = True,
    timeout: float = 10.0,
    insecure: bool = False,
    resolve: Iterable[str | ResolveRule] = (),
    transport: Any = None,
) -> CheckResult:
    """Check ``url`` from each ``origin`` as each browser would; the async core of :func:`check`.

    ``transport`` is an ``httpx.AsyncBaseTransport`` (e.g. ``httpx.ASGITransport(app)``) to probe
    an in-process application instead of the network.
    """
    origins = [origin] if isinstance(origin, str) else list(origin)
    request = build_request(
        url,
        origins,
        method=method,
        headers=headers,
        credentials=credentials,
        cookie=cookie,
        data=data,
        json_body=json_body,
        content_type=content_type,
        browsers=browsers,
        api=api,
        extra_checks=extra_checks,
    )
    options = build_options(timeout=timeout, insecure=insecure, resolve=resolve)
    return await run_check(request, options, transport=transport)


def run_sync(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` to completion, also from inside a running event loop (in a worker thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def check(url: str, origin: str | Sequence[str] = (), **kwargs: Any) -> CheckResult:
    """Synchronous :func:`acheck` (same arguments)."""
    return run_sync(acheck(url, origin, **kwargs))
