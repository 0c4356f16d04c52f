"""The engine imports only the standard library; the public API is explicit and sorted."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import corsdoctor.engine as engine

ENGINE = Path(engine.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_engine_source_imports_only_stdlib() -> None:
    offenders = []
    for path in sorted(ENGINE.glob("*.py")):
        for name in _imported_modules(path):
            top = name.split(".")[0]
            if name.startswith("corsdoctor.engine") or top == "__future__":
                continue
            if top not in sys.stdlib_module_names:
                offenders.append(f"{path.name}: {name}")
    assert not offenders, offenders


def test_engine_runtime_loads_nothing_outside_stdlib() -> None:
    code = (
        "import sys; before = set(sys.modules); import corsdoctor.engine; "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print(sorted(m for m in new if m not in sys.stdlib_module_names and m != 'corsdoctor'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api_is_sorted_and_complete() -> None:
    # isort-style order (constants, classes, functions), as ruff's RUF022 keeps it.
    def key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert engine.__all__ == sorted(engine.__all__, key=key)
    for name in engine.__all__:
        assert hasattr(engine, name), name
