"""text_scan.replace_standalone gives what the per-word regular expressions it replaced gave."""

from __future__ import annotations

import random
import re

import pytest

from presslate.engines import text_scan

PIECES = ["ab", "a", "b", "-", ".", "/", "@", ":", "_", " ", "é", "1", "x", "ab-a", "ña", "\n", "Ab"]


def _joins_before(ch: str) -> bool:  # (?<![\w/.@:-])
    return text_scan.is_word_char(ch) or ch in "/.@:-"


def _joins_after(text: str, end: int) -> bool:  # (?![\w/@-]|\.\w)
    if end >= len(text):
        return False
    ch = text[end]
    return text_scan.is_word_char(ch) or ch in "/@-" or ch == "." and end + 1 < len(text) and \
        text_scan.is_word_char(text[end + 1])


def _word_after(text: str, end: int) -> bool:  # (?!\w)
    return end < len(text) and text_scan.is_word_char(text[end])


@pytest.mark.parametrize("seed", range(4))
def test_replace_standalone_is_the_regular_expression_it_replaced(seed):
    rng = random.Random(seed)
    for _ in range(5000):
        word = rng.choice(["ab", "ab-a", "a", "aba", "ña"])
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        new = rng.choice(["X Y", "", "ab", "a b"])
        assert text_scan.replace_standalone(text, word, new, text_scan.is_word_char, _word_after) == \
            re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", new, text), (text, word, new)
        assert text_scan.replace_standalone(text, word, new, _joins_before, _joins_after) == \
            re.sub(r"(?<![\w/.@:-])" + re.escape(word) + r"(?![\w/@-]|\.\w)", new, text), (text, word, new)


@pytest.mark.parametrize("ch", ["a", "Z", "é", "ß", "5", "٣", "_", "ª"])
def test_word_characters_are_regex_word_characters(ch):
    assert text_scan.is_word_char(ch) == bool(re.fullmatch(r"\w", ch))


@pytest.mark.parametrize("ch", [" ", "-", ".", "’", "\u00a0", "·"])
def test_other_characters_are_not(ch):
    assert text_scan.is_word_char(ch) == bool(re.fullmatch(r"\w", ch))
