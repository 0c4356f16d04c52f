"""A located data tree for JSON, YAML and XML inputs: every value knows its line and column.

``json`` and ``tomllib`` drop positions; the extractors need them for ``file:line:col``, so JSON
goes through the small parser in ``_jsonloc`` and YAML through ``yaml.compose`` marks.
"""

from __future__ import annotations

from dataclasses import dataclass

Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    value: Scalar | dict[str, Node] | list[Node]
    line: int
    column: int
    #: A YAML tag such as ``!Ref`` (CloudFormation intrinsic) — the value is then not literal.
    tag: str = ""

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict):
            return self.value.get(key)
        return None

    def sub(self, key: str) -> Node:
        """The child at ``key``, or an empty node (so chains need no ``None`` checks)."""
        found = self.get(key)
        return found if found is not None else EMPTY

    def get_ci(self, key: str) -> Node | None:
        if isinstance(self.value, dict):
            low = key.lower()
            for k, v in self.value.items():
                if k.lower() == low:
                    return v
        return None

    @property
    def mapping(self) -> dict[str, Node]:
        return self.value if isinstance(self.value, dict) else {}

    @property
    def seq(self) -> list[Node]:
        return self.value if isinstance(self.value, list) else []

    def items_or_self(self) -> list[Node]:
        """A list's items, or the node itself for a scalar (CFN accepts both for many lists)."""
        if isinstance(self.value, list):
            return self.value
        if self.value is None or isinstance(self.value, dict):
            return []
        return [self]

    def text(self) -> str:
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        if self.value is None:
            return ""
        if isinstance(self.value, (dict, list)):
            return ""
        return str(self.value)

    def is_true(self) -> bool:
        return self.value is True or (isinstance(self.value, str) and self.value.strip().lower() == "true")

    def plain(self) -> object:
        """The tree without positions."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


EMPTY = Node(value=None, line=0, column=0)


class TreeError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
