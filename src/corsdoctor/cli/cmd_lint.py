"""``corsdoctor lint``: find CORS bugs in server, proxy and CDN configuration before they ship."""

from __future__ import annotations

import argparse

HELP = "Lint nginx/Apache/app/CDN/static-host configuration for CORS bugs (what the browser will do)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="files or directories (directories are walked, honouring .gitignore)")
    parser.add_argument("--select", metavar="CODES", default=None,
                        help="comma-separated codes or prefixes to report (e.g. CORS1,CORS701)")
    parser.add_argument("--ignore", metavar="CODES", default=None, help="comma-separated codes or prefixes to skip")
    parser.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--fail-on", metavar="SEVERITY", default=None,
                        help="exit 1 when a finding is at or above: info (default), warning, error, security, never")
    parser.add_argument("--output", "-o", metavar="FILE", default=None, help="write the report to FILE")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)")
    parser.add_argument("--no-config", action="store_true", help="ignore [tool.corsdoctor.lint] in pyproject.toml")


def _split(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p.strip().upper() for p in text.split(",") if p.strip())


def _config_start(paths: list[str]) -> str:
    """Where to look for pyproject.toml: the directory holding every linted path (as ruff and black
    do), so ``corsdoctor lint ../service`` uses that project's settings; the current one otherwise."""
    import os

    existing = [os.path.abspath(p) for p in paths if os.path.exists(p)]
    if not existing:
        return "."
    common = os.path.commonpath(existing)
    return common if os.path.isdir(common) else os.path.dirname(common)


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from corsdoctor.engine._codes import CODES, Severity
    from corsdoctor.lint.config import ConfigError, LintConfig, load
    from corsdoctor.lint.report import render_github, render_json, render_sarif, render_text
    from corsdoctor.lint.report.text import summary
    from corsdoctor.lint.runner import lint_paths

    try:
        config = LintConfig() if args.no_config else load(_config_start(args.paths))
    except ConfigError as exc:
        print(f"corsdoctor lint: {exc}", file=sys.stderr)
        return 2
    select = _split(args.select) or config.select
    ignore = _split(args.ignore) or config.ignore
    import re

    for code in (*select, *ignore):
        if not re.fullmatch(r"CORS\d{0,3}", code) or (len(code) == 7 and code not in CODES):
            where = "--select/--ignore" if code in (*_split(args.select), *_split(args.ignore)) \
                else f"{config.source} [tool.corsdoctor.lint]"
            print(f"corsdoctor lint: unknown code {code!r} in {where} (a code such as CORS105 or a "
                  "prefix such as CORS1)", file=sys.stderr)
            return 2
    if args.jobs < 0:
        print(f"corsdoctor lint: --jobs must be 0 (one per core) or more, not {args.jobs}", file=sys.stderr)
        return 2
    fail_text = args.fail_on or config.fail_on or "info"
    fail_on: Severity | None
    if fail_text.strip().lower() in ("never", "none"):
        fail_on = None
    else:
        try:
            fail_on = Severity.parse(fail_text)
        except ValueError as exc:
            where = "--fail-on" if args.fail_on else f"{config.source} [tool.corsdoctor.lint] fail-on"
            print(f"corsdoctor lint: {where}: {exc}", file=sys.stderr)
            return 2
    missing = [p for p in args.paths if not os.path.lexists(p)]
    report = lint_paths(args.paths, select=select, ignore=ignore, jobs=args.jobs)
    if args.format == "json":
        out = render_json(report)
    elif args.format == "sarif":
        out = render_sarif(report)
    elif args.format == "github":
        out = render_github(report)
    else:
        color = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        out = render_text(report, color=color)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(out)
        except OSError as exc:
            print(f"corsdoctor lint: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(out)
    for path in missing:
        print(f"corsdoctor lint: {path}: no such file or directory", file=sys.stderr)
    for note in report.notes:
        if not any(note == f"{path}: no such file or directory" for path in missing):
            print(f"corsdoctor lint: note: {note}", file=sys.stderr)
    unparsable = [f for f in report.findings if f.code == "CORS902"]
    for f in unparsable:
        print(f"corsdoctor lint: {f.at}: cannot parse: {f.message}", file=sys.stderr)
    print(summary(report), file=sys.stderr)
    if missing or unparsable:
        return 2
    if fail_on is not None and any(f.severity >= fail_on for f in report.findings):
        return 1
    return 0
