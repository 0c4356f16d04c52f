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

    __slots__ = ("data", "path", "root")

    def __init__(self, grammar: str, path: str, text: str) -> None:
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
        if not self.root.has_error:
            return ()
        bad = first_error(self.root)
        return (ParseProblem(at=self.loc(bad), message=describe_error(bad, self.text(bad))),)


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
