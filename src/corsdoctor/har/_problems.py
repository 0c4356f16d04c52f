"""Problems met while reading a HAR: where (byte offset or entry index) and what.

A syntax error names the byte offset; a schema error names the entry index.  Reading goes on
with the next entry whenever the damage is local to one entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadProblem:
    message: str
    index: int | None = None
    offset: int | None = None
    #: Nothing after this point could be read.
    fatal: bool = False

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"entry {self.index}")
        if self.offset is not None:
            where.append(f"byte {self.offset}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def to_dict(self) -> dict[str, object]:
        return {"index": self.index, "offset": self.offset, "message": self.message, "fatal": self.fatal}
