"""Real servers for the check tests, each on 127.0.0.1 with an ephemeral port, started and stopped
by context managers: uvicorn (Starlette), werkzeug (Flask), wsgiref (Django), nginx, node (Express)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

NODE_DIR = Path(__file__).resolve().parent.parent / "node"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def uvicorn_server(app: Any) -> Iterator[str]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_port(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def wsgi_server(app: Callable[..., Any]) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


NGINX = "/usr/sbin/nginx"


def self_signed_certificate(directory: Path, *names: str) -> tuple[Path, Path]:
    """A throw-away certificate and key (openssl CLI) for ``names`` (DNS names or IP addresses)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    alt = ",".join(("IP:" if n.replace(".", "").isdigit() else "DNS:") + n for n in names)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
         "-out", str(cert), "-subj", f"/CN={names[0]}", "-addext", f"subjectAltName={alt}"],
        check=True, capture_output=True,
    )
    return cert, key


@contextmanager
def nginx_server(locations: str, *, tls_names: tuple[str, ...] = ()) -> Iterator[str]:
    """nginx with its own prefix and config (daemon off), on an ephemeral loopback port.

    With ``tls_names`` it serves HTTPS and HTTP/2 (ALPN) with a self-signed certificate for them.
    """
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="corsdoctor-nginx-") as prefix:
        root = Path(prefix)
        (root / "logs").mkdir()
        listen = f"listen 127.0.0.1:{port};"
        if tls_names:
            cert, key = self_signed_certificate(root, *tls_names)
            listen = (
                f"listen 127.0.0.1:{port} ssl http2;\n"
                f"        ssl_certificate {cert}; ssl_certificate_key {key};"
            )
        conf = root / "nginx.conf"
        conf.write_text(
            f"""
worker_processes 1;
error_log {root}/logs/error.log warn;
pid {root}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
    server {{
        {listen}
        {locations}
    }}
}}
"""
        )
        proc = subprocess.Popen(
            [NGINX, "-p", prefix, "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_port(port)
            scheme = "https" if tls_names else "http"
            yield f"{scheme}://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def node_ready() -> bool:
    return shutil.which("node") is not None and (NODE_DIR / "node_modules" / "cors").is_dir()


@contextmanager
def express_server() -> Iterator[str]:
    proc = subprocess.Popen(
        ["node", str(NODE_DIR / "server.js")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        if not line.isdigit():
            raise RuntimeError(f"express did not start: {proc.stderr.read()}")  # type: ignore[union-attr]
        yield f"http://127.0.0.1:{line}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
