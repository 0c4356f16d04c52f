"""CORS109: a configured origin that no browser ever sends.

https://fetch.spec.whatwg.org/#origin-header — an ``Origin`` is ``scheme://host[:port]``: no path,
no trailing slash, no default port (https:443/http:80 are omitted), and never a glob.  The
comparison in https://fetch.spec.whatwg.org/#cors-check is byte-exact, so such an entry never
matches (Chromium: AllowOriginMismatch).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from corsdoctor.lint import consequence
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.policy import CorsPolicy, OriginKind
from corsdoctor.lint.rules._base import Rule


def diagnose(value: str, *, glob_ok: bool, trims_slash: bool) -> tuple[str, str] | None:
    """(problem, corrected value) or ``None`` when ``value`` is a serialized origin."""
    v = value.strip()
    if v in ("*", "null", "") or v.startswith("$") or "%{" in v:
        return None
    if "," in v or " " in v:
        return None  # a list: CORS103
    if "://" not in v:
        fixed = "https://" + v.lstrip("/").rstrip("/")
        return (f"{v!r} has no scheme", fixed)
    parts = urlsplit(v)
    scheme, rest = v.split("://", 1)
    host, _, path = rest.partition("/")
    if "*" in host and not glob_ok:
        return (f"{v!r} is a glob, but this option compares exact strings",
                "an exact origin, or the option that takes patterns")
    if path or v.endswith("/"):
        if trims_slash and not path.strip("/"):
            return None
        what = "a trailing slash" if not path.strip("/") else f"a path '/{path}'"
        return (f"{v!r} has {what}", f"{scheme}://{host}")
    if parts.query or parts.fragment:
        return (f"{v!r} has a query or fragment", f"{scheme}://{host}")
    try:
        port = parts.port
    except ValueError:
        return (f"{v!r} has an invalid port", f"{scheme}://{parts.hostname}")
    if (scheme, port) in (("https", 443), ("http", 80)):
        return (f"{v!r} names the default port, which browsers omit from Origin",
                f"{scheme}://{parts.hostname}")
    if scheme not in ("http", "https") and "*" not in scheme:
        return None
    return None


def _as_regex(glob: str) -> str:
    return "^" + glob.replace(".", "\\.").replace("*", "[a-z0-9-]+") + "$"


def check(policy: CorsPolicy) -> Iterator[LintFinding]:
    for rule in policy.origins:
        value = rule.value.value
        if rule.kind is OriginKind.PATTERN:
            if ("://*." in value or value.startswith("*.")) and rule.mode is not None \
                    and rule.mode.value != "glob":
                yield make(
                    "CORS109", at=rule.value.at, value=value,
                    message=(f"{value!r} is glob syntax in a regex option ({rule.option}): '*' "
                             "repeats the previous character and '.' matches anything"),
                    consequence=consequence.chromium("AllowOriginMismatch", policy,
                                                     hint=value.replace("*", "app")),
                    fix=f"write a regex: {_as_regex(value)!r}",
                    format=policy.format, scope=policy.scope,
                )
            continue
        if rule.kind is not OriginKind.EXACT:
            continue
        found = diagnose(value, glob_ok=rule.glob_ok, trims_slash=rule.trims_slash)
        if found is None:
            continue
        problem, fixed = found
        yield make(
            "CORS109", at=rule.value.at, value=value,
            message=f"{problem}; the browser's Origin never equals it",
            consequence=consequence.chromium("AllowOriginMismatch", policy, hint=value,
                                             origin=fixed if "://" in fixed else None),
            fix=f"write {fixed}" if "://" in fixed else f"use {fixed}",
            format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS109", check=check)
