"""An HTML start tag's attributes as source pieces, for the HTML article parser (``formats.html``).

A start tag becomes a list of pieces that stand for its source: strings
(skeleton, byte for byte), :class:`HtmlSegment` for a translatable attribute
value (``alt``, ``title``, ``placeholder``, ``aria-label``, and the
description/Open Graph/Twitter ``<meta content>``), and :class:`LanguageSlot`
for the values a localized copy rewrites (``<html lang dir>``, the
``og:locale`` meta's content).
"""

from __future__ import annotations

from collections.abc import Callable

from presslate.document import Atom, LanguageSlot, Placeholder, Text
from presslate.formats.common import text_atoms
from presslate.formats.html_text import ATTRIBUTE_CONTEXTS, DirectionalTemplate, Encoder, HtmlSegment, OgLocaleTemplate, decode_text
from presslate.formats.html_tokens import TEMPLATE, Attr, Tag
from presslate.formats.inline_markdown import has_letters

__all__ = ["attribute_pieces", "language_pieces"]

_ATTRIBUTES = {"alt": "alt text", "title": "title attribute", "placeholder": "placeholder text", "aria-label": "aria-label"}
_META = frozenset("description og:title og:description twitter:title twitter:description".split())


def attribute_pieces(text: str, tag: Tag, line: Callable[[int], int], translatable: bool, slots: bool) -> list:
    """``tag`` (a start tag in ``text``) as source pieces: with ``translatable``, the
    attribute values to translate become segments (``line`` gives an offset's line);
    with ``slots``, an ``og:locale`` meta's content becomes a language slot."""
    pieces: list = []
    pos = tag.start
    for attr in tag.attrs:
        if attr.value_start is None:
            continue
        if slots and attr.name == "content" and tag.name == "meta" and _meta_key(text, tag) == "og:locale":
            raw = text[attr.value_start : attr.value_end]
            pieces += [text[pos : attr.value_start], LanguageSlot(raw, OgLocaleTemplate(decode_text(raw, True)[0]))]
            pos = attr.value_end
            continue
        kind = _attribute_kind(text, tag, attr) if translatable else None
        if kind is None:
            continue
        atoms = _value_atoms(text, attr)
        if not any(isinstance(a, Text) and has_letters(a.text) for a in atoms):
            continue
        pieces.append(text[pos : attr.value_start])
        context = ATTRIBUTE_CONTEXTS[attr.quote]
        pieces.append(HtmlSegment(atoms, kind, line(attr.value_start), encode=Encoder(context, atoms)))
        pos = attr.value_end
    pieces.append(text[pos : tag.end])
    return pieces


def _attribute_kind(text: str, tag: Tag, attr: Attr) -> str | None:
    if attr.name in _ATTRIBUTES:
        return _ATTRIBUTES[attr.name]
    if attr.name == "content" and tag.name == "meta":
        key = _meta_key(text, tag)
        if key in _META:
            return f"meta {key}"
    return None


def _meta_key(text: str, tag: Tag) -> str:
    return (tag.value(text, "name") or tag.value(text, "property") or "").strip().lower()


def _value_atoms(text: str, attr: Attr) -> list[Atom]:
    """An attribute value's atoms; template tags (``{{ x }}``) in it are placeholders."""
    atoms: list[Atom] = []
    pos = attr.value_start
    for m in TEMPLATE.finditer(text, attr.value_start, attr.value_end):
        atoms.extend(text_atoms(*decode_text(text[pos : m.start()], attribute=True)))
        atoms.append(Placeholder([m.group()], None, "template tag"))
        pos = m.end()
    atoms.extend(text_atoms(*decode_text(text[pos : attr.value_end], attribute=True)))
    return atoms


def language_pieces(text: str, tag: Tag) -> list:
    """``<html …>`` (a start tag in ``text``) with its ``lang`` value (added if missing)
    and ``dir`` value as language slots."""
    attrs = {a.name: a for a in tag.attrs}
    lang, direction = attrs.get("lang"), attrs.get("dir")
    q = lang.quote if lang and lang.value_start is not None else '"'
    add_dir = "" if direction else f" dir={q}rtl{q}"
    if lang is None:  # add one after the name
        a = b = tag.start + len("<html")
        prefix = " lang="
    elif lang.value_start is None:  # a bare "lang"
        a = b = lang.name_end
        prefix = "="
    else:
        a, b = lang.value_start - len(q), lang.value_end + len(q)
        prefix = ""
    value = f"{prefix}{q}{{lang}}{q}"
    slots = [(a, b, DirectionalTemplate(value, value + add_dir))]
    if direction is not None and direction.value_start is not None:
        dq = direction.quote
        a, b = direction.value_start - len(dq), direction.value_end + len(dq)
        slots.append((a, b, DirectionalTemplate(f"{dq}ltr{dq}", f"{dq}rtl{dq}")))
    pieces: list = []
    pos = tag.start
    for a, b, template in sorted(slots, key=lambda slot: slot[0]):
        pieces += [text[pos:a], LanguageSlot(text[a:b], template)]
        pos = b
    pieces.append(text[pos : tag.end])
    return pieces
