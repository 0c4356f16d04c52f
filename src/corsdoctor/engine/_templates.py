"""Console-message templates of each browser, as data.

The wording layer is kept apart from the checks (as Chromium keeps ``cors_error_string.cc`` apart
from ``cors.cc``).  The engine renders these templates; ``corsdoctor explain`` turns the same
templates into parsers, so a message the engine prints is always one ``explain`` recognises.

Placeholders use ``str.format`` names.  Sources (see ../shared/reference/browser-cors.md):

* Chromium: ``third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`` and the
  console lines recorded from Chromium 156 (chromium-oracle.md §3, chromium-deviations.md).
* Firefox: ``dom/locales/en-US/chrome/security/security.properties`` (quotes are U+2018/U+2019).
* WebKit: ``CrossOriginAccessControl.cpp``, ``NetworkCORSPreflightChecker.cpp``,
  ``NetworkLoadChecker.cpp``, ``ThreadableLoader.cpp``.
"""

from __future__ import annotations

# --- Chromium -----------------------------------------------------------------------------------

CHROMIUM_LINE = (
    "Access to {kind} at '{url}' {redirected}from origin '{origin}' has been blocked by CORS policy: "
    "{prefix}{reason}{suffix}"
)
CHROMIUM_REDIRECTED = "(redirected from '{initial_url}') "
CHROMIUM_PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: "

#: Reason text per CorsError (without the ``Preflight`` twin prefix; the twins share the text).
CHROMIUM_REASONS: dict[str, str] = {
    "DisallowedByMode": "Cross origin requests are not allowed by request mode.",
    "InvalidResponse": "The response is invalid.",
    "WildcardOriginNotAllowed": (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
        "wildcard '*' when the request's credentials mode is 'include'."
    ),
    "MissingAllowOriginHeader": "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    "MultipleAllowOriginValues": (
        "The 'Access-Control-Allow-Origin' header contains multiple values '{hint}', but only one is allowed."
    ),
    "InvalidAllowOriginValue": "The 'Access-Control-Allow-Origin' header contains the invalid value '{hint}'.",
    "AllowOriginMismatch": (
        "The 'Access-Control-Allow-Origin' header has a value '{hint}' that is not equal to the supplied origin."
    ),
    "InvalidAllowCredentials": (
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '{hint}' which "
        "must be 'true' when the request's credentials mode is 'include'."
    ),
    "CorsDisabledScheme": "Cross origin requests are only supported for protocol schemes: {schemes}.",
    "PreflightInvalidStatus": "It does not have HTTP ok status.",
    "PreflightDisallowedRedirect": "Redirect is not allowed for a preflight request.",
    "InvalidAllowMethodsPreflightResponse": (
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
    ),
    "InvalidAllowHeadersPreflightResponse": (
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
    ),
    "MethodDisallowedByPreflightResponse": (
        "Method {hint} is not allowed by Access-Control-Allow-Methods in preflight response."
    ),
    "HeaderDisallowedByPreflightResponse": (
        "Request header field {hint} is not allowed by Access-Control-Allow-Headers in preflight response."
    ),
    "RedirectContainsCredentials": (
        "Redirect location '{hint}' contains a username and password, which is disallowed for "
        "cross-origin requests."
    ),
    "InsecureLocalNetwork": (
        "The request client is not a secure context and the resource is in more-private address space "
        "`{space}`."
    ),
    "InvalidLocalNetworkAccess": (
        "Request had a target IP address space of `{target}` yet the resource is in address space `{space}`."
    ),
    "LocalNetworkAccessPermissionDenied": (
        "Permission was denied for this request to access the `{space}` address space."
    ),
    "PreflightMissingAllowPrivateNetwork": (
        "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this "
        "private network request targeting the `{space}` address space."
    ),
    "PreflightInvalidAllowPrivateNetwork": (
        "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private "
        "network request targeting the `{space}` address space had a value of '{hint}',  not 'true'."
    ),
}

#: CorsErrors whose console line carries the preflight prefix (the ``Preflight…`` ACAO twins).
CHROMIUM_PREFLIGHT_PREFIXED: frozenset[str] = frozenset(
    {
        "PreflightWildcardOriginNotAllowed",
        "PreflightMissingAllowOriginHeader",
        "PreflightMultipleAllowOriginValues",
        "PreflightInvalidAllowOriginValue",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowCredentials",
        "PreflightInvalidStatus",
        "PreflightDisallowedRedirect",
        "PreflightMissingAllowPrivateNetwork",
        "PreflightInvalidAllowPrivateNetwork",
    }
)

#: Chromium 156 appends this for fetch() (never XHR) to the ACAO value errors.
CHROMIUM_SUFFIX_VALID_VALUE = " Have the server send the header with a valid value."
CHROMIUM_SUFFIX_VALID_VALUE_ERRORS: frozenset[str] = frozenset(
    {"MultipleAllowOriginValues", "InvalidAllowOriginValue", "AllowOriginMismatch"}
)
#: XHR only, on the credential errors.
CHROMIUM_SUFFIX_XHR_CREDENTIALS = (
    " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the "
    "withCredentials attribute."
)
CHROMIUM_SUFFIX_XHR_CREDENTIALS_ERRORS: frozenset[str] = frozenset(
    {"WildcardOriginNotAllowed", "InvalidAllowCredentials"}
)
#: Suffixes printed by Chromium before version ~130 (recognised by ``explain``, never rendered).
CHROMIUM_LEGACY_SUFFIXES: tuple[str, ...] = (
    " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the "
    "resource with CORS disabled.",
    " Have the server send the header with a valid value, or, if an opaque response serves your needs, "
    "set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
)

#: Renderer-side rejections (fetch only), printed before any network activity.
CHROMIUM_FETCH_API_LINES: dict[str, str] = {
    "DisallowedByMode": (
        'Fetch API cannot load {url}. Request mode is "same-origin" but the URL\'s origin is not same '
        "as the request origin {origin}."
    ),
    "NoCorsRedirectModeNotFollow": (
        'Fetch API cannot load {url}. Request mode is "no-cors" but the redirect mode is not "follow".'
    ),
    "CorsDisabledScheme": 'Fetch API cannot load {url}. URL scheme "{scheme}" is not supported.',
    # Not a CORS check but reported like one: an https page may not fetch http (OBSERVED, §5 #37).
    "MixedContent": (
        "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource "
        "'{url}'. This request has been blocked; the content must be served over HTTPS."
    ),
}
#: Lines the renderer prints for URLs it refuses to load, no CORS wording (Chromium 156, oracle):
#: fetch()/XHR of a file: URL from an http(s) page; XHR of an ftp: URL.
CHROMIUM_RENDERER_LINES: dict[str, str] = {
    "LocalResource": "Not allowed to load local resource: {url}",
    "XhrFtp": "FTP is not supported.",
}
CHROMIUM_NET_ERROR_LINE = "Failed to load resource: {net_error}"
#: Sorted, as Chromium 156 prints them (XHR of foo:/about:/ws:, redirects to ftp:/foo:/javascript:).
CHROMIUM_SCHEMES = (
    "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, "
    "isolated-app"
)
CHROMIUM_FETCH_REJECTION = "TypeError: Failed to fetch"

#: What script catches when fetch()/XMLHttpRequest throw before anything is sent, keyed by
#: (api, Failure.rejection).  Measured on Chromium 156.0.8078.79 (String(error) in the page).
#: ``{value}`` is the offending method, URL or header value; ``{name}`` the header name.
_FETCH_THREW = "TypeError: Failed to execute 'fetch' on 'Window': "
_XHR_OPEN = "Failed to execute 'open' on 'XMLHttpRequest': "
_XHR_SET = "Failed to execute 'setRequestHeader' on 'XMLHttpRequest': "
CHROMIUM_SCRIPT_ERRORS: dict[tuple[str, str], str] = {
    ("fetch", "credentials-in-url"): _FETCH_THREW
    + "Request cannot be constructed from a URL that includes credentials: {value}",
    ("fetch", "invalid-method"): _FETCH_THREW + "'{value}' is not a valid HTTP method.",
    ("fetch", "forbidden-method"): _FETCH_THREW + "'{value}' HTTP method is unsupported.",
    ("fetch", "no-cors-method"): _FETCH_THREW + "'{value}' is unsupported in no-cors mode.",
    ("fetch", "invalid-header-name"): _FETCH_THREW + "Invalid name",
    ("fetch", "invalid-header-value"): _FETCH_THREW + "Invalid value",
    ("fetch", "non-latin1-header"): _FETCH_THREW
    + "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.",
    ("fetch", "body-with-get-head"): _FETCH_THREW + "Request with GET/HEAD method cannot have body.",
    ("xhr", "invalid-method"): "SyntaxError: " + _XHR_OPEN + "'{value}' is not a valid HTTP method.",
    ("xhr", "forbidden-method"): "SecurityError: " + _XHR_OPEN + "'{value}' HTTP method is unsupported.",
    ("xhr", "invalid-header-name"): "SyntaxError: " + _XHR_SET + "'{value}' is not a valid HTTP header field name.",
    ("xhr", "invalid-header-value"): "SyntaxError: "
    + _XHR_SET
    + "'{value}' is not a valid HTTP header field value.",
    ("xhr", "non-latin1-header"): "TypeError: " + _XHR_SET + "String contains non ISO-8859-1 code point.",
}
#: The exception class each rejection raises in every browser (Fetch and XMLHttpRequest standards:
#: https://fetch.spec.whatwg.org/#dom-request, https://xhr.spec.whatwg.org/#the-open()-method,
#: #the-setrequestheader()-method; WebIDL ByteString conversion throws TypeError).
SCRIPT_ERROR_CLASS: dict[tuple[str, str], str] = {
    ("xhr", "invalid-method"): "SyntaxError",
    ("xhr", "forbidden-method"): "SecurityError",
    ("xhr", "invalid-header-name"): "SyntaxError",
    ("xhr", "invalid-header-value"): "SyntaxError",
}
#: XMLHttpRequest never throws for a network or CORS failure: it fires ``error`` with status 0.
XHR_NETWORK_ERROR = "no exception: the XMLHttpRequest fires 'error' and its status is 0"

# --- Firefox -----------------------------------------------------------------------------------

_FF = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "

FIREFOX_MESSAGES: dict[str, str] = {
    "CORSDisabled": _FF + "{url}. (Reason: CORS disabled).",
    "CORSDidNotSucceed2": _FF + "{url}. (Reason: CORS request did not succeed). Status code: {status}.",
    "CORSOriginHeaderNotAdded": _FF + "{url}. (Reason: CORS header \u2018Origin\u2019 cannot be added).",
    "CORSExternalRedirectNotAllowed": _FF + "{url}. (Reason: CORS request external redirect not allowed).",
    "CORSRequestNotHttp": _FF + "{url}. (Reason: CORS request not http).",
    "CORSMissingAllowOrigin2": (
        _FF + "{url}. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). "
        "Status code: {status}."
    ),
    "CORSMultipleAllowOriginNotAllowed": (
        _FF + "{url}. (Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed)."
    ),
    "CORSAllowOriginNotMatchingOrigin": (
        _FF + "{url}. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match "
        "\u2018{hint}\u2019)."
    ),
    "CORSNotSupportingCredentials": (
        _FF + "\u2018{url}\u2019. (Reason: Credential is not supported if the CORS header "
        "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019)."
    ),
    "CORSMethodNotFound": (
        _FF + "{url}. (Reason: Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019)."
    ),
    "CORSMissingAllowCredentials": (
        _FF + "{url}. (Reason: expected \u2018true\u2019 in CORS header "
        "\u2018Access-Control-Allow-Credentials\u2019)."
    ),
    "CORSPreflightDidNotSucceed3": (
        _FF + "{url}. (Reason: CORS preflight response did not succeed). Status code: {status}."
    ),
    "CORSInvalidAllowMethod": (
        _FF + "{url}. (Reason: invalid token \u2018{hint}\u2019 in CORS header "
        "\u2018Access-Control-Allow-Methods\u2019)."
    ),
    "CORSInvalidAllowHeader": (
        _FF + "{url}. (Reason: invalid token \u2018{hint}\u2019 in CORS header "
        "\u2018Access-Control-Allow-Headers\u2019)."
    ),
    "CORSMissingAllowHeaderFromPreflight2": (
        _FF + "{url}. (Reason: header \u2018{hint}\u2019 is not allowed according to header "
        "\u2018Access-Control-Allow-Headers\u2019 from CORS preflight response)."
    ),
    # security.properties BlockMixedActiveContent (U+201C/U+201D quotes), §3.2.
    "BlockMixedActiveContent": "Blocked loading mixed active content \u201c{url}\u201d",
    "CORSAllowHeaderFromPreflightDeprecation": (
        "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at "
        "{url} soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header "
        "is not covered. To include the `Authorization` header, it must be explicitly listed in CORS "
        "header `Access-Control-Allow-Headers`)."
    ),
}
FIREFOX_FETCH_REJECTION = "TypeError: NetworkError when attempting to fetch resource."

# --- WebKit / Safari ----------------------------------------------------------------------------

WEBKIT_REASONS: dict[str, str] = {
    "wildcard-with-credentials": (
        "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
    ),
    "multiple-origins": "Access-Control-Allow-Origin cannot contain more than one origin.",
    "origin-not-allowed": "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
    "credentials-not-true": ('Credentials flag is true, but Access-Control-Allow-Credentials is not "true".'),
    "preflight-not-successful": "Preflight response is not successful. Status code: {status}",
    "invalid-allow-methods": "Header Access-Control-Allow-Methods has an invalid value: {hint}",
    "invalid-allow-headers": "Header Access-Control-Allow-Headers has an invalid value: {hint}",
    "method-not-allowed": "Method {hint} is not allowed by Access-Control-Allow-Methods.",
    "header-not-allowed": "Request header field {hint} is not allowed by Access-Control-Allow-Headers.",
    "redirect-denied": "Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy: {reason}",
    "redirect-non-cors-scheme": (
        "Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy: not allowed "
        "to follow a cross-origin CORS redirection with non CORS scheme"
    ),
    "redirect-has-credentials": (
        "Cross-origin redirection to {target} denied by Cross-Origin Resource Sharing policy: redirection "
        "URL {target} has credentials"
    ),
    "too-many-redirects": "Load cannot follow more than 20 redirections",
    "redirect-mode-error": "Not allowed to follow a redirection while loading {url}",
    "same-origin-mode": (
        "Unsafe attempt to load URL {url} from origin {origin}. Domains, protocols and ports must match."
    ),
    "only-http": "Cross origin requests are only supported for HTTP.",
    "redirect-not-http": "Redirection to URL with a scheme that is not HTTP(S).",
    "mixed-content": (
        "[blocked] The page at {page} requested insecure content from {url}. This content was blocked "
        "and must be served over HTTPS."
    ),
}
#: The second console line Safari prints for access-control failures, per initiating API.
WEBKIT_ACCESS_CONTROL_LINE: dict[str, str] = {
    "fetch": "Fetch API cannot load {url} due to access control checks.",
    "xhr": "XMLHttpRequest cannot load {url} due to access control checks.",
}
WEBKIT_FETCH_REJECTION = "TypeError: Load failed"
