"""A seeded generator of differential scenarios (the same seed always gives the same scenarios).

It covers what the CORS protocol decides on (https://fetch.spec.whatwg.org/#http-cors-protocol):
methods (safelisted, PUT/DELETE, ``patch``, custom tokens, forbidden ones), author headers with
safelisted and unsafe values (Content-Type variants, Range, long values, more than 1024 bytes of
safelisted values, custom names, Authorization), credentials and request modes, the ``Access-
Control-*`` response headers in many spellings (case, whitespace, lists, duplicates, wildcards,
invalid values), preflight statuses, and redirect chains (same- and cross-origin, with and
without ACAO on the 3xx, after a preflight).  Values that would make headless Chromium wait for a
login prompt (401 + ``WWW-Authenticate``) are never produced.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import TypeVar

from corsdoctor.browser._request import Api
from corsdoctor.browser._scenario import HopScript, Scenario
from corsdoctor.browser._server import ScriptedResponse

T = TypeVar("T")
Headers = tuple[tuple[str, str], ...]

_SAFE_METHODS = ("GET", "HEAD", "POST")
_UNSAFE_METHODS = (
    "PUT",
    "DELETE",
    "PATCH",
    "patch",
    "put",
    "delete",
    "post",
    "get",
    "OPTIONS",
    "FOO",
    "chicken",
    "M-SEARCH",
)
_REJECTED_METHODS = ("TRACE", "CONNECT", "track", "bad method", "")

_SAFE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Accept", "application/json"),
    ("Accept", "text/html, */*;q=0.8"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("Content-Language", "de-DE"),
    ("Content-Type", "text/plain"),
    ("Content-Type", "application/x-www-form-urlencoded"),
    ("Content-Type", "multipart/form-data; boundary=xyz"),
    ("Content-Type", "TEXT/PLAIN; charset=utf-8"),
    ("Range", "bytes=0-100"),
    ("Range", "bytes=100-"),
    ("Save-Data", "on"),
    ("DPR", "2"),
)
_UNSAFE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Type", "application/json"),
    ("Content-Type", "text/html"),
    ("Content-Type", 'text/plain; charset="(x)"'),
    ("Content-Type", "text/plain;" + "x" * 130),
    ("Accept", "text/{html}"),
    ("Accept", "a" * 129),
    ("Accept-Language", "nn_NO"),
    ("Content-Language", "en@x"),
    ("Range", "bytes=-100"),
    ("Range", "bytes=0-1,2-3"),
    ("Range", "bytes=200-100"),
    ("Range", "BYTES=0-1"),
    ("X-Custom", "1"),
    ("X-Requested-With", "XMLHttpRequest"),
    ("X-Api-Key", "k"),
    ("Authorization", "Bearer token"),
    ("Cache-Control", "no-cache"),
    ("Last-Event-ID", "abc"),
    ("Save-Data", "off"),
    ("ECT", "5g"),
    ("Width", "4.0"),
    ("X-Long", "v" * 300),
)
_DROPPED_HEADERS: tuple[tuple[str, str], ...] = (
    ("User-Agent", "corsdoctor"),
    ("Cookie", "a=b"),
    ("Host", "x"),
)

_ACAO_BAD = (
    "http://evil.example",
    "HTTP://APP.CORSDOCTOR.TEST:8000",
    "{PAGE}/",
    "http://app.corsdoctor.test",
    "{PAGE}/path",
    "null",
    "not a url",
    "foo",
    "",
    "*, *",
    '"*"',
    "{PAGE}, http://other.example",
    "*;",
)
_ACAC_VALUES = ("true", "TRUE", " true", "false", "true, true", "", "yes")
_EXTRA_RESPONSE = (
    ("X-Custom", "secret"),
    ("X-Other", "o"),
    ("Content-Language", "en"),
    ("Cache-Control", "no-store"),
    ("Expires", "0"),
    ("Set-Cookie", "sid=1; SameSite=None; Secure"),
    ("X-Empty", ""),
)
_ACEH_VALUES = (
    "X-Custom",
    "x-custom",
    "X-CUSTOM, X-Other",
    "x-custom,,x-other",
    "*",
    "x custom",
    ",x-custom",
    "Set-Cookie",
    "",
)
_PREFLIGHT_STATUSES = (200, 204, 204, 200, 201, 299, 300, 304, 400, 403, 404, 405, 500, 301, 302, 307, 308)
_RESPONSE_STATUSES = (200, 200, 200, 201, 204, 206, 400, 404, 418, 500, 503)
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    return seq[rng.randrange(len(seq))]


def _recase(rng: random.Random, name: str) -> str:
    return _pick(rng, (name, name.lower(), name.upper(), name.title()))


class ScenarioGenerator:
    """``ScenarioGenerator(seed).scenarios(n)``: ``n`` scenarios with ids ``<prefix><n>``."""

    def __init__(self, seed: int, *, prefix: str | None = None) -> None:
        self._good = False
        self.seed = seed
        self.rng = random.Random(seed)
        self.prefix = prefix if prefix is not None else f"s{seed}x"

    def scenarios(self, count: int) -> Iterator[Scenario]:
        for n in range(count):
            yield self.one(f"{self.prefix}{n}")

    # -- one scenario ----------------------------------------------------------------------------

    def one(self, sid: str) -> Scenario:
        rng = self.rng
        # A "well configured" scenario answers correctly far more often, so that passing requests
        # (exposure, redirects that succeed) are as well covered as failing ones.
        self._good = rng.random() < 0.45
        topics: list[str] = []
        api = Api.XHR if rng.random() < 0.15 else Api.FETCH
        roll = rng.random()
        if roll < 0.45:
            method = _pick(rng, _SAFE_METHODS)
        elif roll < 0.985:
            method = _pick(rng, _UNSAFE_METHODS)
        else:
            method = _pick(rng, _REJECTED_METHODS)
            topics.append("request")
        headers = self._request_headers(topics)
        body: str | None = None
        if method.upper() not in ("GET", "HEAD") and rng.random() < 0.7:
            body = "payload"
        elif rng.random() < 0.01:
            body = "payload"  # GET/HEAD with a body: rejected before the network
        credentials = _pick(rng, ("omit", "same-origin", "same-origin", "include", "include"))
        mode = "cors"
        redirect = "follow"
        if api is Api.FETCH:
            roll = rng.random()
            if roll < 0.07:
                mode = "no-cors"
                topics.append("no-cors")
                if rng.random() < 0.8:
                    method = _pick(rng, _SAFE_METHODS)
            elif roll < 0.09:
                mode = "same-origin"
                topics.append("mode")
            if rng.random() < 0.05:
                redirect = "error"
        elif credentials == "omit":
            credentials = "same-origin"
        if credentials == "include":
            topics.append("credentials")

        n_hops = 1
        roll = rng.random()
        if roll < 0.2:
            n_hops = 2
        elif roll < 0.27:
            n_hops = 3
        if n_hops > 1:
            topics.append("redirect")
        hosts = ["API"]
        for _ in range(n_hops - 1):
            hosts.append(hosts[-1] if rng.random() < 0.45 else ("API2" if hosts[-1] == "API" else "API"))
        hops: list[HopScript] = []
        for i, host in enumerate(hosts):
            tainted = any(h != "API" for h in hosts[: i + 1]) or len(set(hosts[: i + 1])) > 1
            expected_origin = "null" if tainted else "{PAGE}"
            last = i == len(hosts) - 1
            preflight = self._preflight(method, headers, credentials, expected_origin, topics)
            if last:
                response = self._actual(credentials, expected_origin, topics)
            else:
                response = self._redirect(credentials, expected_origin, topics)
            hops.append(HopScript(host=host, preflight=preflight, response=response))
        if any(_is_unsafe(h) for h in headers) or method.upper() not in _SAFE_METHODS:
            topics.append("preflight")
        return Scenario(
            sid=sid,
            method=method,
            headers=headers,
            body=body,
            credentials=credentials,
            mode=mode,
            redirect=redirect,
            api=api,
            hops=tuple(hops),
            topics=tuple(sorted(set(topics))),
        )

    def _request_headers(self, topics: list[str]) -> Headers:
        rng = self.rng
        out: list[tuple[str, str]] = []
        roll = rng.random()
        if roll < 0.3:
            return ()
        if roll < 0.04 + 0.3:
            # More than 1024 bytes of otherwise safelisted values (Chromium counts client hints too).
            topics.append("safelist-1024")
            return (
                *_pick(rng, ((), (("Viewport-Width", "5"),))),
                ("Accept", "a" * 128),
                ("Accept-Language", "b" * 128),
                ("Content-Language", "c" * 128),
                ("Content-Type", "text/plain;" + "d" * 117),
                ("DPR", "1" * 128),
                ("Device-Memory", "2" * 128),
                ("RTT", "3" * 128),
                ("Downlink", "4" * _pick(rng, (128, 100))),
            )
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            roll = rng.random()
            if roll < 0.45:
                name, value = _pick(rng, _SAFE_HEADERS)
            elif roll < 0.95:
                name, value = _pick(rng, _UNSAFE_HEADERS)
            else:
                name, value = _pick(rng, _DROPPED_HEADERS)
            out.append((_recase(rng, name), value))
        if rng.random() < 0.01:
            out.append(("X-Bad Name", "1"))
            topics.append("request")
        return tuple(out)

    def _acao(self, expected_origin: str, credentials: str, topics: list[str]) -> list[tuple[str, str]]:
        rng = self.rng
        roll = rng.random() * (0.55 if self._good else 1.0)
        name = (
            "Access-Control-Allow-Origin"
            if rng.random() < 0.85
            else _recase(rng, "access-control-allow-origin")
        )
        if roll < 0.5:
            return [(name, expected_origin)]
        if roll < 0.62:
            return [(name, "*")]
        if roll < 0.72:
            return []
        if roll < 0.76:
            return [(name, expected_origin), (name, expected_origin)]
        if roll < 0.8:
            return [(name, _pick(rng, (" ", "\t", "  ")) + expected_origin + _pick(rng, ("", " ", "\t")))]
        if roll < 0.83:
            return [(name, "{PAGE}" if expected_origin == "null" else "null")]
        topics.append("acao-invalid")
        return [(name, _pick(rng, _ACAO_BAD))]

    def _acac(self, credentials: str) -> list[tuple[str, str]]:
        rng = self.rng
        roll = rng.random() * (0.7 if self._good else 1.0)
        if credentials == "include":
            if roll < 0.65:
                return [("Access-Control-Allow-Credentials", "true")]
            if roll < 0.8:
                return []
            return [("Access-Control-Allow-Credentials", _pick(rng, _ACAC_VALUES))]
        if roll < 0.3:
            return [("Access-Control-Allow-Credentials", "true")]
        return []

    def _preflight(
        self, method: str, headers: Headers, credentials: str, expected_origin: str, topics: list[str]
    ) -> ScriptedResponse:
        rng = self.rng
        status = 204 if rng.random() < (0.9 if self._good else 0.55) else _pick(rng, _PREFLIGHT_STATUSES)
        out = self._acao(expected_origin, credentials, topics) + self._acac(credentials)
        roll = rng.random() * (0.6 if self._good else 1.0)
        upper = (
            method.upper()
            if method.upper() in ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT")
            else method
        )
        if roll < 0.45:
            out.append(("Access-Control-Allow-Methods", upper))
        elif roll < 0.55:
            out.append(("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS"))
        elif roll < 0.63:
            out.append(("Access-Control-Allow-Methods", "*"))
        elif roll < 0.68:
            out.append(("Access-Control-Allow-Methods", upper.lower()))
        elif roll < 0.72:
            out.append(("Access-Control-Allow-Methods", f" ,{upper},, "))
        elif roll < 0.76:
            out.append(("Access-Control-Allow-Methods", f"GET {upper}"))
            topics.append("acam-invalid")
        elif roll < 0.8:
            out.extend((("Access-Control-Allow-Methods", "GET"), ("Access-Control-Allow-Methods", upper)))
        names = [n for n, _ in headers]
        roll = rng.random() * (0.6 if self._good else 1.0)
        if roll < 0.45 and names:
            out.append(("Access-Control-Allow-Headers", ", ".join(_recase(rng, n) for n in names)))
        elif roll < 0.55:
            out.append(("Access-Control-Allow-Headers", "*"))
        elif roll < 0.6 and names:
            out.append(("Access-Control-Allow-Headers", names[0]))
        elif roll < 0.65:
            out.append(("Access-Control-Allow-Headers", "x-custom, authorization, content-type"))
        elif roll < 0.68:
            out.append(("Access-Control-Allow-Headers", "x custom"))
            topics.append("acah-invalid")
        elif roll < 0.72 and names:
            out.append(("Access-Control-Allow-Headers", "*, " + ", ".join(names)))
        if rng.random() < 0.2:
            out.append(("Access-Control-Max-Age", _pick(rng, ("0", "600", "-1", "abc"))))
        if status in (301, 302, 307, 308) or (status == 300 and rng.random() < 0.5):
            out.append(("Location", _pick(rng, ("{NEXT}", "{NEXT}", "/elsewhere", ""))))
            topics.append("preflight-redirect")
        return ScriptedResponse(status=status, headers=tuple(out), body=b"")

    def _exposure(self) -> list[tuple[str, str]]:
        rng = self.rng
        out: list[tuple[str, str]] = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            out.append(_pick(rng, _EXTRA_RESPONSE))
        roll = rng.random()
        if roll < 0.45:
            out.append(("Access-Control-Expose-Headers", _pick(rng, _ACEH_VALUES)))
        elif roll < 0.5:
            out.extend(
                (("Access-Control-Expose-Headers", "x-custom"), ("Access-Control-Expose-Headers", "x-other"))
            )
        return out

    def _actual(self, credentials: str, expected_origin: str, topics: list[str]) -> ScriptedResponse:
        status = 200 if self._good and self.rng.random() < 0.7 else _pick(self.rng, _RESPONSE_STATUSES)
        out = [("Content-Type", "text/plain")]
        out += self._acao(expected_origin, credentials, topics) + self._acac(credentials) + self._exposure()
        body = b"" if status == 204 else b"hello"
        return ScriptedResponse(status=status, headers=tuple(out), body=body)

    def _redirect(self, credentials: str, expected_origin: str, topics: list[str]) -> ScriptedResponse:
        rng = self.rng
        status = _pick(rng, _REDIRECT_STATUSES)
        out: list[tuple[str, str]] = []
        if rng.random() < 0.8:
            out += self._acao(expected_origin, credentials, topics)
        out += self._acac(credentials)
        out.append(("Location", "{NEXT}"))
        return ScriptedResponse(status=status, headers=tuple(out), body=b"")


def _is_unsafe(header: tuple[str, str]) -> bool:
    return header not in _SAFE_HEADERS
