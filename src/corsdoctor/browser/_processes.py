"""Finding and killing the Chromium processes of one profile (Linux ``/proc``).

Every process Chromium starts for a profile carries that profile's ``--user-data-dir`` or
descends from one that does; killing those leaves nothing behind, even when the browser no longer
answers DevTools.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

#: Every oracle's temporary profile directory starts with this (``tempfile.mkdtemp`` prefix).
PROFILE_PREFIX = "corsdoctor-chromium-"

#: A profile directory older than this with no live process is left over from a killed run.
STALE_AFTER_S = 300.0


def _processes() -> dict[int, tuple[int, str, bytes]]:
    """pid → (ppid, state, cmdline) for every live process."""
    out: dict[int, tuple[int, str, bytes]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # "pid (comm) state ppid …" — comm may contain spaces and parentheses.
        rest = stat[stat.rfind(")") + 2 :].split()
        if len(rest) < 2:
            continue
        out[int(entry.name)] = (int(rest[1]), rest[0], cmdline)
    return out


def profile_processes(marker: str) -> list[int]:
    """Live (non-zombie) pids whose command line contains ``marker``, plus their descendants."""
    table = _processes()
    needle = marker.encode()
    roots = {pid for pid, (_, state, cmd) in table.items() if needle in cmd and state != "Z"}
    found = set(roots)
    changed = True
    while changed:
        changed = False
        for pid, (ppid, state, _) in table.items():
            if ppid in found and pid not in found and state != "Z":
                found.add(pid)
                changed = True
    return sorted(found)


def kill_profile_processes(marker: str, *, wait_s: float = 3.0) -> int:
    """SIGKILL every process of the profile and wait until they are gone; how many were signalled."""
    signalled: set[int] = set()
    deadline = time.monotonic() + wait_s
    while True:
        pids = profile_processes(marker)
        if not pids or time.monotonic() >= deadline:
            return len(signalled)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            signalled.add(pid)
        time.sleep(0.02)


def sweep_stale_profiles(directory: str | None = None, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Delete profile directories left by a run that was SIGKILLed (no process uses them any more).

    Playwright's driver takes Chromium down when its parent dies, but nothing can delete the
    profile of a process killed with SIGKILL; the next start does.  Only directories of this user,
    untouched for ``older_than_s`` and used by no live process, are removed.  Returns them.
    """
    root = Path(directory or tempfile.gettempdir())
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = [p for p in root.iterdir() if p.name.startswith(PROFILE_PREFIX)]
    except OSError:
        return removed
    uid = os.getuid()
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        if not path.is_dir() or path.is_symlink() or info.st_uid != uid:
            continue
        if now - info.st_mtime < older_than_s or profile_processes(str(path)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed
