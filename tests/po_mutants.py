"""Mutated real PO files, and GNU msgfmt's view of them: the oracle of tests/test_po_strict.py.

A mutant is a window of a real PO file (its header and a run of entries) with one random edit of the
kind a hand-edited file gets: a quote or a character dropped, a line duplicated or lost, a keyword
misspelt, an escape broken, a stray token, a truncation.  For each one, :func:`compare` says whether
presslate reads it, whether msgfmt accepts it, and whether both see the same messages.
"""

from __future__ import annotations

import random
import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from presslate.catalog.pofile import PoFile, PoSyntaxError

KEYWORDS = ["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]", "msgstr[1]", "msgstr[2]", "msgtsr",
            "msgid_plura", "msgstr[", "#~ msgid", "#| msgid", "#~| msgid", "#| msgctxt", "msgctx"]
INSERTS = ['"', "\\", " ", "#", "~", "|", "x", "[", "]", "\x04", "\x00", "\t", "\n", "'", "\\x4", "\\0"]
STRAYS = ["hello", 'msgstr "x"', '#| msgid "old"', '"orphan"', '#~ msgid "gone"', "msgid", '#~| msgid "x"',
          'msgid "a" "b"', "#, fuzzy", 'msgstr[0] "y"', "domain \"d\""]
ESCAPES = ["\\q", "\\x4", "\\x414", "\\400", "\\'", "\\?", "\\0", "\\xff", "\\u00e9", "\\", "\\303\\251"]
# msgfmt's fatal errors that are not about reading the file (see tests/test_po_strict.py)
_NEWLINES = re.compile(r"entries do not both (begin|end) with '\\n'")
_LOCATION = re.compile(r"^(.*?):(\d+):(?:\d+:)? (.*)$")


def windows(path: Path, rng: random.Random, count: int, size: int = 10) -> list[str]:
    """``count`` excerpts of the file: its first block (the header) and ``size`` consecutive blocks."""
    text = path.read_bytes().decode("utf-8")
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if not line.strip():
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    if len(blocks) <= size + 1:
        return [text] * count
    return ["".join([blocks[0], *blocks[start:start + size]])
            for start in (rng.randrange(1, len(blocks) - size + 1) for _ in range(count))]


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One random edit of ``text``, and its name."""
    lines = text.splitlines(keepends=True)
    kind = rng.choice(["drop_quote", "drop_char", "insert_char", "dup_line", "drop_line", "swap_lines",
                       "keyword", "escape", "stray", "truncate", "prefix", "unprefix"])
    i = rng.randrange(len(lines))
    line = lines[i]
    if kind == "drop_quote" and '"' in text:
        at = rng.choice([m.start() for m in re.finditer('"', text)])
        return text[:at] + text[at + 1:], kind
    if kind == "drop_char" and line.strip():
        at = rng.randrange(len(line.rstrip("\r\n")) or 1)
        lines[i] = line[:at] + line[at + 1:]
    elif kind == "insert_char":
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + rng.choice(INSERTS) + line[at:]
    elif kind == "dup_line":
        lines.insert(i, line)
    elif kind == "drop_line":
        del lines[i]
    elif kind == "swap_lines" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], line
    elif kind == "keyword":
        found = [(j, m) for j, ln in enumerate(lines)
                 for m in [re.match(r"(#~\|? |#\| )?(msgctxt|msgid_plural|msgid|msgstr(\[\d+\])?)", ln)] if m]
        if found:
            j, m = rng.choice(found)
            lines[j] = rng.choice(KEYWORDS) + lines[j][m.end():]
    elif kind == "escape":
        found = [(j, m) for j, ln in enumerate(lines) for m in re.finditer(r'\\.|"[^"]', ln)]
        if found:
            j, m = rng.choice(found)
            at = m.start() if m.group(0)[0] == "\\" else m.start() + 1
            lines[j] = lines[j][:at] + rng.choice(ESCAPES) + lines[j][m.end() if at == m.start() else at:]
    elif kind == "stray":
        lines.insert(i, rng.choice(STRAYS) + "\n")
    elif kind == "truncate":
        return text[:rng.randrange(len(text))], kind
    elif kind == "prefix":
        lines[i] = rng.choice(["#~ ", "#| ", "#~| ", "#", " "]) + line
    elif kind == "unprefix" and line.startswith("#"):
        lines[i] = line[rng.choice([1, 2, 3]):]
    return "".join(lines), kind


@dataclass
class Verdict:
    """What presslate and msgfmt make of one file."""

    presslate_error: str | None
    msgfmt_errors: list[str]
    differences: list[str] = field(default_factory=list)

    @property
    def presslate_reads(self) -> bool:
        return self.presslate_error is None

    @property
    def msgfmt_accepts(self) -> bool:
        return not self.msgfmt_errors


def msgfmt_errors(path: Path, text: str) -> list[str]:
    """msgfmt's fatal errors about ``path``, except those that are not about reading it.

    Left out: a msgid and its msgstr that do not both begin or end with a newline (a check of the
    translation, as --check-format is; presslate's reader reads such entries), and a duplicate
    where one of the two is an obsolete entry (msgfmt 0.21 counts obsolete entries, which it never
    compiles; msgmerge writes such files, tests/data/po/msgmerge_es.po is one).
    """
    run = subprocess.run(["msgfmt", "--use-fuzzy", "-o", str(path.with_suffix(".mo")), str(path)], capture_output=True,
                         text=True, errors="replace")
    lines = text.split("\n")
    errors: list[str] = []
    reported = run.stderr.splitlines()
    for k, message in enumerate(reported):
        m = _LOCATION.match(message)
        if m is None:
            if not ("warning" in message or "fatal error" in message or message.startswith((" ", "\t"))):
                errors.append(message)  # an error with no line (about the whole file)
            continue
        if m.group(3).startswith("warning") or _NEWLINES.search(m.group(3)):
            continue
        if m.group(3) == "duplicate message definition..." and k + 1 < len(reported):
            first = _LOCATION.match(reported[k + 1])
            at = [int(m.group(2)), int(first.group(2)) if first else 0]
            if any(0 < n <= len(lines) and lines[n - 1].lstrip().startswith("#~") for n in at):
                continue
        if m.group(3) == "...this is the location of the first definition":
            continue
        errors.append(f"{m.group(2)}: {m.group(3)}")
    if run.returncode != 0 and not errors and not any(
            _NEWLINES.search(x) or "duplicate message definition" in x for x in reported):
        errors.append(f"exit {run.returncode}: {run.stderr.strip()[:200]}")
    return errors


def msgfmt_view(path: Path) -> list[tuple] | None:
    """The active messages as GNU gettext reads them: msgcat's canonical output, read by polib
    (None when msgcat cannot convert the file: no charset in the header)."""
    run = subprocess.run(["msgcat", "--no-wrap", "-o", "-", str(path)], capture_output=True)
    if run.returncode != 0:
        return None
    catalog = polib.pofile(run.stdout.decode("utf-8"))
    return [(e.msgctxt, e.msgid, e.msgid_plural or None, e.msgstr if not e.msgid_plural else None,
             dict(sorted(e.msgstr_plural.items())) if e.msgid_plural else None)
            for e in catalog if not e.obsolete]


def mo_view(path: Path) -> list[tuple]:
    """The messages msgfmt compiled (translated ones, header included), read from its .mo file."""
    data = path.read_bytes()
    count, originals, translations = struct.unpack("<3I", data[8:20])
    found = []
    for i in range(count):
        key, value = (data[offset:offset + length].decode("utf-8") for length, offset in (
            struct.unpack("<2I", data[table + 8 * i:table + 8 * i + 8]) for table in (originals, translations)))
        context, _, key = key.rpartition("\x04") if "\x04" in key else (None, "", key)
        found.append((context, *key.split("\x00"), *value.split("\x00")))
    return sorted(found, key=repr)


def presslate_mo_view(po: PoFile) -> list[tuple]:
    """The messages of :func:`mo_view` from presslate's reading: not obsolete, first form translated."""
    header = po.header.msgstr if po.header is not None else None
    if header is not None:  # msgfmt leaves this field out of the .mo file
        header = "".join(line for line in header.splitlines(True) if not line.startswith("POT-Creation-Date:"))
    found = [(None, "", header)] if header is not None else []
    for e in po.entries:
        forms = [e.msgstr] if e.msgid_plural is None else [e.msgstr_plural[n] for n in sorted(e.msgstr_plural)]
        if not e.obsolete and forms and forms[0]:
            found.append((e.msgctxt, e.msgid, *([] if e.msgid_plural is None else [e.msgid_plural]), *forms))
    return sorted(found, key=repr)


def presslate_view(po: PoFile) -> list[tuple]:
    """The tuples of :func:`msgfmt_view` from presslate's reading (\\a written as polib reads
    msgcat's "\\a": two characters)."""
    def bell(value):
        return None if value is None else value.replace("\a", "\\a")
    return [(bell(e.msgctxt), bell(e.msgid), bell(e.msgid_plural) or None,
             bell(e.msgstr) if e.msgid_plural is None else None,
             {n: bell(v) for n, v in sorted(e.msgstr_plural.items())} if e.msgid_plural is not None else None)
            for e in po.entries if not e.obsolete]


def compare(text: str, workdir: Path) -> Verdict:
    data = text.encode("utf-8", "surrogatepass")
    path = Path(tempfile.mkstemp(suffix=".po", dir=workdir)[1])
    try:
        path.write_bytes(data)
        try:
            po = PoFile.parse(data, "mutant.po")
            ours = None
        except PoSyntaxError as exc:
            po, ours = None, str(exc)
        verdict = Verdict(ours, msgfmt_errors(path, text))
        if po is not None and verdict.msgfmt_accepts:
            theirs, mine = msgfmt_view(path), presslate_view(po)
            if theirs is None and path.with_suffix(".mo").exists():
                theirs, mine = mo_view(path.with_suffix(".mo")), presslate_mo_view(po)
            if theirs is None:  # neither view (no charset, and an error left out above): nothing to compare
                theirs = mine
            if theirs != mine:
                verdict.differences = [f"msgfmt {t!r} / presslate {m!r}" for t, m in zip(theirs, mine) if t != m] or [
                    f"msgfmt reads {len(theirs)} messages, presslate {len(mine)}"]
        return verdict
    finally:
        path.unlink()
        path.with_suffix(".mo").unlink(missing_ok=True)
