"""Tree-sitter plumbing shared by the source-code extractors (Ruby, C#, Go, HCL).

A :class:`Doc` pairs a parsed tree with its bytes and display path, so an extractor asks for a
node's text and ``file:line:column`` without repeating the byte/point arithmetic.  Columns are
1-based character columns of the node's first byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from corsdoctor.lint.formats.base import ParseProblem
from corsdoctor.lint.policy import Located, Location


@cache
def parser(grammar: str) -> Any:
    """A tree-sitter parser for ``ruby``, ``c_sharp``, ``go`` or ``hcl`` (imported on first use)."""
    import importlib

    from tree_sitter import Language, Parser

    module = importlib.import_module(f"tree_sitter_{grammar}")
    language: Callable[[], object] = module.language
    return Parser(Language(language()))


class Doc:
    """One parsed file."""

    __slots__ = ("data", "grammar", "path", "root")

    def __init__(self, grammar: str, path: str, text: str) -> None:
        self.grammar = grammar
        self.path = path
        self.data = text.encode("utf-8")
        self.root = parser(grammar).parse(self.data).root_node

    def text(self, node: Any) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def loc(self, node: Any) -> Location:
        row, col = node.start_point
        line_start = self.data.rfind(b"\n", 0, node.start_byte) + 1
        column = len(self.data[line_start:node.start_byte].decode("utf-8", "replace")) + 1 if col else 1
        return Location(path=self.path, line=row + 1, column=column)

    def located(self, node: Any, value: str | None = None) -> Located[str]:
        return Located(value=self.text(node) if value is None else value, at=self.loc(node))

    def problems(self) -> tuple[ParseProblem, ...]:
        """CORS902 material: the first syntax error, with the text it starts at."""
        return syntax_problems(
            self.root,
            path=self.path,
            source=lambda: self.data.decode("utf-8", "replace"),
            loc=self.loc,
            node_text=self.text,
            hash_comments=self.grammar in ("ruby", "hcl"),
        )


def syntax_problems(
    root: Any,
    *,
    path: str,
    source: Callable[[], str],
    loc: Callable[[Any], Location],
    node_text: Callable[[Any], str],
    find: Callable[[Any], Any] | None = None,
    hash_comments: bool = False,
) -> tuple[ParseProblem, ...]:
    """The first syntax error of a tree-sitter tree (``find`` picks the node, :func:`first_error` by
    default); when the grammar could not recover at all, the bracket that broke the file instead."""
    if not root.has_error:
        return ()
    bad = (find or first_error)(root)
    if bad.start_byte == 0 and bad.type == "ERROR":  # no recovery: name the bracket that broke it
        found = unbalanced(source(), hash_comments=hash_comments)
        if found is not None:
            return (ParseProblem(at=Location(path=path, line=found[0], column=found[1]), message=found[2]),)
    return (ParseProblem(at=loc(bad), message=describe_error(bad, node_text(bad))),)


_PAIRS = {")": "(", "]": "[", "}": "{"}


def unbalanced(text: str, *, hash_comments: bool = False) -> tuple[int, int, str] | None:
    """(line, column, message) of the first bracket that does not pair up, skipping strings and
    comments — the location to report when a grammar could not recover and wrapped the whole file
    in one ERROR node."""
    stack: list[tuple[str, int, int]] = []
    line, col, i, n = 1, 0, 0, len(text)
    while i < n:
        c = text[i]
        col += 1
        if c == "\n":
            line, col = line + 1, 0
        elif c in "\"'`":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            col += j - i
            i = j
        elif text.startswith("//", i) or (hash_comments and c == "#"):
            j = text.find("\n", i)
            i = (j if j >= 0 else n) - 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j - 1
        elif c in "([{":
            stack.append((c, line, col))
        elif c in _PAIRS:
            if not stack:
                return line, col, f"unmatched {c!r}"
            opened, at_line, _ = stack.pop()
            if opened != _PAIRS[c]:
                return line, col, f"{c!r} closes {opened!r} opened at line {at_line}"
        i += 1
    if stack:
        opened, at_line, at_col = stack[-1]
        return at_line, at_col, f"{opened!r} is never closed"
    return None


def describe_error(bad: Any, text: str) -> str:
    """A parser message for a tree-sitter ERROR/MISSING node: what is missing, or where it broke."""
    if bad.is_missing:
        return f"missing {bad.type!r}"
    near = text.strip().splitlines()[0][:40] if text.strip() else ""
    return f"syntax error near {near!r}" if near else "syntax error"


def walk(node: Any, *types: str) -> Iterator[Any]:
    """Every node under ``node`` (pre-order, source order) whose type is one of ``types``."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in types:
            yield n
        stack.extend(reversed(n.children))


def first_error(node: Any) -> Any:
    """The innermost ERROR/MISSING node on the first erroneous path (an outer ERROR often spans the
    whole statement; the inner one is where the parser actually gave up)."""
    n = node
    while True:
        nxt = next((c for c in n.children if c.type == "ERROR" or c.is_missing or c.has_error), None)
        if nxt is None:
            return n
        n = nxt
