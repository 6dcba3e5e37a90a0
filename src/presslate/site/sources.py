"""The localized sources a page is made from: front matter read and extended, dates, plain values."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from presslate.errors import InputError
from presslate.formats.encoding import split_bom

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}


def text_value(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_date(value) -> dt.date | None:
    """A front-matter date: YAML/TOML dates and datetimes, or an ISO 8601 string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def split_front_matter(text: str, reference: str) -> tuple[dict, str]:
    """Front-matter values and the Markdown body of a localized article (a byte order mark dropped)."""
    text = split_bom(text)[1]
    lines = text.splitlines(keepends=True)
    opener = lines[0].rstrip("\r\n") if lines else ""
    if opener not in _FENCES:
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") in _FENCES[opener]:
            raw = "".join(lines[1:end])
            try:
                data = YAML(typ="safe", pure=True).load(StringIO(raw)) if opener == "---" else tomllib.loads(raw)
            except (YAMLError, tomllib.TOMLDecodeError) as exc:
                raise InputError(reference, None, f"localized front matter does not parse: {exc}") from None
            return (data if isinstance(data, dict) else {}), "".join(lines[end + 1 :])
    return {}, text


def with_front_matter_keys(text: str, keys: dict[str, str]) -> str:
    """``text`` with the ``keys`` its front matter lacks added (a front matter is created if
    there is none); keys the author already set, and every other line, stay as they are.
    A byte order mark stays the first character."""
    bom, text = split_bom(text)
    lines = text.splitlines(keepends=True)
    opener = lines[0].rstrip("\r\n") if lines else ""
    if opener not in _FENCES:
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in keys.items())
        return f"{bom}---\n{head}---\n{text}"
    newline = lines[0][len(opener):] or "\n"
    separator = ": " if opener == "---" else " = "
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in _FENCES[opener]), len(lines))
    # New TOML keys go before the first [table], or they would land inside it.
    insert_at = next((i for i in range(1, end) if opener == "+++" and lines[i].lstrip().startswith("[")), end)
    present = re.compile(rf"([A-Za-z_][\w\-]*)[ \t]*{separator.strip()}")
    existing = {m.group(1) for line in lines[1:insert_at] if (m := present.match(line))}
    added = [f"{k}{separator}{json.dumps(v, ensure_ascii=False)}{newline}" for k, v in keys.items() if k not in existing]
    return bom + "".join([*lines[:insert_at], *added, *lines[insert_at:]])


def without_lines(text: str, body: str, first: int, last: int) -> str:
    """``text`` (front matter and ``body``, which it ends with) without the body's lines
    ``first``..``last - 1`` and the blank lines after them; every other character kept."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", body)
    end = last
    while end < len(lines) and not lines[end].strip():
        end += 1
    return text[: len(text) - len(body)] + "".join(lines[:first] + lines[end:])
