"""XLIFF 2.0 documents of PO files, for CAT tools (export: :mod:`presslate.catalog.xliff_export`,
import: :mod:`presslate.catalog.xliff_import`).

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
* The translation each unit starts from, in its own group ``<mda:metaGroup
  category="presslate">``: ``<mda:meta type="exported-translation">`` holds
  ``sha256:`` and the SHA-256 of the entry's status and msgstr at export time
  (see :func:`translation_digest`).  Import compares it with the PO entry as
  it is then, so a translation saved in the PO file after the export is never
  overwritten by a CAT tool that did not change that unit.  A digest rather
  than the text: it survives any whitespace or character a tool or XML may
  alter, and the metadata module (unlike ``<notes>``, which translators see
  and may edit) is data tools keep without showing it.
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
from xml.sax.saxutils import escape

from presslate.catalog.pofile import Entry, PoFile
from presslate.config import bcp47
from presslate.inline import Tag, tags

__all__ = [
    "BASE_GROUP", "BASE_TYPE", "MDA_NS", "STATES", "SUFFIXES", "TAG_NUMBER", "VERSIONS", "XLIFF_NS",
    "entry_status", "exported_entries", "render", "translation_digest", "unit_id",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
SUFFIXES = (".xlf", ".xliff")
VERSIONS = ("2.0", "2.1", "2.2")  # 2.1 and 2.2 keep the 2.0 core namespace and elements
STATES = ("initial", "translated", "reviewed", "final")
BASE_GROUP = "presslate"  # <mda:metaGroup category> of the translation a unit started from
BASE_TYPE = "exported-translation"  # its <mda:meta type>
_FIXED = 'canCopy="no" canDelete="no"'  # every placeholder exactly once, as `presslate build` requires
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TAG_NUMBER = re.compile(r"\d+")  # as inline.TAG_RE reads a tag's number
_TEXT_ESCAPES = {"\r": "&#13;"}  # a raw CR would be read back as LF
_ATTR_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def unit_id(entry: Entry) -> str:
    """The entry's unit id: a hash of msgctxt and msgid, stable across exports and reordering."""
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def entry_status(entry: Entry) -> str:
    """``untranslated``, ``fuzzy`` or ``reviewed``: what import compares and sets, besides the msgstr."""
    return "untranslated" if not entry.msgstr else "fuzzy" if entry.fuzzy else "reviewed"


def translation_digest(msgstr: str, status: str) -> str:
    """The record of a translation (msgstr and status) that an export stores and import compares."""
    data = f"{'untranslated' if not msgstr else status}\n{msgstr}".encode("utf-8", "surrogatepass")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def exported_entries(po: PoFile) -> list[Entry]:
    return [e for e in po.entries if not e.obsolete and e.msgid_plural is None]


# -- export -------------------------------------------------------------------


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
    for entry in exported_entries(po):
        lines += _unit(entry)
    lines += ["  </file>", "</xliff>", ""]
    return "\n".join(lines)


def _unit(entry: Entry) -> list[str]:
    lines = [f'    <unit id="{unit_id(entry)}">']
    meta = [("flag", flag) for flag in entry.flags if flag != "fuzzy"]
    meta += [(kind, value) for kind, value in (("msgctxt", entry.msgctxt), ("previous-msgctxt", entry.previous_msgctxt))
             if value is not None]
    lines.append("      <mda:metadata>")
    if meta:
        lines.append('        <mda:metaGroup category="gettext">')
        lines += [f'          <mda:meta type="{kind}">{_plain(value)}</mda:meta>' for kind, value in meta]
        lines.append("        </mda:metaGroup>")
    base = translation_digest(entry.msgstr, entry_status(entry))
    lines += [f'        <mda:metaGroup category="{BASE_GROUP}">', f'          <mda:meta type="{BASE_TYPE}">{base}</mda:meta>',
              "        </mda:metaGroup>", "      </mda:metadata>"]
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
