"""The entry model of a PO file: one message, and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

_KEY_FIELDS = frozenset({"msgid", "msgctxt", "obsolete"})  # changing one invalidates the owner's index


class PoSyntaxError(Exception):
    """A PO file that cannot be read, with the 1-based line of the problem."""

    def __init__(self, path: str | None, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(eq=False)
class Entry:
    """One message of a PO file; parsed entries remember their source text."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    _raw = None  # the entry's source text (comments to last string line), None if new
    _snapshot = None  # the field values when read, to tell whether the entry changed
    _sep = None  # the blank lines that preceded the entry in its file
    _prev = None  # the entry that preceded it in its file (None: it came first)
    _owner = None  # the PoFile whose index holds this entry

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name in _KEY_FIELDS and self._owner is not None:
            self._owner._index = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        while not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    def is_translated(self) -> bool:
        """True if every form has a translation and the entry is neither fuzzy nor obsolete."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def _state(self) -> tuple:
        return (
            self.msgid, self.msgstr, self.msgctxt, self.msgid_plural,
            tuple(sorted(self.msgstr_plural.items())), tuple(self.flags),
            tuple(self.translator_comments), tuple(self.extracted_comments),
            tuple(self.references), self.previous_msgctxt, self.previous_msgid,
            self.previous_msgid_plural, self.obsolete,
        )
