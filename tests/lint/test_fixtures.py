"""Every fixture's reported (line, code) set equals its annotated ``expect:`` set, exactly.

A case is a file directly under ``fixtures/<format>/`` or a sub-directory (linted as a tree, for
includes and package.json look-ups).  ``ok:`` annotations name codes that must *not* fire on a
line (the near-miss a rule has to get right); they are covered by the equality and also checked
to be disjoint from ``expect:``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corsdoctor.lint.runner import lint_paths
from tests.lint.annotations import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
_SKIP = {"package.json", "README.md"}


def _cases() -> list[Path]:
    out = []
    for fmt in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for entry in sorted(fmt.iterdir()):
            if entry.name.endswith(".expect") or entry.name in _SKIP:
                continue
            out.append(entry)
    return out


def _files(case: Path) -> list[Path]:
    if case.is_file():
        return [case]
    return sorted(p for p in case.rglob("*") if p.is_file() and not p.name.endswith(".expect")
                  and p.name not in _SKIP)


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    expected: set[tuple[str, int, str]] = set()
    ok: set[tuple[str, int, str]] = set()
    for f in _files(case):
        ann = parse_file(str(f))
        rel = os.path.realpath(f)
        expected |= {(rel, line, code) for line, code in ann.expect}
        ok |= {(rel, line, code) for line, code in ann.ok}
    assert not expected & ok, "a line cannot both expect and ok the same code"
    report = lint_paths([str(case)], jobs=1)
    reported = {(os.path.realpath(f.at.path), f.at.line, f.code) for f in report.findings}
    missing = sorted(expected - reported)
    extra = sorted(reported - expected)
    assert not missing and not extra, (
        f"missing (annotated, not reported): {missing}\n"
        f"extra (reported, not annotated): {extra}\n"
        + "\n".join(f"  {f.at}: {f.code} {f.message}" for f in report.findings)
    )


def test_every_rule_has_a_firing_fixture() -> None:
    from corsdoctor.lint.rules import all_rules

    annotated: set[str] = set()
    for case in _cases():
        for f in _files(case):
            annotated |= {code for _, code in parse_file(str(f)).expect}
    codes = {r.code for r in all_rules()} | {"CORS902", "CORS206"}
    assert codes - annotated == set()
