"""CORS703: an origin regex without its anchors, or with an unescaped dot in the host.

https://fetch.spec.whatwg.org/#cors-check compares ACAO with the Origin byte for byte, so a
framework that copies the request's Origin after a regex test trusts whatever the regex accepts.
``re.match`` (Flask-CORS, django-cors-headers, Quart) anchors only at the start; ``RegExp.test``,
nginx ``~`` and ``SetEnvIf`` anchor nowhere; Starlette's ``fullmatch`` anchors both ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind, RegexMode
from corsdoctor.lint.rules._base import Rule

_UNESCAPED_DOT = re.compile(r"(?<!\\)\.(?![*+?{])")


def _ends_anchored(rx: str) -> bool:
    return rx.endswith(("$", "\\Z", "\\z", "$/", "$)")) or rx.endswith("$'")


def _example(rx: str) -> str:
    """A plausible literal the regex matches, to build the attacker's look-alike origin."""
    text = rx.strip("^$/").replace("\\.", ".").replace("(www.)?", "").replace("https?", "https")
    text = re.sub(r"\(([^|)]*)\|[^)]*\)", r"\1", text)
    text = re.sub(r"\[[^\]]*\][*+]?|\\w[*+]|\.\*|\.\+", "x", text)
    text = re.sub(r"[()?*+\\]", "", text)
    return text if "://" in text else "https://" + text


def problems(rx: str, mode: RegexMode) -> list[tuple[str, str]]:
    """(what is wrong, an origin an attacker can use) for regex ``rx`` under ``mode``."""
    out: list[tuple[str, str]] = []
    literal = _example(rx)
    if mode in (RegexMode.PREFIX, RegexMode.SEARCH) and not _ends_anchored(rx):
        out.append(("has no end anchor '$'", literal.rstrip("/") + ".attacker.example"))
    if mode is RegexMode.SEARCH and not rx.startswith(("^", "\\A", "/^")):
        host = literal.split("://", 1)[-1]
        out.append(("has no start anchor '^'", "https://attacker.example?" + host if "/" in host
                    else "https://" + "attacker-" + host))
    host_part = rx.split("//", 1)[-1]
    if _UNESCAPED_DOT.search(host_part):
        evil = literal.replace(".", "x", 1) if "." in literal else literal
        out.append(("has an unescaped '.' (matches any character)", evil))
    return out


def _core(rx: str) -> str:
    """The pattern between its anchors, dots escaped, with a scheme: an Origin always starts with
    one, so ``example\\.com$`` (any host ending so) becomes ``https://([a-z0-9-]+\\.)*example\\.com``."""
    start = rx.startswith(("^", "\\A", "/^"))
    core = rx.removeprefix("/").removeprefix("^").removeprefix("\\A")
    for end in ("/", "$", "\\z", "\\Z"):
        core = core.removesuffix(end)
    core = core.replace("\\/", "/")
    core = _UNESCAPED_DOT.sub(r"\\.", core)
    if "//" not in core and ":" not in core:
        core = "https://" + ("" if start else "([a-z0-9-]+\\.)*") + core
    return core


def fix_for(fmt: str, rx: str) -> str:
    """The anchored, escaped regex written the way ``fmt`` writes a regex."""
    core = _core(rx)
    slashed = core.replace("/", "\\/")  # inside /…/ literals
    if fmt == "rack":  # Ruby: ^/$ match at any line break; \A/\z are the string's ends
        return "anchor it with \\A and \\z and escape the dots: /\\A" + slashed + "\\z/"
    if fmt.startswith("express"):
        return "anchor and escape it: /^" + slashed + "$/"
    if fmt.startswith("go"):
        return "anchor and escape it: `^" + core + "$`"
    if fmt == "nginx":
        return 'anchor and escape it: "~^' + core + '$"'
    if fmt == "apache":
        return 'anchor and escape it: SetEnvIf Origin "^' + core + '$" CORS_ORIGIN=$0'
    return 'anchor and escape it: r"^' + core + '$"'


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    for rule in policy.origins:
        if rule.kind is not OriginKind.PATTERN or rule.mode in (None, RegexMode.GLOB):
            continue
        rx = rule.value.value
        if "://*." in rx or rx.startswith("*."):
            continue  # a glob in a regex option: CORS109
        found = problems(rx, rule.mode)
        if not found:
            continue
        what = " and ".join(p for p, _ in found)
        evil = found[0][1]
        fix = fix_for(policy.format, rx)
        yield make(
            "CORS703", at=rule.value.at, value=rx,
            message=(f"origin regex {rx!r} ({rule.option}, {rule.mode.value} match) {what}: "
                     f"{evil} is allowed"),
            consequence=consequence.no_console_error(
                f"A page on {evil} passes the origin check and reads the response"
                + (" with the user's cookies." if policy.credentialed else ".")),
            fix=fix, format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS703", check=check)
