"""Tests for presslate.segment: golden splits, markup rules and span invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.segment import split_sentences

DATA = Path(__file__).parent / "data"
LANGS = ["en", "es", "es_MX", "pt-BR", "fr", "de", "xx"]


def load_golden(lang: str) -> list[list[str]]:
    """Cases of ``sentences_<lang>.txt``: the expected sentences of each line."""
    cases = []
    for line in (DATA / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cases.append([part.replace("\\n", "\n") for part in line.split(" || ")])
    return cases


GOLDEN = [
    pytest.param(lang, case, id=f"{lang}-{number}")
    for lang in ("en", "es")
    for number, case in enumerate(load_golden(lang), 1)
]


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are non-empty, stripped, ordered, and separated by whitespace only."""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[previous_end:start].strip() == ""
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    assert text[previous_end:].strip() == ""
    assert bool(spans) == bool(text.strip())


@pytest.mark.parametrize(("lang", "expected"), GOLDEN)
def test_golden(lang: str, expected: list[str]) -> None:
    assert sentences(" ".join(expected), lang) == expected


def test_golden_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "es"):
        cases = load_golden(lang)
        correct = sum(sentences(" ".join(case), lang) == case for case in cases)
        with capsys.disabled():
            print(f"\nsegment golden accuracy {lang}: {correct}/{len(cases)}", end=" ")
            print(f"({correct / len(cases):.1%})")
        assert correct == len(cases)


def test_golden_sizes() -> None:
    assert len(load_golden("en")) >= 70
    assert len(load_golden("es")) >= 25


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Il a dit « Bonjour. »", "Puis il est parti."]),
        ("fr", ["M. Dupont est arrivé.", "Il a parlé."]),
        ("de", ["Am 3. Oktober wird gefeiert.", "Das Fest ist groß."]),
        ("de", ["Er sagte.", "»Das reicht.«"]),
        ("pt_BR", ["O Sr. Silva chegou cedo.", "Ele falou."]),
        ("es-MX", ["Eso es todo.", "¿Alguna pregunta?"]),
        ("pl", ["Dr. Kowalski wrote it.", "Then it ended."]),
    ],
)
def test_other_languages(lang: str, expected: list[str]) -> None:
    assert sentences(" ".join(expected), lang) == expected


def test_inverted_mark_without_space() -> None:
    assert sentences("Vale.¿Y ahora? ¡Vamos!", "es") == ["Vale.", "¿Y ahora?", "¡Vamos!"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_blank_text(text: str) -> None:
    assert split_sentences(text, "en") == []


def test_no_break_is_one_stripped_span() -> None:
    assert split_sentences("  no full stop here \n", "en") == [(2, 19)]


def test_newlines_and_runs_of_whitespace() -> None:
    text = "\n  First one.\n\nSecond  one.\tThird one?\r\n  "
    assert sentences(text, "en") == ["First one.", "Second  one.", "Third one?"]


def test_nbsp_is_whitespace() -> None:
    assert sentences("It rained.\u00a0Roads flooded.", "en") == ["It rained.", "Roads flooded."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<1>First. Second.</1> Third.", ["<1>First. Second.</1>", "Third."]),
        (
            "<1>One. <2>Two. Three.</2> Four.</1> Five.",
            ["<1>One. <2>Two. Three.</2> Four.</1>", "Five."],
        ),
        ("Before. <1>Never closed. Still one.", ["Before.", "<1>Never closed. Still one."]),
        ('He said "no."</1> Next.', ['He said "no."</1>', "Next."]),
        ("Footnoted.<3/> Next.", ["Footnoted.<3/>", "Next."]),
        ("Stray.</4> Next.", ["Stray.</4>", "Next."]),
        ("See <2/>. Then go.", ["See <2/>.", "Then go."]),
    ],
)
def test_placeholders(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*Really.* Yes.", ["*Really.*", "Yes."]),
        ("**One. Two.** Three.", ["**One. Two.**", "Three."]),
        ("*One **two. Three** four.* Five.", ["*One **two. Three** four.*", "Five."]),
        ("__One. Two.__ Three.", ["__One. Two.__", "Three."]),
        ("See snake_case_name. Next one.", ["See snake_case_name.", "Next one."]),
        ("So 5 * 3 = 15. Next one.", ["So 5 * 3 = 15.", "Next one."]),
    ],
)
def test_emphasis(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def test_long_text_is_linear() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(20000))
    assert len(split_sentences(text, "en")) == 20000
    assert split_sentences("." * 100000, "en") == [(0, 100000)]
    assert len(split_sentences("*" * 50000 + ". A." * 1000, "en")) == 1


TOKENS = st.sampled_from(
    [
        "word", "The", "he", "Dr", "U.S", "p.m", "e.g", "Inc", "J", "No", "5", "3.5", "El",
        "¿Qué", "¡Ya", ".", "..", "…", "?", "!", "?!", ",", " ", "  ", "\n", "\t", "\u00a0",
        '"', "“", "”", "'", "’", "«", "»", "(", ")", "*", "**", "_", "__", "<1>", "</1>",
        "<2/>", "<3>", "</3>", "</4/>", "a. m", "EE. UU",
    ]
)
SOUP = st.lists(TOKENS, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), lang=st.sampled_from(LANGS))
def test_invariants_on_any_text(text: str, lang: str) -> None:
    check_invariants(text, split_sentences(text, lang))


@settings(max_examples=500, deadline=None)
@given(text=SOUP, lang=st.sampled_from(LANGS))
def test_invariants_on_token_soup(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    check_invariants(text, spans)
    for start, end in spans:
        assert split_sentences(text[start:end], lang) == [(0, end - start)]


PLAIN = st.lists(
    st.sampled_from(["It", "rained", ".", "?", "!", " ", "Then", "U.S", "\n"]), max_size=20
)


@settings(max_examples=300, deadline=None)
@given(before=PLAIN, inside=PLAIN, after=PLAIN)
def test_pairs_are_never_split(before: list[str], inside: list[str], after: list[str]) -> None:
    text = "".join(before) + "<1>" + "".join(inside) + "</1>" + "".join(after)
    opened, closed = text.index("<1>"), text.index("</1>") + len("</1>")
    for start, end in split_sentences(text, "en"):
        assert not opened < start < closed
        assert not opened < end < closed


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["Rain fell.", "Why?", "Stop!", "Dr. Ames left.", "¿Y bien?"]),
        min_size=1,
        max_size=8,
    ),
    gaps=st.lists(st.sampled_from([" ", "\n", "  \n\t", "\u00a0"]), min_size=7, max_size=7),
)
def test_whitespace_between_sentences_does_not_matter(parts: list[str], gaps: list[str]) -> None:
    text = parts[0] + "".join(gap + part for gap, part in zip(gaps, parts[1:]))
    assert sentences(text, "en") == parts
