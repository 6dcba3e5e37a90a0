"""Placeholders of a reused translation, renumbered for the msgid it is offered for."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from presslate.inline import TAG_RE, markup_problems, tags
from presslate.memory.fuzzy import TOKEN_RE, tokens

__all__ = ["adapt_placeholders"]

_SPACED_EMPTY_TAG_RE = re.compile(r"( ?)<(\d+)/>( ?)")


def adapt_placeholders(old_source: str, target: str, new_source: str) -> str | None:
    """``target`` (a translation of ``old_source``) with its placeholders made right for
    ``new_source``, or None when that cannot be done safely.

    Tags are paired by aligning the two sources word by word (placeholder
    numbers ignored); tags left over are paired in order when both sides have
    the same number of them.  A link the new source lost is unwrapped (its
    translated text stays), a standalone tag it lost is removed.  A tag only
    the new source has cannot be placed, so the match is refused.
    """
    if markup_problems(old_source, target):
        return None
    old_tags, new_tags = tags(old_source), tags(new_source)
    if [(t.kind, t.number) for t in old_tags] == [(t.kind, t.number) for t in new_tags]:
        return target
    mapping: dict[tuple[str, int], int] = {}
    taken: set[tuple[str, int]] = set()
    old_seq, new_seq = _tag_tokens(old_source), _tag_tokens(new_source)
    matcher = SequenceMatcher(None, [t for t, _ in old_seq], [t for t, _ in new_seq], autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        for (_, old), (_, new) in zip(old_seq[i : i + size], new_seq[j : j + size]):
            if old is None:
                continue
            key = (_group(old.kind), old.number)
            if mapping.setdefault(key, new.number) != new.number:
                return None
            taken.add((key[0], new.number))
    if len(taken) != len(mapping):
        return None  # two old tags went to one new one
    dropped: set[tuple[str, int]] = set()
    for group in ("pair", "empty"):
        old_left = [n for n in _numbers(old_tags, group) if (group, n) not in mapping]
        new_left = [n for n in _numbers(new_tags, group) if (group, n) not in taken]
        if len(old_left) == len(new_left):
            mapping.update(((group, old), new) for old, new in zip(old_left, new_left))
        elif not new_left:
            dropped.update((group, n) for n in old_left)
        else:
            return None

    def remove(m: re.Match) -> str:  # a removed standalone tag leaves one space, not two
        if ("empty", int(m.group(2))) not in dropped:
            return m.group()
        return " " if m.group(1) and m.group(3) else ""

    def renumber(m: re.Match) -> str:
        closing, number, empty = m.group(1), int(m.group(2)), m.group(3)
        if closing and empty:
            return m.group()  # not a tag (see inline.tags)
        key = ("empty" if empty else "pair", number)
        return "" if key in dropped else f"<{closing}{mapping[key]}{empty}>"

    adapted = TAG_RE.sub(renumber, _SPACED_EMPTY_TAG_RE.sub(remove, target) if dropped else target)
    return None if markup_problems(new_source, adapted) else adapted


def _group(kind: str) -> str:
    return "empty" if kind == "empty" else "pair"


def _numbers(found, group: str) -> list[int]:
    """Numbers of the tags of one group, in order of their first tag."""
    return list(dict.fromkeys(t.number for t in found if _group(t.kind) == group))


def _tag_tokens(text: str) -> list[tuple[str, object]]:
    """Tokens of ``text`` (as :func:`tokens`), each with its placeholder Tag or None."""
    by_start = {t.start: t for t in tags(text)}
    return [(token, by_start.get(m.start()) if token[0] == "<" else None)
            for m, token in zip(TOKEN_RE.finditer(text), tokens(text))]
