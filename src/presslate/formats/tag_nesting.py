"""Raw HTML tags behind standalone placeholders must still nest once a translation moves them.

Markdown keeps each raw inline HTML tag whole as its own placeholder
(``Some <span class="x">text</span>`` is ``Some <1/>text<2/>``), and an HTML
article keeps a stray end tag the same way.  :func:`presslate.inline.markup_problems`
sees only numbers, so ``<2/>texto<1/>`` passes there and would be written as
``</span>texto<span class="x">``.  Here each such placeholder is read as the
tag it stands for, paired placeholders (links, emphasis) as elements of their
own, and the translation's order must nest as the source's does: every tag
the sentence opens and closes stays matched, inside the same link, and the
tags the sentence leaves open or closes for the sentences around it stay the
same, in the same order.  Reordering whole elements (two links, two spans)
is allowed.  A source whose own tags do not nest keeps their order.
"""

from __future__ import annotations

import re

from presslate.document import Placeholder, Segment
from presslate.inline import markup_problems, tags

_START = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?>\Z")
_END = re.compile(r"</([A-Za-z][A-Za-z0-9:-]*)\s*>\Z")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont bgsound frame".split()
)

Event = tuple[str, str, str]  # ("open" or "close", element, placeholder tag as in the text)


def nesting_problems(segment: Segment, translation: str) -> list[str]:
    """Why the raw HTML of ``segment`` would not nest in ``translation`` (empty: it would)."""
    meanings = _meanings(segment)
    if not any(name[0] != "#" for _, name in meanings.values()) or markup_problems(segment.text, translation):
        return []  # no raw HTML tag, or placeholders already refused
    want, have = _events(segment.text, meanings), _events(translation, meanings)
    expected = _reduce(want)
    if expected[0] is not None:  # the source's own tags do not nest: keep their order
        raw = [event for event in want if event[1][0] != "#"]
        if [event for event in have if event[1][0] != "#"] != raw:
            return [f"raw HTML placeholders {' '.join(tag for _, _, tag in raw)} must stay in the source's "
                    "order (the source's own tags do not nest)"]
        return []
    offender, residue = _reduce(have)
    if offender is None and residue == expected[1]:
        return []
    if offender is None:  # a tag of the sentence's own element now closes or opens one around it
        offender = _first_unmatched(have, expected[1])
    kind, name, tag = offender
    shown = f"{tag} ({_tag_source(segment, tag)})"
    return [f"placeholder {shown} is moved where its HTML {'end' if kind == 'close' else 'start'} tag "
            f"no longer nests with the others; keep each HTML start tag before its end tag, both inside "
            f"the same link or emphasis, as in the source"]


def _tag_source(segment: Segment, tag: str) -> str:
    """What a standalone placeholder stands for in the source, e.g. ``<span class="x">``."""
    number = int(tag.strip("</>"))
    atom = _placeholders(segment)[number - 1]
    return "".join(part for part in atom.open if isinstance(part, str))


# -- helpers -------------------------------------------------------------------


def _placeholders(segment: Segment) -> list[Placeholder]:
    return [atom for atom in segment.atoms if isinstance(atom, Placeholder)]


def _meanings(segment: Segment) -> dict[int, tuple[str, str]]:
    """Placeholder number → (kind, element): "#n" for a paired placeholder, the tag name for a raw tag."""
    meanings: dict[int, tuple[str, str]] = {}
    for number, atom in enumerate(_placeholders(segment), 1):
        if atom.close is not None:
            meanings[number] = ("pair", f"#{number}")
        elif len(atom.open) == 1 and isinstance(atom.open[0], str):
            raw = atom.open[0]
            if (m := _END.match(raw)) and m.group(1).lower() not in _VOID:
                meanings[number] = ("close", m.group(1).lower())
            elif (m := _START.match(raw)) and not raw.endswith("/>") and m.group(1).lower() not in _VOID:
                meanings[number] = ("open", m.group(1).lower())
    return meanings


def _events(text: str, meanings: dict[int, tuple[str, str]]) -> list[Event]:
    events: list[Event] = []
    for tag in tags(text):
        kind, name = meanings.get(tag.number, ("", ""))
        shown = text[tag.start : tag.end]
        if kind == "pair" and tag.kind in ("open", "close"):
            events.append((tag.kind, name, shown))
        elif kind in ("open", "close") and tag.kind == "empty":
            events.append((kind, name, shown))
    return events


def _reduce(events: list[Event]) -> tuple[Event | None, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Match start and end tags: (the first tag that breaks nesting or None,
    (elements closed that the text did not open, elements left open))."""
    stack: list[Event] = []
    closed: list[str] = []
    for event in events:
        if event[0] == "open":
            stack.append(event)
        elif not stack:
            closed.append(event[1])
        elif stack[-1][1] == event[1]:
            stack.pop()
        else:  # name the raw tag: the end of a link cannot be misplaced, its placeholders are checked
            return (stack[-1] if event[1][0] == "#" else event), ((), ())
    return None, (tuple(closed), tuple(name for _, name, _ in stack))


def _first_unmatched(events: list[Event], expected: tuple[tuple[str, ...], tuple[str, ...]]) -> Event:
    """The first end tag closing what the text should not, else the first start tag left open wrongly."""
    stack: list[Event] = []
    closes = list(expected[0])
    for event in events:
        if event[0] == "open":
            stack.append(event)
        elif stack and stack[-1][1] == event[1]:
            stack.pop()
        elif closes and closes[0] == event[1]:
            closes.pop(0)
        else:
            return event
    opened = list(expected[1])
    for event in stack:
        if opened and opened[0] == event[1]:
            opened.pop(0)
        else:
            return event
    return next(event for event in reversed(events) if event[1][0] != "#")
