"""``corsdoctor simulate``: one engine verdict per conformance scenario (FORMAT.md §8)."""

from __future__ import annotations

import argparse
import sys

HELP = "Decide conformance scenarios (JSONL, FORMAT.md) with the engine; one JSON verdict per line."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenarios as JSON lines, or - for standard input")
    parser.add_argument(
        "--browser",
        choices=["spec", "chromium", "firefox", "webkit", "safari", "chrome"],
        help="browser profile (default: each scenario's own 'browser' field, else spec)",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from corsdoctor.conformance.scenario import iter_lines, simulate_dict
    from corsdoctor.engine import InputError, get_profile

    if args.file == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(args.file, encoding="utf-8", errors="strict")  # noqa: SIM115
        except OSError as exc:
            print(f"corsdoctor: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
    forced = get_profile(args.browser).name if args.browser else None
    errors = 0
    out = sys.stdout
    try:
        for _number, item in iter_lines(stream):
            if isinstance(item, InputError):
                errors += 1
                print(f"corsdoctor: {item}", file=sys.stderr)
                continue
            try:
                profile = forced or (get_profile(item.browser).name if item.browser else "spec")
                result = simulate_dict(item, profile)
            except InputError as exc:
                errors += 1
                print(f"corsdoctor: line {_number}: {item.id}: {exc}", file=sys.stderr)
                continue
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError as exc:
        print(f"corsdoctor: {args.file}: not UTF-8 at byte {exc.start}", file=sys.stderr)
        return 2
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 2 if errors else 0
