"""A tokenizer for Apache httpd configuration (httpd.conf, vhosts, ``.htaccess``).

Line oriented (https://httpd.apache.org/docs/2.4/configuring.html#syntax): a trailing ``\\``
continues the line, ``#`` starts a whole-line comment, arguments are separated by whitespace and
may be double-quoted (``\\"`` escapes), ``<Section args>`` … ``</Section>`` nest.  Every argument
keeps its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corsdoctor.lint.formats._tree import TreeError


@dataclass(frozen=True, slots=True, kw_only=True)
class Arg:
    text: str
    line: int
    column: int


@dataclass(slots=True, kw_only=True)
class Directive:
    name: str
    args: list[Arg]
    line: int
    column: int
    children: list[Directive] = field(default_factory=list)
    section: bool = False


def _split(text: str, line: int, col0: int) -> list[Arg]:
    out: list[Arg] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        start = i
        if text[i] in "\"'":
            quote = text[i]
            i += 1
            buf = []
            while i < n and text[i] != quote:
                if text[i] == "\\" and i + 1 < n and text[i + 1] in (quote, "\\"):
                    buf.append(text[i + 1])
                    i += 2
                    continue
                buf.append(text[i])
                i += 1
            if i >= n:
                raise TreeError("unterminated quoted string", line, col0 + start)
            i += 1
            out.append(Arg(text="".join(buf), line=line, column=col0 + start))
        else:
            while i < n and text[i] not in " \t":
                i += 1
            out.append(Arg(text=text[start:i], line=line, column=col0 + start))
    return out


def parse(text: str) -> list[Directive]:
    """The directive tree; raises :class:`TreeError` on unbalanced sections."""
    root: list[Directive] = []
    stack: list[Directive] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start_line = i + 1
        raw = lines[i]
        while raw.endswith("\\") and i + 1 < len(lines):
            i += 1
            raw = raw[:-1] + " " + lines[i].lstrip()
        i += 1
        stripped = raw.lstrip()
        indent = len(raw) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        col = indent + 1
        target = stack[-1].children if stack else root
        if stripped.startswith("</"):
            name = stripped[2:].rstrip().rstrip(">").strip()
            if not stack:
                raise TreeError(f"</{name}> without matching <{name}> section", start_line, col)
            if stack[-1].name.lower() != name.lower():
                raise TreeError(f"</{name}> closes <{stack[-1].name}> (opened at line {stack[-1].line})",
                                start_line, col)
            stack.pop()
            continue
        if stripped.startswith("<"):
            body = stripped[1:].rstrip()
            if not body.endswith(">"):
                raise TreeError(f"<{body.split()[0] if body else ''} directive missing closing '>'",
                                start_line, col)
            body = body[:-1]
            name, _, rest = body.partition(" ")
            d = Directive(name=name, args=_split(rest, start_line, col + 2 + len(name)),
                          line=start_line, column=col, section=True)
            target.append(d)
            stack.append(d)
            continue
        name, _, rest = stripped.partition(" ")
        if "\t" in name:
            name, _, more = name.partition("\t")
            rest = more + " " + rest
        target.append(Directive(name=name, args=_split(rest, start_line, col + len(name) + 1),
                                line=start_line, column=col))
    if stack:
        d = stack[-1]
        raise TreeError(f"<{d.name}> section not closed before end of file", d.line, d.column)
    return root
