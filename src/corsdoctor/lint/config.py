"""``[tool.corsdoctor.lint]`` in pyproject.toml: ``select``, ``ignore``, ``fail-on``.

The nearest pyproject.toml from the linted paths' common directory upwards is used (the current
directory when no path exists); command-line options win.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    source: str | None = None


class ConfigError(ValueError):
    pass


def _codes(value: object, key: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: [tool.corsdoctor.lint] {key} must be a list of codes")
    return tuple(v.strip().upper() for v in value)


def find_pyproject(start: str) -> str | None:
    d = os.path.abspath(start)
    while True:
        p = os.path.join(d, "pyproject.toml")
        if os.path.isfile(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load(start: str = ".") -> LintConfig:
    path = find_pyproject(start)
    if path is None:
        return LintConfig()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    section = data.get("tool", {}).get("corsdoctor", {}).get("lint")
    if section is None:
        return LintConfig()
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.corsdoctor.lint] must be a table")
    fail_on = section.get("fail-on", section.get("fail_on"))
    if fail_on is not None and not isinstance(fail_on, str):
        raise ConfigError(f"{path}: [tool.corsdoctor.lint] fail-on must be a string")
    return LintConfig(select=_codes(section.get("select", []), "select", path),
                      ignore=_codes(section.get("ignore", []), "ignore", path), fail_on=fail_on, source=path)
