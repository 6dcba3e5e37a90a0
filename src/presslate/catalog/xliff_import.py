"""Importing XLIFF 2.0 back into the PO files it was exported from (see :mod:`presslate.catalog.xliff`).

The whole document is read and checked before any PO file is written; units
whose source changed since the export (stale), whose target breaks the
placeholders (refused) or whose PO entry was saved with another translation
since the export while the CAT tool changed it too (refused: both edits, the
PO file's kept) are reported and left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat

from presslate.catalog.pofile import Entry, PoFile, read_po_data
from presslate.catalog.xliff import (
    BASE_GROUP,
    BASE_TYPE,
    MDA_NS,
    STATES,
    TAG_NUMBER,
    VERSIONS,
    XLIFF_NS,
    entry_status,
    exported_entries,
    translation_digest,
    unit_id,
)
from presslate.config import Config, bcp47, normalize_language, select_articles
from presslate.errors import ConfigError, InputError
from presslate.fileio import WriteConflict, write_atomic
from presslate.inline import markup_problems
from presslate.report import Refusal, Report

__all__ = ["ImportReport", "import_xliff", "unimported_units"]


@dataclass
class ImportReport(Report):
    """Each unit once, as a Refusal: where it is, what import did with it and why."""

    REFUSED = ""

    updated: list[Refusal] = field(default_factory=list)
    unchanged: list[Refusal] = field(default_factory=list)
    stale: list[Refusal] = field(default_factory=list)  # source changed since the export: not applied
    refused: list[Refusal] = field(default_factory=list)  # unusable target, or the PO entry changed too: not applied
    written: list[Path] = field(default_factory=list)  # PO files changed
    conflicts: list[str] = field(default_factory=list)  # PO files saved by someone during the import: not written

    @property
    def refusals(self) -> list[Refusal]:
        return self.stale + self.refused

    @property
    def warnings(self) -> list[str]:
        return self.conflicts

    @property
    def failed(self) -> bool:
        return bool(self.refusals or self.conflicts)

    def summary(self) -> str:
        return (f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, {len(self.stale)} stale, "
                f"{len(self.refused)} refused; {len(self.written)} PO files written")


def import_xliff(config: Config, path: Path | str) -> ImportReport:
    """Copy the translations of an XLIFF 2.0 document into the PO files it was exported from.

    The whole document is read and checked before any PO file is written
    (each atomically): malformed XML, another XLIFF version, a language or
    file id the project does not have raise InputError with the line, and
    nothing changes.  Units are matched to entries by id; a unit whose entry
    is gone or whose source differs from the msgid is stale, a target whose
    placeholders do not match the source is refused — both leave the entry
    alone.  When the unit records the translation it was exported with and
    the PO entry no longer has it (saved since, e.g. in Poedit), the PO entry
    is kept: unchanged if the CAT tool did not change the unit, refused if it
    did.  Only entries whose translation or state changed are rewritten.
    A PO file someone saved after it was read is not written (their save
    wins) and is listed in ``conflicts``: importing the document again applies
    it to their version.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, None, f"cannot read the file: {exc.strerror}") from None
    root = _parse(data, name)
    lang = _target_language(root, config, name)
    articles = dict(select_articles(config))
    report = ImportReport()
    catalogs: dict[Path, PoFile] = {}
    originals: dict[Path, bytes | None] = {}  # each PO file as read: written back only if still these bytes
    for file in root.elements("file"):
        file_id = file.attrs.get("id", "")
        article_id = file_id.replace(":", "/")
        if article_id not in articles:
            raise InputError(name, file.line, f"unknown file id {file_id!r}: this project has no article "
                                              f"{article_id!r} (was the file exported from another project?)")
        po_path = config.po_path(lang, article_id)
        if po_path in catalogs:
            raise InputError(name, file.line, f"file id {file_id!r} appears twice")
        originals[po_path] = po_path.read_bytes() if po_path.is_file() else None
        po = read_po_data(po_path, originals[po_path], config)
        if po is None:
            raise InputError(name, file.line, f"no PO file {config.reference(po_path)}: run `presslate translate` first")
        catalogs[po_path] = po
        _import_file(file, po, config.reference(po_path), name, report)
    for po_path, po in catalogs.items():  # write_atomic skips those whose bytes did not change
        try:
            if write_atomic(po_path, po.serialize(), expected=originals[po_path]):
                report.written.append(po_path)
        except WriteConflict:
            report.conflicts.append(f"{config.reference(po_path)}: saved by someone while the import ran, so "
                                    "nothing was imported into it (their save is kept): import the file again")
    return report


def unimported_units(config: Config, path: Path | str, data: bytes) -> list[Refusal]:
    """The units of an exported document (``data``, read from ``path``) that hold work a translator
    did in the CAT tool and that is not in the PO files yet: what an export over it would lose.

    A unit counts when its translation or state differs from the one it was exported with (or, for
    a document that does not record that, from its PO entry) and from the PO entry now — also when
    the English changed since (the work would be lost all the same).  A document presslate cannot
    read as an export of this project raises InputError.
    """
    name = str(path)
    root = _parse(data, name)
    lang = _target_language(root, config, name)
    pending: list[Refusal] = []
    for file in root.elements("file"):
        po_path = config.po_path(lang, file.attrs.get("id", "").replace(":", "/"))
        po = read_po_data(po_path, po_path.read_bytes(), config) if po_path.is_file() else None
        entries = {unit_id(entry): entry for entry in exported_entries(po)} if po is not None else {}
        for node in _units(file):
            unit = _read_unit(node, name)
            new = (unit.target, "fuzzy" if unit.state in ("initial", "translated") else "reviewed") \
                if unit.target else ("", "untranslated")
            entry = entries.get(unit.id)
            old = (entry.msgstr, entry_status(entry)) if entry is not None and entry.msgid == unit.source else None
            edited = translation_digest(*new) != unit.base if unit.base is not None else new != old and bool(unit.target)
            if edited and new != old:
                pending.append(Refusal(name, node.line, unit.source, "translated in the CAT tool and not imported yet",
                                       context=f"unit {unit.id}"))
    return pending


def _target_language(root: _Node, config: Config, name: str) -> str:
    """Check the root element; return the target language (gettext form)."""
    if root.name != f"{XLIFF_NS} xliff":
        namespace, _, local = root.name.rpartition(" ")
        if local == "xliff":
            raise InputError(name, root.line, f"not XLIFF 2.0 (namespace {namespace or 'none'}, version "
                                              f"{root.attrs.get('version')!r}): presslate reads XLIFF 2.0")
        raise InputError(name, root.line, f"not an XLIFF document: the root element is <{local}>")
    version = root.attrs.get("version")
    if version not in VERSIONS:
        raise InputError(name, root.line, f'XLIFF version {version!r}: presslate reads version="2.0"')
    source = _language(root, "srcLang", name)
    if source != config.source:
        raise InputError(name, root.line, f"srcLang {bcp47(source)} is not the project's source language "
                                          f"{bcp47(config.source)}")
    target = _language(root, "trgLang", name)
    if target not in config.targets:
        raise InputError(name, root.line, f"trgLang {bcp47(target)} is not one of the project's targets "
                                          f"({', '.join(bcp47(t) for t in config.targets)})")
    return target


def _language(root: _Node, attribute: str, name: str) -> str:
    code = root.attrs.get(attribute)
    if not code:
        raise InputError(name, root.line, f"<xliff> has no {attribute}")
    try:
        return normalize_language(code)
    except ConfigError:
        raise InputError(name, root.line, f"{attribute}: unknown language code {code!r}") from None


def _import_file(file: _Node, po: PoFile, po_name: str, name: str, report: ImportReport) -> None:
    entries = {unit_id(entry): entry for entry in exported_entries(po)}
    seen: set[str] = set()
    for node in _units(file):
        unit = _read_unit(node, name)
        if unit.id in seen:
            raise InputError(name, node.line, f"unit id {unit.id!r} appears twice in this <file>")
        seen.add(unit.id)
        entry = entries.get(unit.id)
        where = f"{po_name}:{entry.line}" if entry is not None else po_name
        result = Refusal(name, node.line, unit.source, "", context=f"unit {unit.id} ({where})")
        if entry is None:
            report.stale.append(replace(result, message="no entry has this id any more: the English changed "
                                                 "or was removed since the export"))
        elif unit.problems:
            report.refused.append(replace(result, message="; ".join(unit.problems)))
        elif unit.source != entry.msgid:
            report.stale.append(replace(result, message="the source differs from the PO file's msgid "
                                                 "(changed since the export, or edited in the CAT tool)"))
        else:
            _apply(unit, entry, result, report)


def _apply(unit: _Unit, entry: Entry, result: Refusal, report: ImportReport) -> None:
    old = (entry.msgstr, entry_status(entry))
    if not unit.target:
        new = ("", "untranslated")
    else:
        new = (unit.target, "fuzzy" if unit.state in ("initial", "translated") else "reviewed")
    if new == old:
        report.unchanged.append(result)
        return
    if unit.base is not None and translation_digest(*old) != unit.base:  # saved in the PO file since the export
        if translation_digest(*new) == unit.base:  # and the CAT tool left the unit as exported
            report.unchanged.append(replace(result, message="changed in the PO file since the export: kept"))
        else:
            report.refused.append(replace(result, message="changed in the PO file since the export: kept; the "
                                                          f"XLIFF's text was “{new[0]}” ({new[1]})"))
        return
    problems = markup_problems(entry.msgid, new[0]) if new[0] else []
    if problems:
        report.refused.append(replace(result, message="placeholders do not match the source: " + "; ".join(problems)))
        return
    entry.msgstr, status = new
    entry.fuzzy = status == "fuzzy"
    if status == "reviewed":
        entry.previous_msgctxt = entry.previous_msgid = None
    text_changed = old[0] and new[0] and old[0] != new[0]
    report.updated.append(replace(result, message=f"{old[1]} → {status}" + (", new text" if text_changed else "")))


# -- reading XML --------------------------------------------------------------


class _Node:
    """An element of the document, with the line its start tag is on."""

    __slots__ = ("name", "attrs", "line", "children")

    def __init__(self, name: str, attrs: dict[str, str], line: int):
        self.name = name  # "namespace local" (expat's namespace processing)
        self.attrs = attrs
        self.line = line
        self.children: list[_Node | str] = []

    @property
    def local(self) -> str:
        return self.name.rpartition(" ")[2]

    def elements(self, local: str | None = None):
        """Child elements in the XLIFF namespace (extensions from other namespaces are skipped)."""
        for child in self.children:
            if isinstance(child, _Node) and child.name.startswith(XLIFF_NS + " ") and local in (None, child.local):
                yield child

    def child(self, local: str) -> _Node | None:
        return next(self.elements(local), None)


def _parse(data: bytes, name: str) -> _Node:
    """The document as a tree of _Nodes; malformed XML raises InputError with the line.

    DOCTYPEs are refused outright: XLIFF has none, and refusing them rules out
    entity expansion attacks.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    stack: list[_Node] = []
    top: list[_Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else top).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(content: str) -> None:
        children = stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += content
        else:
            children.append(content)

    def doctype(*_) -> None:
        raise InputError(name, parser.CurrentLineNumber, "a DOCTYPE is not allowed in an XLIFF file")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(name, exc.lineno, f"malformed XML (column {exc.offset + 1}): {expat.ErrorString(exc.code)}") from None
    return top[0]


def _units(node: _Node):
    """The units of a file, including those a CAT tool put into groups."""
    for child in node.elements():
        if child.local == "unit":
            yield child
        elif child.local == "group":
            yield from _units(child)


@dataclass
class _Unit:
    id: str
    source: str
    target: str
    state: str
    problems: list[str]  # why the unit cannot be imported
    base: str | None  # the digest of the translation the unit was exported with; None: not recorded


def _read_unit(node: _Node, name: str) -> _Unit:
    """A unit's texts; what XLIFF forbids raises InputError, what presslate cannot use is a problem."""
    uid = node.attrs.get("id")
    if not uid:
        raise InputError(name, node.line, "<unit> without an id")
    parts = [c for c in node.elements() if c.local in ("segment", "ignorable")]
    if not parts:
        raise InputError(name, node.line, f"unit {uid} has no <segment>")
    problems: list[str] = []
    sources = []
    for part in parts:
        source = part.child("source")
        if source is None:
            raise InputError(name, part.line, f"<{part.local}> without <source>")
        sources.append(_content(source, problems))
    state = parts[0].attrs.get("state", "initial")
    if state not in STATES:
        raise InputError(name, parts[0].line, f"unknown segment state {state!r} (XLIFF 2.0 has {', '.join(STATES)})")
    if len(parts) > 1 or parts[0].local != "segment":
        problems.insert(0, f"the unit holds {len(parts)} parts, not one <segment>: join them in the CAT tool")
    target = parts[0].child("target")
    return _Unit(uid, "".join(sources), "" if target is None else _content(target, problems), state, problems,
                 _base(node))


def _base(unit: _Node) -> str | None:
    """The unit's record of the translation it was exported with (see :mod:`presslate.catalog.xliff`)."""
    for metadata in _foreign(unit, "metadata"):
        for group in _foreign(metadata, "metaGroup"):
            if group.attrs.get("category") == BASE_GROUP:
                for meta in _foreign(group, "meta"):
                    if meta.attrs.get("type") == BASE_TYPE:
                        return "".join(c for c in meta.children if isinstance(c, str)).strip()
    return None


def _foreign(node: _Node, local: str):
    """Child elements of the metadata module named ``local``."""
    return (c for c in node.children if isinstance(c, _Node) and c.name == f"{MDA_NS} {local}")


def _content(node: _Node, problems: list[str]) -> str:
    """Source or target content as presslate text: inline codes back to placeholder tags."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
            continue
        local = child.local
        if not child.name.startswith(XLIFF_NS + " ") or local not in ("cp", "mrk", "sm", "em", "pc", "ph", "sc", "ec"):
            problems.append(f"line {child.line}: unexpected <{local}> in <{node.local}>")
        elif local == "cp":
            try:
                char = chr(int(child.attrs.get("hex", ""), 16))
                out.append(char.encode("utf-8").decode("utf-8"))  # a lone surrogate fails here
            except (ValueError, OverflowError):
                problems.append(f"line {child.line}: <cp hex={child.attrs.get('hex')!r}> is not a character code")
        elif local == "mrk":
            out.append(_content(child, problems))  # an annotation (term, comment): its text is ours
        elif local in ("pc", "ph", "sc", "ec"):
            ref = child.attrs.get("startRef") if local == "ec" and "startRef" in child.attrs else child.attrs.get("id")
            if ref is None or not TAG_NUMBER.fullmatch(ref):
                problems.append(f"line {child.line}: <{local}> with id {ref!r} is not one of the source's placeholders")
            elif local == "pc":
                out += [f"<{ref}>", _content(child, problems), f"</{ref}>"]
            else:
                out.append({"ph": f"<{ref}/>", "sc": f"<{ref}>", "ec": f"</{ref}>"}[local])
        # <sm/> and <em/> only delimit an annotation: nothing of them is kept
    return "".join(out)
