"""A translation may not add markup: each attack is refused, named, and never reaches the output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.formats import Options, parse_text, problems
from presslate.formats.markdown import markdown_parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from conformance_html import structure  # noqa: E402

LINK = "Read the <1>full report</1> before you leave."

# (format, source msgid, translation, what the refusal must say)
ATTACKS = [
    ("html", "The river is rising.", "El río sube.<script>alert(1)</script>", "adds HTML <script>"),
    ("html", "The river is rising.", "El río sube.<img src=x onerror=alert(1)>", "event handler onerror"),
    ("html", LINK, 'Lea el <a href="javascript:alert(1)">informe</a>.', "javascript: URL in href"),
    ("html", LINK, 'Lea el <1>informe</1> en <a href="https://evil.example/">este sitio</a>.',
     "link target https://evil.example/"),
    ("html", "The river is rising.", 'El <span style="position:fixed">río</span> sube.', "style attribute"),
    ("html", "The river is rising.", 'El <a href="x.html" data-x=1>río</a> sube.', "attribute data-x"),
    ("html", "The river is rising.", 'El río <iframe src="data:text/html;base64,PHNjcmlwdD4=">', "data: URL in src"),
    ("html", "The river is rising.", "El río sube. &lt;script&gt;alert(1)&lt;/script&gt;",
     "adds HTML <script> spelled with character references"),
    ("html", "The river is rising.", "El río &#60;img src=x onerror=alert(1)&#x3E;", "event handler onerror"),
    ("html", "The river is rising.", "El r&iacute;o sube.", "character references &iacute; would show literally"),
    ("markdown", "The bridge is open.", "El puente está [abierto](javascript:alert(1)).",
     "adds a link with a javascript: URL (javascript:alert(1))"),
    ("markdown", "The bridge is open.", "El puente está [abierto](&#106;avascript:alert(1)).", "javascript: URL"),
    ("markdown", "The bridge is open.", "El puente está <JavaScript:alert(1)>.", "javascript: URL"),
    ("markdown", LINK, "Lea el [informe](https://evil.example/) antes de salir.", "adds a link to https://evil.example/"),
    ("markdown", LINK, "Lea el <1>informe</1> y [esto](https://evil.example/).", "adds a link to https://evil.example/"),
    ("markdown", "The bridge is open.", 'El puente") [abierto](https://evil.example/ "', "adds a link to https://evil.example/"),
    ("markdown", "The bridge is open.", "El puente está abierto: www.evil.example", "adds the URL www.evil.example"),
    # A link or autolink split over two sentences: each half is refused on its own.
    ("markdown", "The bridge is open.", "El puente [está abierto.", "square brackets are unbalanced"),
    ("markdown", "The bridge is open.", "](https://evil.example/) El puente está abierto.", "square brackets are unbalanced"),
    ("markdown", "The bridge is open.", "El puente está abierto <https://evil.example/", "adds a link to https://evil.example/"),
    ("markdown", "The bridge is open.", "El puente ![está](https://evil.example/x.png) abierto.",
     "adds an image from https://evil.example/x.png"),
    ("markdown", "The bridge is open.", "[x]: https://evil.example/\nEl puente está abierto.",
     "adds a link definition for https://evil.example/"),
    ("markdown", "The bridge is open.", "<script>alert(1)</script> El puente está abierto.", "adds raw HTML <script>"),
    ("markdown", "The bridge is open.", "El puente está abierto. <script>alert(1)</script>", "adds raw HTML <script>"),
    ("markdown", "The bridge is open.", "El puente <img src=x onerror=alert(1)> está abierto.",
     "adds raw HTML <img src=x onerror=alert(1)> not in the source (src x, event handler onerror)"),
    ("text", "The river is rising.", "El río sube.<script>alert(1)</script>", "adds HTML <script>"),
]


@pytest.mark.parametrize("fmt, source, translation, reason", ATTACKS)
def test_added_markup_is_refused_with_a_clear_reason(fmt: str, source: str, translation: str, reason: str):
    found = problems(source, translation, fmt)
    assert any(reason in p for p in found), found


@pytest.mark.parametrize(
    "fmt, source, translation",
    [
        ("html", "Use the <script> element.", "Usa el elemento <script>."),  # the source shows it as text
        ("html", "AT&T & Q&A", "AT&T y P&R"),
        ("html", LINK, "Lea el <1>informe completo</1> antes de salir."),
        ("markdown", "See <https://example.org> now.", "Vea <https://example.org> ya."),
        ("markdown", "Press <kbd>Ctrl</kbd> now.", "Pulse <kbd>Ctrl</kbd> ya."),
        ("markdown", "Write &lt;script&gt; to start.", "Escriba &lt;script&gt; para empezar."),
        ("markdown", "Tags look like <1>this</1>.", "Las etiquetas son [así] <1>esto</1>."),
    ],
)
def test_markup_of_the_source_and_plain_text_are_accepted(fmt: str, source: str, translation: str):
    assert problems(source, translation, fmt) == []


def test_entities_in_a_markdown_translation_come_out_as_text():
    """markdown-it reads ``&lt;script&gt;`` as text: no check needed, and no tag in the HTML."""
    assert problems("The bridge is open.", "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;", "markdown") == []
    html = markdown_parser().render("&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;")
    assert "<script" not in html and "<b>" not in html


def test_html_output_never_gains_a_tag_even_unchecked():
    """The HTML writer escapes whatever a translation says, checks or not."""
    source = '<p>The river is rising.</p><img alt="The river at dawn" src=r.jpg title=Dawn>'
    doc = parse_text(source, "a.html", Options())
    attacks = {
        "The river is rising.": "<script>alert(1)</script> &lt;b&gt; &#60;i&#62;",
        "The river at dawn": 'x" onerror="alert(1)',
        "Dawn": "x onerror=alert(1)",
    }
    out = doc.render(lambda seg: attacks[seg.text])
    assert structure(out) == structure(source)
    assert out == (
        "<p>&lt;script>alert(1)&lt;/script> &amp;lt;b&amp;gt; &amp;#60;i&amp;#62;</p>"
        '<img alt="x&quot; onerror=&quot;alert(1)" src=r.jpg title="x onerror=alert(1)">'
    )


# -- end to end: build refuses, says where and why, and writes the source text --

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head><title>River flood warning</title></head>
<body>
<p>Read the <a href="https://example.org/report">full report</a> before you leave.</p>
<p>The river is rising.</p>
</body>
</html>
"""
MARKDOWN_ARTICLE = """# Bridge reopens

Read the [full report](https://example.org/report) before you leave.

The bridge is open.
"""
TEXT_ARTICLE = "River news\n\nThe river is rising.\n"
ARTICLES = {"html": ("flood.html", HTML_ARTICLE), "markdown": ("bridge.md", MARKDOWN_ARTICLE), "text": ("notes.txt", TEXT_ARTICLE)}


def run(project: Path, *args: str, code: int):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo", code=0)
    config = root / "presslate.toml"
    globs = '["articles/**/*.md", "articles/**/*.html", "articles/**/*.txt"]'
    config.write_text(config.read_text().replace('["articles/**/*.md"]', globs))
    (root / "articles").mkdir()
    for name, text in ARTICLES.values():
        (root / "articles" / name).write_text(text)
    run(root, "translate", code=0)
    return root


@pytest.mark.parametrize("fmt, source, translation, reason", ATTACKS)
def test_build_refuses_each_attack_and_writes_the_source_text(project: Path, fmt: str, source: str, translation: str, reason: str):
    name, text = ARTICLES[fmt]
    po_path = project / "locales" / "es" / "LC_MESSAGES" / (Path(name).stem + ".po")
    po = PoFile.read(po_path)
    entry = po.find(source)
    entry.msgstr = translation
    entry.fuzzy = False  # reviewed: build uses it unless it is refused
    po_path.write_bytes(po.serialize())
    line = PoFile.read(po_path).find(source).line

    result = run(project, "build", "--lang", "es", code=1)
    assert f"refused locales/es/LC_MESSAGES/{po_path.name}:{line}: " in result.output
    assert reason in result.output
    # Every other entry is an unreviewed machine translation, so the output is the source article.
    out = (project / "build" / "es" / name).read_text()
    assert out == parse_text(text, name, Options()).render(language="es")
