"""``corsdoctor simulate``: one engine verdict per conformance scenario (FORMAT.md §8)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

HELP = "Decide conformance scenarios (JSONL, FORMAT.md) with the engine; one JSON verdict per line."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenarios as JSON lines, or - for standard input")
    parser.add_argument(
        "--browser",
        choices=["spec", "chromium", "firefox", "webkit", "safari", "chrome"],
        help="browser profile (default: each scenario's own 'browser' field, else spec)",
    )


def _decoded_lines(stream: BinaryIO, errors: list[str]) -> Iterator[str]:
    """Each line as text; a line that is not UTF-8 is reported (with its number) and skipped,
    so the lines after it are still answered.  A UTF-8 byte-order mark is allowed."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"line {number}: not UTF-8 at byte {exc.start}")
            yield ""  # keeps the numbering; blank lines are skipped


def run(args: argparse.Namespace) -> int:
    import json

    from corsdoctor.conformance.scenario import iter_lines, simulate_dict
    from corsdoctor.engine import InputError, get_profile

    if args.file == "-":
        stream: BinaryIO = sys.stdin.buffer
    else:
        try:
            stream = open(args.file, "rb")  # noqa: SIM115
        except OSError as exc:
            print(f"corsdoctor: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
    forced = get_profile(args.browser).name if args.browser else None
    errors = 0
    decode_errors: list[str] = []
    out = sys.stdout
    try:
        for number, item in iter_lines(_decoded_lines(stream, decode_errors)):
            while decode_errors:
                errors += 1
                print(f"corsdoctor: {decode_errors.pop(0)}", file=sys.stderr)
            if isinstance(item, InputError):
                errors += 1
                print(f"corsdoctor: {item}", file=sys.stderr)
                continue
            try:
                profile = forced or (get_profile(item.browser).name if item.browser else "spec")
                result = simulate_dict(item, profile)
            except InputError as exc:
                errors += 1
                print(f"corsdoctor: line {number}: {item.id}: {exc}", file=sys.stderr)
                continue
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        for message in decode_errors:
            errors += 1
            print(f"corsdoctor: {message}", file=sys.stderr)
    except OSError as exc:
        print(f"corsdoctor: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    return 2 if errors else 0
