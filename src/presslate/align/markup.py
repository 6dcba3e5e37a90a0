"""The translation's inline markup written with the English msgid's placeholders.

Both sides are parsed, so each has its own numbered tags: ``<1>Debian</1>``
in the Spanish may be the English ``<2>…</2>``.  A Spanish tag takes the
number of the English tag with the same markup (a link to the same
address, the same inline code); failing that, of the next English tag of
the same kind not yet taken (a link whose address the translator
localised).  A Spanish tag with no English counterpart is dropped, its
words kept.  The result must carry every English tag exactly once, nested
properly; otherwise the pair is not usable as a memory entry (None).
"""

from __future__ import annotations

import re

from presslate.align.anchors import markup_keys
from presslate.document import Segment
from presslate.inline import TAG_RE, markup_problems

__all__ = ["map_markup"]

_SPACED_EMPTY = re.compile(r" ?<(\d+)/> ?")


def map_markup(en: Segment, es: list[Segment]) -> str | None:
    """The text of ``es`` (one or more sentences) with the placeholders of ``en``, or None."""
    en_keys = markup_keys(en)
    taken: set[int] = set()
    pieces = []
    for segment in es:
        mapping: dict[int, int | None] = {}
        keys = markup_keys(segment)
        for number, key in enumerate(keys, 1):  # same markup first
            match = next((k for k, other in enumerate(en_keys, 1) if k not in taken and other == key), None)
            if match is not None:
                mapping[number] = match
                taken.add(match)
        for number, key in enumerate(keys, 1):  # then the same kind, in order
            if number in mapping:
                continue
            match = next((k for k, other in enumerate(en_keys, 1) if k not in taken and other[0] == key[0]
                          and (other[2] == "") == (key[2] == "")), None)
            mapping[number] = match
            if match is not None:
                taken.add(match)
        pieces.append(_renumber(segment.text, mapping))
    text = " ".join(p for p in pieces if p)
    return None if markup_problems(en.text, text) else text


def _renumber(text: str, mapping: dict[int, int | None]) -> str:
    def empty(m: re.Match) -> str:
        new = mapping.get(int(m.group(1)))
        if new is None:
            return " " if m.group().startswith(" ") and m.group().endswith(" ") else ""
        return m.group().replace(f"<{m.group(1)}/>", f"<{new}/>")

    def tag(m: re.Match) -> str:
        closing, number, slash = m.group(1), int(m.group(2)), m.group(3)
        if closing and slash:
            return m.group()
        new = mapping.get(number)
        return "" if new is None else f"<{closing}{new}{slash}>"

    text = _SPACED_EMPTY.sub(empty, text)
    return TAG_RE.sub(lambda m: m.group() if m.group(3) else tag(m), text).strip()
