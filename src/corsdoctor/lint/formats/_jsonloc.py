"""A strict JSON parser (RFC 8259) that keeps the line/column of every value.

Numbers and strings are decoded by the standard ``json`` module so the values equal
``json.loads``; only the structure walk is here.  ``//`` and ``/* */`` comments are rejected,
like ``json.loads`` (vercel.json and firebase.json are strict JSON).
"""

from __future__ import annotations

import json
import re

from corsdoctor.lint.formats._tree import Node, TreeError

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, pos: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, pos - self.line_starts[lo] + 1

    def fail(self, message: str) -> TreeError:
        line, col = self.where(self.pos)
        return TreeError(message, line, col)

    def skip(self) -> None:
        m = _WS.match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()

    def value(self) -> Node:
        self.skip()
        if self.pos >= len(self.text):
            raise self.fail("Expecting value")
        line, col = self.where(self.pos)
        ch = self.text[self.pos]
        if ch == "{":
            return Node(value=self.obj(), line=line, column=col)
        if ch == "[":
            return Node(value=self.arr(), line=line, column=col)
        if ch == '"':
            return Node(value=self.string(), line=line, column=col)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Node(value=val, line=line, column=col)
        m = _NUMBER.match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return Node(value=json.loads(m.group()), line=line, column=col)
        raise self.fail("Expecting value")

    def string(self) -> str:
        m = _STRING.match(self.text, self.pos)
        if not m:
            raise self.fail("Invalid string")
        self.pos = m.end()
        out: str = json.loads(m.group())
        return out

    def obj(self) -> dict[str, Node]:
        self.pos += 1
        out: dict[str, Node] = {}
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return out
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.fail("Expecting property name enclosed in double quotes")
            key = self.string()
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail("Expecting ':' delimiter")
            self.pos += 1
            out[key] = self.value()
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return out
            raise self.fail("Expecting ',' delimiter")

    def arr(self) -> list[Node]:
        self.pos += 1
        out: list[Node] = []
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return out
        while True:
            out.append(self.value())
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return out
            raise self.fail("Expecting ',' delimiter")


def parse(text: str) -> Node:
    """Parse ``text``; raise :class:`TreeError` with the position on a syntax error."""
    parser = _Parser(text.lstrip("\ufeff"))
    node = parser.value()
    parser.skip()
    if parser.pos != len(parser.text):
        raise parser.fail("Extra data")
    return node
