"""Lint files: read, recognise, extract policies, run the rules, apply suppressions.

Bad input never stops the run: an unparsable file becomes CORS902 (with the parser's message)
and the other files are still linted; binary, huge and unreadable files are skipped with a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from corsdoctor.lint import suppress
from corsdoctor.lint.findings import LintFinding, make
from corsdoctor.lint.formats import Source, detect
from corsdoctor.lint.policy import CorsPolicy, Location
from corsdoctor.lint.rules import all_rules
from corsdoctor.lint.walk import Candidate, walk

MAX_BYTES = 2 * 1024 * 1024
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True, kw_only=True)
class FileResult:
    path: str
    real: str
    format: str | None
    findings: tuple[LintFinding, ...] = ()
    policies: int = 0
    covers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LintReport:
    findings: tuple[LintFinding, ...]
    files: int
    linted: int
    notes: tuple[str, ...] = field(default_factory=tuple)
    formats: dict[str, int] = field(default_factory=dict)


def read_text(cand: Candidate) -> tuple[str | None, str | None]:
    """(text, note): ``None`` text means skipped, with the note saying why."""
    try:
        size = os.path.getsize(cand.real)
        if size > MAX_BYTES:
            return None, f"{cand.path}: {size} bytes, larger than {MAX_BYTES}; skipped"
        with open(cand.real, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, f"{cand.path}: cannot read ({exc.strerror or exc}); skipped"
    if b"\x00" in data[:_BINARY_SNIFF]:
        return None, f"{cand.path}: binary file; skipped"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), None


def check_policy(policy: CorsPolicy) -> list[LintFinding]:
    out: list[LintFinding] = []
    for rule in all_rules():
        out.extend(rule.check(policy))
    return out


def _source_line(at: Location, path: str, text: str) -> str:
    """The line a parse error points at, as written (trimmed): the value a CORS902 is about."""
    if at.path == path:
        rows = text.splitlines()
    else:
        try:
            with open(at.path, encoding="utf-8", errors="replace") as fh:
                rows = fh.read().splitlines()
        except OSError:
            return ""
    line = rows[at.line - 1].strip() if 0 < at.line <= len(rows) else ""
    return line if len(line) <= 120 else line[:117] + "..."


def lint_text(path: str, text: str, real: str | None = None) -> FileResult:
    real = real or os.path.realpath(path)
    name = real if os.path.basename(path) == os.path.basename(real) else path
    extractor = detect(name, text) or detect(path, text)
    if extractor is None:
        return FileResult(path=path, real=real, format=None)
    extraction = extractor.extract(Source(path=path, real=real, text=text))
    if not extraction.policies and not extraction.problems and extraction.format in ("aws", "python"):
        # Sniffed as a candidate (mentions CORS keys) but holds no CORS configuration.
        return FileResult(path=path, real=real, format=None)
    findings: list[LintFinding] = []
    for problem in extraction.problems:
        findings.append(make(
            "CORS902", at=problem.at, value=_source_line(problem.at, path, text) or extractor.name,
            message=f"{extractor.name}: {problem.message}",
            consequence="The server or build would refuse this file, and the lint results for it are incomplete.",
            fix="fix the syntax error (the server would refuse this file too)",
            format=extractor.name, scope="file"))
    for policy in extraction.policies:
        findings.extend(check_policy(policy))
    marks = {path: suppress.parse(text)}

    def marks_for(where: str) -> dict[int, frozenset[str]]:
        # Findings may sit in another file (an nginx include): its own markers apply there.
        if where not in marks:
            try:
                with open(where, encoding="utf-8", errors="replace") as fh:
                    marks[where] = suppress.parse(fh.read())
            except OSError:
                marks[where] = {}
        return marks[where]

    findings = [f for f in findings if not suppress.is_suppressed(marks_for(f.at.path), f.at.line, f.code)]
    return FileResult(path=path, real=real, format=extraction.format, findings=tuple(findings),
                      policies=len(extraction.policies), covers=extraction.covers, notes=extraction.notes)


def lint_candidate(cand: Candidate) -> FileResult:
    text, note = read_text(cand)
    if text is None:
        return FileResult(path=cand.path, real=cand.real, format=None, notes=(note,) if note else ())
    try:
        return lint_text(cand.path, text, cand.real)
    except RecursionError:
        return FileResult(path=cand.path, real=cand.real, format=None,
                          notes=(f"{cand.path}: nested too deeply to analyse; skipped",))


def _select(findings: Iterable[LintFinding], select: Sequence[str], ignore: Sequence[str]) -> list[LintFinding]:
    def matches(code: str, patterns: Sequence[str]) -> bool:
        return any(code == p or (p and code.startswith(p)) for p in patterns)

    out = []
    for f in findings:
        if select and not matches(f.code, select):
            continue
        if ignore and matches(f.code, ignore):
            continue
        out.append(f)
    return out


def lint_paths(
    paths: Sequence[str],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    jobs: int = 0,
) -> LintReport:
    """Lint every file under ``paths``; ``jobs`` 0 = one process per core when there are many files."""
    notes: list[str] = []
    candidates = list(walk(list(paths), notes))
    workers = jobs or (os.cpu_count() or 1)
    if workers > 1 and len(candidates) >= 200:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lint_candidate, candidates, chunksize=64))
    else:
        results = [lint_candidate(c) for c in candidates]
    covered = {c for r in results for c in r.covers}
    findings: dict[tuple[str, str, int, int], LintFinding] = {}
    formats: dict[str, int] = {}
    linted = 0
    for r in results:
        notes.extend(r.notes)
        if r.format is None:
            continue
        if r.format == "nginx" and r.real in covered:
            continue  # linted as part of the file that includes it
        linted += 1
        formats[r.format] = formats.get(r.format, 0) + 1
        for f in r.findings:
            findings.setdefault((f.code, f.at.path, f.at.line, f.at.column), f)
    chosen = _select(findings.values(), [s.upper() for s in select], [s.upper() for s in ignore])
    chosen.sort(key=lambda f: f.sort_key)
    return LintReport(findings=tuple(chosen), files=len(candidates), linted=linted,
                      notes=tuple(dict.fromkeys(notes)), formats=formats)
