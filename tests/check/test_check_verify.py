"""``corsdoctor check --verify``: the engine's report and real Chromium's decision in one command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from corsdoctor.lab import LabThread

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is installed by scripts/test.sh")
def test_check_verify_agrees_with_chromium() -> None:
    with LabThread() as lab:
        url = lab.urls["app"] + "/method-not-allowed"
        proc = subprocess.run(
            [sys.executable, "-m", "corsdoctor", "check", url, "--origin", "https://app.example", "-X", "PUT",
             "--verify", "--no-extra-checks", "--format", "json"],
            capture_output=True, text=True, timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    [verify] = document["verify"]
    fields = {f["field"]: f for f in verify["engine"]["fields"]}
    assert fields["chromium_error"]["chromium"] == "MethodDisallowedByPreflightResponse"
    assert verify["engine"]["agrees"], fields


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corsdoctor", *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is installed by scripts/test.sh")
def test_check_verify_takes_resolve_and_cookie_into_the_browser() -> None:
    with LabThread() as lab:
        port = lab.urls["app"].rsplit(":", 1)[1]
        url = f"http://api.verify.test:{port}/ok/credentials"
        proc = _run(["check", url, "--resolve", f"api.verify.test:{port}:127.0.0.1", "--origin", "http://localhost:3000",
                     "--credentials", "--cookie", "sid=abc123", "--verify", "--no-extra-checks", "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    [verify] = json.loads(proc.stdout)["verify"]
    assert verify["chromium"]["outcome"] == "passed"  # the host was resolved by the rule, not by DNS
    # The cookie is in the profile: Chromium decides (SameSite=Lax by default keeps it off a
    # cross-site fetch) and says why; its value is never printed.
    assert "sid" in proc.stdout and "abc123" not in proc.stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is installed by scripts/test.sh")
def test_check_verify_markdown_is_markdown() -> None:
    with LabThread() as lab:
        proc = _run(["check", lab.urls["app"] + "/missing-acao", "--origin", "http://localhost:3000", "--verify",
                     "--no-extra-checks", "--format", "markdown"])
    assert proc.returncode == 1, proc.stderr
    assert "### Chromium" in proc.stdout and "\x1b[" not in proc.stdout and "───" not in proc.stdout
