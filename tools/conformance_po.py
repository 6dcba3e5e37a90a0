"""Lossless PO round trip over shared/ PO files.

For each file: parse and write back unchanged ⇒ same bytes.  Then change the
translation of the third translatable entry and write again ⇒ every other
entry keeps its exact text, the file re-parses with the new value, polib reads
it (when it reads the original), and msgfmt (if installed) accepts it when it
accepts the original.

Usage: tools/conformance_po.py [DIR]   (default: ../shared/corpus/dev/po)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

from presslate.catalog.pofile import Entry, PoFile, PoSyntaxError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared/corpus/dev/po"
EDITED = "presslate conformance edit — «{}»"


def msgfmt_ok(data: bytes) -> bool | None:
    """Whether ``msgfmt --check-format --check-header`` accepts the file (None: no msgfmt)."""
    if shutil.which("msgfmt") is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".po") as tmp:
        tmp.write(data)
        tmp.flush()
        result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", tmp.name],
                                capture_output=True)
    return result.returncode == 0


def edit(po: PoFile) -> tuple[int, Entry]:
    """Give the third translatable entry a new translation; return its index and the entry."""
    active = [i for i, e in enumerate(po.entries) if not e.obsolete]
    index = active[min(2, len(active) - 1)]
    entry = po.entries[index]
    if entry.msgid_plural is None:
        entry.msgstr = EDITED.format(entry.msgstr or entry.msgid)
    else:
        entry.msgstr_plural[0] = EDITED.format(entry.msgstr_plural.get(0) or entry.msgid)
    return index, entry


def edit_problems(data: bytes, path: Path) -> list[str]:
    """What goes wrong when one entry of the file is changed (empty: nothing)."""
    original = PoFile.parse(data, str(path))
    po = PoFile.parse(data, str(path))
    if not any(not e.obsolete for e in po.entries):
        return []
    index, entry = edit(po)
    out = po.serialize()
    problems = []
    try:
        again = PoFile.parse(out, f"{path} (edited)")
    except PoSyntaxError as exc:
        return [f"edited output does not parse: {exc}"]
    if len(again.entries) != len(original.entries):
        return [f"edited output has {len(again.entries)} entries, the original {len(original.entries)}"]
    if (again.header and again.header._raw) != (original.header and original.header._raw):
        problems.append("header text changed")
    for i, (old, new) in enumerate(zip(original.entries, again.entries)):
        if i != index and new._raw != old._raw:
            problems.append(f"entry at line {old.line} changed although it was not edited")
    changed = again.entries[index]
    if (changed.msgstr, changed.msgstr_plural) != (entry.msgstr, entry.msgstr_plural):
        problems.append(f"edited entry (line {entry.line}) reads back as {changed.msgstr!r}")
    old_raw = original.entries[index]._raw.encode()
    if data.count(old_raw) == 1 and out != data.replace(old_raw, changed._raw.encode()):
        problems.append("bytes outside the edited entry changed (separators or trailing text)")
    if read_with_polib(data) is not None:
        problems += polib_problems(out, entry, len(original.entries))
    if msgfmt_ok(data) and not msgfmt_ok(out):
        problems.append("msgfmt accepts the original but not the edited file")
    return problems


def read_with_polib(data: bytes) -> polib.POFile | None:
    """polib's reading of the file, or None if polib rejects it."""
    with tempfile.NamedTemporaryFile(suffix=".po") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            return polib.pofile(tmp.name)
        except Exception:  # polib raises plain exceptions (IOError, ValueError) on bad input
            return None


def polib_problems(out: bytes, entry: Entry, count: int) -> list[str]:
    theirs = read_with_polib(out)
    if theirs is None:
        return ["polib reads the original but not the edited output"]
    problems = []
    if len(theirs) != count:
        problems.append(f"polib reads {len(theirs)} entries, presslate {count}")
    found = theirs.find(entry.msgid, msgctxt=entry.msgctxt if entry.msgctxt is not None else False)
    expected = entry.msgstr if entry.msgid_plural is None else entry.msgstr_plural[0]
    if found is None or (found.msgstr if entry.msgid_plural is None else found.msgstr_plural[0]) != expected:
        problems.append("polib does not read the edited translation back")
    return problems


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    files = sorted(corpus.rglob("*.po")) if corpus.is_dir() else []
    if not files:
        print(f"no PO files under {corpus} (shared/ corpus not beside the project?); nothing to check")
        return 0
    identical = edited_ok = 0
    failures: list[str] = []
    for path in files:
        name = path.relative_to(corpus)
        data = path.read_bytes()
        try:
            po = PoFile.parse(data, str(name))
        except PoSyntaxError as exc:
            failures.append(f"PARSE {exc}")
            continue
        if po.serialize() == data:
            identical += 1
        else:
            failures.append(f"DIFF  {name}: written back unchanged, the bytes differ")
        problems = edit_problems(data, name)
        edited_ok += not problems
        failures += [f"EDIT  {name}: {problem}" for problem in problems]
    print(f"PO conformance over {corpus} ({len(files)} files)")
    print(f"unchanged:     {identical}/{len(files)} byte-identical")
    print(f"with one edit: {edited_ok}/{len(files)} byte-identical outside the edited entry "
          "(re-parsed, read by polib" + (", passes msgfmt)" if shutil.which("msgfmt") else ")")
          + "; polib and msgfmt are only required where they accept the original")
    for failure in failures:
        print(failure)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
