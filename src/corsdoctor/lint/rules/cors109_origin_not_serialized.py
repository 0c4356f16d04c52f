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


#: Where each stack takes patterns instead of exact origins ({glob} as written, {regex} anchored).
GLOB_FIXES = {
    "starlette": 'allow_origin_regex=r"{regex}" (and drop {glob!r} from allow_origins)',
    "django-cors-headers": 'CORS_ALLOWED_ORIGIN_REGEXES = [r"{regex}"] (and drop {glob!r} from CORS_ALLOWED_ORIGINS)',
    "flask-cors": 'origins=[r"{regex}"] (Flask-CORS treats entries with regex characters as patterns)',
    "spring": 'allowedOriginPatterns("{glob}") (config.setAllowedOriginPatterns(List.of("{glob}")))',
    "aspnet": '.WithOrigins("{glob}").SetIsOriginAllowedToAllowWildcardSubdomains()',
    "express": "origin: [/{js_regex}/] (a RegExp, not a string)",
    "go-gin": "AllowWildcard: true (gin-contrib/cors then accepts {glob!r})",
    "quart-cors": 'allow_origin=[re.compile(r"{regex}")]',
    "aiohttp-cors": "aiohttp-cors keys are exact origins: list each origin the front-end is served from",
}


def glob_fix(fmt: str, glob: str) -> str:
    template = GLOB_FIXES.get(fmt)
    if template is None:
        return "use an exact origin, or the option that takes patterns"
    regex = _as_regex(glob)
    return template.format(glob=glob, regex=regex, js_regex=regex.replace("/", "\\/"))


def _intended(origin: str) -> str:
    """The page origin the author meant (``*.example.com`` → ``https://app.example.com``)."""
    return origin if "://" in origin else "https://" + origin.lstrip("/")


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
                    consequence=consequence.chromium("MissingAllowOriginHeader", policy,
                                                     origin=_intended(value.replace("*", "app", 1))),
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
        glob = fixed.startswith("an exact origin")
        intended = _intended(value.replace("*", "app", 1) if glob else fixed)
        if any(v.value.strip() == value for v in policy.acao_values):
            # Sent verbatim (a static header): the browser compares it with the page's origin.
            seen = consequence.chromium("AllowOriginMismatch", policy, hint=value, origin=intended)
        else:
            # An allowlist entry: the page's origin never matches it, so no ACAO is sent.
            seen = consequence.chromium("MissingAllowOriginHeader", policy, origin=intended)
        yield make(
            "CORS109", at=rule.value.at, value=value,
            message=f"{problem}; the browser's Origin never equals it",
            consequence=seen,
            fix=glob_fix(policy.format, value) if glob else f"write {fixed}",
            format=policy.format, scope=policy.scope,
        )


RULE = Rule(code="CORS109", check=check)
