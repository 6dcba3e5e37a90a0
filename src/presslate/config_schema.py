"""What presslate.toml may hold: every section, every key and its type, checked before use.

A misspelt section or key (``[biuld]``, ``naem``) would otherwise be ignored
without a word, and a value of the wrong type (``targets = [1, 2]``) would
fail deep inside a run.  :func:`validate` refuses both with the file, the
line of the key and, for a misspelling, the names it may have meant.  What
a value means (a known language, a known engine) is checked where it is
read, in :mod:`presslate.config` and the modules that own a section.

Article globs must stay inside the project: ``/etc/*.conf`` or
``../other/*.md`` are refused.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import PurePosixPath, PureWindowsPath

from presslate.errors import ConfigError, InputError


class SettingError(ConfigError, InputError):
    """A setting in presslate.toml is unknown or of the wrong type: file, line and what to write instead."""


TEXT, TEXTS, NUMBER, BOOL, TEXT_TABLE, TABLE = "string", "list of strings", "number", "bool", "table of strings", "table"

# section -> {key: kind}; None: the section's own module checks its keys ([check], [publish]).
SECTIONS: dict[str, dict[str, str] | None] = {
    "project": {"source": TEXT, "targets": TEXTS, "articles": TEXTS, "articles_root": TEXT, "locales": TEXT,
                "output": TEXT, "segmentation": TEXT},
    "front_matter": {"translatable": TEXTS},
    "html": {"notranslate_classes": TEXTS},
    "engine": {"name": TEXT, "by_language": TEXT_TABLE},  # and [engine.<name>] option tables
    "mt": {"repair": TEXTS, "protect_names": BOOL, "dates": BOOL, "numbers": BOOL, "quote_pairs": BOOL,
           "headline_lists": BOOL, "keep_names": BOOL, "name_modifiers": BOOL},
    "style": {"headings": TEXT, "quotes": TEXT},
    "memory": {"threshold": NUMBER, "exact_fuzzy": BOOL},
    "build": {"include_fuzzy": BOOL, "min_translated": NUMBER},
    "run": {"backend": TEXT, "scheduler": TEXT, "connect_timeout": NUMBER},
    "check": None,
    "publish": None,
}
HINTS = {("project", "targets"): ' (language codes like "es", "pt_BR")',
         ("project", "articles"): ' (globs like "articles/**/*.md")'}


def validate(data: dict, where: str, text: str | None = None) -> None:
    """Refuse unknown sections and keys and values of the wrong kind; ``text`` gives line numbers."""
    lines = _Lines(text)
    for section, table in data.items():
        if section not in SECTIONS:
            raise SettingError(where, lines.of(section), f"unknown section [{section}]{_did_you_mean(section, SECTIONS)}")
        if not isinstance(table, dict):
            raise SettingError(where, lines.of(section), f"{section} must be a table ([{section}]), not {_toml(table)}")
        keys = SECTIONS[section]
        if keys is None:
            continue
        for key, value in table.items():
            if section == "engine" and key not in keys and isinstance(value, dict):
                continue  # [engine.argos]: options of one engine, checked by the engine
            if key not in keys:
                raise SettingError(where, lines.of(section, key),
                                   f"unknown key {key!r} in [{section}]{_did_you_mean(key, keys)}"
                                   + (", and [engine.<name>] tables of engine options" if section == "engine" else ""))
            kind = keys[key]
            if not _is(value, kind):
                raise SettingError(where, lines.of(section, key), f"[{section}] {key} must be a {kind}"
                                   f"{HINTS.get((section, key), '')}, not {_toml(value)}")
    for pattern in data.get("project", {}).get("articles", []):
        problem = glob_problem(pattern)
        if problem:
            raise SettingError(where, lines.of("project", "articles"), f"[project] articles: {pattern!r} {problem}")


def glob_problem(pattern: str) -> str | None:
    """Why an article glob may not be used, or None: it must name files inside the project folder."""
    if not pattern.strip():
        return "is empty; give a glob like \"articles/**/*.md\""
    posix, windows = PurePosixPath(pattern), PureWindowsPath(pattern)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or pattern.startswith("~"):
        return ("is an absolute path; article globs are relative to the project folder "
                "(like \"articles/**/*.md\"): move or link the articles into it")
    if ".." in re.split(r"[\\/]", pattern):
        return "leads out of the project folder ('..'); article globs must stay inside it"
    return None


def _is(value, kind: str) -> bool:
    if kind == TEXT:
        return isinstance(value, str)
    if kind == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == TEXT_TABLE:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return isinstance(value, dict)


def _toml(value) -> str:
    """A value as it is written in TOML (true, "es", [1, 2])."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{hint} (known: {', '.join(known)})"


class _Lines:
    """Where a section or key is written in the TOML text (tomllib keeps no positions)."""

    HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\- "']+?)\s*=""")

    def __init__(self, text: str | None):
        self.rows = text.splitlines() if text else []

    def of(self, section: str, key: str | None = None) -> int | None:
        current: list[str] = []
        for number, row in enumerate(self.rows, 1):
            header = self.HEADER.match(row)
            if header:
                current = _dotted(header.group(1))
                if key is None and current[:1] == [section]:
                    return number
                if key is not None and current[:2] == [section, key]:
                    return number  # [engine.argos]
                continue
            found = self.KEY.match(row)
            if found:
                path = current + _dotted(found.group(1))
                if path[: 1 if key is None else 2] == ([section] if key is None else [section, key]):
                    return number
        return None


def _dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]
