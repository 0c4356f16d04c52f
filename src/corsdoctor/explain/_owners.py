"""Who most likely owns the bug: inferred from the URL, the status and the value in the message.

The code's documentation gives the default order (``knowledge.get(code).where_to_look``);
evidence in the message moves an owner to the front with the reason it was moved.

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from corsdoctor.knowledge import Owner, get

#: Host suffixes (or patterns) that name the layer answering the request.
_HOSTS: tuple[tuple[re.Pattern[str], Owner, str], ...] = (
    (re.compile(r"\.execute-api\.[a-z0-9-]+\.amazonaws\.com$"), Owner.GATEWAY,
     "the URL is an AWS API Gateway endpoint (execute-api)"),
    (re.compile(r"\.lambda-url\.[a-z0-9-]+\.on\.aws$"), Owner.GATEWAY,
     "the URL is a Lambda function URL (its CORS settings answer)"),
    (re.compile(r"\.azure-api\.net$"), Owner.GATEWAY, "the URL is an Azure API Management gateway"),
    (re.compile(r"(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com$|\.s3\.amazonaws\.com$"), Owner.STORAGE,
     "the URL is an S3 bucket: its CORS rules answer"),
    (re.compile(r"^storage\.googleapis\.com$|\.storage\.googleapis\.com$|^firebasestorage\.googleapis\.com$"),
     Owner.STORAGE, "the URL is a Google Cloud Storage bucket: its CORS JSON answers"),
    (re.compile(r"\.blob\.core\.windows\.net$"), Owner.STORAGE, "the URL is Azure Blob Storage"),
    (re.compile(r"\.amazonaws\.com$"), Owner.GATEWAY, "the URL is an AWS service endpoint"),
    (re.compile(r"\.cloudfront\.net$"), Owner.CDN, "the URL is a CloudFront distribution"),
    (re.compile(r"\.(workers\.dev|akamaized\.net|fastly\.net|azureedge\.net|b-cdn\.net)$"), Owner.CDN,
     "the URL is served by a CDN / edge worker"),
    (re.compile(r"\.(netlify\.app|vercel\.app|pages\.dev|github\.io|web\.app|firebaseapp\.com|"
                r"onrender\.com|surge\.sh)$"), Owner.STATIC_HOST,
     "the URL is on a static host: header rules skip functions and proxies"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerGuess:
    owner: Owner
    why: str
    look_for: tuple[str, ...]


def _host_evidence(url: str | None) -> list[tuple[Owner, str]]:
    if not url:
        return []
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return []
    for pattern, owner, why in _HOSTS:
        if pattern.search(host):
            return [(owner, why)]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host == "localhost" or host.endswith(".localhost") or (address is not None and address.is_private):
        return [(Owner.APP, "the URL is a local/development server: its CORS middleware (or dev proxy) answers")]
    return []


def _status_evidence(code: str, stage: str, status: int | None) -> list[tuple[Owner, str]]:
    if status is None:
        return []
    if status in (502, 503, 504):
        return [(Owner.PROXY, f"status {status} is an error page from a proxy or gateway: the app did not answer"),
                (Owner.GATEWAY, f"gateways answer {status} themselves, without the app's CORS headers")]
    if status == 413:
        return [(Owner.PROXY, "413: the proxy's body-size limit answered (client_max_body_size)")]
    if status == 429:
        return [(Owner.GATEWAY, "429: a rate limit answered before the CORS layer")]
    if status in (401, 403):
        return [(Owner.APP, f"{status}: authentication rejected the request before CORS headers were added"),
                (Owner.GATEWAY, f"{status}: a gateway authorizer or API key check rejected it")]
    if status in (404, 405) and stage == "preflight":
        return [(Owner.APP, f"{status} on OPTIONS: no route or middleware answers the preflight"),
                (Owner.PROXY, f"{status} on OPTIONS: the proxy does not pass or answer OPTIONS")]
    if status >= 500:
        return [(Owner.APP, f"{status}: the app failed and its error response lacks CORS headers")]
    if status >= 400:
        return [(Owner.APP, f"{status}: an error response built without CORS headers")]
    return []


def _registrable(host: str) -> str:
    """Roughly the registrable domain: the last two labels, three under ``co.uk``-style suffixes."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _value_evidence(code: str, value: str | None, origin: str | None) -> list[tuple[Owner, str]]:
    if code == "CORS108":
        return [(Owner.PROXY, "two Access-Control-Allow-Origin values: the proxy adds one ..."),
                (Owner.APP, "... and the app adds another")]
    if value is None:
        return []
    if value == "(null)":
        return [(Owner.PROXY, "'(null)' is what Apache mod_headers prints for an unset %{VAR}e/%{VAR}i: "
                              "the Header directive's variable was never set")]
    if "$" in value or "{{" in value or "%{" in value:
        return [(Owner.PROXY, f"{value!r} is an unexpanded variable: a config template (envsubst, Helm, "
                              "nginx include) was not rendered, or the variable is not defined there")]
    if code == "CORS102" and origin and value != origin and value.startswith(("http://", "https://")):
        other = (urlsplit(value).hostname or "").lower()
        mine = (urlsplit(origin).hostname or "").lower()
        if other and mine and _registrable(other) == _registrable(mine):
            return [(Owner.CDN, f"{value} is a sibling origin of yours: a shared cache (CDN/proxy) may have "
                                "served a response stored for it; the cache key or Vary must include Origin "
                                "(CORS505)"),
                    (Owner.APP, f"... or the allow-list answers with one fixed origin ({value}) instead of "
                                "echoing the matching one")]
        return [(Owner.APP, f"the server answers with another origin ({value}): an allow-list configured "
                            "with a single fixed origin, or one for another environment")]
    return []


def infer_owners(code: str | None, *, url: str | None, stage: str, status: int | None,
                 value: str | None = None, origin: str | None = None) -> tuple[OwnerGuess, ...]:
    """Owners, most likely first, each with why and what to grep for."""
    evidence = _host_evidence(url)
    if code is not None:
        evidence += _value_evidence(code, value, origin) + _status_evidence(code, stage, status)
    places = get(code).where_to_look if code is not None else ()
    grep: dict[Owner, tuple[str, ...]] = {}
    default_why: dict[Owner, str] = {}
    for place in places:
        grep.setdefault(place.owner, ())
        grep[place.owner] += place.grep
        default_why.setdefault(place.owner, place.what)
    out: list[OwnerGuess] = []
    seen: set[Owner] = set()
    for owner, why in evidence + [(p.owner, default_why[p.owner]) for p in places]:
        if owner in seen:
            continue
        seen.add(owner)
        out.append(OwnerGuess(owner=owner, why=why, look_for=grep.get(owner, ())))
    return tuple(out)
