"""YAML to a located :class:`Node` tree through ``yaml.compose`` (marks carry line/column).

Composing (not constructing) accepts CloudFormation short tags (``!Ref``, ``!Sub``, ``!GetAtt``)
without custom constructors; such values keep their tag so rules can treat them as dynamic.
"""

from __future__ import annotations

import yaml

from corsdoctor.lint.formats._tree import Node, Scalar, TreeError

_Loader: type[yaml.SafeLoader]
try:
    _Loader = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _scalar(node: yaml.ScalarNode) -> Scalar:
    text: str = str(node.value)
    if node.style:  # quoted: always a string
        return text
    if node.tag.startswith("!") and not node.tag.startswith("!!"):
        return text
    low = text.lower()
    if low in _BOOL:
        return _BOOL[low]
    if low in ("null", "~", ""):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _convert(node: yaml.Node) -> Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    tag = node.tag if node.tag.startswith("!") and not node.tag.startswith("!!") else ""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key, value in node.value:
            out[str(key.value)] = _convert(value)
        return Node(value=out, line=line, column=col, tag=tag)
    if isinstance(node, yaml.SequenceNode):
        return Node(value=[_convert(v) for v in node.value], line=line, column=col, tag=tag)
    assert isinstance(node, yaml.ScalarNode)
    return Node(value=_scalar(node), line=line, column=col, tag=tag)


def parse(text: str) -> Node | None:
    try:
        composed = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        raise TreeError(str(exc.problem or exc), line, col) from None
    except yaml.YAMLError as exc:
        raise TreeError(str(exc), 1, 1) from None
    if composed is None:
        return None
    return _convert(composed)
