"""HTML format: what is extracted, how translations are written, and that rendering gives back the input."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.formats import decode, format_of, parse_text
from presslate.formats.markdown import Options
from presslate.inline import markup_problems

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import conformance_html  # noqa: E402  (its structure comparison, not a copy of it)

FIXTURES = sorted((Path(__file__).parent / "data" / "html").glob("*.html"))
CORPUS = sorted(conformance_html.CORPUS.rglob("*.html")) if conformance_html.CORPUS.is_dir() else []


def parse(text: str, **options):
    return parse_text(text, "test.html", Options(**options))


def msgids(text: str, **options) -> list[str]:
    return [seg.text for seg in parse(text, **options).segments()]


def render(text: str, translations: dict[str, str], language: str | None = None, **options) -> str:
    return parse(text, **options).render(lambda seg: translations.get(seg.text), language=language)


@pytest.mark.parametrize("path", FIXTURES + CORPUS, ids=lambda p: p.name)
def test_identity_round_trip_is_byte_identical(path: Path):
    """Every msgstr := msgid, through placeholder expansion and the entity writer, in both modes."""
    for mode in ("sentence", "paragraph"):
        result = conformance_html.check(path, Options(segmentation=mode))
        assert result.identical, mode
    data = path.read_bytes()
    assert parse_text(decode(data, str(path)), str(path), Options()).render().encode("utf-8") == data


@pytest.mark.parametrize("path", FIXTURES + CORPUS, ids=lambda p: p.name)
def test_pseudo_translation_keeps_elements_and_attributes(path: Path):
    assert conformance_html.check(path, Options()).same_structure
    text = decode(path.read_bytes(), str(path))
    assert conformance_html.pseudo_render(parse_text(text, str(path), Options())) != text


def test_suffixes_select_the_format():
    assert format_of("a/story.html") == format_of("b/story.HTM") == "html"
    assert parse("<p>x</p>").format == "html"


def test_blocks_become_segments_with_inline_markup_as_placeholders():
    doc = parse('<h2>Title</h2>\n<p>Read <a href="/r">the <em>full</em> report</a>.<br>Then run <code>make</code>.</p>\n')
    assert [(s.kind, s.text, s.line) for s in doc.segments()] == [
        ("heading 2", "Title", 1),
        ("paragraph", "Read <1>the <2>full</2> report</1>.<3/>Then run <4/>.", 2),
    ]
    rendered = doc.render(lambda s: {"Title": "Título"}.get(s.text, "Ejecute <4/>.<3/>Lea <1>el informe <2>completo</2></1>."))
    assert rendered == '<h2>Título</h2>\n<p>Ejecute <code>make</code>.<br>Lea <a href="/r">el informe <em>completo</em></a>.</p>\n'


def test_kinds_of_blocks():
    text = (
        "<ul><li>item</li></ul><dl><dt>term<dd>definition</dl><table><caption>cap<tr><th>head<td>cell</table>"
        "<figure><figcaption>fig</figcaption></figure><blockquote>quote</blockquote><details><summary>sum</summary></details>"
        "<label>lab</label><button>but</button><select><option>opt</select><div>loose</div>"
    )
    assert [(s.kind, s.text) for s in parse(text).segments()] == [
        ("list item", "item"), ("definition term", "term"), ("definition", "definition"),
        ("table caption", "cap"), ("table header cell", "head"), ("table cell", "cell"),
        ("figure caption", "fig"), ("blockquote", "quote"), ("summary", "sum"), ("label", "lab"),
        ("button", "but"), ("option", "opt"), ("text in <div>", "loose"),
    ]


def test_nested_blocks_extract_every_text_once():
    text = "<blockquote>Loose <p>para</p> tail</blockquote><ul><li>Intro<ul><li>Nested</ul>Outro</li></ul>"
    assert msgids(text) == ["Loose", "para", "tail", "Intro", "Nested", "Outro"]


def test_omitted_end_tags_and_unquoted_attributes():
    text = "<p class=a>One<p>Two <ul><li>A<li>B</ul><table><tr><td>x<td>y<tr><td>z</table><dl><dt>T<dd>D</dl>"
    assert msgids(text) == ["One", "Two", "A", "B", "x", "y", "z", "T", "D"]


def test_misnested_and_unclosed_inline_markup_stays_balanced():
    assert msgids("<p>A <b>bold <i>mixed</b> tail</i> here.<p>Open <em>emphasis") == [
        "A <1>bold <2/>mixed</1> tail<3/> here.", "Open <1/>emphasis"]


def test_translatable_attributes_title_and_meta():
    text = (
        '<html><head><title>Page &amp; title</title>'
        '<meta name="description" content="About rivers"><meta property="og:title" content="Rivers">'
        '<meta name="twitter:description" content="Short"><meta name="viewport" content="width=device-width">'
        '</head><body><p>See <img src="a.png" alt="A flooded street" title="Photo: J. Doe"> and '
        '<input placeholder="Search" aria-label="Search the site"> <abbr title="September">Sept.</abbr></p></body></html>'
    )
    assert [(s.kind, s.text) for s in parse(text).segments()] == [
        ("page title", "Page & title"), ("meta description", "About rivers"), ("meta og:title", "Rivers"),
        ("meta twitter:description", "Short"), ("paragraph", "See <1/> and <2/> <3>Sept.</3>"),
        ("alt text", "A flooded street"), ("title attribute", "Photo: J. Doe"), ("placeholder text", "Search"),
        ("aria-label", "Search the site"), ("title attribute", "September"),
    ]
    rendered = render(text, {"A flooded street": "Una calle inundada", "Page & title": "Página y título"})
    assert '<title>Página y título</title>' in rendered
    assert 'alt="Una calle inundada" title="Photo: J. Doe"' in rendered


def test_never_translated_content():
    text = (
        "<script>var s = 'Hello';</script><style>p{}</style><pre>Keep this</pre>"
        "<p>Run <code>ls</code>, press <kbd>Enter</kbd>, see <samp>ok</samp> in <var>x</var>.</p>"
        "<p translate=no>Brand</p><div class=notranslate>Keep <b>this</b></div>"
        "<p>Our <span translate=\"no\">Name</span> and <span class='x notranslate'>Other</span>.</p>"
        "<svg><title>Icon</title></svg><math><mi>x</mi></math><template><p>Hidden</p></template>"
        "<textarea>Typed</textarea><!-- A comment --><p>End <!-- note --> here.</p>"
    )
    assert msgids(text) == ["Run <1/>, press <2/>, see <3/> in <4/>.", "Our <1/> and <2/>.", "End <1/> here."]


ISLANDS = (
    '<div translate="no"><p>Brand</p><p translate="yes">Hello <em>there</em>.</p>Tail <img alt="Logo"></div>\n'
    '<p>Our <span translate=no>Acme <b translate=yes>fresh <i>bread</i></b> Inc.</span> shop.</p>\n'
    '<section class=notranslate><h2 translate="">Opening hours</h2>'
    '<p translate=no>Mo <span translate=YES title="Monday">all day</span> Tu</p></section>\n'
)


def test_translate_yes_inside_translate_no_is_translated_again():
    """HTML's inheritance: the nearest ancestor with a translate attribute (or a no-translate class) decides."""
    assert [(s.kind, s.text) for s in parse(ISLANDS).segments()] == [
        ("paragraph", "Hello <1>there</1>."),
        ("paragraph", "Our <1/> shop."),
        ("paragraph", "fresh <1>bread</1>"),  # an island inside an inline kept element: nested in its placeholder
        ("heading 2", "Opening hours"),
        ("title attribute", "Monday"),  # the island's own attributes are translated too
        ("paragraph", "all day"),
    ]
    spanish = {"Hello <1>there</1>.": "Hola <1>a todos</1>.", "Our <1/> shop.": "Nuestra tienda <1/>.",
               "fresh <1>bread</1>": "<1>pan</1> fresco", "Opening hours": "Horario", "Monday": "Lunes",
               "all day": "todo el día"}
    assert render(ISLANDS, spanish) == (
        '<div translate="no"><p>Brand</p><p translate="yes">Hola <em>a todos</em>.</p>Tail <img alt="Logo"></div>\n'
        '<p>Nuestra tienda <span translate=no>Acme <b translate=yes><i>pan</i> fresco</b> Inc.</span>.</p>\n'
        '<section class=notranslate><h2 translate="">Horario</h2>'
        '<p translate=no>Mo <span translate=YES title="Lunes">todo el día</span> Tu</p></section>\n'
    )
    doc = parse(ISLANDS)
    assert doc.render() == ISLANDS and doc.render(lambda s: s.text) == ISLANDS


@pytest.mark.parametrize(
    "text, expected, kept",
    [
        # Islands nest: no, yes, no, yes.
        ("<p>A <span translate=no>B <b translate=yes>C <i translate=no>D <u translate=yes>E</u> F</i> G</b> H</span> I</p>",
         ["A <1/> I", "C <1/> G", "E"], ["B ", "D ", " F", " H"]),
        # Attributes follow the mode: alt off inside translate=no, on in an island (a void island too).
        ('<p translate=no>Keep <img alt="Logo"> <img translate=yes alt="A photo"> <a translate="" href=x title=Tip>'
         "link <span translate=no>Co</span> text</a></p>", ["A photo", "Tip", "link <1/> text"], ["Keep", "Logo", "Co"]),
        ('<p>See <span translate=no>logo <img translate=yes alt="Acme logo"></span></p>', ["See <1/>", "Acme logo"], ["logo "]),
        # Blocks inside an island, and an island cut short by its parent's end tag or an implied </p>.
        ("<div translate=no>x<div translate=yes><p>One</p><p>Two</p></div>y</div>", ["One", "Two"], ["x<", "y<"]),
        ("<p>A <span translate=no>B <b translate=yes>C</span> D</p>", ["A <1/> D", "C"], ["B "]),
        ("<p>A <span translate=no>B <b translate=yes>C<p>Next", ["A <1/>", "C", "Next"], ["B "]),
        # Never-translated elements stay whole; an invalid value inherits.
        ("<pre translate=no>x <b translate=yes>y</b></pre><p>Run <code>ls <b translate=yes>now</b></code>.</p>"
         "<div translate=no><p translate=maybe>Inherit</p></div>", ["Run <1/>."], ["x ", ">y<", "ls ", "now", "Inherit"]),
        # "no" wins on an element that says both; the class alone is undone by translate=yes below it.
        ("<p class=notranslate translate=yes>Both</p><div class=notranslate><p translate=yes>Back</p></div>",
         ["Back"], ["Both"]),
    ],
)
def test_translation_mode_nesting(text: str, expected: list[str], kept: list[str]):
    doc = parse(text)
    assert [s.text for s in doc.segments()] == expected
    assert doc.render() == text and doc.render(lambda s: s.text) == text
    shouted = doc.render(lambda s: s.text.upper())
    assert all(word in shouted for word in kept)
    assert all(s.text.upper() in shouted for s in doc.segments() if "<" not in s.text)


def test_an_island_holding_only_an_image_looks_up_just_the_alt_text():
    text = '<p>A <span translate=no>B <span translate=yes><img alt="Pic"></span></span></p>'
    doc = parse(text)
    strict = {"A <1/>": "Un <1/>", "Pic": "Foto"}
    assert [s.text for s in doc.segments()] == list(strict)
    assert doc.render(lambda s: strict[s.text]) == '<p>Un <span translate=no>B <span translate=yes><img alt="Foto"></span></span></p>'


def test_a_document_marked_translate_no_keeps_its_lang_slot_and_islands():
    text = '<!DOCTYPE html><html lang="en" translate="no"><body><p>Brand</p><main translate="yes"><p>News</p></main></body></html>'
    assert msgids(text) == ["News"]
    assert render(text, {"News": "Noticias"}, language="es") == (
        '<!DOCTYPE html><html lang="es" translate="no"><body><p>Brand</p><main translate="yes"><p>Noticias</p></main></body></html>')


def test_og_locale_is_set_for_the_target_language():
    text = ('<html lang="en"><head><meta property="og:locale" content="en_GB">'
            "<meta property=og:locale:alternate content=fr_FR></head><body><p>Hi</p></body></html>")
    doc = parse(text)
    assert msgids(text) == ["Hi"]  # a language slot, not a message
    assert doc.render(language="es").startswith('<html lang="es"><head><meta property="og:locale" content="es_ES">')
    assert 'content="pt_BR"' in doc.render(language="pt") and 'content="es_MX"' in doc.render(language="es-MX")
    assert 'content="en_GB"' in doc.render(language="en")  # the source keeps its own territory
    assert doc.render() == text
    assert "content=fr_FR" in doc.render(language="es")  # alternates are left as written
    kept = '<head translate=no><meta name=og:locale content="en_US"></head>'  # metadata, whatever the mode
    assert parse(kept).render(language="ar") == '<head translate=no><meta name=og:locale content="ar_EG"></head>'


def test_notranslate_classes_are_configurable():
    text = "<p class=keep>Keep</p><p class=notranslate>Go</p>"
    assert msgids(text, notranslate_classes=["keep"]) == ["Go"]


def test_loose_text_outside_elements_is_kept():
    text = "{% block iscompatible %}\n  return !!Modernizr.webgl;\n{% endblock %}\n<p>Hello {{ user }}.</p>"
    assert msgids(text) == ["Hello <1/>."]


def test_template_tags_in_text_and_attributes_are_placeholders():
    doc = parse('<p>It takes {% if fast %}ten{% else %}thirty{% endif %} minutes.<img alt="{{ name }} at noon" src=x>')
    assert [s.text for s in doc.segments()] == ["It takes <1/>ten<2/>thirty<3/> minutes.<4/>", "<1/> at noon"]


# -- entities ------------------------------------------------------------------


def test_msgids_show_characters_and_identity_restores_the_spelling():
    text = "<p>It&#8217;s &ldquo;done&rdquo;&nbsp;&mdash; AT&T &amp; Q&amp;A, 3 &lt; 4 &copy 2024.</p>"
    assert msgids(text) == ["It’s “done”\u00a0— AT&T & Q&A, 3 < 4 © 2024."]
    assert render(text, {"It’s “done”\u00a0— AT&T & Q&A, 3 < 4 © 2024.": "It’s “done”\u00a0— AT&T & Q&A, 3 < 4 © 2024."}) == text


def test_translations_are_escaped_and_reuse_the_source_spelling():
    text = "<p>It&#8217;s AT&T &amp; more.</p>"
    out = render(text, {"It’s AT&T & more.": "Es de AT&T & más… y d’Artagnan’s <script> & &lt;b&gt;"})
    # First "’" and the two "&" take the source spelling; the rest is escaped or literal.
    assert out == "<p>Es de AT&T &amp; más… y d&#8217;Artagnan’s &lt;script> &amp; &amp;lt;b&amp;gt;</p>"


def test_a_reused_literal_ampersand_never_forms_a_reference():
    out = render("<p>AT&T rocks.</p>", {"AT&T rocks.": "&lt; means less"})
    assert out == "<p>&amp;lt; means less</p>"


def test_tag_like_text_and_newline_references_are_protected():
    text = "<p>Type &lt;1&gt; then a line&#10;break.</p>"
    assert msgids(text) == ["Type <1/> then a line<2/>break."]
    assert render(text, {"Type <1/> then a line<2/>break.": "Escriba <1/>, luego<2/>."}) == "<p>Escriba &lt;1&gt;, luego&#10;.</p>"


def test_attribute_values_keep_their_quoting():
    text = "<img alt=Map src=a><img alt='It&#39;s' src=b><img alt=\"Say &quot;hi&quot;\" src=c>"
    translations = {"Map": "Mapa del río", "It's": "Es 'x' \"y\"", 'Say "hi"': 'Di "hola" & \'adiós\''}
    assert render(text, translations) == (
        "<img alt=\"Mapa del río\" src=a><img alt='Es &#39;x&#39; \"y\"' src=b>"
        "<img alt=\"Di &quot;hola&quot; &amp; 'adiós'\" src=c>"
    )
    assert render("<img alt=Map src=a>", {"Map": "Karte"}) == "<img alt=Karte src=a>"
    assert render("<img alt=Map src=a>", {"Map": 'Mapa "río"'}) == '<img alt="Mapa &quot;río&quot;" src=a>'


def test_line_breaks_inside_a_paragraph_keep_their_indentation():
    text = "<p>First line\n   second line.</p>"
    assert msgids(text) == ["First line\nsecond line."]
    assert render(text, {"First line\nsecond line.": "Una\ndos\ntres."}) == "<p>Una\n   dos\ntres.</p>"


# -- sentences and markup ------------------------------------------------------


def test_a_link_spanning_a_sentence_boundary_keeps_those_sentences_together():
    text = '<p>Read <a href="/a">the guide. It</a> is short. Next one. Ends <a href="/b">in a link.</a> Last.</p>'
    assert msgids(text) == ["Read <1>the guide. It</1> is short.", "Next one.", "Ends <1>in a link.</1>", "Last."]
    assert msgids(text, segmentation="paragraph") == [
        "Read <1>the guide. It</1> is short. Next one. Ends <2>in a link.</2> Last."]


def test_sentence_positions_and_lines():
    doc = parse("<p>\nOne. Two.\n</p>")
    assert [(s.text, s.position, s.line) for s in doc.segments()] == [("One.", (1, 2), 2), ("Two.", (2, 2), 2)]


# -- language ------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, language, expected",
    [
        ('<html lang="en"><p>x</p></html>', "es", '<html lang="es"><p>x</p></html>'),
        ("<html lang=en class=a><p>x</p></html>", "pt-BR", "<html lang=pt-BR class=a><p>x</p></html>"),
        ('<html lang="en"><p>x</p></html>', "ar", '<html lang="ar" dir="rtl"><p>x</p></html>'),
        ('<html dir="ltr" lang="en"><p>x</p></html>', "he", '<html dir="rtl" lang="he"><p>x</p></html>'),
        ('<html dir="rtl" lang="ar"><p>x</p></html>', "en", '<html dir="ltr" lang="en"><p>x</p></html>'),
        ("<html class=a><p>x</p></html>", "fr", '<html lang="fr" class=a><p>x</p></html>'),
        ("<!DOCTYPE html>\n<p>x</p>", "fa", '<!DOCTYPE html><html lang="fa" dir="rtl">\n<p>x</p>'),
        ('{% extends "base.html" %}\n<p>x</p>', "es", '{% extends "base.html" %}\n<p>x</p>'),
    ],
)
def test_html_lang_is_set_to_the_target_language(source: str, language: str, expected: str):
    doc = parse(source)
    assert doc.render(language=language) == expected
    assert doc.render() == source


# -- property: any mix of markup round-trips, and no translation changes the elements --

FRAGMENTS = [
    "<P>", "</p >", "<b>", "</b>", "<li>", "<ul>", "</ul>", "<div>", "</div>", "<td>", "<table>", "<dl><dt>", "<dd>",
    "<h1>", "</h1>", "<pre>", "</pre>", "<code>", "</code>", "<a href=x title='a > b'>", "</a>", "<br/>", "<img alt=z>",
    "<img alt='x y'>", '<em title="Hi &amp; bye">', "</em>", "<span translate=no>", "</span>", "<p class=notranslate>",
    "<b translate=yes>", '<p translate="">', "<i translate=YES title=Hi>", "<img translate=yes alt='Pic'>",
    '<meta property=og:locale content="en_GB">',
    "<input placeholder=Go>", "<select><option>", "<svg><path/>", "</svg>", "<HTML LANG=EN>", "<!DOCTYPE html>",
    "<?xml x?>", "</ p>", "<a/>", "<b", "{{ v }}", "{% if %}", "{#", "<1>", "</2>", "Sentence one. ", "Two. ", "text",
    "AT&T", "&amp;", "&nbsp;", "&copy", "&ampx;", "&lt;1&gt;", "&#10;", "<", "&", "'", '"', "\n", "\r\n", "  ",
]
TRANSLATION_PIECES = ["hola", " ", "x y", "\n", "<script>", "&lt;b&gt;", "&#60;", "</p>", '"', "'", "&", "<", ">", "=", "`",
                      "&copy", "\u00a0", "<1>", "</1>", "<2/>"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.data())
def test_any_markup_round_trips_and_translations_never_change_elements(fragments: list[str], data):
    text = "".join(fragments)
    doc = parse(text)
    assert doc.render(lambda seg: seg.text) == text
    pieces = st.lists(st.sampled_from(TRANSLATION_PIECES), min_size=1, max_size=6).map("".join)
    translations = {id(seg): data.draw(pieces) for seg in doc.segments()}

    def lookup(seg):  # as build does: a translation with broken placeholders is not used
        translation = translations[id(seg)]
        return None if markup_problems(seg.text, translation) else translation

    assert conformance_html.structure(doc.render(lookup)) == conformance_html.structure(text)
