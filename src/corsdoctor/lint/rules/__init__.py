"""The rule registry: one module per rule, each exposing ``RULE``."""

from __future__ import annotations

import importlib
from functools import cache

from corsdoctor.lint.rules._base import Rule

_MODULES = (
    "cors005_authorization_by_wildcard",
    "cors103_multiple_allow_origin",
    "cors105_wildcard_credentials",
    "cors107_errors_without_headers",
    "cors108_two_layers",
    "cors109_origin_not_serialized",
    "cors205_invalid_allow_lists",
    "cors207_authorization_not_allowed",
    "cors208_wildcard_lists_with_credentials",
    "cors209_preflight_behind_auth",
    "cors210_preflight_unhandled",
    "cors212_narrow_default_methods",
    "cors501_missing_vary_origin",
    "cors503_invalid_max_age",
    "cors701_reflect_any_credentials",
    "cors702_null_origin",
    "cors703_origin_regex_unanchored",
    "cors704_insecure_origin",
    "cors801_nginx_if_preflight",
    "cors802_nginx_add_header_inheritance",
    "cors803_header_without_always",
    "cors804_middleware_order",
    "cors805_framework_rejects",
    "cors806_express5_options_wildcard",
    "cors807_s3_dialect",
    "cors808_apigw",
    "cors809_static_host_functions",
    "cors810_cdn_cache_key",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    out: list[Rule] = []
    for name in _MODULES:
        module = importlib.import_module(f"corsdoctor.lint.rules.{name}")
        out.append(module.RULE)
    return tuple(out)


__all__ = ["Rule", "all_rules"]
