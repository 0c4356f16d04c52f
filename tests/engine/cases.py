"""Named exchanges that reach each check (and so each console-message template) of the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from corsdoctor.engine import (
    Api,
    CredentialsMode,
    ExchangeKind,
    Mode,
    PageRequest,
    RedirectMode,
    Response,
    Transaction,
    Verdict,
    WireRequest,
)

PAGE = "https://app.example"
API = "https://api.example/v1/items"
OTHER = "https://other.example/v1/items"


def ok(*extra: tuple[str, str], status: int = 200) -> Response:
    return Response(status=status, headers=(("Access-Control-Allow-Origin", PAGE), *extra))


@dataclass(frozen=True)
class Case:
    request: Mapping[str, object]
    preflight: Response | None = None
    responses: tuple[Response, ...] = ()
    #: later preflights (after redirects), by hop
    later_preflights: dict[int, Response] = field(default_factory=dict)
    net_error: str | None = None

    def page_request(self, api: Api = Api.FETCH) -> PageRequest:
        kw = {"url": API, "origin": PAGE, **self.request, "api": api}
        return PageRequest(**kw)  # type: ignore[arg-type]

    def run(self, profile: str, api: Api = Api.FETCH) -> Verdict:
        def respond(wire: WireRequest) -> Response | str:
            if self.net_error is not None:
                return self.net_error
            if wire.kind is ExchangeKind.PREFLIGHT:
                if wire.hop == 0 and self.preflight is not None:
                    return self.preflight
                return self.later_preflights.get(wire.hop, ok(("Access-Control-Allow-Methods", "PUT")))
            return self.responses[min(wire.hop, len(self.responses) - 1)]

        return Transaction(self.page_request(api), profile).run(respond)


PUT = {"method": "PUT", "has_body": True}
INCLUDE = {"credentials": CredentialsMode.INCLUDE}

CASES: dict[str, Case] = {
    "missing-acao": Case({}, responses=(Response(status=200),)),
    "missing-acao-500": Case({}, responses=(Response(status=500),)),
    "acao-mismatch": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", OTHER),)),)),
    "acao-trailing-slash": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", PAGE + "/"),)),)),
    "acao-two-lines": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Origin", PAGE))),)),
    "acao-list": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", f"{PAGE}, {OTHER}"),)),)),
    "acao-invalid": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", "app.example"),)),)),
    "acao-null": Case({}, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", "null"),)),)),
    "wildcard-credentials": Case(INCLUDE, responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true"))),)),
    "acac-missing": Case(INCLUDE, responses=(ok(),)),
    "acac-wrong-case": Case(INCLUDE, responses=(ok(("Access-Control-Allow-Credentials", "True")),)),
    "preflight-404-no-cors": Case(PUT, preflight=Response(status=404), responses=(ok(),)),
    "preflight-405-with-acao": Case(PUT, preflight=ok(status=405), responses=(ok(),)),
    "preflight-401": Case(PUT, preflight=Response(status=401, headers=(("WWW-Authenticate", "Bearer"),)), responses=(ok(),)),
    "preflight-redirect": Case(PUT, preflight=ok(("Location", "https://api.example/login"), status=302), responses=(ok(),)),
    "preflight-acao-mismatch": Case(PUT, preflight=Response(status=204, headers=(("Access-Control-Allow-Origin", OTHER), ("Access-Control-Allow-Methods", "PUT"))), responses=(ok(),)),
    "preflight-wildcard-credentials": Case({**PUT, **INCLUDE}, preflight=Response(status=204, headers=(("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"))), responses=(ok(),)),
    "preflight-acac-missing": Case({**PUT, **INCLUDE}, preflight=ok(("Access-Control-Allow-Methods", "PUT"), status=204), responses=(ok(),)),
    "method-not-allowed": Case(PUT, preflight=ok(("Access-Control-Allow-Methods", "GET, POST"), status=204), responses=(ok(),)),
    "method-case": Case({"method": "patch", "has_body": True}, preflight=ok(("Access-Control-Allow-Methods", "PATCH"), status=204), responses=(ok(),)),
    "method-wildcard-credentials": Case({**PUT, **INCLUDE}, preflight=ok(("Access-Control-Allow-Methods", "*"), ("Access-Control-Allow-Credentials", "true"), status=204), responses=(ok(),)),
    "header-not-allowed": Case({"headers": (("X-Api-Key", "k"),)}, preflight=ok(("Access-Control-Allow-Headers", "Content-Type"), status=204), responses=(ok(),)),
    "json-content-type": Case({"method": "POST", "has_body": True, "headers": (("Content-Type", "application/json"),)}, preflight=ok(status=204), responses=(ok(),)),
    "authorization-wildcard": Case({"headers": (("Authorization", "Bearer t"),)}, preflight=Response(status=204, headers=(("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "*"))), responses=(Response(status=200, headers=(("Access-Control-Allow-Origin", "*"),)),)),
    "invalid-allow-methods": Case(PUT, preflight=ok(("Access-Control-Allow-Methods", "GET; PUT"), status=204), responses=(ok(),)),
    "invalid-allow-headers": Case({"headers": (("X-Api-Key", "k"),)}, preflight=ok(("Access-Control-Allow-Headers", "x-api-key, [x]"), status=204), responses=(ok(),)),
    "redirect-without-acao": Case({}, responses=(Response(status=302, headers=(("Location", "/v2/items"),)), ok())),
    "redirect-target-missing-acao": Case({}, responses=(ok(("Location", "/v2/items"), status=302), Response(status=200))),
    "redirect-tainted-origin": Case({}, responses=(ok(("Location", OTHER), status=302), Response(status=200, headers=(("Access-Control-Allow-Origin", PAGE),)))),
    "redirect-credentials": Case({}, responses=(ok(("Location", "https://user:pw@other.example/x"), status=302), ok())),
    "redirect-ftp": Case({}, responses=(ok(("Location", "ftp://files.example/x"), status=302), ok())),
    "redirect-mode-error": Case({"redirect": RedirectMode.ERROR}, responses=(ok(("Location", "/v2/items"), status=302), ok())),
    "too-many-redirects": Case({}, responses=(ok(("Location", "/loop"), status=302),)),
    "same-origin-mode": Case({"mode": Mode.SAME_ORIGIN}, responses=(ok(),)),
    "no-cors-redirect-error": Case({"mode": Mode.NO_CORS, "redirect": RedirectMode.ERROR}, responses=(ok(),)),
    "scheme-not-http": Case({"url": "ftp://files.example/x"}, responses=(ok(),)),
    "connection-refused": Case({}, net_error="net::ERR_CONNECTION_REFUSED"),
    "allowed-simple": Case({}, responses=(ok(("Vary", "Origin")),)),
    "mixed-content": Case({"url": "http://api.example/v1/items"}, responses=(ok(),)),
    "mixed-content-loopback": Case({"url": "http://127.0.0.1:8080/v1/items"}, responses=(ok(),)),
}
