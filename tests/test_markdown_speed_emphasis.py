"""The shortcuts in markdown.emphasis_count and _balanced_split give exactly what markdown-it gives.

The delimiter-pairing adapter itself is tested in test_md_delimiters.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from presslate.formats import markdown
from presslate.formats.markdown import Options, emphasis_count, markdown_parser
from presslate.segment import split_sentences

_PARSER = markdown_parser()
_COUNTED = {"em_open", "strong_open", "s_open", "link_open"}
_ROOT = Path(__file__).parent
CORPORA = [_ROOT / "data" / "markdown", _ROOT.parent / "articles", _ROOT.parents[1] / "shared" / "corpus"]


def parser_count(text: str) -> int:
    """emphasis_count before the shortcuts: markdown-it on every text with a marker."""
    if not re.search(r"[*_]|\]\(|<[A-Za-z]", text) and len(re.findall("~~+", text)) < 2:
        return 0
    return sum(t.type in _COUNTED for t in _PARSER.parseInline(text)[0].children or [])


def parser_balanced(text: str) -> bool:
    """_balanced_split before the shortcuts: the sentences count what the whole block counts."""
    spans = split_sentences(text, "en")
    return sum(parser_count(text[a:b]) for a, b in spans) == parser_count(text)


def balanced(text: str) -> bool:
    emphasis_count.cache_clear()
    return markdown._balanced_split(text, split_sentences(text, "en"))


def uncached(text: str) -> int:
    return emphasis_count.__wrapped__(text)


ANYTHING = st.sampled_from(
    list("*_~`[]()<>\\!&#;:/@.,?'\" \n\taZ1é“”¿\u00a0")
    + ["**", "<1>", "</1>", "<2/>", "](", "&amp;", "http:", "word"]
)
# What the fast path reads itself: no code, escape, inline link or HTML.
DELIMITERS_ONLY = st.sampled_from(
    list("*_~[]()>!&#;:/@.,?'\" \n\t\r\u00a0\u2003aZ1é“”¿-")
    + ["**", "__", "~~", "<1>", "</1>", "<2/>", "&amp;", "word"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(ANYTHING, max_size=40).map("".join))
def test_count_matches_parser(text: str) -> None:
    assert uncached(text) == parser_count(text)


SENTENCE = st.lists(DELIMITERS_ONLY | st.sampled_from(["The", "It", "a"]), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(SENTENCE, min_size=2, max_size=4).map(lambda sentences: ". ".join(sentences).replace("](", "] (")))
@example("One *two. Three* four. Five **six**.")
@example("One *two*. Three *four*.")
@example("*One. Two.* Three.")
@example("A ~~b. C~~ d.")
@example("Hola *amigo*.¿Qué *tal*?")
def test_balanced_split_matches_parser(text: str) -> None:
    assert balanced(text) == parser_balanced(text)


def corpus_texts() -> list[str]:
    """Every paragraph, line and segment (sentence and paragraph mode) of the corpora."""
    texts: set[str] = set()
    for root in CORPORA:
        for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
            source = path.read_text(encoding="utf-8", errors="replace")
            texts.update(source.split("\n\n"))
            texts.update(source.splitlines())
            for mode in ("sentence", "paragraph"):
                doc = markdown.parse(source, str(path), Options(segmentation=mode))
                texts.update(seg.text for seg in doc.segments())
    return sorted(texts)


@pytest.mark.parametrize("mode", ["plain", "starred"])
def test_fast_count_matches_parser_on_corpora(mode: str) -> None:
    texts = corpus_texts()
    if mode == "starred":  # more emphasis to pair: "_" and link tags become "*" runs
        texts = [t.replace("_", "*").replace("<1>", "**").replace("</1>", "**") for t in texts]
    assert len(texts) > (1000 if CORPORA[-1].is_dir() else 200)  # the repository's own texts without ../shared
    assert [uncached(t) for t in texts] == [parser_count(t) for t in texts]
    assert [balanced(t) for t in texts] == [parser_balanced(t) for t in texts]
