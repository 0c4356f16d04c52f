"""``corsdoctor explain [TEXT | -]``: explain pasted browser console messages, or document a code."""

from __future__ import annotations

import argparse
import re
import sys

HELP = "Explain a pasted CORS console message (Chrome/Edge, Firefox, Safari) or a finding code."

_CODE_LIKE = re.compile(r"^(?:cors)?\d{1,3}$|^[a-z0-9]+(?:-[a-z0-9]+)+$", re.IGNORECASE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", metavar="TEXT",
                        help="console text, a code (CORS104 or its kebab name), or '-' to read stdin (default)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _read(args: argparse.Namespace) -> bytes | None:
    if args.text and args.text != ["-"]:
        return " ".join(args.text).encode("utf-8", "surrogateescape")
    if not args.text and sys.stdin.isatty():
        return None
    return sys.stdin.buffer.read()


def _error(message: str) -> int:
    print(f"corsdoctor explain: {message}", file=sys.stderr)
    return 2


def _write(segments: list[tuple[str, str]]) -> None:
    from corsdoctor.explain import plain

    if sys.stdout.isatty():
        from rich.console import Console
        from rich.text import Text

        Console(highlight=False, soft_wrap=True).print(Text.assemble(*segments), end="")
    else:
        sys.stdout.write(plain(segments))


def _document(key: str, fmt: str) -> int:
    import json

    from corsdoctor import knowledge

    if fmt == "json":
        sys.stdout.write(json.dumps(knowledge.doc_to_dict(key), indent=2, ensure_ascii=False) + "\n")
    else:
        _write([(knowledge.render_doc(key), "")])
    return 0


def run(args: argparse.Namespace) -> int:
    import json

    from corsdoctor.engine._codes import lookup
    from corsdoctor.explain import (
        ExplainInputError,
        decode_input,
        explain,
        text_segments,
        to_json,
        unrecognised_text,
    )

    if len(args.text) == 1 and _CODE_LIKE.match(args.text[0].strip()):
        try:
            code = lookup(args.text[0]).code
        except KeyError:
            return _error(f"unknown finding code {args.text[0]!r} (see `corsdoctor rules`)")
        return _document(code, args.format)
    data = _read(args)
    if data is None:
        return _error("no input: pass the console text, a code, or pipe the text into `corsdoctor explain -`")
    try:
        text = decode_input(data)
    except ExplainInputError as exc:
        return _error(str(exc))
    explanation = explain(text)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(explanation), indent=2, ensure_ascii=False) + "\n")
    else:
        _write(text_segments(explanation))
    if not explanation.messages:
        sys.stderr.write(unrecognised_text(explanation))
        return 2
    print(f"corsdoctor explain: {len(explanation.messages)} CORS problem(s) recognised", file=sys.stderr)
    return 1
