"""Never publish what the source did not have: template code, broken link titles, mis-nested raw HTML.

Each case goes through the real CLI on a small project: ``check`` and
``build`` refuse the same translation with the PO file and line, exit 1, and
neither ``build/`` nor ``site/`` gets the construct; what is allowed (the
source's own template code, quotes in a title, whole elements swapped)
comes out exactly as translated.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from output_scan import constructs_in_tree, live_constructs

from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.formats import Options, parse_text, problems, segment_problems
from presslate.formats.markdown import markdown_parser

MARKDOWN = """---
title: "Bridge reopens"
description: The bridge is open again.
---

# Bridge reopens

Read the [full report](https://example.org/report "Full report") before you leave.

See the [map](https://example.org/map 'Map of the area') and ![photo](bridge.jpg (Photo of the bridge)).

Traffic is <span class="note">slow</span> on the bridge.

Press <kbd>Ctrl</kbd> and <kbd>C</kbd> together.

A <span class="x">[detour](https://example.org/detour) is signposted</span> nearby.

{{< figure src="bridge.jpg" >}} The photo shows the bridge.
"""
HTML = """<!DOCTYPE html>
<html lang="en">
<head><title>River flood warning</title></head>
<body>
<p>The river is rising.</p>
<p><img src="r.jpg" alt="The river at dawn" title='Dawn over the river'></p>
</body>
</html>
"""
TEXT = "River news\n\nUse {{ name }} in the greeting.\n"
FILES = {"bridge.md": MARKDOWN, "flood.html": HTML, "notes.txt": TEXT}


def run(project: Path, *args: str, code: int):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "news"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo", code=0)
    config = root / "presslate.toml"
    globs = '["articles/**/*.md", "articles/**/*.html", "articles/**/*.txt"]'
    config.write_text(config.read_text().replace('["articles/**/*.md"]', globs))
    (root / "articles").mkdir()
    for name, text in FILES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    run(root, "translate", code=0)
    return root


@pytest.fixture
def project(translated: Path, tmp_path: Path) -> Path:
    """A fresh copy of the translated project: every entry an unreviewed machine translation."""
    return Path(shutil.copytree(translated, tmp_path / "news"))


def po_name(article: str) -> str:
    return f"locales/es/LC_MESSAGES/{Path(article).stem}.po"


def review(project: Path, article: str, msgid: str, msgstr: str) -> str:
    """Give ``msgid`` a reviewed translation; returns ``path:line`` of its entry, as messages cite it."""
    path = project / po_name(article)
    po = PoFile.read(path)
    entry = po.find(msgid)
    assert entry is not None, [e.msgid for e in po.entries]
    entry.msgstr, entry.fuzzy = msgstr, False
    path.write_bytes(po.serialize())
    return f"{po_name(article)}:{PoFile.read(path).find(msgid).line}"


def output(project: Path, article: str) -> str:
    return (project / "build" / "es" / article).read_text(encoding="utf-8")


def site_outputs(project: Path, article: str) -> str:
    stem = Path(article).stem
    suffix = Path(article).suffix
    return "".join(p.read_text(encoding="utf-8") for p in [
        project / "site" / "content" / "es" / f"{stem}{suffix}", project / "site" / "es" / f"{stem}.html"])


def assert_refused(project: Path, article: str, where: str, reason: str, constructs: list[str]) -> None:
    """check and build refuse the entry at ``where``; no output gets any of ``constructs``."""
    result = run(project, "check", "--lang", "es", code=1)
    assert f"{where}: " in result.output and reason in result.output, result.output
    findings = [line for line in result.output.splitlines() if line.startswith(f"{where}: [markup] error: ")]
    assert any(reason in finding for finding in findings), findings
    result = run(project, "build", "--lang", "es", code=1)
    assert f"refused {where}: " in result.output and reason in result.output, result.output
    built = output(project, article)
    source = (project / "articles" / article).read_text(encoding="utf-8")
    assert built == parse_text(source, article, Options()).render(language="es")  # the source text, not the entry
    allowed = constructs_in_tree(project / "articles")
    assert live_constructs(project / "build", allowed) == []
    if not article.endswith(".txt"):  # publish renders Markdown and HTML articles only
        result = run(project, "publish", "--min-reviewed", "0", "--allow-machine", code=1)
        assert f"{where}: " in result.output
        published = site_outputs(project, article)
        assert live_constructs(project / "site", allowed) == []
    else:
        published = ""
    for construct in constructs:
        assert construct not in built and construct not in published


# -- item 2: template code ----------------------------------------------------------

PARAGRAPH = "Traffic is <1/>slow<2/> on the bridge."
TEMPLATE_CASES = [
    # (article, msgid, translation, what must not reach the output)
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {{< youtube abc >}}.", ["youtube"]),
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {{< gist attacker 0a1b >}}.", ["gist"]),
    ("bridge.md", PARAGRAPH, 'El tráfico es <1/>lento<2/> {{% include "/etc/passwd" %}}.', ["passwd"]),
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/>{{<youtube abc>}}.", ["youtube"]),
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {{- .Site.Params.secret -}}.", ["secret"]),
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {%- raw -%} en el puente.", ["raw -%}"]),
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {{ site.secret\n}} en el puente.", ["secret"]),
    # Half a shortcode in one sentence (its other half would be in the next) and one in a link title.
    ("bridge.md", PARAGRAPH, "El tráfico es <1/>lento<2/> {{< youtube", ["youtube"]),
    ("bridge.md", "Full report", "Informe abc >}} completo", ["abc >}}"]),
    # Spelled with escapes or references: the page shows {{ … }}, where a client-side template runs it.
    ("bridge.md", PARAGRAPH, "El <1/>lento<2/> &#123;&#123;constructor.constructor('alert(1)')()&#125;&#125;", ["constructor"]),
    ("bridge.md", PARAGRAPH, r"El <1/>lento<2/> \{\{constructor.constructor('alert(1)')()\}\}", ["constructor"]),
    # Front matter values and image alt text are translated too.
    ("bridge.md", "Bridge reopens", "El puente {{ .Site.Params.secret }} reabre", ["secret"]),
    ("bridge.md", "The bridge is open again.", "El puente {% include 'x' %} está abierto.", ["include"]),
    ("bridge.md", "photo", "foto {{< youtube abc >}}", ["youtube"]),
    # HTML: text, attribute values, the page title.
    ("flood.html", "The river is rising.", "{{ X }} {% include 'x' %}", ["{{ X }}", "include"]),
    ("flood.html", "The river at dawn", "El río {{< youtube abc >}}", ["youtube"]),
    ("flood.html", "Dawn over the river", "El alba {% include 'x' %}", ["include"]),
    ("flood.html", "River flood warning", "Alerta {{ X }}", ["{{ X }}"]),
    # Plain text, whose source has literal template code of its own: one more is refused.
    ("notes.txt", "River news", "Noticias {{ X }}", ["{{ X }}"]),
    ("notes.txt", "Use {{ name }} in the greeting.", "Usa {{ name }} y {{ secret }} en el saludo.", ["secret"]),
]


@pytest.mark.parametrize("article, msgid, translation, absent", TEMPLATE_CASES)
def test_template_code_typed_into_a_translation_is_refused(project, article, msgid, translation, absent):
    where = review(project, article, msgid, translation)
    assert_refused(project, article, where, "template", absent)


def test_template_code_of_the_source_is_kept_as_the_source_has_it(project):
    """A shortcode of the source is a placeholder; literal template code of a text source is counted."""
    review(project, "bridge.md", "<1/> The photo shows the bridge.", "<1/> La foto muestra el puente.")
    review(project, "notes.txt", "Use {{ name }} in the greeting.", "Usa {{ name }} en el saludo.")
    result = run(project, "check", "--lang", "es", code=0)
    assert "template" not in result.output
    run(project, "build", "--lang", "es", code=0)
    assert '{{< figure src="bridge.jpg" >}} La foto muestra el puente.' in output(project, "bridge.md")
    assert "Usa {{ name }} en el saludo." in output(project, "notes.txt")
    allowed = constructs_in_tree(project / "articles")
    assert live_constructs(project / "build", allowed) == []


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_template_lookalikes_are_refused_in_every_format(fmt):
    for added in ["{{<youtube abc>}}", "{{- x -}}", "{%- raw -%}", "{{ x\n}}", "{# hidden #}", "{{", "%}"]:
        assert any("template" in p for p in problems("The bridge is open.", f"El puente {added} abre.", fmt)), added
    assert problems("Use {{ name }} here.", "Usa {{ name }} aquí.", fmt) == []
    assert problems("Braces { and } and 50% off.", "Llaves { y } y 50% menos.", fmt) == []


# -- item 6: quotes in a translated title --------------------------------------------


class _Attributes(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def markdown_titles(text: str) -> dict[str, str]:
    """Link and image destination → title, as markdown-it reads ``text``."""
    titles = {}
    for token in markdown_parser().parse(text):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                titles[child.attrs.get("href") or child.attrs.get("src")] = child.attrs.get("title")
    return titles


TITLES = {
    "Full report": 'Los "docs" del informe\\',
    "Map of the area": "Mapa de l'área 'centro'",
    "Photo of the bridge": "Foto (del puente) :)",
}


def test_quotes_in_a_translated_markdown_title_keep_the_link(project):
    for msgid, title in TITLES.items():
        review(project, "bridge.md", msgid, title)
    run(project, "check", "--lang", "es", code=0)
    run(project, "build", "--lang", "es", code=0)
    built = markdown_titles(output(project, "bridge.md"))
    assert built["https://example.org/report"] == TITLES["Full report"]
    assert built["https://example.org/map"] == TITLES["Map of the area"]
    assert built["bridge.jpg"] == TITLES["Photo of the bridge"]
    run(project, "publish", "--min-reviewed", "0", "--allow-machine", code=0)
    page = _Attributes((project / "site" / "es" / "bridge.html").read_text(encoding="utf-8")).tags
    assert ("a", {"href": "https://example.org/report", "title": TITLES["Full report"]}) in page
    assert markdown_titles((project / "site" / "content" / "es" / "bridge.md").read_text(encoding="utf-8")) == built


def test_an_escape_the_translator_typed_in_a_title_is_kept(project):
    review(project, "bridge.md", "Full report", 'El \\"informe\\" y "más"')
    run(project, "build", "--lang", "es", code=0)
    assert markdown_titles(output(project, "bridge.md"))["https://example.org/report"] == 'El "informe" y "más"'


def test_quotes_and_ampersands_in_translated_html_attributes_read_back_exactly(project):
    alt, title = 'El "río" & \'alba\'', "L'alba \"sobre\" el río & más"
    review(project, "flood.html", "The river at dawn", alt)
    review(project, "flood.html", "Dawn over the river", title)
    run(project, "build", "--lang", "es", code=0)
    images = [attrs for tag, attrs in _Attributes(output(project, "flood.html")).tags if tag == "img"]
    assert images == [{"src": "r.jpg", "alt": alt, "title": title}]


# -- item 7: raw HTML placeholders in an order that breaks nesting ---------------------------


@pytest.mark.parametrize("msgid, translation, offender, absent", [
    (PARAGRAPH, "El tráfico es <2/>lento<1/> en el puente.", "<2/> (</span>)", "</span>lento"),
    ("Press <1/>Ctrl<2/> and <3/>C<4/> together.", "Pulse <2/>Ctrl<1/> y <3/>C<4/> a la vez.", "<2/> (</kbd>)",
     "</kbd>Ctrl"),
    ("A <1/><2>detour</2> is signposted<3/> nearby.", "Un <2>desvío<1/></2> está señalizado<3/> cerca.",
     '<1/> (<span class="x">)', "desvío"),
])
def test_raw_html_placeholders_that_no_longer_nest_are_refused(project, msgid, translation, offender, absent):
    where = review(project, "bridge.md", msgid, translation)
    assert_refused(project, "bridge.md", where, f"placeholder {offender} is moved", [absent])


def test_raw_html_elements_may_be_swapped_whole(project):
    review(project, "bridge.md", "Press <1/>Ctrl<2/> and <3/>C<4/> together.", "Pulse <3/>C<4/> y <1/>Ctrl<2/> a la vez.")
    review(project, "bridge.md", PARAGRAPH, "<1/>Lento<2/> es el tráfico en el puente.")
    review(project, "bridge.md", "A <1/><2>detour</2> is signposted<3/> nearby.", "Cerca, <1/>un <2>desvío</2> señalizado<3/>.")
    result = run(project, "check", "--lang", "es", code=0)
    assert "nests" not in result.output
    run(project, "build", "--lang", "es", code=0)
    built = output(project, "bridge.md")
    assert "Pulse <kbd>C</kbd> y <kbd>Ctrl</kbd> a la vez." in built
    assert '<span class="note">Lento</span> es el tráfico en el puente.' in built
    assert 'Cerca, <span class="x">un [desvío](https://example.org/detour) señalizado</span>.' in built


def test_raw_html_across_sentences_keeps_what_it_leaves_open():
    """A span opened in one sentence and closed in the next: each sentence keeps its half."""
    doc = parse_text("Open <span>here. Closed</span> there.\n", "a.md", Options())
    first, second = doc.segments()
    assert (first.text, second.text) == ("Open <1/>here.", "Closed<1/> there.")
    assert segment_problems([first], "Abierto aquí.<1/>") == []
    assert segment_problems([second], "<1/>Cerrado allí.") == []


def test_html_stray_end_tag_may_not_move_into_an_element():
    doc = parse_text("<p>A <b>bold</b></i> tail.</p>\n", "a.html", Options())
    (segment,) = doc.segments()
    assert segment.text == "A <1>bold</1><2/> tail."
    assert segment_problems([segment], "Una <1>negrita</1> cola<2/>.") == []
    assert "no longer nests" in segment_problems([segment], "Una <1>negrita<2/></1> cola.")[0]


def test_a_source_whose_tags_do_not_nest_keeps_their_order():
    doc = parse_text("Bad <b><i>x</b></i> source.\n", "a.md", Options())
    (segment,) = doc.segments()
    assert segment_problems([segment], "Malo <1/><2/>x<3/><4/> fuente.") == []
    assert "source's order" in segment_problems([segment], "Malo <1/><2/>x<4/><3/> fuente.")[0]


# -- the output scanner other suites reuse -------------------------------------------


def test_output_scan_finds_live_constructs_beyond_the_sources(tmp_path):
    sources, out = tmp_path / "articles", tmp_path / "build"
    (out / "es").mkdir(parents=True)
    sources.mkdir()
    (sources / "a.md").write_text('Intro {{< figure src="a.jpg" >}} and {{ name }}.\n', encoding="utf-8")
    (out / "es" / "a.md").write_text(
        'Intro {{< figure src="a.jpg" >}} y {{ name }}.\n\n{{<youtube x>}} {%- raw -%} {#\n'
        '<img src=x onerror=alert(1)> [a](javascript:alert(1)) <script>x</script> &lt;script&gt;\n'
        "{{&lt; gist a 1 &gt;}}\n",
        encoding="utf-8",
    )
    found = live_constructs(out, constructs_in_tree(sources))
    assert found == [  # the figure and {{ name }} are the source's; "&lt;script&gt;" is text
        "es/a.md:3: {#", "es/a.md:3: {%- raw -%}", "es/a.md:3: {{<youtube x>}}",
        "es/a.md:4: <img src=x onerror=alert(1)>", "es/a.md:4: <script>", "es/a.md:4: javascript:alert(1",
        "es/a.md:5: {{< gist a 1 >}}",
    ]
    assert live_constructs(out, constructs_in_tree(out)) == []
