"""A throw-away self-signed certificate for local https servers (made with the ``openssl`` CLI).

chromium-oracle.md §4: a certificate with the test names as subjectAltName, served through
``ssl.SSLContext(PROTOCOL_TLS_SERVER)``, is accepted by Chromium launched with
``--ignore-certificate-errors``; https pages and targets then give the same CORS verdicts and
console strings as http, and ``SameSite=None; Secure`` cookies can be sent cross-site.
"""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _san(host: str) -> str:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"DNS:{host}"
    return f"IP:{host}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalCertificate:
    """Certificate and key files in a private temporary directory; ``remove()`` deletes them."""

    directory: Path
    hosts: tuple[str, ...]

    @property
    def cert_file(self) -> Path:
        return self.directory / "cert.pem"

    @property
    def key_file(self) -> Path:
        return self.directory / "key.pem"

    @classmethod
    def create(cls, hosts: tuple[str, ...]) -> LocalCertificate:
        """A fresh RSA-2048 certificate valid for ``hosts`` (names or IPs) for two days."""
        openssl = shutil.which("openssl")
        if openssl is None:
            raise RuntimeError("openssl is not installed; install it with: apt-get install -y openssl")
        unique = tuple(dict.fromkeys(hosts))
        directory = Path(tempfile.mkdtemp(prefix="corsdoctor-cert-"))
        cert = cls(directory=directory, hosts=unique)
        san = ",".join(_san(h) for h in unique)
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(cert.key_file), "-out", str(cert.cert_file),
             "-subj", f"/CN={unique[0]}", "-addext", f"subjectAltName={san}"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return cert

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
