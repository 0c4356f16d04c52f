"""Terraform (HCL, tree-sitter-hcl): the AWS CORS resources, judged by the same S3, CloudFront and
API Gateway logic as the JSON/CloudFormation forms (``_s3``, ``aws``), with fixes in HCL.

* ``aws_s3_bucket_cors_configuration`` ``cors_rule { allowed_headers, allowed_methods,
  allowed_origins, expose_headers, max_age_seconds, id }`` and the legacy ``cors_rule`` blocks of
  ``aws_s3_bucket`` (AWS provider < 4) —
  https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_cors_configuration
* ``aws_apigatewayv2_api`` ``cors_configuration { allow_credentials, allow_headers, allow_methods,
  allow_origins, expose_headers, max_age }`` (HTTP APIs; the gateway answers preflights itself).
* ``aws_cloudfront_response_headers_policy`` ``cors_config { access_control_allow_credentials,
  access_control_allow_origins { items }, access_control_allow_methods { items },
  access_control_allow_headers { items }, origin_override, … }``.

Only literal values are judged: ``var.origins``, ``local.x`` or function calls are run-time values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corsdoctor.lint.formats import _s3
from corsdoctor.lint.formats._syntax import Doc
from corsdoctor.lint.formats._tree import Node
from corsdoctor.lint.formats.aws import cloudfront_cors, http_api_cors
from corsdoctor.lint.formats.base import Extraction, Extractor, Source
from corsdoctor.lint.policy import CorsPolicy, Location

_RESOURCES = ("aws_s3_bucket_cors_configuration", "aws_s3_bucket", "aws_apigatewayv2_api",
              "aws_cloudfront_response_headers_policy")


def claims(name: str, text: str) -> bool:
    return name.endswith(".tf") and ("cors_rule" in text or "cors_configuration" in text or "cors_config" in text)


@dataclass(slots=True)
class Block:
    """An HCL block: ``type "label" … { attributes; nested blocks }``."""

    type: str
    labels: tuple[str, ...]
    node: Any
    attrs: dict[str, Node] = field(default_factory=dict)
    #: attribute name → location of the name itself (for wrong-key findings)
    attr_at: dict[str, Location] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def children(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.type == kind]


class _Hcl:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def node(self, at: Any, value: Any, tag: str = "") -> Node:
        loc = self.doc.loc(at)
        return Node(value=value, line=loc.line, column=loc.column, tag=tag)

    def value(self, expr: Any) -> Node:
        """An expression as a located :class:`Node`; non-literal values carry the tag ``expr``."""
        n = expr
        while n.type in ("expression", "literal_value", "collection_value") and n.named_children:
            n = n.named_children[0]
        if n.type == "string_lit":
            parts = [c for c in n.named_children if c.type not in ("quoted_template_start", "quoted_template_end")]
            if all(c.type == "template_literal" for c in parts):
                return self.node(n, "".join(self.doc.text(c) for c in parts))
            return self.node(n, self.doc.text(n), tag="expr")  # "${var.x}" interpolation
        if n.type == "numeric_lit":
            text = self.doc.text(n)
            return self.node(n, int(text) if text.isdigit() else text)
        if n.type == "bool_lit":
            return self.node(n, self.doc.text(n) == "true")
        if n.type == "null_lit":
            return self.node(n, None)
        if n.type == "tuple":
            return self.node(n, [self.value(c) for c in n.named_children if c.type == "expression"])
        return self.node(n, self.doc.text(n), tag="expr")

    def block(self, node: Any) -> Block:
        named = node.named_children
        kind = self.doc.text(named[0]) if named else ""
        labels = tuple(self.doc.text(c).strip('"') for c in named[1:] if c.type in ("string_lit", "identifier"))
        out = Block(type=kind, labels=labels, node=node)
        body = next((c for c in named if c.type == "body"), None)
        for child in body.named_children if body is not None else []:
            if child.type == "attribute" and len(child.named_children) >= 2:
                key = self.doc.text(child.named_children[0])
                out.attrs[key] = self.value(child.named_children[-1])
                out.attr_at[key] = self.doc.loc(child.named_children[0])
            elif child.type == "block":
                out.blocks.append(self.block(child))
        return out

    def as_node(self, b: Block, *, camel: bool) -> Node:
        """A block as a mapping node; nested blocks become mappings too (``camel``: CFN key names)."""
        def key(k: str) -> str:
            return "".join(w.capitalize() for w in k.split("_")) if camel else k

        value: dict[str, Node] = {key(k): v for k, v in b.attrs.items()}
        for nested in b.blocks:
            value[key(nested.type)] = self.as_node(nested, camel=camel)
        return self.node(b.node, value)


def _policies(hcl: _Hcl, src: Source, res: Block) -> list[CorsPolicy]:
    kind, name = res.labels[0], ".".join(res.labels[:2])
    out: list[CorsPolicy] = []
    if kind in ("aws_s3_bucket_cors_configuration", "aws_s3_bucket"):
        for i, rule in enumerate(res.children("cors_rule"), start=1):
            as_node = hcl.as_node(rule, camel=False)
            out.append(_s3.s3_rule(src.path, as_node, dialect="terraform", scope=f"{name} cors_rule[{i}]",
                                   key_at=rule.attr_at, fmt="terraform-s3"))
    elif kind == "aws_apigatewayv2_api":
        for conf in res.children("cors_configuration"):
            out.append(http_api_cors(src, name, hcl.as_node(conf, camel=True), fmt="terraform-apigw"))
    elif kind == "aws_cloudfront_response_headers_policy":
        for conf in res.children("cors_config"):
            out.append(cloudfront_cors(src, name, hcl.as_node(conf, camel=True), fmt="terraform-cloudfront"))
    return out


def extract(src: Source) -> Extraction:
    doc = Doc("hcl", src.path, src.text)
    hcl = _Hcl(doc)
    policies: list[CorsPolicy] = []
    body = next((c for c in doc.root.named_children if c.type == "body"), None)
    for child in body.named_children if body is not None else []:
        if child.type != "block":
            continue
        block = hcl.block(child)
        if block.type == "resource" and len(block.labels) >= 2 and block.labels[0] in _RESOURCES:
            policies.extend(_policies(hcl, src, block))
    return Extraction(format="terraform", policies=tuple(policies), problems=doc.problems())


EXTRACTOR = Extractor(name="terraform", claims=claims, extract=extract)
