"""Classic-editor WordPress posts: paragraphs without <p> (wpautop) are translated, shortcodes protected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presslate import formats
from presslate.engines.pseudo import PseudoEngine
from presslate.formats import wordpress as wp_format
from presslate.formats.markdown import Options
from presslate.wordpress import wxr

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "wordpress"
A11Y = CORPUS / "a11y-unit-test-data.xml"

CLASSIC = (
    "The river rose <strong>two metres</strong> overnight. See <a href=\"/map?a=1&amp;b=2\">the map</a>.\n\n"
    "Roads &amp; bridges are closed.\nSchools stay open.\n\n"
    "<!--more-->\n\n"
    "<h2>What to do</h2>\n"
    "Stay <em>away</em> from the banks.\n"
    "<ul>\n\t<li>Call 112.</li>\n</ul>\n"
    "After the list, more text."
)


def _doc(content: str, segmentation: str = "paragraph"):
    text = wp_format.dump(wp_format.Post(id=1, title="Flood", content=content, lang="en"))
    return text, formats.parse_text(text, "post-1.wp", Options(segmentation=segmentation))


def _body(doc) -> list:
    return [s for s in doc.segments() if not s.kind.startswith("front matter")]


@pytest.mark.parametrize("segmentation", ["paragraph", "sentence"])
def test_classic_paragraphs_are_segments_and_round_trip(segmentation):
    text, doc = _doc(CLASSIC, segmentation)
    assert doc.render() == text
    msgids = [s.text for s in _body(doc)]
    if segmentation == "paragraph":
        assert msgids == [
            "The river rose <1>two metres</1> overnight. See <2>the map</2>.",
            "Roads & bridges are closed.\nSchools stay open.",  # a single newline is a line break (<br> in WordPress)
            "What to do", "Stay <1>away</1> from the banks.", "Call 112.", "After the list, more text."]
    else:
        assert "The river rose <1>two metres</1> overnight." in msgids and "See <1>the map</1>." in msgids
    assert not any("<!--" in s.source or "\n\n" in s.source for s in _body(doc))
    kinds = {s.text: s.kind for s in _body(doc)}
    assert kinds["After the list, more text."] == "paragraph" and kinds["Call 112."] == "list item"


def test_classic_post_renders_its_translation_with_markup_and_breaks_kept():
    text, doc = _doc(CLASSIC)
    out = wp_format.load(doc.render(lambda s: s.text.upper()), "x.wp").content
    assert out == (
        "THE RIVER ROSE <strong>TWO METRES</strong> OVERNIGHT. SEE <a href=\"/map?a=1&amp;b=2\">THE MAP</a>.\n\n"
        "ROADS &amp; BRIDGES ARE CLOSED.\nSCHOOLS STAY OPEN.\n\n<!--more-->\n\n<h2>WHAT TO DO</h2>\n"
        "STAY <em>AWAY</em> FROM THE BANKS.\n<ul>\n\t<li>CALL 112.</li>\n</ul>\nAFTER THE LIST, MORE TEXT.")


def test_line_numbers_of_classic_paragraphs():
    _, doc = _doc(CLASSIC)
    lines = {s.text: s.line for s in _body(doc)}
    first = lines["The river rose <1>two metres</1> overnight. See <2>the map</2>."]
    assert lines["Roads & bridges are closed.\nSchools stay open."] == first + 2
    assert lines["After the list, more text."] == first + 12


def test_blank_line_inside_an_open_inline_element_is_not_cut():
    text, doc = _doc("Before <em>one\n\ntwo</em> after.\n\nNext.")
    assert [s.text for s in _body(doc)] == ["Before <1>one\ntwo</1> after.", "Next."]
    assert doc.render() == text


def test_block_delimiters_never_join_loose_text():
    content = 'Loose text before a block.\n<!-- wp:paragraph -->\n<p>Block text.</p>\n<!-- /wp:paragraph -->\nLoose after.'
    text, doc = _doc(content)
    assert [s.text for s in _body(doc)] == ["Loose text before a block.", "Block text.", "Loose after."]
    assert doc.render() == text


def test_shortcodes_are_placeholders_and_bracketed_prose_is_text():
    content = ('[caption id="attachment_9" align="alignnone" width="300"]<img src="a.jpg" alt="A bell" /> Bell on the wharf'
               '[/caption]\n\nHe said [sic] it was [gallery columns="2"] fine.\n\n[gallery]')
    text, doc = _doc(content)
    msgids = [s.text for s in _body(doc)]
    assert msgids == ["<1/><2/> Bell on the wharf<3/>", "A bell", "He said [sic] it was <1/> fine."]
    out = wp_format.load(doc.render(lambda s: s.text.upper()), "x.wp").content
    assert '[caption id="attachment_9" align="alignnone" width="300"]' in out and "[/caption]" in out
    assert '[gallery columns="2"]' in out and out.endswith("\n\n[gallery]") and "[SIC]" in out
    assert doc.render() == text


def test_html_articles_still_keep_loose_text():
    doc = formats.parse_text("{% block x %}var a = 1;{% endblock %}\n<p>Text.</p>", "page.html", Options())
    assert [s.text for s in doc.segments()] == ["Text."]


@pytest.mark.skipif(not A11Y.is_file(), reason=f"WordPress corpus not found at {A11Y}")
def test_pseudo_translation_changes_every_loose_line_of_the_classic_a11y_posts():
    engine = PseudoEngine()
    classic = lines = 0
    for post in wxr.read(A11Y.read_bytes(), "a11y").posts:
        if "<!-- wp:" in post.content:
            continue
        classic += 1
        post.lang = "en"
        text = wp_format.dump(post)
        doc = formats.parse_text(text, f"post-{post.id}.wp", Options())
        assert doc.render() == text, post.id
        out = wp_format.load(doc.render(lambda s: engine.translate_batch([s.text], "en", "es")[0]), "x.wp").content
        visible = re.sub(r"(?s)<pre\b.*?</pre>", "", post.content)  # never translated
        loose = [line.strip() for line in visible.splitlines() if line.strip()[:1].isalpha()]
        after = {line.strip() for line in out.splitlines()}
        lines += len(loose)
        assert not [line for line in loose if line in after], post.id
        assert out.count("<!--") == post.content.count("<!--") and out.count("[/caption]") == post.content.count("[/caption]")
    assert classic == 53 and lines > 200
