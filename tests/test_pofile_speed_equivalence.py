"""The fast way of wrapping simple values gives what the general token loop (_wrap) gives.

Most msgids and msgstrs are "simple" (see po_writer._inner_breaks) and are wrapped with string
searches; these tests hold that shortcut to the general path, character by character.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from presslate.catalog import po_writer

# Every character the shortcut may see, and some it must leave to _wrap.
LATIN = [chr(c) for c in range(0x20, 0x250)] + list("‘’“”–—…")
OTHERS = list("\t\n\r\a\b\f\v\x01\x7f\u0301\u200b€£¥　、。（）「」中文テストー々\u2028")
WORDS = ["word", "a", "élan", "x" * 30, "y" * 75, "1.5", "3-4", "e-mail", "foo/bar", "<1/>", "</1>",
         "http://example.com/p?q=1", "a—b", "—", "end.", "(x)", "[y]", "50%", "$5", "«q»", "“c”", "中文"]


def general_lines(prefix: str, keyword: str, value: str) -> list[str]:
    """_string_lines through _wrap alone, as it was written before the shortcut."""
    head = f"{prefix}{keyword} "
    escaped = value.translate(po_writer._ESCAPE_TABLE)
    multiline = "\n" in value[:-1]
    if not multiline and len(head) + po_writer._width(escaped) + 2 <= po_writer.WIDTH:
        return [f'{head}"{escaped}"']
    portions = po_writer._PORTION_RE.findall(value) if multiline else [value]
    lines = [line for portion in portions for line in po_writer._wrap(portion, len(prefix) + 1)]
    if len(lines) == 1 and len(po_writer._wrap(value, len(head) + 1)) == 1:
        return [f'{head}"{escaped}"']
    return [f'{head}""'] + [f'{prefix}"{line}"' for line in lines]


def assert_same(value: str, keywords=("msgid", "msgstr[0]")) -> None:
    for prefix, keyword in itertools.product(["", "#~ ", "#~| "], keywords):
        assert list(po_writer._string_lines(prefix, keyword, value)) == general_lines(prefix, keyword, value), value


def test_simple_characters_take_one_column_and_need_no_escape():
    for char in LATIN + OTHERS:
        if not po_writer._NOT_SIMPLE_CHAR_RE.match(char):
            assert po_writer._char_width(char) == 1 and char not in po_writer._ESCAPES, repr(char)
        if po_writer._NARROW_RE.fullmatch(char):
            assert po_writer._char_width(char) == 1, repr(char)


def test_breaks_inside_words_come_only_where_the_shortcut_looks():
    simple = [c for c in LATIN if c != " " and not po_writer._NOT_SIMPLE_CHAR_RE.match(c)]
    may_break_after = re.compile(po_writer._BREAKS_AFTER)
    for before, after in itertools.product(simple, repeat=2):
        if po_writer._can_break(before, after, before):
            assert may_break_after.match(before) or after == "—", (before, after)


@pytest.mark.parametrize("seed", range(2))
def test_random_values_wrap_like_the_general_path(seed):
    rnd = random.Random(seed)
    chars = LATIN + OTHERS
    for _ in range(800):
        parts = []
        for _ in range(rnd.randint(1, 50)):
            parts.append(rnd.choice(WORDS) if rnd.random() < 0.6 else "".join(rnd.choices(chars, k=rnd.randint(1, 3))))
            parts.append(rnd.choice([" ", " ", " ", "", "  "]))
        assert_same(("" if rnd.random() < 0.9 else " ") + "".join(parts))


def test_every_pair_of_characters_at_the_end_of_a_line():
    chars = sorted(set("!%),-./:;?\\]|}–—… aZ0«»'\"([{‘’“”$+€¿"))
    for x, y in itertools.product(chars, repeat=2):
        for length in range(72, 80):  # x and y on both sides of the last column of each prefix
            assert_same("words " + "a" * (length - 8) + x + y + "bbb ccc", ("msgid",))
