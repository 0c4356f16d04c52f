"""Goldens of the plain-text output of ``corsdoctor explain`` for a few realistic pastes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TEXT = Path(__file__).parent / "golden" / "text"
INPUTS = sorted(TEXT.glob("*.in"))


@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_text_output(source: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "corsdoctor", "explain", "-"], input=source.read_bytes(),
                         capture_output=True, check=False)
    assert out.returncode == 1, out.stderr
    assert out.stdout.decode() == source.with_suffix(".out").read_text(encoding="utf-8")
    assert b"\x1b[" not in out.stdout  # plain when piped
