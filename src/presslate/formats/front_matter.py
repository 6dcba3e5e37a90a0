"""Front matter (YAML between ``---`` lines, TOML between ``+++``), span-preserving.

Translatable top-level keys (title, description, summary by default; tags if
configured) become segments whose atoms cover exactly the value's bytes, so
comments, key order, flow lists and quoting elsewhere are never touched.  A
real parser (ruamel.yaml, tomllib) validates the block and cross-checks every
extracted value: a value this scanner reads differently from the parser is
left untranslated rather than risk corrupting it.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from presslate.document import Break, LanguageSlot, Segment, Text
from presslate.errors import InputError

_YAML_KEY = re.compile(r"([A-Za-z_][\w\-]*)[ \t]*:(?=[ \t]|$)[ \t]*")
_TOML_KEY = re.compile(r"([A-Za-z_][\w\-]*)[ \t]*=[ \t]*")
_TOML_WHERE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|\s$|^$|[\n\t]|:$")


@dataclass
class FrontMatter:
    parts: list  # skeleton strings, segments and one LanguageSlot
    end_line: int  # index of the first body line


def split_front_matter(lines: list[str], path: str, keys: list[str]) -> FrontMatter | None:
    """Parse front matter at the top of ``lines`` (kept with their line ends)."""
    if not lines:
        return None
    opener = lines[0].rstrip("\r\n")
    if opener not in ("---", "+++"):
        return None
    closers = ("---", "...") if opener == "---" else ("+++",)
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in closers:
            break
    else:
        raise InputError(path, 1, f"front matter opened with {opener!r} is never closed")
    body = lines[1:end]
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if opener == "---":
        values = _load_yaml("".join(body), path)
        scanner = _YamlScanner(body, values, keys, newline)
    else:
        values = _load_toml("".join(body), path)
        scanner = _TomlScanner(body, values, keys, newline)
    parts: list = [lines[0]]
    parts.extend(scanner.parts())
    parts.append(lines[end])
    return FrontMatter(_merge_strings(parts), end + 1)


# What YAML 1.1 reads as a timestamp: a line holding one is where a date that does not exist is.
_BAD_TIMESTAMP = re.compile(r"(?:^|[\s:\[,-])\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]|\s*$|[\],])")


def _load_yaml(text: str, path: str) -> dict:
    try:
        data = YAML(typ="safe", pure=True).load(StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise InputError(path, line, f"malformed YAML front matter: {exc.problem or exc}") from None
    except YAMLError as exc:
        raise InputError(path, 1, f"malformed YAML front matter: {exc}") from None
    except (ValueError, OverflowError) as exc:  # a value YAML reads as a date or time that is none (2017-13-01)
        line = next((n + 2 for n, text_line in enumerate(text.splitlines()) if _BAD_TIMESTAMP.search(text_line)), 2)
        raise InputError(path, line, f"front matter value is not a valid date or time ({exc}); quote it to keep it "
                                     "as text, or correct it") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, 2, "front matter must be a mapping of keys to values")
    return data


def _load_toml(text: str, path: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = _toml_error_line(exc, text)
        raise InputError(path, line, f"malformed TOML front matter: {problem}") from None


def _toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """The article line of a TOML error (its block starts on line 2) and the problem without
    tomllib's own block-relative position, which would name the wrong line."""
    problem = str(exc)
    where = _TOML_WHERE.search(problem)
    if where:
        problem = problem[: where.start()]
        if where.group(1):
            return int(where.group(1)) + 1, f"{problem} (column {where.group(2)})"
        return text.count("\n") + 2, f"{problem} (at the end of the front matter)"
    lineno = getattr(exc, "lineno", None)  # Python 3.14+ sets it (1-based in the block)
    return (lineno + 1 if lineno else 1), problem


class _Scanner:
    """Walks front-matter lines, emitting skeleton text and value segments."""

    def __init__(self, lines: list[str], values: dict, keys: list[str], newline: str):
        self.lines = lines
        self.values = values
        self.keys = keys
        self.newline = newline
        self.out: list = []
        self.language_found = False

    def parts(self) -> list:
        i = 0
        while i < len(self.lines):
            i = self.line(i)
        if not self.language_found:
            self.out.append(LanguageSlot("", self.language_line() + self.newline))
        return self.out

    def line(self, i: int) -> int:
        raise NotImplementedError

    def language_line(self) -> str:
        raise NotImplementedError

    def scalar(self, text: str, start: int, key: str, expected) -> tuple[int, list] | None:
        """Parse one scalar at ``text[start:]``: (end, parts) if it reads as ``expected``."""
        raise NotImplementedError

    def emit_key_line(self, i: int, m: re.Match, key: str) -> None:
        line = self.lines[i]
        content = line.rstrip("\r\n")
        value = self.values.get(key)
        if key == "lang" and isinstance(value, str):
            got = self.scalar(content, m.end(), key, value)
            if got:
                self.language_found = True
                end, _ = got
                self.out += [line[: m.end()], LanguageSlot(content[m.end() : end], self.language_value()), line[end:]]
                return
        if key in self.keys and isinstance(value, (str, list)):
            parts = self.value_parts(content, m.end(), key, value)
            if parts is not None:
                end, pieces = parts
                self.out += [line[: m.end()], *pieces, line[end:]]
                return
        self.out.append(line)

    def value_parts(self, content: str, start: int, key: str, value) -> tuple[int, list] | None:
        if isinstance(value, str):
            return self.scalar(content, start, key, value)
        # A flow list of scalars: [a, "b", c]
        if not content.startswith("[", start) or not all(isinstance(v, str) for v in value):
            return None
        pieces: list = ["["]
        pos = start + 1
        for n, item in enumerate(value):
            space = len(content) - len(content[pos:].lstrip(" \t")) - pos
            pieces.append(content[pos : pos + space])
            pos += space
            got = self.scalar(content, pos, key, item, stop=",]")
            if not got:
                return None
            end, item_parts = got
            pieces += item_parts
            sep = re.compile(r"[ \t]*" + (r"," if n < len(value) - 1 else r",?[ \t]*\]")).match(content, end)
            if not sep:
                return None
            pieces.append(sep.group())
            pos = sep.end()
        return pos, pieces

    def value_segment(self, text: str, key: str, encode, raw: str | None = None, atoms=None) -> Segment:
        """A value's segment; ``raw`` is its quoted spelling when it differs from ``text``."""
        original = raw if raw != text else None
        return Segment(atoms or [Text(text)], f"front matter: {key}", 0, encode=encode, original=original)


class _YamlScanner(_Scanner):
    def language_line(self) -> str:
        return "lang: {lang}"

    def language_value(self) -> str:
        return "{lang}"

    def line(self, i: int) -> int:
        line = self.lines[i]
        m = _YAML_KEY.match(line.rstrip("\r\n"))
        if not m:
            self.out.append(line)
            return i + 1
        key = m.group(1)
        rest = line.rstrip("\r\n")[m.end() :]
        value = self.values.get(key)
        if key in self.keys and isinstance(value, str) and rest[:1] in ("|", ">"):
            return self.block_scalar(i, m, key, value)
        if key in self.keys and isinstance(value, list) and _is_comment_or_empty(rest):
            return self.block_list(i, key, value)
        self.emit_key_line(i, m, key)
        return i + 1

    def scalar(self, text, start, key, expected, stop=""):
        if text.startswith('"', start):
            end = _quoted_end(text, start, '"', backslash=True)
            if end is None:
                return None
            raw = text[start:end]
            if "\\" not in raw and "\n" not in raw:  # nothing to unescape or fold
                value = raw[1:-1]
            else:
                try:
                    value = YAML(typ="safe", pure=True).load(raw)
                except YAMLError:
                    return None
            encode = _yaml_double
        elif text.startswith("'", start):
            end = _quoted_end(text, start, "'", backslash=False)
            if end is None:
                return None
            raw = text[start:end]
            value = raw[1:-1].replace("''", "'")
            encode = _yaml_single
        else:
            m = re.compile(r"[^#" + re.escape(stop) + r"\r\n]*").match(text, start)
            end = start + len(m.group().split(" #")[0].rstrip(" \t"))
            value = text[start:end]
            encode = _yaml_plain
        if value != expected or not value.strip():
            return None
        return end, [self.value_segment(value, key, encode, text[start:end])]

    def block_scalar(self, i: int, m: re.Match, key: str, value: str) -> int:
        head = self.lines[i]
        j = i + 1
        body: list[str] = []
        while j < len(self.lines) and (not self.lines[j].strip() or self.lines[j][:1] in " \t"):
            body.append(self.lines[j])
            j += 1
        while body and not body[-1].strip():
            body.pop()
            j -= 1
        if not body:
            self.out.append(head)
            return i + 1
        indent = len(body[0]) - len(body[0].lstrip(" "))
        text = "".join(body)
        start = indent
        end = len(text.rstrip("\r\n"))
        atoms: list = []
        pos = start
        for brk in re.finditer(r"[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*", text[start:end]):
            atoms.append(Text(text[pos : start + brk.start()]))
            atoms.append(Break(brk.group()))
            pos = start + brk.end()
        atoms.append(Text(text[pos:end]))
        msgid = "".join(a.text if isinstance(a, Text) else "\n" for a in atoms)
        if " ".join(msgid.split()) != " ".join(value.split()):
            self.out.append(head)
            return i + 1
        seg = self.value_segment(msgid, key, None, atoms=atoms)
        seg.default_break = self.newline + " " * indent
        self.out += [head, text[:start], seg, text[end:]]
        return j

    def block_list(self, i: int, key: str, value: list) -> int:
        self.out.append(self.lines[i])
        j = i + 1
        items = iter(value)
        while j < len(self.lines):
            line = self.lines[j]
            m = re.match(r"[ \t]*-[ \t]+", line)
            if not m:
                break
            content = line.rstrip("\r\n")
            expected = next(items, None)
            got = self.scalar(content, m.end(), key, expected) if isinstance(expected, str) else None
            if got:
                end, parts = got
                self.out += [line[: m.end()], *parts, line[end:]]
            else:
                self.out.append(line)
            j += 1
        return j


class _TomlScanner(_Scanner):
    in_table = False

    def language_line(self) -> str:
        return 'lang = "{lang}"'

    def language_value(self) -> str:
        return '"{lang}"'

    def line(self, i: int) -> int:
        line = self.lines[i]
        if line.lstrip().startswith("["):
            if not self.language_found and not self.in_table:
                self.out.append(LanguageSlot("", self.language_line() + self.newline))
                self.language_found = True
            self.in_table = True
        m = None if self.in_table else _TOML_KEY.match(line.rstrip("\r\n"))
        if m:
            self.emit_key_line(i, m, m.group(1))
        else:
            self.out.append(line)
        return i + 1

    def scalar(self, text, start, key, expected, stop=""):
        quote = text[start : start + 1]
        if quote not in ("'", '"') or text.startswith(quote * 3, start):
            return None
        end = _quoted_end(text, start, quote, backslash=quote == '"')
        if end is None:
            return None
        try:
            value = tomllib.loads("v = " + text[start:end])["v"]
        except tomllib.TOMLDecodeError:
            return None
        if value != expected or not value.strip():
            return None
        return end, [self.value_segment(value, key, _toml_basic, text[start:end])]


def _quoted_end(text: str, start: int, quote: str, backslash: bool) -> int | None:
    j = start + 1
    while j < len(text):
        ch = text[j]
        if backslash and ch == "\\":
            j += 2
            continue
        if ch == quote:
            if not backslash and text.startswith(quote * 2, j):
                j += 2
                continue
            return j + 1
        j += 1
    return None


def _is_comment_or_empty(rest: str) -> bool:
    return not rest.strip() or rest.lstrip().startswith("#")


def _yaml_plain(value: str) -> str:
    return value if not _PLAIN_UNSAFE.search(value) else _yaml_double(value)


def _yaml_double(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _yaml_single(value: str) -> str:
    if "\n" in value:
        return _yaml_double(value)
    return "'" + value.replace("'", "''") + "'"


def _toml_basic(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _merge_strings(parts: list) -> list:
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged
