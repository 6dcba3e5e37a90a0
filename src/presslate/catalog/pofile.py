"""Lossless reading and writing of gettext PO files.

polib (like msgcat) re-wraps, re-orders and re-renders every entry it writes,
so a translator's hand-formatted file comes back changed everywhere.  Here each
entry keeps the exact text it was read from; only entries whose values changed
are rendered again, in GNU msgmerge style, so an unchanged file is written back
byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from presslate.catalog import po_header
from presslate.catalog.entry import Entry, PoSyntaxError
from presslate.catalog.po_reader import Parser, charset_problem, check_header, check_plural_counts, decode, is_header, plural_count
from presslate.catalog.po_writer import render_entry
from presslate.errors import InputError

if TYPE_CHECKING:
    from presslate.config import Config

__all__ = ["Entry", "PoFile", "PoSyntaxError", "read_po"]


class PoFile:
    """A PO file: a header entry, the other entries in file order, and their layout."""

    def __init__(self, entries=None, header: Entry | None = None, newline: str = "\n"):
        self.entries: list[Entry] = list(entries or [])
        self.header = header
        self.newline = newline
        self._trailer = ""  # blank lines and stray comments after the last entry
        self._index = None
        self._index_len = 0

    @classmethod
    def parse(cls, data: bytes | str, path: str | None = None) -> PoFile:
        """Read PO text (UTF-8 bytes or str); raise PoSyntaxError on malformed input."""
        text = decode(data, path) if isinstance(data, (bytes, bytearray)) else data
        parser = Parser(text, path)
        items = parser.run()
        header = items[0] if items and is_header(items[0]) else None
        crlf = text.count("\r\n")
        po = cls(items[1:] if header else items, header,
                 "\r\n" if crlf > text.count("\n") - crlf else "\n")
        po._trailer = parser.trailer
        parser.active.pop((None, ""), None)
        po._index = (parser.active, parser.obsolete)
        po._index_len = len(po.entries)
        for entry in po.entries:
            object.__setattr__(entry, "_owner", po)
        if header is not None:
            check_header(header, path)
            check_plural_counts(po.metadata(), po.entries, path)
        return po

    @classmethod
    def read(cls, path) -> PoFile:
        return cls.parse(Path(path).read_bytes(), str(path))

    def metadata(self) -> dict[str, str]:
        """The header's fields ("Language", "Plural-Forms", ...) in file order."""
        return {} if self.header is None else _fields(self.header.msgstr)

    def set_metadata(self, key: str, value: str) -> None:
        """Set one header field, keeping the others; creates the header if missing."""
        if ":" in key or "\n" in key or "\n" in value or not key.strip():
            raise ValueError(f"invalid header field {key!r}: {value!r}")
        if key.lower() == "content-type" and charset_problem(value):
            raise ValueError(charset_problem(value))
        if self.header is None:
            self.header = Entry(msgid="")
        text = self.header.msgstr
        lines = (text if text.endswith("\n") else text + "\n").split("\n")[:-1] if text else []
        for i, line in enumerate(lines):
            name, colon, _ = line.partition(":")
            if colon and name.strip() == key:
                lines[i] = f"{key}: {value}"
                break
        else:
            lines.append(f"{key}: {value}")
        self.header.msgstr = "".join(line + "\n" for line in lines)

    def set_header_fields(self, fields: dict[str, str]) -> None:
        """Set header fields as a translator's editor does on save, keeping every other header byte.

        Only the string lines holding these fields are rewritten
        (:mod:`presslate.catalog.po_header`); the rest of the header, its line
        wrapping included, is written back as it was read.  A header that was
        never read from a file, or was changed otherwise, is rendered anew
        anyway, so there :meth:`set_metadata` does it.
        """
        for key, value in fields.items():
            if ":" in key or not key.strip() or any(c < " " and c != "\t" or c == "\x7f" for c in key + value):
                raise ValueError(f"invalid header field {key!r}: {value!r}")
        header = self.header
        raw = None
        if header is not None and header._raw is not None and header._state() == header._snapshot:
            raw = po_header.set_fields(header._raw, fields, self.newline)
        expected = {**self.metadata(), **{key: value.strip() for key, value in fields.items()}}
        if raw is not None:
            try:
                items = Parser(raw, None).run()
            except PoSyntaxError:
                items = []
            if len(items) == 1 and is_header(items[0]) and _fields(items[0].msgstr) == expected:
                header.msgstr = items[0].msgstr
                header._raw = raw
                header._snapshot = header._state()
                return
        for key, value in fields.items():
            self.set_metadata(key, value)

    def find(self, msgid: str, msgctxt: str | None = None, include_obsolete: bool = False) -> Entry | None:
        """The entry with this msgctxt and msgid (an active one first), or None."""
        active, obsolete = self._lookup()
        found = active.get((msgctxt, msgid))
        if found is None and include_obsolete:
            found = obsolete.get((msgctxt, msgid))
        return found

    def append(self, entry: Entry) -> None:
        self.insert(len(self.entries), entry)

    def insert(self, index: int, entry: Entry) -> None:
        """Insert an entry; a second active entry with the same msgctxt and msgid is refused."""
        active, obsolete = self._lookup()
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            obsolete.setdefault(key, entry)
        elif key == (None, ""):
            raise ValueError("an entry with an empty msgid is the header: set PoFile.header")
        elif key in active:
            raise ValueError(f"the file already has an entry for msgid {entry.msgid!r}"
                             + (f" with msgctxt {entry.msgctxt!r}" if entry.msgctxt is not None else ""))
        else:
            active[key] = entry
        self.entries.insert(index, entry)
        self._index_len += 1
        object.__setattr__(entry, "_owner", self)

    def remove(self, entry: Entry) -> None:
        self.entries.remove(entry)
        object.__setattr__(entry, "_owner", None)
        self._index = None

    def serialize(self) -> bytes:
        """The file as UTF-8 bytes: unchanged entries verbatim, changed and new ones rendered."""
        nl = self.newline
        nplurals = plural_count(self.metadata())
        out: list[str] = []
        ended = True  # whether the output so far ends with a line break
        prev = None
        for entry in [self.header, *self.entries] if self.header is not None else self.entries:
            if entry._sep is not None and entry._prev is prev:
                sep = entry._sep
            else:
                sep = "" if prev is None else nl
            unchanged = entry._raw is not None and entry._state() == entry._snapshot
            body = entry._raw if unchanged else render_entry(entry, nl, nplurals)
            if not ended:
                out.append(nl)
            out.append(sep)
            out.append(body)
            ended = body.endswith("\n")
            prev = entry
        if self._trailer:
            if not ended:
                out.append(nl)
            out.append(self._trailer)
        return "".join(out).encode("utf-8")

    def _lookup(self) -> tuple[dict, dict]:
        """The (active, obsolete) index by (msgctxt, msgid), rebuilt when stale."""
        if self._index is None or self._index_len != len(self.entries):
            active: dict = {}
            obsolete: dict = {}
            for entry in self.entries:
                (obsolete if entry.obsolete else active).setdefault((entry.msgctxt, entry.msgid), entry)
                object.__setattr__(entry, "_owner", self)
            self._index = (active, obsolete)
            self._index_len = len(self.entries)
        return self._index


def _fields(msgstr: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in msgstr.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            fields.setdefault(key.strip(), value.strip())
    return fields


def read_po(path: Path, config: Config) -> PoFile | None:
    """The PO file at ``path`` (None if there is none); a malformed one is an InputError with its line."""
    if not path.exists():
        return None
    return read_po_data(path, path.read_bytes(), config)


def read_po_data(path: Path, data: bytes | None, config: Config) -> PoFile | None:
    """:func:`read_po` of bytes already read (a cluster worker gets them from the client)."""
    if data is None:
        return None
    try:
        return PoFile.parse(data, config.reference(path))
    except PoSyntaxError as exc:
        raise InputError(exc.path, exc.line, exc.message + " (fix the PO file, e.g. with msgfmt -c, and run again)") from None
