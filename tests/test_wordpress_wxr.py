"""WordPress posts as articles, WXR import and export (presslate wordpress import/export)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import formats
from presslate.cli import main
from presslate.formats import wordpress as wp_format
from presslate.formats.markdown import Options
from presslate.wordpress import wxr, xml_reader

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "wordpress"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"WordPress corpus not found at {CORPUS}")

BLOCKS = (
    '<!-- wp:paragraph -->\n<p>The river rose <strong>two metres</strong> overnight.</p>\n<!-- /wp:paragraph -->\n\n'
    '<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large">'
    '<img src="https://example.org/flood.jpg" alt="The flooded bridge" class="wp-image-12"/>'
    "<figcaption>Water at the old bridge.</figcaption></figure>\n<!-- /wp:image -->\n"
)


def _project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "presslate.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["es"]\narticles = ["articles/**/*.wp"]\n'
        '[engine]\nname = "pseudo"\n[build]\ninclude_fuzzy = true\n'
        '[publish]\nmin_reviewed = 0\nallow_machine = true\n' + extra, encoding="utf-8")
    return tmp_path


def _run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def _wxr(items: str, version: str = "1.2") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"'
            f' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            f' xmlns:wp="http://wordpress.org/export/{version}/">\n<channel>\n<wp:wxr_version>{version}</wp:wxr_version>\n'
            f"<wp:base_site_url>https://news.example.org</wp:base_site_url>\n{items}</channel>\n</rss>\n").encode()


def _item(post_id: int, title: str, content: str, kind: str = "post", extra: str = "") -> str:
    return (f"<item><title>{title}</title><content:encoded>{wxr.cdata(content)}</content:encoded>"
            f"<excerpt:encoded><![CDATA[A short summary.]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>2024-05-01 10:00:00</wp:post_date><wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt>"
            f"<wp:post_modified_gmt>2024-05-02 08:00:00</wp:post_modified_gmt><wp:post_name>river-rises</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>{kind}</wp:post_type>"
            f'<category domain="category" nicename="local"><![CDATA[Local news]]></category>'
            f'<category domain="post_tag" nicename="flood"><![CDATA[Flood]]></category>{extra}</item>\n')


# -- the article format ----------------------------------------------------------------


def test_article_keeps_block_markup_and_translates_fields():
    post = wp_format.Post(id=7, title='Flood: "worst" in 50 years', content=BLOCKS, excerpt="Water rose.\nRoads closed.",
                          slug="flood", categories=["Local news"], category_slugs=["local"], tags=["Flood"],
                          tag_slugs=["flood"], lang="en")
    text = wp_format.dump(post)
    doc = formats.parse_text(text, "articles/wordpress/post-7.wp", Options())
    msgids = [s.text for s in doc.segments()]
    assert 'Flood: "worst" in 50 years' in msgids and "Local news" in msgids and "Flood" in msgids and "flood" in msgids
    assert "Water at the old bridge." in msgids and "The flooded bridge" in msgids
    assert not any("wp:" in m for m in msgids)  # block comments are never translated
    assert doc.render() == text
    localized = doc.render(lambda seg: seg.text.upper(), language="es")
    back = wp_format.load(localized, "x.wp")
    assert back.title == 'FLOOD: "WORST" IN 50 YEARS' and back.categories == ["LOCAL NEWS"] and back.slug == "FLOOD"
    assert back.excerpt == "WATER ROSE.\nROADS CLOSED." and back.lang == "es" and back.id == 7
    for comment in ("<!-- wp:paragraph -->", '<!-- wp:image {"id":12,"sizeSlug":"large"} -->', "<!-- /wp:image -->"):
        assert comment in back.content
    assert "THE FLOODED BRIDGE" in back.content and back.category_slugs == ["local"]


@pytest.mark.parametrize("title", ["It's", "a: b", "- list?", "#hash", "tab\there", "nul\x00x", "del\x7f", "\u2028sep", "\\back", ""])
def test_any_title_reads_back_exactly(title):
    post = wp_format.Post(id=1, title=title, content="<p>x</p>", lang="en")
    assert wp_format.load(wp_format.dump(post), "x.wp").title == title


def test_article_line_numbers_count_the_front_matter():
    doc = formats.parse_text(wp_format.dump(wp_format.Post(id=1, title="T", content="\n\n<p>Body text.</p>", lang="en")),
                             "p.wp", Options())
    body = [s for s in doc.segments() if s.text == "Body text."][0]
    assert body.line == 12


def test_article_without_front_matter_is_an_input_error():
    with pytest.raises(formats.InputError, match="p.wp:1: .*front matter"):
        formats.parse_text("<p>x</p>", "p.wp", Options())


# -- reading WXR -------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("name, expected", [
    ("cdata-edge.xml", "ends with sequence ]] >"),
    ("crazy-cdata.xml", "Content with nested <![CDATA[ tags ]]> :)"),
    ("multiple-cdata.xml", "\nline oneline twoline three\n"),
    ("post-content-blank-lines.xml", "This is an example of a WordPress post.\n\t\tIt has lines with text (and one blank line).\n\n"
                                     "And more lines with text."),
    ("test-serialized-postmeta-with-cdata.xml", "This is my content"),
])
def test_cdata_edge_cases_of_the_importer_fixtures(name, expected):
    parsed = wxr.read((CORPUS / name).read_bytes(), name)
    assert parsed.posts[0].content == expected


def test_exporter_split_cdata_reads_as_one_text():
    content = "a ]]> b <![CDATA[ c ]]>"
    parsed = wxr.read(_wxr(_item(5, "T", content)), "x.xml")
    assert wxr.cdata(content).count("]]]]><![CDATA[>") == 2
    assert parsed.posts[0].content == content


@needs_corpus
def test_crazy_cdata_post_meta_values_read_as_wordpress_reads_them():
    root = xml_reader.parse((CORPUS / "crazy-cdata.xml").read_text(encoding="utf-8"), "crazy-cdata.xml")
    values = [m.children[1].text for m in root.find("channel").find("item").children if m.tag.endswith("postmeta")]
    assert values == ["Foo", "]]>", "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"]


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_wxr_versions(version):
    parsed = wxr.read(_wxr(_item(3, "Hello &amp; welcome", BLOCKS), version), "x.xml")
    post = parsed.posts[0]
    assert (post.title, post.content, post.excerpt, post.slug) == ("Hello & welcome", BLOCKS, "A short summary.", "river-rises")
    assert (post.categories, post.category_slugs, post.tags, post.tag_slugs) == (["Local news"], ["local"], ["Flood"], ["flood"])
    assert post.modified_gmt == "2024-05-02 08:00:00" and post.site == "https://news.example.org"


@pytest.mark.parametrize("xml, problem", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n<rss/>', ":2: a DOCTYPE is not allowed"),
    (_wxr(_item(1, "&bomb;", "x")), "undefined entity &bomb;"),
    (_wxr(_item(1, "T", "x")).replace(b"</channel>", b""), "</rss> closes <channel>"),
    (_wxr(_item(1, "T", "x")).replace(b"<wp:wxr_version>1.2", b"<wp:wxr_version>abc"), ":4: missing or unsupported WXR version"),
    (b"<html><body>not a feed</body></html>", "not a WXR file"),
    (b"", "no root element"),
    (_wxr(_item(1, "T", "x")).replace(b"<title>T", b"<title>\xff"), ":6: not valid UTF-8"),
])
def test_bad_wxr_is_an_input_error_with_its_line(xml, problem):
    with pytest.raises(formats.InputError) as caught:
        wxr.read(xml, "in.xml")
    assert problem in str(caught.value) and str(caught.value).startswith("in.xml")


# -- the commands ------------------------------------------------------------------------


def test_import_translate_export_links_translations_for_polylang(tmp_path):
    root = _project(tmp_path)
    source = tmp_path / "in.xml"
    source.write_bytes(_wxr(_item(3, "River rises", BLOCKS) + _item(9, "About us", "<p>We report.</p>", kind="page")
                            + _item(11, "Logo", "", kind="attachment")))
    result = _run(root, "wordpress", "import", str(source))
    assert result.exit_code == 0, result.output
    assert "2 articles written" in result.output and "1 attachment item left out" in result.output
    assert sorted(p.name for p in (root / "articles" / "wordpress").iterdir()) == ["page-9.wp", "post-3.wp"]
    assert _run(root, "translate").exit_code == 0
    result = _run(root, "wordpress", "export", "--lang", "es", str(tmp_path / "out.xml"))
    assert result.exit_code == 0, result.output
    assert "2 source posts and 2 translations" in result.output
    exported = wxr.read((tmp_path / "out.xml").read_bytes(), "out.xml")
    by_lang = {p.extra["polylang_language"]: p for p in exported.posts if p.id == 3 or p.title != "River rises"}
    spanish = [p for p in exported.posts if p.extra["polylang_language"] == "es"]
    assert len(spanish) == 2 and by_lang["en"].content == BLOCKS
    river = next(p for p in spanish if "<!-- wp:image" in p.content)
    assert river.content.count("<!-- wp:") == BLOCKS.count("<!-- wp:") and river.content != BLOCKS
    assert river.title != "River rises" and river.categories != ["Local news"] and river.category_slugs == ["local-es"]
    text = (tmp_path / "out.xml").read_text(encoding="utf-8")
    ids = {p.title: p.id for p in exported.posts}
    assert f'a:2:{{s:2:"en";i:3;s:2:"es";i:{ids[river.title]};}}' in text
    assert '<category domain="post_translations" nicename="pll_presslate_3">' in text
    assert "<wp:meta_key><![CDATA[presslate_source_id]]></wp:meta_key><wp:meta_value><![CDATA[3]]>" in text


def test_import_twice_changes_nothing_and_updates_a_changed_post(tmp_path):
    root = _project(tmp_path)
    source = tmp_path / "in.xml"
    source.write_bytes(_wxr(_item(3, "River rises", BLOCKS)))
    assert "1 article written" in _run(root, "wordpress", "import", str(source)).output
    assert "0 articles written, 1 unchanged" in _run(root, "wordpress", "import", str(source)).output
    source.write_bytes(_wxr(_item(3, "River rises again", BLOCKS)))
    assert "1 article written" in _run(root, "wordpress", "import", str(source)).output
    assert "River rises again" in (root / "articles" / "wordpress" / "post-3.wp").read_text(encoding="utf-8")


def test_import_warns_when_the_project_does_not_select_wp_articles(tmp_path):
    root = _project(tmp_path)
    (root / "presslate.toml").write_text((root / "presslate.toml").read_text().replace("*.wp", "*.md"))
    (tmp_path / "in.xml").write_bytes(_wxr(_item(3, "River rises", BLOCKS)))
    result = _run(root, "wordpress", "import", str(tmp_path / "in.xml"))
    assert result.exit_code == 0 and 'add "articles/wordpress/**/*.wp"' in result.output


@needs_corpus
def test_malformed_wxr_exits_2_and_writes_nothing(tmp_path):
    root = _project(tmp_path)
    before = _snapshot(root)
    result = CliRunner().invoke(main, ["-C", str(root), "wordpress", "import", str(CORPUS / "malformed.xml")])
    assert result.exit_code == 2
    assert "malformed.xml:90: </channel> closes <notachanneltag>, opened on line 27" in result.output
    assert _snapshot(root) == before


@needs_corpus
def test_every_corpus_file_but_malformed_imports(tmp_path):
    root = _project(tmp_path)
    for path in sorted(CORPUS.glob("*.xml")):
        if path.name == "malformed.xml":
            continue
        result = _run(root, "wordpress", "import", str(path), "--into", f"wordpress/{path.stem}")
        assert result.exit_code == 0, (path.name, result.output)


@needs_corpus
def test_identity_round_trip_of_every_post_of_the_a11y_test_data(tmp_path):
    """import → msgstr := msgid → export gives back each post's content bytes (and title, excerpt, slug, terms)."""
    root = _project(tmp_path)
    data = (CORPUS / "a11y-unit-test-data.xml").read_bytes()
    imported = _run(root, "wordpress", "import", str(CORPUS / "a11y-unit-test-data.xml"))
    assert imported.exit_code == 0 and "post id 156 again" in imported.output
    originals = {p.id: p for p in wxr.read(data, "a11y").posts}
    from presslate.config import load
    from presslate.wordpress.project import localized_posts
    from presslate.workflow.articles import load_articles

    config = load(root)
    for article in load_articles(config):  # identity PO files: every msgstr is its msgid, reviewed
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: es\\n"', ""]
        for msgid in dict.fromkeys(s.text for s in article.doc.segments()):
            quoted = '"' + msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'
            lines += [f"msgid {quoted}", f"msgstr {quoted}", ""]
        path = config.po_path("es", article.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
    from presslate.site.policy import PublishReport

    report = PublishReport()
    sources, versions = localized_posts(config, ["es"], report, min_reviewed=100, allow_machine=False)
    assert not report.refusals and not report.skipped
    assert len(versions) == len(originals) == 64
    for version in versions:
        original = originals[version.source.id]
        got = version.post
        assert got.content == original.content, version.source.id
        assert (got.title, got.excerpt, got.slug, got.categories, got.tags) == (
            original.title, original.excerpt, original.slug, original.categories, original.tags)
    assert sum(p.type == "post" for p in originals.values()) == 48
    out = tmp_path / "out.xml"
    assert _run(root, "wordpress", "export", "--lang", "es", "--min-reviewed", "100", "--reviewed-only", str(out)).exit_code == 0
    exported = wxr.read(out.read_bytes(), "out.xml").posts
    assert len(exported) == 128
    for post in exported:
        source_id = post.id if post.id in originals else None
        if source_id:
            assert post.content == originals[source_id].content
    spanish = [p for p in exported if p.extra.get("polylang_language") == "es"]
    assert sorted(p.content for p in spanish) == sorted(p.content for p in originals.values())
