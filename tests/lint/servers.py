"""Real servers on 127.0.0.1 (ephemeral ports) running a lint fixture's own configuration."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_port(port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {out}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def nginx_config(fixture: str, port: int, prefix: Path) -> str:
    """Wrap a fixture (server blocks, or a whole ``http {}``) into a runnable main config."""
    body = re.sub(r"listen\s+\d+;", f"listen 127.0.0.1:{port};", fixture)
    temps = "".join(f"{name}_temp_path {prefix}/{name};\n" for name in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    http_head = f"access_log off;\n{temps}"
    if re.search(r"^\s*http\s*\{", body, re.M):
        body = re.sub(r"^(\s*)http\s*\{", lambda m: f"{m.group(1)}http {{\n{http_head}", body, count=1, flags=re.M)
        return f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n{body}"
    return f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\nhttp {{\n{http_head}{body}\n}}\n"


@contextlib.contextmanager
def nginx(fixture: Path, tmp: Path) -> Iterator[int]:
    port = free_port()
    (tmp / "logs").mkdir(parents=True, exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_config(fixture.read_text(), port, tmp))
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def asgi(app: Any) -> Iterator[int]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_port(port)
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@contextlib.contextmanager
def wsgi(app: Any) -> Iterator[int]:
    from werkzeug.serving import make_server

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        wait_port(port)
        yield port
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextlib.contextmanager
def express(script: Path, node_modules: Path) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "NODE_PATH": str(node_modules), "PORT": str(port)}
    node = shutil.which("node") or "node"
    proc = subprocess.Popen([node, str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=5)


APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"


@contextlib.contextmanager
def apache(fixture: Path, files: dict[str, str]) -> Iterator[int]:
    """httpd with the fixture as ``.htaccess`` (``*.htaccess``) or as server config (``*.conf``).

    ``files`` are created under the document root.  ``<VirtualHost *:8080>`` becomes the listening
    address and ``/srv/api`` the document root, so vhost fixtures run unchanged otherwise.
    """
    import tempfile

    port = free_port()
    root = Path(tempfile.mkdtemp(prefix="corsdoctor-httpd-"))
    root.chmod(0o755)
    www = root / "www"
    www.mkdir()
    for name, body in files.items():
        (www / name).write_text(body)
    text = fixture.read_text()
    included = ""
    if fixture.name.endswith(".htaccess"):
        (www / ".htaccess").write_text(text)
    else:
        included = text.replace("*:8080", f"127.0.0.1:{port}").replace("/srv/api", str(www))
    modules = "".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so\n"
                      for m in ("mpm_event", "authz_core", "headers", "setenvif", "rewrite"))
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    conf = root / "httpd.conf"
    conf.write_text(
        f'ServerRoot "{root}"\nListen 127.0.0.1:{port}\n{modules}{user}PidFile {root}/httpd.pid\n'
        f"ErrorLog {root}/error.log\nServerName localhost\nDocumentRoot \"{www}\"\n"
        f'<Directory "{www}">\n  Require all granted\n  AllowOverride All\n</Directory>\n{included}\n'
    )
    proc = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)
