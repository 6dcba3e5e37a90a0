"""Article bytes at the edges, through the CLI: byte order marks, UTF-16/32, NUL, front-matter error lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.catalog.pofile import PoFile
from presslate.cli import main

BOM = b"\xef\xbb\xbf"

YAML_STORY = b"---\ntitle: Bridge reopens\nlang: en\n---\n\n# Bridge reopens\n\nThe bridge reopened on Monday.\n"
TOML_STORY = b'+++\ntitle = "Bridge reopens"\nlang = "en"\n+++\n\nThe bridge reopened on Monday.\n'
HTML_STORY = (b'<!DOCTYPE html>\n<html lang="en"><head><title>Bridge reopens</title></head>\n'
              b"<body><p>The bridge reopened on Monday.</p></body></html>\n")
TEXT_STORY = b"Bridge reopens.\n\nThe bridge reopened on Monday.\n"
# Markdown with a leading JSON object: presslate reads no JSON front matter, it is body text.
JSON_STORY = b'{\n  "title": "Bridge reopens"\n}\n\nThe bridge reopened on Monday.\n'


def run(project: Path, *args: str, code: int | None = 0):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".presslate" not in p.relative_to(root).parts}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    config = root / "presslate.toml"
    config.write_text(config.read_text().replace(
        'articles = ["articles/**/*.md"]', 'articles = ["articles/**/*.md", "articles/**/*.html", "articles/**/*.txt"]'))
    (root / "articles").mkdir()
    return root


def po_path(project: Path, article: str) -> Path:
    return project / "locales" / "es" / "LC_MESSAGES" / f"{article}.po"


def copy_msgids(path: Path) -> None:
    """A translator who 'translates' every entry as its source text, reviewed."""
    po = PoFile.read(path)
    for entry in po.entries:
        entry.msgstr = entry.msgid
        entry.fuzzy = False
    path.write_bytes(po.serialize())


# -- item 5: byte order marks -------------------------------------------------------


@pytest.mark.parametrize(
    "name, source, expected_msgids, declared",
    [
        ("yaml.md", YAML_STORY, ["Bridge reopens", "The bridge reopened on Monday."], (b"lang: en", b"lang: es")),
        ("crlf.md", YAML_STORY.replace(b"\n", b"\r\n"), ["Bridge reopens", "The bridge reopened on Monday."],
         (b"lang: en", b"lang: es")),
        ("toml.md", TOML_STORY, ["Bridge reopens", "The bridge reopened on Monday."], (b'lang = "en"', b'lang = "es"')),
        ("page.html", HTML_STORY, ["Bridge reopens", "The bridge reopened on Monday."], (b'lang="en"', b'lang="es"')),
        ("note.txt", TEXT_STORY, ["Bridge reopens.", "The bridge reopened on Monday."], (b"", b"")),
        ("json.md", JSON_STORY, ['{ "title": "Bridge reopens" }', "The bridge reopened on Monday."], (b"", b"")),
    ],
    ids=["yaml", "yaml-crlf", "toml", "html", "text", "json-body"],
)
def test_bom_is_kept_and_what_follows_it_is_read(project: Path, name, source, expected_msgids, declared):
    article = project / "articles" / name
    article.write_bytes(BOM + source)
    run(project, "translate")
    stem = Path(name).stem
    po = PoFile.read(po_path(project, stem))
    msgids = [" ".join(e.msgid.split()) for e in po.entries]
    assert msgids == expected_msgids  # front matter read as front matter, no U+FEFF in any msgid
    assert not any("\ufeff" in e.msgid for e in po.entries)
    copy_msgids(po_path(project, stem))
    run(project, "build")
    built = (project / "build" / "es" / name).read_bytes()
    assert built == BOM + source.replace(*declared)  # identity translation: the same bytes, BOM included


def test_bom_front_matter_is_front_matter_on_the_published_page(project: Path):
    (project / "articles" / "bridge.md").write_bytes(BOM + YAML_STORY)
    run(project, "translate")
    copy_msgids(po_path(project, "bridge"))
    run(project, "publish", "--min-reviewed", "0")
    page = (project / "site" / "es" / "bridge.html").read_text(encoding="utf-8")
    assert "<title>Bridge reopens" in page
    assert "<h2>" not in page and "<hr" not in page and "title: " not in page  # no "---" heading or rule
    content = (project / "site" / "content" / "es" / "bridge.md").read_bytes()
    assert content.startswith(BOM + b"---\ntitle: Bridge reopens\nlang: es\n")
    assert content.count(b"---\n") == 2  # the keys went into the article's front matter, no second one


def test_bom_html_article_publishes_its_title(project: Path):
    (project / "articles" / "page.html").write_bytes(BOM + HTML_STORY)
    run(project, "translate")
    copy_msgids(po_path(project, "page"))
    run(project, "publish", "--min-reviewed", "0")
    page = (project / "site" / "es" / "page.html").read_text(encoding="utf-8")
    assert "<title>Bridge reopens" in page and "<p>The bridge reopened on Monday.</p>" in page
    assert "\ufeff" not in page


@pytest.mark.parametrize(
    "encoding, name",
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16 (without a byte order mark)"), ("utf-16-be", "UTF-16 (without a byte order mark)"),
     ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32 (without a byte order mark)")],
)
def test_utf16_and_utf32_articles_are_refused_by_name(project: Path, encoding, name):
    run(project, "translate")
    (project / "articles" / "bridge.md").write_bytes(YAML_STORY.decode().encode(encoding))
    before = snapshot(project)
    for command in ("translate", "build"):
        result = run(project, command, code=2)
        assert f"articles/bridge.md: file is {name}; save it as UTF-8" in result.output
        assert "invalid UTF-8" not in result.output
    assert snapshot(project) == before


def test_utf16_with_bom_names_utf16_in_html_too(project: Path):
    (project / "articles" / "page.html").write_bytes(HTML_STORY.decode().encode("utf-16"))
    result = run(project, "translate", code=2)
    assert "articles/page.html: file is UTF-16; save it as UTF-8" in result.output


# -- item 8: NUL -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, source, where",
    [
        ("bridge.md", b"# Bridge\n\nThe bridge \x00reopened.\n\nBuses run.\n", "bridge.md:3: NUL character (byte 0x00) at column 12"),
        ("page.html", b"<html><body>\n<p>The bridge\x00 reopened.</p>\n</body></html>\n",
         "page.html:2: NUL character (byte 0x00) at column 14"),
        ("note.txt", b"First.\n\nSecond\x00 note.\n", "note.txt:3: NUL character (byte 0x00) at column 7"),
        ("fm.md", b"---\ntitle: a\x00b\n---\n\nText.\n", "fm.md:2: NUL character (byte 0x00) at column 9"),
    ],
    ids=["markdown", "html", "text", "front-matter"],
)
def test_nul_is_refused_with_its_line_and_nothing_is_written(project: Path, name, source, where):
    (project / "articles" / "ok.md").write_text("# Fine\n\nA fine story.\n")
    run(project, "translate")
    (project / "articles" / name).write_bytes(source)
    before = snapshot(project)
    for command in ("translate", "build"):
        result = run(project, command, code=2)
        assert f"articles/{where}" in result.output
        assert "PO file cannot hold it" in result.output
    assert snapshot(project) == before


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
@pytest.mark.parametrize("name", ["bridge.md", "page.html", "note.txt"])
def test_other_control_characters_are_extracted_and_round_trip(project: Path, char, name):
    sentence = f"The bridge {char}reopened on Monday."
    source = {
        "bridge.md": f"# Bridge\n\n{sentence}\n\nBuses run.\n",
        "page.html": f"<html lang=\"en\"><body>\n<p>{sentence}</p>\n<p>Buses run.</p>\n</body></html>\n",
        "note.txt": f"Bridge.\n\n{sentence}\n\nBuses run.\n",
    }[name].encode()
    (project / "articles" / name).write_bytes(source)
    run(project, "translate")
    path = po_path(project, Path(name).stem)
    assert sentence in [e.msgid for e in PoFile.read(path).entries]  # extracted, not silently skipped
    copy_msgids(path)
    check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    run(project, "build")
    assert (project / "build" / "es" / name).read_bytes() == source.replace(b'lang="en"', b'lang="es"')


# -- item 13: front-matter error lines ----------------------------------------------------


@pytest.mark.parametrize(
    "source, where",
    [
        (b'+++\ntitle = "a"\ndate = \n+++\n\nText.\n', "bridge.md:3: malformed TOML front matter"),
        (b'+++\ntitle = \n+++\n\nText.\n', "bridge.md:2: malformed TOML front matter"),
        (b'+++\ntitle = "a"\n\n\ntags = [1,\n+++\n\nText.\n', "bridge.md:6: malformed TOML front matter"),
        (BOM + b'+++\ntitle = "a"\n\nsummary = "b\n+++\n\nText.\n', "bridge.md:4: malformed TOML front matter"),
        (b"---\ntitle: a\ndate: [oops\nx: y\n---\n\nText.\n", "bridge.md:4: malformed YAML front matter"),
        (b"---\ntitle: a\n\n  bad: : x\n---\n\nText.\n", "bridge.md:4: malformed YAML front matter"),
        (BOM + b"---\ntitle: a\nb: : x\n---\n\nText.\n", "bridge.md:3: malformed YAML front matter"),
        (b"---\ntitle: a\n\ndate: 2017-13-01\n---\n\nText.\n", "bridge.md:4: front matter value is not a valid date"),
        (b"---\ntitle: a\nupdated: 2017-02-30 10:00:00\n---\n\nText.\n", "bridge.md:3: front matter value is not a valid"),
    ],
    ids=["toml-line-3", "toml-line-2", "toml-unclosed-list", "toml-bom", "yaml-unclosed-list", "yaml-line-4", "yaml-bom",
         "yaml-no-such-date", "yaml-no-such-time"],
)
def test_front_matter_errors_name_the_article_line(project: Path, source, where):
    (project / "articles" / "bridge.md").write_bytes(source)
    result = run(project, "translate", code=2)
    assert f"articles/{where}" in result.output
    assert "at line" not in result.output  # no second, block-relative line number to mislead
    assert not (project / "locales").exists()
