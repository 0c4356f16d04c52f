"""Finding Debian's Chromium, its launch flags and a profile that allows third-party cookies.

Facts (chromium-oracle.md §1, §2, §4, measured on Chromium 156):

* ``/usr/lib/chromium/chromium`` is the real binary; ``/usr/bin/chromium`` is a shell wrapper that
  injects extra flags (both gave identical verdicts).  Playwright cannot download browsers here.
* Third-party cookies are blocked in every profile unless ``Default/Preferences`` is pre-written
  with ``cookie_controls_mode: 0``; credentialed cross-site requests need that.
* A page whose navigation is fulfilled locally has no IP address, so Chromium treats it as
  *public* and Local Network Access blocks its requests to loopback (``InsecureLocalNetwork``,
  ``LocalNetworkAccessPermissionDenied``).  The LNA checks are switched off unless asked for.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

INSTALL_HINT = "apt-get install -y chromium"

#: Tried in order; ``CORSDOCTOR_CHROMIUM`` overrides.
CANDIDATES: tuple[str, ...] = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")

BASE_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--ignore-certificate-errors",
)

PROFILE_PREFERENCES: dict[str, object] = {
    "profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False},
}


class ChromiumNotFoundError(RuntimeError):
    """Chromium (or Playwright) is not installed; the message is one line with the install command."""


def find_chromium(env: Mapping[str, str] | None = None) -> str:
    """The Chromium executable to drive, or ``ChromiumNotFoundError``."""
    env = os.environ if env is None else env
    override = env.get("CORSDOCTOR_CHROMIUM")
    if override:
        if os.access(override, os.X_OK) and os.path.isfile(override):
            return override
        raise ChromiumNotFoundError(
            f"CORSDOCTOR_CHROMIUM={override} is not an executable file; install Chromium with: {INSTALL_HINT}"
        )
    for path in CANDIDATES:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    found = shutil.which("chromium")
    if found:
        return found
    raise ChromiumNotFoundError(f"Chromium is not installed; install it with: {INSTALL_HINT}")


def host_resolver_rules(mapping: Mapping[str, str]) -> str | None:
    """``--host-resolver-rules`` value (no literal quotes: they break the rule, §4)."""
    if not mapping:
        return None
    rules = ", ".join(f"MAP {host} {ip}" for host, ip in sorted(mapping.items()))
    return f"--host-resolver-rules={rules}"


def launch_args(
    *,
    hosts: Mapping[str, str] | None = None,
    local_network_access: bool = False,
    extra: Sequence[str] = (),
) -> list[str]:
    """Chromium's switches.  ``--disable-features`` is given once, merged: of repeated switches
    Chromium keeps only the last, which would silently re-enable what an earlier one disabled."""
    args = list(BASE_ARGS)
    # A sandboxed iframe (the page of the opaque origin "null") stays in the page's process, so
    # its network events reach the page's DevTools session.
    disabled = ["IsolateSandboxedIframes"]
    if not local_network_access:
        disabled += ["LocalNetworkAccessChecks", "LocalNetworkAccessChecksWebSockets"]
    rest: list[str] = []
    for arg in extra:
        if arg.startswith("--disable-features="):
            disabled += [f for f in arg.partition("=")[2].split(",") if f]
        else:
            rest.append(arg)
    args.append("--disable-features=" + ",".join(dict.fromkeys(disabled)))
    rules = host_resolver_rules(hosts or {})
    if rules:
        args.append(rules)
    args.extend(rest)
    return args


#: Chromium puts its singleton socket at ``$TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket``;
#: a Unix socket path is limited to 107 bytes, so a longer ``TMPDIR`` would stop it starting.
MAX_TMPDIR_LENGTH = 60


def browser_env(user_data_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Chromium's environment: its temporary files (``--disable-dev-shm-usage`` puts shared
    memory there) live inside the profile, so deleting the profile deletes them too — even
    those of a browser that was killed.  Not when the profile's path is too long for the
    singleton socket (then the inherited ``TMPDIR`` stays)."""
    env = dict(os.environ if base is None else base)
    tmp = user_data_dir / "tmp"
    if len(str(tmp).encode()) <= MAX_TMPDIR_LENGTH:
        tmp.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(tmp)
    return env


def write_profile(user_data_dir: Path) -> None:
    """Pre-write ``Default/Preferences`` so third-party cookies are allowed (§4)."""
    default = user_data_dir / "Default"
    default.mkdir(parents=True, exist_ok=True)
    (default / "Preferences").write_text(json.dumps(PROFILE_PREFERENCES), encoding="utf-8")
