"""Debian's Apache httpd on loopback for the hop tests: ``apache2 -DFOREGROUND`` with a server
config the test writes (mod_proxy_http in front of the test app, mod_headers, mod_rewrite),
a private ServerRoot, stopped and removed by the context manager.

As root the worker processes switch to ``www-data``; the ServerRoot is made world-readable so
they can reach it.  ``ServerTokens Full`` is Debian's default and what the hop tests rely on only
through the headers Apache itself adds.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.hops.servers import free_port

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = "/usr/lib/apache2/modules"
_LOADED = ("mpm_event", "authz_core", "headers", "proxy", "proxy_http", "rewrite", "setenvif")


def available() -> bool:
    return Path(APACHE).exists() and Path(MODULES, "mod_proxy_http.so").exists()


def _wait(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"apache2 exited: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("apache2 did not start listening")


@contextmanager
def apache(body: str) -> Iterator[int]:
    """Run httpd with ``body`` (directives, ``{port}`` already substituted by the caller's format)
    inside ``<VirtualHost 127.0.0.1:PORT>``; yields the port."""
    port = free_port()
    root = Path(tempfile.mkdtemp(prefix="corsdoctor-hops-httpd-"))
    root.chmod(0o755)
    modules = "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in _LOADED)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    conf = root / "httpd.conf"
    conf.write_text(
        f'ServerRoot "{root}"\nListen 127.0.0.1:{port}\n{modules}{user}PidFile {root}/httpd.pid\n'
        f"ErrorLog {root}/error.log\nServerName localhost\nServerTokens Full\n"
        f"<VirtualHost 127.0.0.1:{port}>\n{body}\n</VirtualHost>\n"
    )
    proc = subprocess.Popen(
        [APACHE, "-f", str(conf), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LC_ALL": "C", "APACHE_RUN_DIR": str(root), "APACHE_LOCK_DIR": str(root)},
    )
    try:
        _wait(port, proc, root / "error.log")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        shutil.rmtree(root, ignore_errors=True)
