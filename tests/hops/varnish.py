"""Debian's Varnish on loopback for the hop tests: ``varnishd`` in the foreground with a VCL the
test writes, the test app as its only backend, a private working directory, stopped and removed
by the context manager (manager and cache child both gone: :func:`varnish_pids` proves it).

Running as root in a container: ``-j none`` (no privilege-separation jail: the jail would switch
to the ``varnish``/``vcache`` users, which cannot read a root-owned temp dir), ``-T none`` (no CLI
port), ``-s malloc,16m`` and ``-l 2m`` (a small shared-memory log) keep it light.  The VCL is
compiled with the system C compiler at start-up (about a second).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.hops.servers import free_port

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def vcl(backend_port: int, body: str) -> str:
    """A VCL 4.1 program with the test app as its backend and ``body`` (subroutines) after it."""
    head = f'vcl 4.1;\nbackend app {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n'
    return head + body


@dataclass(frozen=True, slots=True)
class Varnish:
    port: int
    workdir: Path
    pid: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def varnish_pids(workdir: Path) -> list[int]:
    """Processes whose command line names ``workdir`` (the manager and its forked cache child)."""
    needle = str(workdir).encode()
    pids: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in cmdline and b"varnishd" in cmdline:
            pids.append(int(entry.name))
    return pids


def _wait_listening(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"varnishd exited: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"varnishd did not start listening: {log.read_text(errors='replace')}")


@contextmanager
def varnish(program: str) -> Iterator[Varnish]:
    """Run ``varnishd -F`` with the VCL ``program`` on 127.0.0.1:ephemeral."""
    tmp = Path(tempfile.mkdtemp(prefix="corsdoctor-hops-varnish-"))
    (tmp / "default.vcl").write_text(program)
    log = tmp / "varnishd.log"
    port = free_port()
    argv = [
        VARNISHD, "-F", "-j", "none", "-T", "none",
        "-a", f"127.0.0.1:{port}",
        "-f", str(tmp / "default.vcl"),
        "-n", str(tmp / "work"),
        "-s", "malloc,16m", "-l", "2m",
        "-p", "thread_pools=1", "-p", "thread_pool_min=5", "-p", "thread_pool_max=50",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "LC_ALL": "C"})
    try:
        _wait_listening(port, proc, log)
        yield Varnish(port=port, workdir=tmp, pid=proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)  # the manager stops its cache child, then exits
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            for pid in varnish_pids(tmp):
                os.kill(pid, signal.SIGKILL)
            proc.wait(5)
        deadline = time.monotonic() + 5
        while varnish_pids(tmp) and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(tmp, ignore_errors=True)
