"""Find the files to lint: walk directories, honour ``.gitignore``, never loop or crash.

Symlinked directories are followed once (by real path), so a symlink loop ends the walk of that
branch with a note.  Unreadable directories are skipped with a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

#: Never descended into (as ruff's default excludes), unless given explicitly.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    path: str  # as displayed
    real: str


def _load_ignore(directory: str) -> object | None:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.PathSpec.from_lines("gitignore", lines)


def _ignored(specs: list[tuple[str, object]], path: str, is_dir: bool) -> bool:
    for base, spec in specs:
        rel = os.path.relpath(path, base).replace(os.sep, "/")
        if is_dir:
            rel += "/"
        if spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


def walk(paths: list[str], notes: list[str]) -> Iterator[Candidate]:
    """Yield candidate files; append a note for everything skipped for a reason."""
    for given in paths:
        if os.path.isfile(given):
            yield Candidate(path=given, real=os.path.realpath(given))
            continue
        if not os.path.exists(given):
            notes.append(f"{given}: no such file or directory")
            continue
        if not os.path.isdir(given):
            notes.append(f"{given}: not a regular file or directory, skipped")
            continue
        yield from _walk_dir(given, notes)


def _walk_dir(root: str, notes: list[str]) -> Iterator[Candidate]:
    seen: set[str] = set()
    specs: list[tuple[str, object]] = []
    # .gitignore files above the root (inside the repository) still apply.
    up = os.path.abspath(root)
    chain = []
    while True:
        chain.append(up)
        if os.path.isdir(os.path.join(up, ".git")):
            break
        parent = os.path.dirname(up)
        if parent == up:
            chain = [os.path.abspath(root)]
            break
        up = parent
    for d in reversed(chain[1:]):
        spec = _load_ignore(d)
        if spec is not None:
            specs.append((d, spec))
    yield from _descend(root, os.path.abspath(root), specs, seen, notes)


def _descend(display: str, absolute: str, specs: list[tuple[str, object]], seen: set[str],
             notes: list[str]) -> Iterator[Candidate]:
    real = os.path.realpath(absolute)
    if real in seen:
        notes.append(f"{display}: symlink loop (already visited {real}), skipped")
        return
    seen.add(real)
    spec = _load_ignore(absolute)
    local = [*specs, (absolute, spec)] if spec is not None else specs
    try:
        entries = sorted(os.scandir(absolute), key=lambda e: e.name)
    except OSError as exc:
        notes.append(f"{display}: cannot read directory ({exc.strerror}), skipped")
        return
    for entry in entries:
        shown = os.path.join(display, entry.name)
        full = os.path.join(absolute, entry.name)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            notes.append(f"{shown}: {exc.strerror}, skipped")
            continue
        if is_dir:
            if entry.name in SKIP_DIRS or _ignored(local, full, True):
                continue
            yield from _descend(shown, full, local, seen, notes)
        elif is_file:
            if _ignored(local, full, False):
                continue
            yield Candidate(path=shown, real=os.path.realpath(full))
        elif entry.is_symlink():
            notes.append(f"{shown}: broken symlink, skipped")
