"""The lab's endpoints: one per root cause, plus controls that pass.  Data, not code.

Each endpoint says how it answers (``preflight`` for OPTIONS with Access-Control-Request-Method,
``actual`` otherwise, ``errors`` for paths below it that should 404), how to check it (``probe``)
and what a browser decides (``expect``: Chromium's verdict code, ``None`` = allowed; and
``findings`` that must be reported).  The verdict itself always comes from the engine through the
real prober: nothing here is a result.

Placeholders in header values: ``{origin}`` echoes the request's Origin (the header is left out
when there is no Origin or ``allow`` does not list it); ``{base}`` is this listener's URL and
``{alt}`` the lab's second origin (same app, another port).  Recorded Chromium outcomes:
chromium-oracle.md §3.
"""

from __future__ import annotations

from dataclasses import dataclass

from corsdoctor.engine import HeaderList

PAGE = "http://localhost:3000"
OTHER_PAGE = "https://app.example.com"

ECHO = ("Access-Control-Allow-Origin", "{origin}")
VARY = ("Vary", "Origin")
CREDS = ("Access-Control-Allow-Credentials", "true")


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    status: int = 200
    headers: HeaderList = ()
    body: str = "ok\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Probe:
    """The page request that shows the root cause (what ``check`` is run with)."""

    method: str = "GET"
    headers: tuple[str, ...] = ()
    credentials: bool = False
    data: str | None = None
    origins: tuple[str, ...] = (PAGE,)


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    path: str
    cause: str
    expect: str | None
    findings: tuple[str, ...] = ()
    #: Which listener to check it through: app, proxy-strip, proxy-dup, cache.
    via: str = "app"
    probe: Probe = Probe()
    preflight: Reply | None = None
    actual: Reply = Reply()
    errors: Reply | None = None
    #: Origins ``{origin}`` echoes; None = any origin.
    allow: tuple[str, ...] | None = None
    #: Shown by ``lab`` and checked by ``demo`` (helpers such as redirect targets are not).
    listed: bool = True

    @property
    def control(self) -> bool:
        return self.expect is None and not self.findings


_PUT = Probe(method="PUT", data="x", headers=())
_PUT_KEY = Probe(method="PUT", data="x", headers=("X-Api-Key: k",))
_OK_PREFLIGHT = Reply(
    status=204,
    headers=(ECHO, ("Access-Control-Allow-Methods", "GET, PUT"), ("Access-Control-Allow-Headers", "X-Api-Key"),
             ("Access-Control-Max-Age", "600"), VARY),
    body="",
)  # fmt: skip

ENDPOINTS: tuple[Endpoint, ...] = (
    # --- controls ------------------------------------------------------------------------------
    Endpoint(path="/ok/simple", cause="control: simple GET, ACAO echoes the allowed origin", expect=None,
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/ok/public", cause="control: public API, ACAO *", expect=None,
             actual=Reply(headers=(("Access-Control-Allow-Origin", "*"),))),
    Endpoint(path="/ok/preflight", cause="control: PUT + X-Api-Key, preflight answered", expect=None,
             probe=_PUT_KEY, preflight=_OK_PREFLIGHT, actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/ok/credentials", cause="control: credentialed GET, origin allow-list + ACAC", expect=None,
             probe=Probe(credentials=True), allow=(PAGE, OTHER_PAGE), actual=Reply(headers=(ECHO, CREDS, VARY))),
    # --- the CORS check ------------------------------------------------------------------------
    Endpoint(path="/missing-acao", cause="ACAO missing", expect="CORS101", actual=Reply()),
    Endpoint(path="/acao-mismatch", cause="ACAO names another origin", expect="CORS102",
             actual=Reply(headers=(("Access-Control-Allow-Origin", OTHER_PAGE), VARY))),
    Endpoint(path="/acao-trailing-slash", cause="ACAO with a trailing slash never matches", expect="CORS102",
             actual=Reply(headers=(("Access-Control-Allow-Origin", "{origin}/"), VARY))),
    Endpoint(path="/wildcard-credentials", cause="'*' with credentials", expect="CORS105",
             probe=Probe(credentials=True),
             actual=Reply(headers=(("Access-Control-Allow-Origin", "*"), CREDS))),
    Endpoint(path="/acac-missing", cause="credentialed request without Allow-Credentials: true", expect="CORS106",
             probe=Probe(credentials=True), actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/duplicate-acao", cause="duplicated ACAO: app and proxy both add it", expect="CORS103",
             findings=("CORS108",), via="proxy-dup", actual=Reply(headers=(ECHO, VARY))),
    # --- preflight -----------------------------------------------------------------------------
    Endpoint(path="/options-404", cause="OPTIONS not handled (404, no CORS headers)", expect="CORS201",
             probe=_PUT, preflight=Reply(status=404, body="not found\n"), actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/options-405", cause="OPTIONS not handled (405 with ACAO)", expect="CORS201",
             probe=_PUT, preflight=Reply(status=405, headers=(ECHO, ("Allow", "GET, PUT"))),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/options-401", cause="OPTIONS behind authentication (401)", expect="CORS209",
             probe=Probe(headers=("Authorization: Bearer t",)),
             preflight=Reply(status=401, headers=(("WWW-Authenticate", 'Bearer realm="api"'),)),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/options-403", cause="OPTIONS refused by a firewall/gateway (403 with ACAO)", expect="CORS209",
             probe=_PUT, preflight=Reply(status=403, headers=(ECHO, VARY), body="forbidden\n"),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/method-not-allowed", cause="method not in Allow-Methods", expect="CORS203", probe=_PUT,
             preflight=Reply(status=204, headers=(ECHO, ("Access-Control-Allow-Methods", "GET, POST"), VARY), body=""),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/header-not-allowed", cause="request header not in Allow-Headers", expect="CORS204",
             probe=Probe(headers=("X-Api-Key: k",)),
             preflight=Reply(status=204, headers=(ECHO, ("Access-Control-Allow-Headers", "Content-Type"), VARY), body=""),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/preflight-redirect", cause="the preflight is redirected", expect="CORS202", probe=_PUT,
             preflight=Reply(status=301, headers=(ECHO, ("Access-Control-Allow-Methods", "PUT"),
                                                  ("Location", "{base}/ok/preflight")), body=""),
             actual=Reply(headers=(ECHO, VARY))),
    Endpoint(path="/max-age-above-cap", cause="Max-Age above every browser's cap", expect=None,
             findings=("CORS502",), probe=_PUT,
             preflight=Reply(status=204, headers=(ECHO, ("Access-Control-Allow-Methods", "PUT"),
                                                  ("Access-Control-Max-Age", "86400"), VARY), body=""),
             actual=Reply(headers=(ECHO, VARY))),
    # --- redirects -----------------------------------------------------------------------------
    Endpoint(path="/redirect-without-acao", cause="a redirect without CORS headers", expect="CORS101",
             actual=Reply(status=302, headers=(("Location", "{base}/ok/simple"),), body="")),
    Endpoint(path="/tainted-redirect", cause="cross-origin redirect: Origin becomes 'null'", expect="CORS306",
             actual=Reply(status=302, headers=(ECHO, VARY, ("Location", "{alt}/allow-page-origin")), body="")),
    Endpoint(path="/allow-page-origin", cause="(redirect target) allows only the page origin", expect=None,
             listed=False, actual=Reply(headers=(("Access-Control-Allow-Origin", PAGE), VARY))),
    # --- errors --------------------------------------------------------------------------------
    Endpoint(path="/error-500", cause="a 500 without CORS headers shows up as a CORS error", expect="CORS107",
             actual=Reply(status=500, body="Internal Server Error\n")),
    Endpoint(path="/errors-without-cors", cause="works, but its 404s lack CORS headers", expect=None,
             findings=("CORS107",), actual=Reply(headers=(ECHO, VARY)), errors=Reply(status=404, body="nope\n")),
    # --- caching -------------------------------------------------------------------------------
    Endpoint(path="/no-vary", cause="dynamic ACAO without Vary: Origin", expect=None, findings=("CORS501",),
             actual=Reply(headers=(ECHO,))),
    Endpoint(path="/cache-ignores-vary", cause="a cache ignores Vary and serves the first origin's ACAO",
             expect="CORS102", findings=("CORS504",), via="cache", probe=Probe(origins=(PAGE, OTHER_PAGE)),
             actual=Reply(headers=(ECHO, VARY, ("Cache-Control", "public, max-age=60")))),
    # --- proxies -------------------------------------------------------------------------------
    Endpoint(path="/proxy-strips-acao", cause="a proxy hop strips the app's ACAO", expect="CORS101",
             via="proxy-strip", actual=Reply(headers=(ECHO, VARY))),
    # --- security ------------------------------------------------------------------------------
    Endpoint(path="/reflect-any-origin", cause="any origin reflected with credentials", expect=None,
             findings=("CORS701",), probe=Probe(credentials=True), actual=Reply(headers=(ECHO, CREDS, VARY))),
    Endpoint(path="/null-origin-allowed", cause="Origin 'null' allowed with credentials", expect=None,
             findings=("CORS702",), probe=Probe(credentials=True), allow=(PAGE, "null"),
             actual=Reply(headers=(ECHO, CREDS, VARY))),
)  # fmt: skip


def find(path: str) -> tuple[Endpoint, bool] | None:
    """The endpoint serving ``path`` and whether ``path`` is below it (an error path)."""
    for endpoint in ENDPOINTS:
        if path == endpoint.path:
            return endpoint, False
    for endpoint in ENDPOINTS:
        if path.startswith(endpoint.path + "/"):
            return endpoint, True
    return None
