"""``corsdoctor rules``: list every finding code (code, name, severity, title)."""

from __future__ import annotations

import argparse

HELP = "List every finding code: code, kebab name, severity and title."

SCHEMA = "corsdoctor.rules/1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--severity", metavar="LEVEL", default=None,
                        help="only codes at or above this severity (info, warning, error, security)")


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from corsdoctor.engine._codes import Severity, all_codes

    floor = Severity.INFO
    if args.severity is not None:
        try:
            floor = Severity.parse(args.severity)
        except ValueError as exc:
            print(f"corsdoctor rules: {exc}", file=sys.stderr)
            return 2
    codes = [c for c in all_codes() if c.severity >= floor]
    if args.format == "json":
        payload = {
            "schema": SCHEMA,
            "codes": [
                {"code": c.code, "name": c.name, "severity": c.severity.label, "category": c.category.value,
                 "title": c.title, "spec": c.spec, "chromium_error": c.chromium_error,
                 "firefox_key": c.firefox_key, "safari": c.safari}
                for c in codes
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    name_w = max((len(c.name) for c in codes), default=4)
    for c in codes:
        sys.stdout.write(f"{c.code}  {c.name:<{name_w}}  {c.severity.label:<8}  {c.title}\n")
    return 0
