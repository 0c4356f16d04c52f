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
* ``aws_cloudfront_distribution`` ``default_cache_behavior`` / ``ordered_cache_behavior``
  (``allowed_methods``, ``cache_policy_id``, ``response_headers_policy_id``, ``forwarded_values``)
  with the ``aws_cloudfront_cache_policy`` resources and managed-policy data sources of the same file.

Only literal values are judged: ``var.origins``, ``local.x`` or function calls are run-time values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corsdoctor.lint.formats import _s3
from corsdoctor.lint.formats._syntax import Doc
from corsdoctor.lint.formats._tree import Node
from corsdoctor.lint.formats.aws import (
    _NO_ORIGIN_CACHE_POLICIES,
    cloudfront_cors,
    distribution_facts,
    http_api_cors,
)
from corsdoctor.lint.formats.base import Extraction, Extractor, Source
from corsdoctor.lint.policy import CorsPolicy, Layer, Location

_RESOURCES = ("aws_s3_bucket_cors_configuration", "aws_s3_bucket", "aws_apigatewayv2_api",
              "aws_cloudfront_response_headers_policy")


def claims(name: str, text: str) -> bool:
    return name.endswith(".tf") and ("cors_rule" in text or "cors_configuration" in text or "cors_config" in text
                                     or "aws_cloudfront_distribution" in text)


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
        # Descend through single-child wrappers only: ``data.x.y.id`` is an expression whose children
        # are the variable and its attribute accesses, and the whole text is the reference.
        while n.type in ("expression", "literal_value", "collection_value") and len(n.named_children) == 1:
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


def _address(block: Block) -> str:
    """``aws_cloudfront_cache_policy.api`` / ``data.aws_cloudfront_cache_policy.optimized``."""
    prefix = "data." if block.type == "data" else ""
    return prefix + ".".join(block.labels[:2])


def _distributions(hcl: _Hcl, src: Source, blocks: list[Block], s3_cors: bool) -> list[CorsPolicy]:
    """``aws_cloudfront_distribution`` cache behaviours through the CloudFormation CloudFront checks:
    the preflight must be an allowed method, and the cache key must hold Origin unless a response
    headers policy with a CORS config adds the headers at the edge."""
    defined_rhp: set[str] = set()
    rhp_cors: set[str] = set()
    cache_has_origin: dict[str, bool] = {}
    for b in blocks:
        if len(b.labels) < 2:
            continue
        kind, addr = b.labels[0], _address(b)
        managed = b.attrs.get("name")
        managed_name = managed.text() if managed is not None and managed.tag != "expr" else ""
        if kind == "aws_cloudfront_response_headers_policy":
            defined_rhp.add(addr)
            if b.children("cors_config") or "CORS" in managed_name:
                rhp_cors.add(addr)
        elif kind == "aws_cloudfront_cache_policy":
            if b.type == "data":
                if managed_name in _NO_ORIGIN_CACHE_POLICIES.values():
                    cache_has_origin[addr] = False
            else:
                cache_has_origin[addr] = "'Origin'" in repr(hcl.as_node(b, camel=False).plain())

    def ref(n: Node | None) -> str | None:
        if n is None or n.tag != "expr":
            return None
        parts = n.text().split(".")
        return ".".join(parts[:-1]) if len(parts) >= 3 and parts[-1] == "id" else n.text()

    out: list[CorsPolicy] = []
    for dist in blocks:
        if dist.type != "resource" or dist.labels[:1] != ("aws_cloudfront_distribution",) or len(dist.labels) < 2:
            continue
        behaviors: list[tuple[str, Node | None]] = []
        for label, kind in (("default_cache_behavior", "default_cache_behavior"),
                            ("ordered_cache_behavior", "ordered_cache_behavior")):
            for i, b in enumerate(dist.children(kind), start=1):
                rhp = b.attrs.get("response_headers_policy_id")
                if rhp is not None and rhp.tag == "expr" and ref(rhp) not in defined_rhp:
                    continue  # a policy defined elsewhere: whether it adds CORS headers is unknown here
                shown = label if kind == "default_cache_behavior" else f"{label}[{i}]"
                behaviors.append((shown, hcl.as_node(b, camel=True)))
        name = _address(dist)
        facts = distribution_facts(src, name, behaviors, s3_cors=s3_cors, rhp_cors=rhp_cors,
                                   cache_has_origin=cache_has_origin, ref=ref, dialect="terraform")
        if facts:
            out.append(CorsPolicy(format="terraform-cloudfront", scope=name, at=hcl.doc.loc(dist.node),
                                  layer=Layer.CDN, facts=tuple(facts)))
    return out


def extract(src: Source) -> Extraction:
    doc = Doc("hcl", src.path, src.text)
    hcl = _Hcl(doc)
    policies: list[CorsPolicy] = []
    blocks: list[Block] = []
    body = next((c for c in doc.root.named_children if c.type == "body"), None)
    for child in body.named_children if body is not None else []:
        if child.type != "block":
            continue
        block = hcl.block(child)
        blocks.append(block)
        if block.type == "resource" and len(block.labels) >= 2 and block.labels[0] in _RESOURCES:
            policies.extend(_policies(hcl, src, block))
    s3_cors = any(p.format == "terraform-s3" for p in policies)
    policies.extend(_distributions(hcl, src, [b for b in blocks if b.type in ("resource", "data")], s3_cors))
    return Extraction(format="terraform", policies=tuple(policies), problems=doc.problems())


EXTRACTOR = Extractor(name="terraform", claims=claims, extract=extract)
