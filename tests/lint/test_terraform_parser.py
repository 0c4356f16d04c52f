"""The Terraform fixtures against Terraform's own HCL parser: a file the linter parses is one
``terraform fmt`` accepts, and the file the linter reports as CORS902 is one Terraform rejects."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from corsdoctor.lint.runner import lint_paths
from tests.lint.annotations import parse_file

pytestmark = pytest.mark.slow

TERRAFORM = shutil.which("terraform")
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "terraform").glob("*.tf"))


@pytest.mark.skipif(TERRAFORM is None, reason="terraform not installed")
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_terraform_agrees_on_what_parses(fixture: Path, tmp_path: Path) -> None:
    assert TERRAFORM is not None
    rc = tmp_path / "terraformrc"
    rc.write_text("")
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "CHECKPOINT_DISABLE": "1"}
    proc = subprocess.run([TERRAFORM, "fmt", "-no-color", "-"], input=fixture.read_bytes(), capture_output=True,
                          env=env, timeout=60, check=False)
    rejected = proc.returncode != 0
    ours = [f for f in lint_paths([str(fixture)], jobs=1).findings if f.code == "CORS902"]
    annotated = any(code == "CORS902" for _, code in parse_file(str(fixture)).expect)
    assert rejected == bool(ours) == annotated, proc.stderr.decode(errors="replace")
