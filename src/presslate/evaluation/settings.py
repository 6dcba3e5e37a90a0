"""Settings of an evaluation run: the project's presslate.toml plus ``--set SECTION.KEY=VALUE`` overrides.

Overrides are generic: any dotted key, any depth (``engine.argos.beam_size=2``,
``mt.repair=["spacing"]``), so a setting another module reads from
presslate.toml can be measured without changing this code.  The value is
read as TOML (``2``, ``true``, ``"paragraph"``, ``["a", "b"]``,
``{ fr = "pseudo" }``); a value that is not TOML is taken as a string, so
``project.segmentation=paragraph`` works unquoted.
"""

from __future__ import annotations

import copy
import json
import math
import re
import tomllib

from presslate.errors import ConfigError

_KEY = re.compile(r"[A-Za-z0-9_-]+")


def parse_override(text: str) -> tuple[list[str], object]:
    """``"engine.argos.beam_size=2"`` → ``(["engine", "argos", "beam_size"], 2)``."""
    key, sep, raw = text.partition("=")
    path = key.strip().split(".")
    if not sep or len(path) < 2 or not all(_KEY.fullmatch(p) for p in path):
        raise ConfigError(f"--set {text!r}: expected SECTION.KEY=VALUE, e.g. project.segmentation=\"paragraph\"")
    raw = raw.strip()
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        if not raw or any(c in raw for c in "[]{}\"'"):
            raise ConfigError(f"--set {text!r}: {raw!r} is not a TOML value (quote strings: KEY=\"text\")") from None
        value = raw
    return path, value


def apply_overrides(data: dict, overrides: list[str]) -> dict:
    """A copy of ``data`` with each override set (tables created as needed)."""
    data = copy.deepcopy(data)
    for text in overrides:
        path, value = parse_override(text)
        table = data
        for part in path[:-1]:
            table = table.setdefault(part, {})
            if not isinstance(table, dict):
                raise ConfigError(f"--set {text!r}: {part} is a value, not a table")
        table[path[-1]] = value
    return data


def dumps(data: dict) -> str:
    """TOML text for ``data`` (strings, numbers, booleans, lists, tables); checked by reading it back."""
    lines: list[str] = []
    _table(data, [], lines)
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != data:
        raise ConfigError("cannot write these settings as TOML")
    return text


def _table(data: dict, prefix: list[str], lines: list[str]) -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    if prefix and (scalars or not tables):
        lines.append("[" + ".".join(_key(p) for p in prefix) + "]")
    for key, value in scalars.items():
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        _table(value, prefix + [key], lines)


def _key(key: str) -> str:
    return key if _KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise ConfigError(f"cannot write {value!r} in presslate.toml")
