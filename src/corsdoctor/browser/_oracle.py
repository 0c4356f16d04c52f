"""``ChromiumOracle``: one headless Chromium, one page, many requests — Chromium's own verdicts.

How a request is run (chromium-oracle.md §2):

1. The page gets the requested origin by fulfilling its own navigation through the DevTools
   ``Fetch`` domain (a pattern that matches only the page URL), so any origin works against any
   target; interception is switched off again before the request, so nothing else is touched
   (Playwright's ``page.route`` would answer CORS preflights itself and must not be used).
2. ``page.evaluate`` runs fetch()/XHR; the script always resolves within the time limit.
3. The DevTools events are settled (the page request finished or failed, and a CORS failure's
   console line arrived), then turned into a ``BrowserObservation``.

Cleanup is guaranteed: a watchdog kills every process of the profile if the browser stops
answering, and ``close()`` kills whatever is left after a graceful close.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from corsdoctor.browser._capture import EventRecorder, build_observation, is_settled, wire_info_complete
from corsdoctor.browser._cookies import profile_cookies
from corsdoctor.browser._launch import (
    ChromiumNotFoundError,
    browser_env,
    find_chromium,
    launch_args,
    write_profile,
)
from corsdoctor.browser._observation import BrowserObservation
from corsdoctor.browser._processes import (
    PROFILE_PREFIX,
    kill_profile_processes,
    profile_processes,
    sweep_stale_profiles,
)
from corsdoctor.browser._request import PageRequest
from corsdoctor.browser._script import BLANK_PAGE, OPEN_SANDBOX, RUN_REQUEST

T = TypeVar("T")

_ORIGIN = re.compile(r"^(https?)://([^/?#@\s]+)$")

#: The document that hosts the sandboxed iframe of the opaque origin ``null`` (served from memory).
OPAQUE_HOST = "http://opaque.corsdoctor.invalid"

#: Extra time the watchdog grants beyond the page-side time limit before killing the browser.
WATCHDOG_GRACE_S = 5.0

#: How long a settled request may still wait for the network service's late ``…ExtraInfo`` events
#: (a request that failed before reaching the wire never gets them, so this bounds that case).
EXTRA_INFO_WAIT_S = 0.5


class OracleError(RuntimeError):
    """The browser could not be driven (crashed, killed by the watchdog, not started)."""


class OracleTimeoutError(OracleError):
    """The browser stopped answering and was killed."""


class OracleInterruptedError(OracleError):
    """``interrupt()`` stopped the browser (Ctrl-C, SIGTERM)."""


def check_origin(origin: str) -> str:
    """The page's origin, serialised as browsers do (https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin):
    ``scheme://host[:port]`` in lower case without a default port, or ``null`` (an opaque origin,
    e.g. a sandboxed iframe).  ``ValueError`` names what is wrong."""
    from corsdoctor.engine import InputError, parse_origin

    shape = f"origin must look like http(s)://host[:port] or null, not {origin!r}"
    try:
        normalised = parse_origin(origin.strip())
    except InputError as exc:
        # The engine names trailing slashes, paths and user:password@ precisely; anything else
        # is not an origin at all.
        raise ValueError(str(exc) if str(exc).startswith("origin ") else shape) from None
    if normalised != "null" and not _ORIGIN.match(normalised):
        raise ValueError(shape)
    return normalised


class ChromiumOracle:
    """Headless Chromium as a CORS ground truth; use as a context manager.

    ``hosts`` maps host names to IPs (``--host-resolver-rules``); ``timeout_s`` is the default
    per-request limit; ``settle_s`` how long to wait for late DevTools events.  Playwright's
    synchronous API allows one running oracle per thread: reuse it for many requests.
    """

    def __init__(
        self,
        *,
        executable: str | None = None,
        hosts: Mapping[str, str] | None = None,
        local_network_access: bool = False,
        extra_args: Sequence[str] = (),
        timeout_s: float = 10.0,
        settle_s: float = 2.0,
        launch_timeout_s: float = 30.0,
    ) -> None:
        self._executable = executable
        self._args = launch_args(hosts=hosts, local_network_access=local_network_access, extra=extra_args)
        self.timeout_s = timeout_s
        self.settle_s = settle_s
        self._launch_timeout_s = launch_timeout_s
        self._profile: Path | None = None
        self._pw: Any = None
        self._context: Any = None
        self._page: Any = None
        self._frame: Any = None  # where requests are made: the page, or its sandboxed iframe
        self._cdp: Any = None
        self._recorder = EventRecorder()
        self._origin: str | None = None
        self._cookies_stored = False
        self._interrupted = threading.Event()
        self.version = ""
        self.launch_seconds = 0.0
        #: Seconds per start step: "driver" (Playwright's node driver), "chromium" (launch up to
        #: the first page), "devtools" (CDP session, domains enabled, version read).
        self.start_timings: dict[str, float] = {}

    # -- life cycle -------------------------------------------------------------------------------

    def __enter__(self) -> ChromiumOracle:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def profile_dir(self) -> Path | None:
        return self._profile

    def start(self) -> None:
        executable = self._executable or find_chromium()
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise ChromiumNotFoundError(
                "Playwright for Python is not installed; install it with: pip install 'corsdoctor[browser]'"
            ) from None
        started = time.perf_counter()
        sweep_stale_profiles()
        self._profile = profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        write_profile(profile)
        env = browser_env(profile)
        try:
            with _driver_tmpdir(env.get("TMPDIR")):
                self._pw = sync_playwright().start()
            driver_ready = time.perf_counter()
            self._context = self._guarded(
                lambda: self._pw.chromium.launch_persistent_context(
                    str(profile),
                    executable_path=executable,
                    headless=True,
                    args=self._args,
                    env=env,
                    timeout=self._launch_timeout_s * 1000,
                ),
                self._launch_timeout_s + WATCHDOG_GRACE_S,
            )
            chromium_ready = time.perf_counter()
            pages = self._context.pages
            self._page = pages[0] if pages else self._context.new_page()
            self._cdp = self._context.new_cdp_session(self._page)
            self._recorder.attach(self._cdp.on)
            self._cdp.on("Fetch.requestPaused", self._fulfil_navigation)
            for domain in ("Network", "Log", "Audits"):
                self._cdp.send(f"{domain}.enable")
            product = str(self._cdp.send("Browser.getVersion").get("product", ""))
            self.version = product.split("/", 1)[-1]
        except (ChromiumNotFoundError, OracleError):
            self.close()
            raise
        except Exception as exc:
            self.close()
            if self._interrupted.is_set():
                raise OracleInterruptedError("interrupted: Chromium was stopped") from None
            raise OracleError(f"could not start Chromium ({executable}): {_first_line(exc)}") from None
        except BaseException:
            self.close()
            raise
        done = time.perf_counter()
        self.launch_seconds = done - started
        self.start_timings = {
            "driver": driver_ready - started,
            "chromium": chromium_ready - driver_ready,
            "devtools": done - chromium_ready,
        }

    def close(self) -> None:
        """Close the browser, kill anything left of it, delete the profile.  Idempotent.

        The profile's processes and directory go even when closing is itself interrupted
        (Ctrl-C): the interruption is re-raised after the cleanup.
        """
        try:
            if self._context is not None:
                with contextlib.suppress(Exception):
                    self._guarded(self._context.close, 10.0)
        finally:
            try:
                if self._pw is not None:
                    with contextlib.suppress(Exception):
                        self._pw.stop()
            finally:
                self._context = self._page = self._frame = self._cdp = self._pw = None
                self._origin = None
                self._cookies_stored = False
                self._remove_profile()

    def _remove_profile(self) -> None:
        if self._profile is None:
            return
        marker = str(self._profile)
        deadline = time.monotonic() + 2.0
        while profile_processes(marker) and time.monotonic() < deadline:
            time.sleep(0.02)
        kill_profile_processes(marker)
        shutil.rmtree(self._profile, ignore_errors=True)
        self._profile = None

    def interrupt(self) -> None:
        """Stop the browser now (safe from a signal handler or another thread).

        Every process of the profile is killed; the Playwright call in progress then fails and
        surfaces as ``OracleInterruptedError``.  ``close()`` still has to be called.
        """
        self._interrupted.set()
        self._kill()

    def _kill(self) -> None:
        if self._profile is not None:
            kill_profile_processes(str(self._profile))

    def _guarded(self, call: Callable[[], T], limit_s: float) -> T:
        """Run a blocking Playwright call; kill the browser if it takes longer than ``limit_s``."""
        fired = threading.Event()

        def fire() -> None:
            fired.set()
            self._kill()

        timer = threading.Timer(limit_s, fire)
        timer.daemon = True
        timer.start()
        try:
            if self._interrupted.is_set():
                raise OracleInterruptedError("interrupted: Chromium was stopped")
            result = call()
            if self._interrupted.is_set():
                raise OracleInterruptedError("interrupted: Chromium was stopped")
            return result
        except OracleInterruptedError:
            raise
        except Exception as exc:
            if self._interrupted.is_set():
                raise OracleInterruptedError("interrupted: Chromium was stopped") from exc
            if fired.is_set():
                # The call fails as soon as the first process dies; wait for the watchdog to
                # finish killing (and reaping) the rest before reporting.
                timer.join()
                raise OracleTimeoutError(
                    f"Chromium did not answer within {limit_s:g} s and was killed"
                ) from exc
            raise
        finally:
            timer.cancel()

    # -- the page's origin ------------------------------------------------------------------------

    def _fulfil_navigation(self, event: dict[str, Any]) -> None:
        self._cdp.send(
            "Fetch.fulfillRequest",
            {
                "requestId": event["requestId"],
                "responseCode": 200,
                "responseHeaders": [
                    {"name": "Content-Type", "value": "text/html; charset=utf-8"},
                    {"name": "Cache-Control", "value": "no-store"},
                ],
                "body": base64.b64encode(BLANK_PAGE).decode("ascii"),
            },
        )

    def open_origin(self, origin: str) -> None:
        """Navigate the page to a blank document at ``origin`` (served from memory).

        ``null``: the document at ``OPAQUE_HOST`` gets a sandboxed ``srcdoc`` iframe (scripts
        only), whose origin is opaque; requests are then made from that frame.
        """
        origin = check_origin(origin)
        if self._page is None:
            raise OracleError("the browser is not running")
        if self._origin == origin:
            return
        self._origin = None
        url = (OPAQUE_HOST if origin == "null" else origin) + "/"
        self._cdp.send("Fetch.enable", {"patterns": [{"urlPattern": url, "requestStage": "Request"}]})
        try:
            self._guarded(
                # The page comes from memory: the request's time limit does not apply to it (a
                # short --timeout must not fail a first navigation on a busy machine).
                lambda: self._page.goto(url, wait_until="load", timeout=self._launch_timeout_s * 1000),
                self._launch_timeout_s + WATCHDOG_GRACE_S,
            )
        finally:
            with contextlib.suppress(Exception):
                self._cdp.send("Fetch.disable")
        self._frame = self._page.main_frame
        if origin == "null":
            self._guarded(lambda: self._page.evaluate(OPEN_SANDBOX), self._launch_timeout_s)
            self._frame = self._page.frames[-1]
        self._origin = origin

    # -- running a request ------------------------------------------------------------------------

    def run(self, request: PageRequest, *, timeout_s: float | None = None) -> BrowserObservation:
        """Make ``request`` from a page at ``request.origin`` and report what Chromium did.

        ``OracleInterruptedError`` after ``interrupt()``, ``OracleError`` if the browser failed.
        """
        try:
            return self._run(request, timeout_s)
        except (OracleError, ValueError):
            raise
        except Exception as exc:
            if self._interrupted.is_set():
                raise OracleInterruptedError("interrupted: Chromium was stopped") from exc
            raise OracleError(f"Chromium failed: {_first_line(exc)}") from exc

    def _run(self, request: PageRequest, timeout_s: float | None) -> BrowserObservation:
        limit = self.timeout_s if timeout_s is None else timeout_s
        self.open_origin(request.origin)
        self._store_cookies(request)
        self._recorder.clear()
        started = time.perf_counter()
        result: dict[str, Any] = self._guarded(
            lambda: self._frame.evaluate(RUN_REQUEST, request.script_args(int(limit * 1000))),
            limit + WATCHDOG_GRACE_S,
        )
        elapsed = (time.perf_counter() - started) * 1000
        if not result.get("timedOut"):
            self._settle(passed=bool(result.get("ok")))
        return build_observation(
            self._recorder.snapshot(),
            result,
            browser_version=self.version,
            page_origin=request.origin,
            url=request.url,
            api=request.api.value,
            elapsed_ms=elapsed,
        )

    def _store_cookies(self, request: PageRequest) -> None:
        """The profile holds exactly ``request.cookies`` (nothing left from an earlier request)."""
        if not (request.cookies or self._cookies_stored):
            return
        self._guarded(self._context.clear_cookies, self.timeout_s + WATCHDOG_GRACE_S)
        self._cookies_stored = False
        if request.cookies:
            entries = profile_cookies(request.url, request.cookies)
            self._guarded(lambda: self._context.add_cookies(entries), self.timeout_s + WATCHDOG_GRACE_S)
            self._cookies_stored = True

    def _settle(self, *, passed: bool) -> None:
        """Pump events until the page request is complete (usually already true, §2.4).

        A request rejected before the network has no DevTools request at all; only then is the
        wait cut short (to let its console line arrive).  Any network event, or a response script
        could read, means the page request exists and its events are still on their way.
        """
        deadline = time.monotonic() + self.settle_s
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            events = self._recorder.events
            if is_settled(events, passed=passed):
                # The network service's ExtraInfo events may still be in flight: allow them a moment.
                extra_deadline = min(deadline, time.monotonic() + EXTRA_INFO_WAIT_S)
                while not wire_info_complete(self._recorder.events) and time.monotonic() < extra_deadline:
                    self._page.wait_for_timeout(5)
                return
            # Late events of the previous request may still trickle in; only a new request counts.
            if not passed and not any(name == "Network.requestWillBeSent" for name, _ in events):
                now = time.monotonic()
                quiet_since = quiet_since or now
                if now - quiet_since >= 0.015:
                    return
            else:
                quiet_since = None
            self._page.wait_for_timeout(5)


_ENV_LOCK = threading.Lock()


@contextlib.contextmanager
def _driver_tmpdir(path: str | None) -> Iterator[None]:
    """Start the Playwright driver with ``TMPDIR`` inside the profile.

    The driver copies ``os.environ`` when it starts and keeps its ``playwright-artifacts-*``
    folder in its temporary directory; inside the profile, a browser killed by a signal leaves
    nothing behind in /tmp.  The variable is restored as soon as the driver has started.
    """
    if path is None:
        yield
        return
    with _ENV_LOCK:
        old = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = path
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = old


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
