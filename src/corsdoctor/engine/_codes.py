"""The finding-code registry: ``CORSnnn`` + a kebab-case name, permanent, never reused.

Rules of this file (read before editing):

* A code names the *problem*, not the detector: the engine (probe, HAR replay), the linter and
  the real browser all report the same code for the same problem.
* The hundreds are the category: 0xx classification notes, 1xx the CORS check (ACAO/ACAC),
  2xx preflight, 3xx redirects, 4xx exposure, 5xx caching and ``Vary``, 6xx network, request
  rejection and Local Network Access, 7xx security smells, 8xx configuration-layer mistakes that
  only a linter can see, 9xx tool conditions (unreachable, unparsable, bad input).
* Codes are appended, never renumbered or removed.  A retired code keeps its entry.
* Prose for people (root cause, where to look, fixes, verify steps) lives in
  ``corsdoctor.knowledge``; this file holds only what the engine needs to decide and to word the
  browsers' own messages.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """Ordered so that ``--fail-on`` can compare."""

    INFO = 0
    WARNING = 1
    ERROR = 2
    SECURITY = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


class Category(enum.Enum):
    CLASSIFICATION = "classification"
    CORS_CHECK = "cors-check"
    PREFLIGHT = "preflight"
    REDIRECT = "redirect"
    EXPOSURE = "exposure"
    CACHING = "caching"
    NETWORK = "network"
    SECURITY = "security"
    CONFIGURATION = "configuration"
    TOOL = "tool"


_CATEGORY_BY_HUNDRED = {
    0: Category.CLASSIFICATION,
    1: Category.CORS_CHECK,
    2: Category.PREFLIGHT,
    3: Category.REDIRECT,
    4: Category.EXPOSURE,
    5: Category.CACHING,
    6: Category.NETWORK,
    7: Category.SECURITY,
    8: Category.CONFIGURATION,
    9: Category.TOOL,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInfo:
    """One registered finding code.

    ``chromium_error`` is Chromium's ``network::mojom::CorsError`` name as DevTools prints it
    (``Network.CorsError``), for the actual-request stage; the ``Preflight…`` twin is derived by
    the engine when the same problem is found on a preflight response.  ``firefox_key`` is the
    ``security.properties`` key; ``safari`` a short name of WebKit's message template.
    """

    code: str
    name: str
    severity: Severity
    title: str
    spec: str
    chromium_error: str | None = None
    firefox_key: str | None = None
    safari: str | None = None

    @property
    def number(self) -> int:
        return int(self.code[4:])

    @property
    def category(self) -> Category:
        return _CATEGORY_BY_HUNDRED[self.number // 100]


_F = "https://fetch.spec.whatwg.org/"
_S = Severity

_ALL: tuple[CodeInfo, ...] = (
    # 0xx classification notes ---------------------------------------------------------------
    CodeInfo(
        code="CORS001",
        name="same-origin-request",
        severity=_S.INFO,
        title="Same-origin request: the CORS protocol does not apply",
        spec=_F + "#main-fetch",
    ),
    CodeInfo(
        code="CORS002",
        name="simple-request",
        severity=_S.INFO,
        title="No preflight: the method and headers are CORS-safelisted",
        spec=_F + "#cors-safelisted-method",
    ),
    CodeInfo(
        code="CORS003",
        name="preflight-required",
        severity=_S.INFO,
        title="A CORS preflight (OPTIONS) is sent first",
        spec=_F + "#cors-preflight-fetch",
    ),
    CodeInfo(
        code="CORS004",
        name="opaque-response",
        severity=_S.INFO,
        title="no-cors mode: the response is opaque to script",
        spec=_F + "#concept-filtered-response-opaque",
    ),
    CodeInfo(
        code="CORS005",
        name="authorization-covered-by-wildcard",
        severity=_S.WARNING,
        title="Authorization passes only because browsers let '*' cover it (the spec does not)",
        spec=_F + "#cors-non-wildcard-request-header-name",
        firefox_key="CORSAllowHeaderFromPreflightDeprecation",
    ),
    CodeInfo(
        code="CORS006",
        name="origin-tainted-by-redirect",
        severity=_S.INFO,
        title="A cross-origin redirect made the request's Origin 'null'",
        spec=_F + "#concept-request-tainted-origin",
    ),
    CodeInfo(
        code="CORS007",
        name="preflight-cache-hit",
        severity=_S.INFO,
        title="The preflight was answered from the browser's preflight cache",
        spec=_F + "#cors-preflight-cache",
    ),
    # 1xx the CORS check ---------------------------------------------------------------------
    CodeInfo(
        code="CORS101",
        name="missing-allow-origin",
        severity=_S.ERROR,
        title="No Access-Control-Allow-Origin header on the response",
        spec=_F + "#cors-check",
        chromium_error="MissingAllowOriginHeader",
        firefox_key="CORSMissingAllowOrigin2",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS102",
        name="allow-origin-mismatch",
        severity=_S.ERROR,
        title="Access-Control-Allow-Origin does not equal the request's Origin",
        spec=_F + "#cors-check",
        chromium_error="AllowOriginMismatch",
        firefox_key="CORSAllowOriginNotMatchingOrigin",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS103",
        name="multiple-allow-origin-values",
        severity=_S.ERROR,
        title="Access-Control-Allow-Origin carries more than one value",
        spec=_F + "#cors-check",
        chromium_error="MultipleAllowOriginValues",
        firefox_key="CORSMultipleAllowOriginNotAllowed",
        safari="multiple-origins",
    ),
    CodeInfo(
        code="CORS104",
        name="invalid-allow-origin-value",
        severity=_S.ERROR,
        title="Access-Control-Allow-Origin is not a valid origin, 'null' or '*'",
        spec=_F + "#http-new-header-syntax",
        chromium_error="InvalidAllowOriginValue",
        firefox_key="CORSAllowOriginNotMatchingOrigin",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS105",
        name="wildcard-origin-with-credentials",
        severity=_S.ERROR,
        title="Access-Control-Allow-Origin '*' cannot be used with credentials",
        spec=_F + "#cors-protocol-and-credentials",
        chromium_error="WildcardOriginNotAllowed",
        firefox_key="CORSNotSupportingCredentials",
        safari="wildcard-with-credentials",
    ),
    CodeInfo(
        code="CORS106",
        name="invalid-allow-credentials",
        severity=_S.ERROR,
        title="Credentialed request, but Access-Control-Allow-Credentials is not exactly 'true'",
        spec=_F + "#cors-check",
        chromium_error="InvalidAllowCredentials",
        firefox_key="CORSMissingAllowCredentials",
        safari="credentials-not-true",
    ),
    CodeInfo(
        code="CORS107",
        name="error-response-without-cors-headers",
        severity=_S.WARNING,
        title="An error response (4xx/5xx) lacks the CORS headers: it surfaces as a CORS error",
        spec=_F + "#cors-check",
        chromium_error="MissingAllowOriginHeader",
        firefox_key="CORSMissingAllowOrigin2",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS108",
        name="duplicate-allow-origin-owners",
        severity=_S.ERROR,
        title="Two layers (app and proxy/CDN) both set Access-Control-Allow-Origin",
        spec=_F + "#cors-check",
        chromium_error="MultipleAllowOriginValues",
        firefox_key="CORSMultipleAllowOriginNotAllowed",
        safari="multiple-origins",
    ),
    CodeInfo(
        code="CORS109",
        name="allow-origin-not-serialized-origin",
        severity=_S.ERROR,
        title="A configured origin has a path, trailing slash, glob or no scheme: it never matches",
        spec=_F + "#origin-header",
        chromium_error="AllowOriginMismatch",
        firefox_key="CORSAllowOriginNotMatchingOrigin",
        safari="origin-not-allowed",
    ),
    # 2xx preflight --------------------------------------------------------------------------
    CodeInfo(
        code="CORS201",
        name="preflight-invalid-status",
        severity=_S.ERROR,
        title="The preflight (OPTIONS) response is not 2xx: OPTIONS is not handled",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="PreflightInvalidStatus",
        firefox_key="CORSPreflightDidNotSucceed3",
        safari="preflight-not-successful",
    ),
    CodeInfo(
        code="CORS202",
        name="preflight-redirect",
        severity=_S.ERROR,
        title="The preflight response is a redirect; preflights never follow redirects",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="PreflightDisallowedRedirect",
        firefox_key="CORSExternalRedirectNotAllowed",
        safari="preflight-not-successful",
    ),
    CodeInfo(
        code="CORS203",
        name="method-not-allowed",
        severity=_S.ERROR,
        title="The request method is not in Access-Control-Allow-Methods",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="MethodDisallowedByPreflightResponse",
        firefox_key="CORSMethodNotFound",
        safari="method-not-allowed",
    ),
    CodeInfo(
        code="CORS204",
        name="header-not-allowed",
        severity=_S.ERROR,
        title="A request header is not in Access-Control-Allow-Headers",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="HeaderDisallowedByPreflightResponse",
        firefox_key="CORSMissingAllowHeaderFromPreflight2",
        safari="header-not-allowed",
    ),
    CodeInfo(
        code="CORS205",
        name="invalid-allow-methods",
        severity=_S.ERROR,
        title="Access-Control-Allow-Methods cannot be parsed (an item is not a token)",
        spec=_F + "#http-new-header-syntax",
        chromium_error="InvalidAllowMethodsPreflightResponse",
        firefox_key="CORSInvalidAllowMethod",
        safari="invalid-allow-methods",
    ),
    CodeInfo(
        code="CORS206",
        name="invalid-allow-headers",
        severity=_S.ERROR,
        title="Access-Control-Allow-Headers cannot be parsed (an item is not a token)",
        spec=_F + "#http-new-header-syntax",
        chromium_error="InvalidAllowHeadersPreflightResponse",
        firefox_key="CORSInvalidAllowHeader",
        safari="invalid-allow-headers",
    ),
    CodeInfo(
        code="CORS207",
        name="authorization-not-allowed",
        severity=_S.ERROR,
        title="Authorization is sent but not listed in Access-Control-Allow-Headers",
        spec=_F + "#cors-non-wildcard-request-header-name",
        chromium_error="HeaderDisallowedByPreflightResponse",
        firefox_key="CORSMissingAllowHeaderFromPreflight2",
        safari="header-not-allowed",
    ),
    CodeInfo(
        code="CORS208",
        name="wildcard-allow-with-credentials",
        severity=_S.ERROR,
        title="'*' in Allow-Methods/Allow-Headers/Expose-Headers is literal for credentialed requests",
        spec=_F + "#cors-protocol-and-credentials",
    ),
    CodeInfo(
        code="CORS209",
        name="preflight-behind-auth",
        severity=_S.ERROR,
        title="OPTIONS requires authentication, but preflights never carry credentials",
        spec=_F + "#cors-protocol-and-credentials",
        chromium_error="PreflightInvalidStatus",
        firefox_key="CORSPreflightDidNotSucceed3",
        safari="preflight-not-successful",
    ),
    CodeInfo(
        code="CORS210",
        name="preflight-unhandled",
        severity=_S.ERROR,
        title="No layer answers the preflight (OPTIONS) for this route",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="PreflightInvalidStatus",
        firefox_key="CORSPreflightDidNotSucceed3",
        safari="preflight-not-successful",
    ),
    CodeInfo(
        code="CORS211",
        name="preflight-missing-allow-private-network",
        severity=_S.ERROR,
        title="Private Network Access preflight lacks Access-Control-Allow-Private-Network: true",
        spec="https://wicg.github.io/private-network-access/",
        chromium_error="PreflightMissingAllowPrivateNetwork",
    ),
    CodeInfo(
        code="CORS212",
        name="narrow-default-methods",
        severity=_S.WARNING,
        title="The framework's default allowed methods/headers are narrower than the app uses",
        spec=_F + "#cors-preflight-fetch",
        chromium_error="MethodDisallowedByPreflightResponse",
        firefox_key="CORSMethodNotFound",
        safari="method-not-allowed",
    ),
    # 3xx redirects --------------------------------------------------------------------------
    CodeInfo(
        code="CORS301",
        name="redirect-contains-credentials",
        severity=_S.ERROR,
        title="A redirect Location carries user:password@ in a CORS request",
        spec=_F + "#http-redirect-fetch",
        chromium_error="RedirectContainsCredentials",
        firefox_key="CORSDidNotSucceed2",
        safari="redirect-has-credentials",
    ),
    CodeInfo(
        code="CORS302",
        name="too-many-redirects",
        severity=_S.ERROR,
        title="More than 20 redirects",
        spec=_F + "#http-redirect-fetch",
        firefox_key="CORSDidNotSucceed2",
        safari="too-many-redirects",
    ),
    CodeInfo(
        code="CORS303",
        name="redirect-to-non-http-scheme",
        severity=_S.ERROR,
        title="A redirect points to a scheme other than http(s)",
        spec=_F + "#http-redirect-fetch",
        chromium_error="CorsDisabledScheme",
        firefox_key="CORSRequestNotHttp",
        safari="redirect-non-cors-scheme",
    ),
    CodeInfo(
        code="CORS304",
        name="redirect-mode-error",
        severity=_S.ERROR,
        title="The request's redirect mode is 'error' but the server redirected",
        spec=_F + "#http-fetch",
        firefox_key="CORSDidNotSucceed2",
        safari="redirect-mode-error",
    ),
    CodeInfo(
        code="CORS305",
        name="invalid-redirect-location",
        severity=_S.ERROR,
        title="A redirect's Location cannot be parsed as a URL",
        spec=_F + "#http-redirect-fetch",
        firefox_key="CORSDidNotSucceed2",
    ),
    CodeInfo(
        code="CORS306",
        name="tainted-origin-not-allowed",
        severity=_S.ERROR,
        title="After a cross-origin redirect the Origin is 'null', and the server does not allow it",
        spec=_F + "#concept-request-tainted-origin",
        chromium_error="AllowOriginMismatch",
        firefox_key="CORSAllowOriginNotMatchingOrigin",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS307",
        name="redirect-across-origins",
        severity=_S.INFO,
        title="The request is redirected to another origin",
        spec=_F + "#http-redirect-fetch",
    ),
    # 4xx exposure ---------------------------------------------------------------------------
    CodeInfo(
        code="CORS401",
        name="header-not-exposed",
        severity=_S.WARNING,
        title="A response header the page reads is not in Access-Control-Expose-Headers",
        spec=_F + "#concept-filtered-response-cors",
    ),
    CodeInfo(
        code="CORS402",
        name="invalid-expose-headers",
        severity=_S.WARNING,
        title="Access-Control-Expose-Headers cannot be parsed; only safelisted headers are readable",
        spec=_F + "#http-new-header-syntax",
    ),
    CodeInfo(
        code="CORS403",
        name="expose-wildcard-with-credentials",
        severity=_S.WARNING,
        title="Access-Control-Expose-Headers '*' is literal for credentialed requests",
        spec=_F + "#cors-protocol-and-credentials",
    ),
    CodeInfo(
        code="CORS404",
        name="expose-forbidden-header",
        severity=_S.INFO,
        title="Set-Cookie can never be exposed to script",
        spec=_F + "#forbidden-response-header-name",
    ),
    # 5xx caching ----------------------------------------------------------------------------
    CodeInfo(
        code="CORS501",
        name="missing-vary-origin",
        severity=_S.WARNING,
        title="Access-Control-Allow-Origin depends on Origin but the response lacks 'Vary: Origin'",
        spec=_F + "#cors-protocol-and-http-caches",
    ),
    CodeInfo(
        code="CORS502",
        name="max-age-above-cap",
        severity=_S.INFO,
        title="Access-Control-Max-Age exceeds a browser's cap; the browser clamps it",
        spec=_F + "#cors-preflight-cache",
    ),
    CodeInfo(
        code="CORS503",
        name="invalid-max-age",
        severity=_S.WARNING,
        title="Access-Control-Max-Age is not a number of seconds",
        spec=_F + "#http-new-header-syntax",
    ),
    CodeInfo(
        code="CORS504",
        name="cached-for-other-origin",
        severity=_S.ERROR,
        title="A cache served a response whose Access-Control-Allow-Origin was for another origin",
        spec=_F + "#cors-protocol-and-http-caches",
        chromium_error="AllowOriginMismatch",
        firefox_key="CORSAllowOriginNotMatchingOrigin",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS505",
        name="cache-key-without-origin",
        severity=_S.ERROR,
        title="A CDN/proxy cache key does not include Origin, or Vary: Origin is not honoured",
        spec=_F + "#cors-protocol-and-http-caches",
    ),
    CodeInfo(
        code="CORS506",
        name="origin-not-forwarded",
        severity=_S.ERROR,
        title="A proxy/CDN does not forward the Origin header to the backend",
        spec=_F + "#origin-header",
        chromium_error="MissingAllowOriginHeader",
        firefox_key="CORSMissingAllowOrigin2",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS507",
        name="cors-header-stripped",
        severity=_S.ERROR,
        title="A proxy/CDN hop removed a CORS header the backend sent",
        spec=_F + "#cors-check",
        chromium_error="MissingAllowOriginHeader",
        firefox_key="CORSMissingAllowOrigin2",
        safari="origin-not-allowed",
    ),
    CodeInfo(
        code="CORS508",
        name="cors-header-rewritten",
        severity=_S.WARNING,
        title="A proxy/CDN hop changed a CORS header the backend sent",
        spec=_F + "#cors-check",
    ),
    # 6xx network, request rejection, Local Network Access --------------------------------------
    CodeInfo(
        code="CORS601",
        name="network-error",
        severity=_S.ERROR,
        title="The request failed below HTTP (DNS, refused, reset, TLS, timeout)",
        spec=_F + "#concept-network-error",
        firefox_key="CORSDidNotSucceed2",
    ),
    CodeInfo(
        code="CORS602",
        name="insecure-local-network",
        severity=_S.ERROR,
        title="A non-secure page may not reach a more-private address space",
        spec="https://wicg.github.io/local-network-access/",
        chromium_error="InsecureLocalNetwork",
    ),
    CodeInfo(
        code="CORS603",
        name="local-network-permission-denied",
        severity=_S.ERROR,
        title="Local Network Access permission was not granted",
        spec="https://wicg.github.io/local-network-access/",
        chromium_error="LocalNetworkAccessPermissionDenied",
    ),
    CodeInfo(
        code="CORS604",
        name="invalid-local-network-access",
        severity=_S.ERROR,
        title="targetAddressSpace does not match the resource's address space",
        spec="https://wicg.github.io/local-network-access/",
        chromium_error="InvalidLocalNetworkAccess",
    ),
    CodeInfo(
        code="CORS605",
        name="cors-disabled-scheme",
        severity=_S.ERROR,
        title="The URL's scheme does not support CORS requests (only http and https do)",
        spec=_F + "#main-fetch",
        chromium_error="CorsDisabledScheme",
        firefox_key="CORSRequestNotHttp",
        safari="only-http",
    ),
    CodeInfo(
        code="CORS606",
        name="disallowed-by-mode",
        severity=_S.ERROR,
        title="mode 'same-origin' was used for a cross-origin URL",
        spec=_F + "#main-fetch",
        chromium_error="DisallowedByMode",
        safari="same-origin-mode",
    ),
    CodeInfo(
        code="CORS607",
        name="no-cors-redirect-mode",
        severity=_S.ERROR,
        title="mode 'no-cors' requires redirect mode 'follow'",
        spec=_F + "#main-fetch",
    ),
    CodeInfo(
        code="CORS608",
        name="forbidden-method",
        severity=_S.ERROR,
        title="CONNECT, TRACE and TRACK cannot be used from script",
        spec=_F + "#forbidden-method",
    ),
    CodeInfo(
        code="CORS609",
        name="invalid-request",
        severity=_S.ERROR,
        title="The request is rejected before it is sent (invalid method, header or body)",
        spec=_F + "#dom-request",
    ),
    CodeInfo(
        code="CORS610",
        name="mixed-content",
        severity=_S.ERROR,
        title="An https page cannot fetch an http URL (mixed content)",
        spec="https://w3c.github.io/webappsec-mixed-content/",
    ),
    CodeInfo(
        code="CORS611",
        name="no-cors-unsafe-method",
        severity=_S.ERROR,
        title="mode 'no-cors' allows only GET, HEAD and POST",
        spec=_F + "#dom-request",
    ),
    CodeInfo(
        code="CORS612",
        name="forbidden-header-dropped",
        severity=_S.INFO,
        title="Script set a forbidden request header; the browser silently drops it",
        spec=_F + "#forbidden-request-header",
    ),
    CodeInfo(
        code="CORS613",
        name="cors-disabled-in-browser",
        severity=_S.ERROR,
        title="CORS requests are disabled in the browser's settings (Firefox content.cors.disable)",
        spec=_F + "#http-cors-protocol",
        firefox_key="CORSDisabled",
    ),
    CodeInfo(
        code="CORS614",
        name="origin-header-not-added",
        severity=_S.ERROR,
        title="The browser could not add the Origin header (an extension or privileged context)",
        spec=_F + "#origin-header",
        firefox_key="CORSOriginHeaderNotAdded",
    ),
    CodeInfo(
        code="CORS615",
        name="invalid-response",
        severity=_S.ERROR,
        title="The response cannot be used for a CORS request (e.g. an opaque service-worker answer)",
        spec=_F + "#main-fetch",
        chromium_error="InvalidResponse",
    ),
    CodeInfo(
        code="CORS616",
        name="local-network-permission-required",
        severity=_S.WARNING,
        title="Chrome asks the user for Local Network Access permission before this request",
        spec="https://wicg.github.io/local-network-access/",
        chromium_error="LocalNetworkAccessPermissionDenied",
    ),
    # 7xx security smells --------------------------------------------------------------------
    CodeInfo(
        code="CORS701",
        name="reflect-any-origin-with-credentials",
        severity=_S.SECURITY,
        title="Any origin is reflected into Access-Control-Allow-Origin together with credentials",
        spec=_F + "#cors-protocol-and-credentials",
    ),
    CodeInfo(
        code="CORS702",
        name="null-origin-allowed",
        severity=_S.SECURITY,
        title="Origin 'null' (sandboxed iframes, file:, redirects) is allowed",
        spec=_F + "#origin-header",
    ),
    CodeInfo(
        code="CORS703",
        name="origin-regex-unanchored",
        severity=_S.SECURITY,
        title="An origin regex is unanchored or has an unescaped dot: attacker domains match",
        spec=_F + "#cors-check",
    ),
    CodeInfo(
        code="CORS704",
        name="insecure-origin-trusted",
        severity=_S.WARNING,
        title="An http:// origin is trusted by an https API (readable by network attackers)",
        spec=_F + "#cors-check",
    ),
    CodeInfo(
        code="CORS705",
        name="wildcard-on-credentialed-api",
        severity=_S.WARNING,
        title="A public wildcard is served on an endpoint that reads cookies or Authorization",
        spec=_F + "#cors-protocol-and-credentials",
    ),
    CodeInfo(
        code="CORS706",
        name="origin-suffix-or-prefix-match",
        severity=_S.SECURITY,
        title="Origins are matched by prefix/suffix: attacker-controlled look-alikes are allowed",
        spec=_F + "#cors-check",
    ),
    # 8xx configuration-layer mistakes -------------------------------------------------------
    CodeInfo(
        code="CORS801",
        name="nginx-if-preflight-drops-headers",
        severity=_S.ERROR,
        title="nginx: an OPTIONS 'if' block with its own add_header drops the location's CORS headers",
        spec="https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
    ),
    CodeInfo(
        code="CORS802",
        name="nginx-add-header-inheritance",
        severity=_S.WARNING,
        title="nginx: a nested add_header stops the CORS headers of the outer level from applying",
        spec="https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
    ),
    CodeInfo(
        code="CORS803",
        name="header-without-always",
        severity=_S.WARNING,
        title="The CORS header is not added to error responses (nginx/Apache without 'always')",
        spec="https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
    ),
    CodeInfo(
        code="CORS804",
        name="middleware-order",
        severity=_S.ERROR,
        title="The CORS middleware runs after a middleware that answers or rejects first",
        spec=_F + "#cors-preflight-fetch",
    ),
    CodeInfo(
        code="CORS805",
        name="framework-rejects-wildcard-credentials",
        severity=_S.ERROR,
        title="The framework throws on '*' origins with credentials (start-up or per request)",
        spec=_F + "#cors-protocol-and-credentials",
    ),
    CodeInfo(
        code="CORS806",
        name="express5-options-wildcard",
        severity=_S.ERROR,
        title="Express 5: app.options('*') is no longer a valid path and crashes at start-up",
        spec="https://expressjs.com/en/guide/migrating-5.html",
    ),
    CodeInfo(
        code="CORS807",
        name="s3-cors-dialect",
        severity=_S.ERROR,
        title="S3/GCS CORS rule uses the wrong key names, methods or header lists",
        spec="https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
    ),
    CodeInfo(
        code="CORS808",
        name="apigw-cors-not-on-responses",
        severity=_S.ERROR,
        title="API Gateway CORS settings never reach proxy-integration or gateway error responses",
        spec="https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html",
    ),
    CodeInfo(
        code="CORS809",
        name="static-host-headers-not-on-functions",
        severity=_S.WARNING,
        title="Static-host header rules do not apply to functions, proxies or SSR responses",
        spec="https://docs.netlify.com/routing/headers/",
    ),
    CodeInfo(
        code="CORS810",
        name="cdn-vary-origin-ignored",
        severity=_S.ERROR,
        title="The CDN caches without Origin in the cache key (or ignores Vary: Origin)",
        spec=_F + "#cors-protocol-and-http-caches",
    ),
    # 9xx tool conditions ---------------------------------------------------------------------
    CodeInfo(
        code="CORS901",
        name="unreachable",
        severity=_S.ERROR,
        title="The target could not be reached; nothing could be checked",
        spec="",
    ),
    CodeInfo(
        code="CORS902",
        name="unparsable-config",
        severity=_S.ERROR,
        title="A configuration file could not be parsed",
        spec="",
    ),
    CodeInfo(
        code="CORS903",
        name="invalid-input",
        severity=_S.ERROR,
        title="The input (URL, origin, header, scenario, HAR) is malformed",
        spec="",
    ),
    CodeInfo(
        code="CORS904", name="timeout", severity=_S.ERROR, title="The target did not answer in time", spec=""
    ),
    CodeInfo(
        code="CORS905",
        name="response-too-large",
        severity=_S.WARNING,
        title="The response was larger than the cap; the rest was not read",
        spec="",
    ),
    CodeInfo(
        code="CORS906",
        name="incomplete-evidence",
        severity=_S.INFO,
        title="The recording lacks what a verdict needs (e.g. a HAR without response headers)",
        spec="",
    ),
    CodeInfo(
        code="CORS907",
        name="browser-unavailable",
        severity=_S.ERROR,
        title="Chromium could not be started",
        spec="",
    ),
)

CODES: dict[str, CodeInfo] = {info.code: info for info in _ALL}
_BY_NAME: dict[str, CodeInfo] = {info.name: info for info in _ALL}


def lookup(key: str) -> CodeInfo:
    """Find a code by ``CORS104``, ``cors104``, ``104`` or its kebab name."""
    text = key.strip()
    upper = text.upper()
    if upper.isdigit():
        upper = f"CORS{int(upper):03d}"
    if upper in CODES:
        return CODES[upper]
    if text.lower() in _BY_NAME:
        return _BY_NAME[text.lower()]
    raise KeyError(text)


def all_codes() -> tuple[CodeInfo, ...]:
    return _ALL
