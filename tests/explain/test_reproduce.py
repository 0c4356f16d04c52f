"""The `corsdoctor check` command printed by explain reproduces the failing request, preflight included."""

from __future__ import annotations

from corsdoctor.explain import explain, to_json

_AXIOS_PASTE = """\
(index):1 Access to XMLHttpRequest at 'https://api.example.com/login' from origin 'http://localhost:5173' has \
been blocked by CORS policy: Response to preflight request doesn't pass access control check: No \
'Access-Control-Allow-Origin' header is present on the requested resource.
xhr.js:195          POST https://api.example.com/login net::ERR_FAILED
dispatchXhrRequest @ xhr.js:195
Uncaught (in promise) AxiosError {message: 'Network Error', name: 'AxiosError', code: 'ERR_NETWORK'}
"""


def test_preflighted_post_is_reproduced_with_an_unsafe_header_and_says_so() -> None:
    m = to_json(explain(_AXIOS_PASTE))["messages"][0]
    assert m["check_command"] == ("corsdoctor check https://api.example.com/login --origin http://localhost:5173 "
                                  "-X POST -H 'Content-Type: application/json' --api xhr")
    assert "Content-Type: application/json is the usual trigger" in m["check_note"]


def test_named_header_needs_no_guess() -> None:
    text = ("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked "
            "by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in "
            "preflight response.")
    m = to_json(explain(text))["messages"][0]
    assert m["check_command"].endswith("-H 'x-api-key: x'") and m["check_note"] is None


def test_firefox_method_not_found_does_not_guess_a_header() -> None:
    text = ("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
            "https://api.example.com/x. (Reason: Did not find method in CORS header "
            "\u2018Access-Control-Allow-Methods\u2019).")
    m = to_json(explain(text))["messages"][0]
    assert "Content-Type" not in m["check_command"] and m["check_note"] is None
