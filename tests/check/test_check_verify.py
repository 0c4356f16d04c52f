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
