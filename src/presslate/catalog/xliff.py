"""XLIFF 2.0 export and import of PO files, for translators whose CAT tool prefers XLIFF.

The PO file stays the master copy.  Export writes one XLIFF 2.0 document per
article and target language; import copies edited translations back and
touches nothing else, so an entry nobody changed keeps its exact bytes.

Mapping:

* ``<xliff srcLang trgLang>`` in BCP 47 (``es-MX``); one ``<file>`` whose ``id``
  is the article id with ``/`` written as ``:`` (an id is an XML NMTOKEN, which
  cannot hold ``/``; article ids never contain ``:``) and whose ``original`` is
  the PO file.  ``canResegment="no"``: one PO entry is one segment.
* One ``<unit>`` per live PO entry.  Its ``id`` is ``u`` and 16 hex digits of
  the SHA-256 of msgctxt and msgid, so it does not depend on the entry's
  position and is the same in every export; when the English changes, the
  entry gets a new id and the old unit no longer matches (it is *stale*).
* ``<segment state>``: untranslated → ``initial`` (no ``<target>``), fuzzy →
  ``translated``, reviewed → ``reviewed``.  On import an empty target means
  untranslated; ``initial`` or ``translated`` with text means fuzzy (a CAT tool
  that never sets a state still hands back its text, for review); ``reviewed``
  and ``final`` mean reviewed, which also drops the ``#|`` previous msgid, as
  Poedit does: it only explains a fuzzy entry.
* Context for the translator as ``<note category>``: ``description`` (``#.``),
  ``location`` (``#:``, one note per reference), ``translator`` (``# ``),
  ``previous-source`` (``#|`` msgid).  PO data a CAT tool has no use for goes to
  the metadata module: ``<mda:meta type="flag">`` for each flag but fuzzy,
  ``msgctxt``, ``previous-msgctxt``.  Import reads none of them back: the PO
  file keeps its own.  Characters XML 1.0 cannot carry become U+FFFD there.
* Placeholders become inline codes that CAT tools protect; as in TMX, each
  code's original data (``<originalData>``) is our tag text.  ``<1>…</1>`` →
  ``<pc id="1">…</pc>`` and ``<2/>`` → ``<ph id="2"/>``, with ``canCopy="no"
  canDelete="no"`` since every tag must appear exactly once.  Pairs that do not
  nest (only a broken translation has them) become ``<sc>``/``<ec startRef>``, a
  lone ``<3>`` or ``</3>`` an isolated ``<sc>``/``<ec>``, and a number used more
  often than that stays text — so any msgstr comes back exactly.  Characters
  XML 1.0 cannot carry become ``<cp hex>``.  Import also accepts what CAT tools
  add: ``<mrk>`` (its text is kept), ``<sm>``/``<em>`` (dropped).

Entries with plural forms are not exported: XLIFF 2.0 has no plurals, and
presslate's own catalogs never have them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat
from xml.sax.saxutils import escape

from presslate.catalog.pofile import Entry, PoFile, read_po
from presslate.config import Config, bcp47, normalize_language, select_articles
from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.inline import Tag, markup_problems, tags
from presslate.report import Refusal, Report

__all__ = ["ExportReport", "ImportReport", "export_xliff", "import_xliff", "render", "unit_id"]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
SUFFIXES = (".xlf", ".xliff")
_VERSIONS = ("2.0", "2.1", "2.2")  # 2.1 and 2.2 keep the 2.0 core namespace and elements
_STATES = ("initial", "translated", "reviewed", "final")
_FIXED = 'canCopy="no" canDelete="no"'  # every placeholder exactly once, as `presslate build` requires
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NUMBER = re.compile(r"\d+")  # as inline.TAG_RE reads a tag's number
_TEXT_ESCAPES = {"\r": "&#13;"}  # a raw CR would be read back as LF
_ATTR_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def unit_id(entry: Entry) -> str:
    """The entry's unit id: a hash of msgctxt and msgid, stable across exports and reordering."""
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _exported(po: PoFile) -> list[Entry]:
    return [e for e in po.entries if not e.obsolete and e.msgid_plural is None]


# -- export -------------------------------------------------------------------


@dataclass
class ExportReport(Report):
    SKIPPED_TO_STDERR = True

    written: list[Path] = field(default_factory=list)  # documents created or changed
    unchanged: list[Path] = field(default_factory=list)  # documents already holding these bytes
    skipped: list[str] = field(default_factory=list)  # why an article/language got no document
    units: int = 0

    def summary(self) -> str:
        return (f"{len(self.written)} XLIFF files written, {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped; {self.units} units")


def export_xliff(config: Config, dest: Path | str, langs: list[str], only: list[str] | None = None) -> ExportReport:
    """Write one XLIFF 2.0 document per article and language, each atomically.

    ``dest`` is a folder, which receives ``<lang>/<article id>.xlf`` (``es-MX``),
    or, ending in ``.xlf``/``.xliff``, the document itself — then exactly one
    article and one language must be selected.  Every PO file is read before
    anything is written.
    """
    dest = Path(dest)
    pairs = [(article_id, path, lang) for article_id, path in select_articles(config, only) for lang in langs]
    single = dest.suffix.lower() in SUFFIXES
    if single and len(pairs) != 1:
        raise ConfigError(f"{dest} holds one article in one language, but {len(pairs)} article/language pairs "
                          "are selected: pass one --article and one --lang, or give a folder")
    report = ExportReport()
    documents: dict[Path, bytes] = {}
    for article_id, article_path, lang in pairs:
        po_path = config.po_path(lang, article_id)
        po = read_po(po_path, config)
        where = f"{config.reference(article_path)} [{lang}]"
        if po is None:
            report.skipped.append(f"{where}: no PO file; run `presslate translate` first")
            continue
        count = len(_exported(po))
        if not count:
            report.skipped.append(f"{where}: nothing to translate")
            continue
        target = dest if single else dest / bcp47(lang) / f"{article_id}.xlf"
        documents[target] = render(po, article_id, config.source, lang, config.reference(po_path)).encode("utf-8")
        report.units += count
    for path, data in documents.items():
        (report.written if write_atomic(path, data) else report.unchanged).append(path)
    return report


def render(po: PoFile, article_id: str, src_lang: str, tgt_lang: str, original: str) -> str:
    """The XLIFF 2.0 document of one PO file (which must have a live entry).

    The output depends only on the PO file, so exporting twice gives the same bytes.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{XLIFF_NS}" xmlns:mda="{MDA_NS}" version="2.0"'
        f" srcLang={_attr(bcp47(src_lang))} trgLang={_attr(bcp47(tgt_lang))}>",
        f'  <file id={_attr(article_id.replace("/", ":"))} original={_attr(original)} canResegment="no"'
        ' xml:space="preserve">',
    ]
    for entry in _exported(po):
        lines += _unit(entry)
    lines += ["  </file>", "</xliff>", ""]
    return "\n".join(lines)


def _unit(entry: Entry) -> list[str]:
    lines = [f'    <unit id="{unit_id(entry)}">']
    meta = [("flag", flag) for flag in entry.flags if flag != "fuzzy"]
    meta += [(kind, value) for kind, value in (("msgctxt", entry.msgctxt), ("previous-msgctxt", entry.previous_msgctxt))
             if value is not None]
    if meta:
        lines += ["      <mda:metadata>", '        <mda:metaGroup category="gettext">']
        lines += [f'          <mda:meta type="{kind}">{_plain(value)}</mda:meta>' for kind, value in meta]
        lines += ["        </mda:metaGroup>", "      </mda:metadata>"]
    notes = [("description", c) for c in entry.extracted_comments]
    notes += [("location", r) for r in entry.references]
    notes += [("translator", c) for c in entry.translator_comments]
    if entry.previous_msgid is not None:
        notes.append(("previous-source", entry.previous_msgid))
    if notes:
        lines.append("      <notes>")
        lines += [f'        <note category="{category}">{_plain(text)}</note>' for category, text in notes]
        lines.append("      </notes>")
    data: dict[str, str] = {}
    source = _inline(entry.msgid, data)
    target = _inline(entry.msgstr, data) if entry.msgstr else None
    if data:
        lines.append("      <originalData>")
        lines += [f'        <data id="{ref}">{_plain(native)}</data>' for ref, native in data.items()]
        lines.append("      </originalData>")
    state = "initial" if target is None else "translated" if entry.fuzzy else "reviewed"
    lines += [f'      <segment state="{state}">', f"        <source>{source}</source>"]
    if target is not None:
        lines.append(f"        <target>{target}</target>")
    lines += ["      </segment>", "    </unit>"]
    return lines


def _inline(text: str, data: dict[str, str]) -> str:
    """Segment content: text escaped, placeholders as inline codes; ``data`` collects their original data."""
    found = tags(text)
    shapes: dict[str, list[str]] = {}
    for tag in found:
        shapes.setdefault(_digits(text, tag), []).append(tag.kind)
    stack: list[str] = []
    nested = True
    for tag in found:
        number = _digits(text, tag)
        if shapes[number] == ["open", "close"]:
            if tag.kind == "open":
                stack.append(number)
            elif stack.pop() != number:  # its own open tag is on the stack, but not on top
                nested = False
    out = []
    pos = 0
    for tag in found:
        number = _digits(text, tag)
        out.append(_text(text[pos:tag.start]))
        out.append(_code(tag.kind, number, shapes[number], nested, text[tag.start:tag.end], data))
        pos = tag.end
    out.append(_text(text[pos:]))
    return "".join(out)


def _digits(text: str, tag: Tag) -> str:
    """The tag's number as written (``<01>`` stays ``01``, so it comes back as written)."""
    return text[tag.start:tag.end].strip("</>")


def _code(kind: str, number: str, shape: list[str], nested: bool, native: str, data: dict[str, str]) -> str:
    ref = {"open": "s", "close": "e", "empty": "p"}[kind] + number
    if shape not in (["empty"], ["open", "close"], ["open"], ["close"]):
        return _text(native)  # a number used twice, or closed before it opens: no code fits
    data[ref] = native
    if shape == ["empty"]:
        return f'<ph id="{number}" dataRef="{ref}" {_FIXED}/>'
    if shape == ["open"]:
        return f'<sc id="{number}" isolated="yes" dataRef="{ref}" {_FIXED}/>'
    if shape == ["close"]:
        return f'<ec id="{number}" isolated="yes" dataRef="{ref}" {_FIXED}/>'
    if not nested:
        if kind == "open":
            return f'<sc id="{number}" dataRef="{ref}" {_FIXED}/>'
        return f'<ec startRef="{number}" dataRef="{ref}" {_FIXED}/>'
    if kind == "open":
        return f'<pc id="{number}" dataRefStart="{ref}" dataRefEnd="e{number}" {_FIXED}>'
    return "</pc>"


def _text(text: str) -> str:
    escaped = escape(text, _TEXT_ESCAPES)
    return _NOT_XML.sub(lambda m: f'<cp hex="{ord(m.group()):04X}"/>', escaped)


def _plain(text: str) -> str:
    """Text for elements that cannot hold ``<cp>`` (notes, metadata, original data)."""
    return _NOT_XML.sub("\ufffd", escape(text, _TEXT_ESCAPES))


def _attr(value: str) -> str:
    return f'"{escape(value, _ATTR_ESCAPES)}"'


# -- import -------------------------------------------------------------------


@dataclass
class ImportReport(Report):
    """Each unit once, as a Refusal: where it is, what import did with it and why."""

    REFUSED = ""

    updated: list[Refusal] = field(default_factory=list)
    unchanged: list[Refusal] = field(default_factory=list)
    stale: list[Refusal] = field(default_factory=list)  # source changed since the export: not applied
    refused: list[Refusal] = field(default_factory=list)  # unusable target: not applied
    written: list[Path] = field(default_factory=list)  # PO files changed

    @property
    def refusals(self) -> list[Refusal]:
        return self.stale + self.refused

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
    alone.  Only entries whose translation or state changed are rewritten.
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
    for file in root.elements("file"):
        file_id = file.attrs.get("id", "")
        article_id = file_id.replace(":", "/")
        if article_id not in articles:
            raise InputError(name, file.line, f"unknown file id {file_id!r}: this project has no article "
                                              f"{article_id!r} (was the file exported from another project?)")
        po_path = config.po_path(lang, article_id)
        if po_path in catalogs:
            raise InputError(name, file.line, f"file id {file_id!r} appears twice")
        po = read_po(po_path, config)
        if po is None:
            raise InputError(name, file.line, f"no PO file {config.reference(po_path)}: run `presslate translate` first")
        catalogs[po_path] = po
        _import_file(file, po, config.reference(po_path), name, report)
    for po_path, po in catalogs.items():  # write_atomic skips those whose bytes did not change
        if write_atomic(po_path, po.serialize()):
            report.written.append(po_path)
    return report


def _target_language(root: _Node, config: Config, name: str) -> str:
    """Check the root element; return the target language (gettext form)."""
    if root.name != f"{XLIFF_NS} xliff":
        namespace, _, local = root.name.rpartition(" ")
        if local == "xliff":
            raise InputError(name, root.line, f"not XLIFF 2.0 (namespace {namespace or 'none'}, version "
                                              f"{root.attrs.get('version')!r}): presslate reads XLIFF 2.0")
        raise InputError(name, root.line, f"not an XLIFF document: the root element is <{local}>")
    version = root.attrs.get("version")
    if version not in _VERSIONS:
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
    entries = {unit_id(entry): entry for entry in _exported(po)}
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
    old = ("", "untranslated") if not entry.msgstr else (entry.msgstr, "fuzzy" if entry.fuzzy else "reviewed")
    if not unit.target:
        new = ("", "untranslated")
    else:
        new = (unit.target, "fuzzy" if unit.state in ("initial", "translated") else "reviewed")
    if new == old:
        report.unchanged.append(result)
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
    if state not in _STATES:
        raise InputError(name, parts[0].line, f"unknown segment state {state!r} (XLIFF 2.0 has {', '.join(_STATES)})")
    if len(parts) > 1 or parts[0].local != "segment":
        problems.insert(0, f"the unit holds {len(parts)} parts, not one <segment>: join them in the CAT tool")
    target = parts[0].child("target")
    return _Unit(uid, "".join(sources), "" if target is None else _content(target, problems), state, problems)


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
            if ref is None or not _NUMBER.fullmatch(ref):
                problems.append(f"line {child.line}: <{local}> with id {ref!r} is not one of the source's placeholders")
            elif local == "pc":
                out += [f"<{ref}>", _content(child, problems), f"</{ref}>"]
            else:
                out.append({"ph": f"<{ref}/>", "sc": f"<{ref}>", "ec": f"</{ref}>"}[local])
        # <sm/> and <em/> only delimit an annotation: nothing of them is kept
    return "".join(out)
