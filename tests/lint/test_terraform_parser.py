"""The Terraform fixtures against HashiCorp's own HCL parser (``@cdktf/hcl2json``: the Go ``hcl``
library compiled to WebAssembly, installed by ``npm ci`` in tests/node): a fixture the linter parses
is one HCL accepts, and the fixture the linter reports as CORS902 is one HCL rejects."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from corsdoctor.lint.runner import lint_paths
from tests.lint.annotations import parse_file

pytestmark = pytest.mark.slow

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "terraform").glob("*.tf"))
needs_hcl = pytest.mark.skipif(
    shutil.which("node") is None or not (NODE_DIR / "node_modules" / "@cdktf" / "hcl2json").is_dir(),
    reason="node and tests/node packages (npm ci) are needed",
)


@pytest.fixture(scope="module")
def hcl_verdicts() -> dict[str, dict[str, object]]:
    proc = subprocess.run(
        ["node", str(NODE_DIR / "hcl_parse.js"), *map(str, FIXTURES)],
        capture_output=True, text=True, timeout=120, check=True, cwd=NODE_DIR,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {str(row["file"]): row for row in rows}


def test_there_are_fixtures_on_both_sides() -> None:
    annotated = [any(code == "CORS902" for _, code in parse_file(str(f)).expect) for f in FIXTURES]
    assert any(annotated) and not all(annotated)


@needs_hcl
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_hcl_agrees_on_what_parses(fixture: Path, hcl_verdicts: dict[str, dict[str, object]]) -> None:
    verdict = hcl_verdicts[str(fixture)]
    rejected = not verdict["ok"]
    ours = [f for f in lint_paths([str(fixture)], jobs=1).findings if f.code == "CORS902"]
    annotated = any(code == "CORS902" for _, code in parse_file(str(fixture)).expect)
    assert rejected == bool(ours) == annotated, verdict.get("error")
