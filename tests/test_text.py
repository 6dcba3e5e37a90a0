"""Plain-text format: paragraphs and sentences, line breaks, byte-faithful round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslate.formats import decode, format_of, parse_text, problems
from presslate.formats.markdown import Options

FIXTURES = sorted((Path(__file__).parent / "data" / "text").glob("*.txt"))


def parse(text: str, **options):
    return parse_text(text, "test.txt", Options(**options))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("mode", ["sentence", "paragraph"])
def test_identity_round_trip_is_byte_identical(path: Path, mode: str):
    data = path.read_bytes()
    doc = parse_text(decode(data, str(path)), str(path), Options(segmentation=mode))
    assert doc.format == format_of(path) == "text"
    assert doc.render(lambda seg: seg.text).encode("utf-8") == data
    assert doc.render().encode("utf-8") == data


def test_paragraphs_are_split_on_blank_lines_and_into_sentences():
    doc = parse("Title\n\nOne. Two\nwraps.\n  \n\n   Indented.  \n")
    assert [(s.text, s.line, s.position) for s in doc.segments()] == [
        ("Title", 1, None), ("One.", 3, (1, 2)), ("Two\nwraps.", 3, (2, 2)), ("Indented.", 7, None)]
    assert [s.text for s in parse("One. Two.\n", segmentation="paragraph").segments()] == ["One. Two."]


def test_line_breaks_keep_their_blanks_and_translations_may_rewrap():
    text = "First line  \r\n  second line.\r\n"
    doc = parse(text)
    assert [s.text for s in doc.segments()] == ["First line\nsecond line."]
    assert doc.render(lambda s: "Primera\nsegunda\ntercera.") == "Primera  \r\n  segunda\ntercera.\r\n"
    assert doc.render(lambda s: "Todo en una.") == "Todo en una.\r\n"


def test_text_that_looks_like_a_placeholder_is_protected():
    doc = parse("Press <1> then </2>.\n")
    assert [s.text for s in doc.segments()] == ["Press <1/> then <2/>."]
    assert doc.render(lambda s: "Pulse <1/> y <2/>.") == "Pulse <1> y </2>.\n"


def test_tags_a_translation_adds_are_refused():
    assert problems("a < b", "a < b", "text") == []
    assert problems("Done.", "Hecho.<script>alert(1)</script>", "text") == ["adds HTML <script> not in the source"]
