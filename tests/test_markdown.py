"""Markdown format: what is extracted, and that rendering gives back the input."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslate.engines.pseudo import PseudoEngine
from presslate.errors import InputError
from presslate.formats import decode, parse_text
from presslate.formats.markdown import Options, outline

FIXTURES = sorted((Path(__file__).parent / "data" / "markdown").glob("*.md"))
ARTICLES = sorted((Path(__file__).parent.parent / "articles").rglob("*.md"))


def parse(text: str, **options):
    return parse_text(text, "test.md", Options(**options))


def msgids(text: str, **options) -> list[str]:
    return [seg.text for seg in parse(text, **options).segments()]


def pseudo_render(doc) -> str:
    segments = list(doc.segments())
    translated = PseudoEngine().translate_batch([s.text for s in segments], "en", "es")
    by_id = {id(s): t for s, t in zip(segments, translated)}
    return doc.render(lambda seg: by_id[id(seg)])


@pytest.mark.parametrize("path", FIXTURES + ARTICLES, ids=lambda p: p.name)
@pytest.mark.parametrize("mode", ["sentence", "paragraph"])
def test_identity_round_trip_is_byte_identical(path: Path, mode: str):
    data = path.read_bytes()
    doc = parse_text(decode(data, str(path)), str(path), Options(segmentation=mode))
    assert doc.render(lambda seg: seg.text).encode("utf-8") == data
    assert doc.render().encode("utf-8") == data


@pytest.mark.parametrize("path", FIXTURES + ARTICLES, ids=lambda p: p.name)
def test_pseudo_translation_keeps_outline(path: Path):
    text = decode(path.read_bytes(), str(path))
    doc = parse_text(text, str(path), Options())
    rendered = pseudo_render(doc)
    assert rendered != text
    assert outline(rendered) == outline(text)


def test_blocks_become_segments_with_kinds():
    doc = parse("# Title\n\nOne. Two.\n\n- item\n\n> quote\n\n| a |\n|---|\n| b |\n")
    assert [(s.kind, s.text, s.position) for s in doc.segments()] == [
        ("heading 1", "Title", None),
        ("paragraph", "One.", (1, 2)),
        ("paragraph", "Two.", (2, 2)),
        ("list item", "item", None),
        ("blockquote", "quote", None),
        ("table header cell", "a", None),
        ("table cell", "b", None),
    ]


def test_paragraph_mode_keeps_one_entry_per_block():
    assert msgids("One. Two.\n", segmentation="paragraph") == ["One. Two."]


def test_code_urls_and_shortcodes_are_protected():
    text = "Run `make test` on {{< ref \"x.md\" >}} and see <https://example.org>.\n"
    assert msgids(text) == ["Run <1/> on <2/> and see <3/>."]
    assert msgids("```\ncode\n```\n\n    indented\n\n<div>\nraw\n</div>\n") == []


def test_link_text_is_translatable_and_target_is_not():
    doc = parse('Read [the report](https://example.org/r "Full report") now.\n')
    assert [s.text for s in doc.segments()] == ["Read <1>the report</1> now.", "Full report"]
    rendered = doc.render(lambda s: {"Read <1>the report</1> now.": "Lea <1>el informe</1> ya.",
                                     "Full report": "Informe completo"}[s.text])
    assert rendered == 'Lea [el informe](https://example.org/r "Informe completo") ya.\n'


def test_translator_may_move_a_link():
    doc = parse("See [this](/a) and `x`.\n")
    assert doc.render(lambda s: "<2/> y <1>esto</1>.") == "`x` y [esto](/a).\n"


def test_shortcut_reference_link_keeps_working_when_translated():
    doc = parse("Visit [Go] today.\n\n[Go]: https://go.dev\n")
    rendered = doc.render(lambda s: "Visita <1>Ir</1> hoy.")
    assert "[Ir][Go]" in rendered
    assert outline(rendered) == outline("Visit [Go] today.\n\n[Go]: https://go.dev\n")


def test_image_alt_and_title_are_separate_entries():
    doc = parse('![A flooded street](street.jpg "Photo: J. Doe")\n')
    assert [(s.kind, s.text) for s in doc.segments()] == [("image alt text", "A flooded street"),
                                                          ("link title", "Photo: J. Doe")]
    rendered = doc.render(lambda s: {"A flooded street": "Una calle inundada"}.get(s.text))
    assert rendered == '![Una calle inundada](street.jpg "Photo: J. Doe")\n'


def test_soft_breaks_keep_container_prefixes():
    doc = parse("> first line\n> second line\n")
    (seg,) = doc.segments()
    assert seg.text == "first line\nsecond line"
    assert doc.render(lambda s: "primera\nsegunda") == "> primera\n> segunda\n"
    assert doc.render(lambda s: "una\ndos\ntres") == "> una\n> dos\n> tres\n"
    assert parse("- item\n").render(lambda s: "uno\ndos") == "- uno\n  dos\n"
    assert parse("# Title\n").render(lambda s: "Uno\ndos") == "# Uno dos\n"


def test_hard_breaks_and_anchors_are_placeholders():
    assert msgids("## Title {#anchor}\n\nline one  \nline two\n") == ["Title <1/>", "line one<1/>line two"]


def test_front_matter_values_keep_quoting_and_comments():
    text = "---\n# keep me\ntitle: 'It''s here'\ndescription: \"Say \\\"hi\\\"\"\ntags: [a, b]\n---\nBody.\n"
    doc = parse(text)
    assert [(s.kind, s.text) for s in doc.segments()][:2] == [
        ("front matter: title", "It's here"), ("front matter: description", 'Say "hi"')]
    rendered = doc.render(lambda s: {"It's here": "Ya está: aquí", 'Say "hi"': "Di «hola»"}.get(s.text), language="es")
    assert rendered.startswith("---\n# keep me\ntitle: 'Ya está: aquí'\ndescription: \"Di «hola»\"\ntags: [a, b]\nlang: es\n---\n")


def test_front_matter_plain_value_is_quoted_when_needed():
    doc = parse("---\ntitle: Plain\n---\n")
    assert doc.render(lambda s: "Uno: dos # tres").startswith('---\ntitle: "Uno: dos # tres"\n')


def test_existing_lang_key_is_replaced():
    doc = parse("---\nlang: en\ntitle: T\n---\nx\n")
    assert doc.render(language="fr").startswith("---\nlang: fr\ntitle: T\n")


def test_malformed_front_matter_names_the_line():
    with pytest.raises(InputError) as info:
        parse("---\ntitle: ok\ndescription: [unclosed\n---\nBody\n")
    assert info.value.path == "test.md" and info.value.line in (3, 4, 5)
    with pytest.raises(InputError, match="never closed"):
        parse("---\ntitle: x\n")


def test_invalid_utf8_names_the_line():
    with pytest.raises(InputError) as info:
        decode(b"fine\nstill fine\nbad \xff byte\n", "a.md")
    assert info.value.line == 3


def test_dollar_amounts_are_not_math():
    assert msgids("It costs $5 and $10 today.\n") == ["It costs $5 and $10 today."]
    assert msgids("Solve $x+1$ now.\n") == ["Solve <1/> now."]


def test_front_matter_lines_count_a_lang_value():
    doc = parse("---\nlang: english-long-value\nkey: x\ntitle: Hello there\n---\nBody.\n")
    assert [(s.kind, s.line) for s in doc.segments()] == [("front matter: title", 4), ("paragraph", 6)]
