"""Incremental publish: after any change, the site is byte for byte what a publish from scratch
writes, yet only the articles whose inputs changed are rendered again and only their files written."""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_project import copy_articles

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.errors import InputError
from presslate.site import pages
from presslate.site.publish import publish_site
from presslate.site.ui import ui_translations

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import gen_project  # noqa: E402  (bench/gen_project.py)

FLOOD_FR = "locales/fr/LC_MESSAGES/2026/river-flood-warning.po"  # machine-translated, not reviewed


def run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output


def publish(root: Path):
    return publish_site(config_mod.load(root))


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def from_scratch(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a first publish of the same project writes, in a folder of its own."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site", "publish.sqlite"))
    publish(fresh)
    return files(fresh / "site")


def assert_same_as_scratch(root: Path, tmp_path: Path) -> None:
    incremental = files(root / "site")
    scratch = from_scratch(root, tmp_path)
    assert sorted(incremental) == sorted(scratch)
    assert [rel for rel in scratch if incremental[rel] != scratch[rel]] == []


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example newsroom with its own theme folder (a copy of the package's article template)."""
    root = tmp_path / "news"
    root.mkdir()
    copy_articles(root)
    toml = (REPO / "presslate.toml").read_text(encoding="utf-8")
    (root / "presslate.toml").write_text(toml.replace('[publish]\n', '[publish]\ntemplate_dir = "theme"\n'), encoding="utf-8")
    (root / "theme").mkdir()
    template = resources.files("presslate.site") / "templates" / "article.html"
    (root / "theme" / "article.html").write_bytes(template.read_bytes())
    publish(root)
    return root


def _unfuzzy(path: Path) -> None:
    po = PoFile.read(path)
    for entry in po.entries:
        entry.fuzzy = False
    path.write_bytes(po.serialize())


def _retitle(root: Path) -> None:
    path = root / "articles/2026/river-flood-warning.md"
    text = path.read_text(encoding="utf-8")
    assert "title: River authority" in text, "the example article changed; update this test"
    path.write_text(text.replace("title: River authority", "title: Latest - River authority", 1), encoding="utf-8")


def _edit_body(root: Path) -> None:
    path = root / "articles/2026/river-flood-warning.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph about the river.\n", encoding="utf-8")


def _delete(root: Path) -> None:
    (root / "articles/2026/river-flood-warning.md").unlink()


def _template(root: Path) -> None:
    path = root / "theme/article.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</article>", "<p>Corrections: desk@example.org</p></article>", 1),
                    encoding="utf-8")


def _policy(root: Path) -> None:
    path = root / "presslate.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_reviewed = 0 ", "min_reviewed = 100 "), encoding="utf-8")


def _media(root: Path) -> None:
    image = next((root / "articles").rglob("*.svg"))
    image.write_bytes(image.read_bytes().replace(b"<svg", b"<svg data-edited=\"1\"", 1))


def _hand_edits(root: Path) -> None:
    (root / "site/es/2026/river-flood-warning.html").write_text("edited by hand", encoding="utf-8")
    (root / "site/fr/index.html").unlink()
    (root / "site/sitemap.xml").write_text("", encoding="utf-8")


CHANGES = {"po reviewed": lambda root: _unfuzzy(root / FLOOD_FR), "title": _retitle, "body": _edit_body,
           "deleted article": _delete, "template": _template, "policy": _policy, "media": _media,
           "output edited by hand": _hand_edits, "state lost": lambda root: (root / ".presslate/publish.sqlite").unlink()}


@pytest.mark.parametrize("change", CHANGES)
def test_example_after_a_change_is_what_a_publish_from_scratch_writes(example: Path, tmp_path: Path, change: str):
    before = files(example / "site")
    CHANGES[change](example)
    publish(example)
    assert_same_as_scratch(example, tmp_path)
    if change in ("state lost", "output edited by hand"):
        assert files(example / "site") == before
    else:
        assert files(example / "site") != before, "the change did not change the site; the test proves nothing"


def test_ui_catalog_change_renders_every_page_again(example: Path, tmp_path: Path, monkeypatch):
    package = tmp_path / "package-site"
    shutil.copytree(Path(str(resources.files("presslate.site"))), package)
    catalog = package / "locale/es/LC_MESSAGES/presslate.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgid "Latest articles"' in text, "the Spanish UI catalog changed; update this test"
    catalog.write_text(text.replace('msgid "Latest articles"\nmsgstr "', 'msgid "Latest articles"\nmsgstr "Nuevo: ', 1),
                       encoding="utf-8")
    real_files = resources.files
    monkeypatch.setattr(resources, "files", lambda name: package if name == "presslate.site" else real_files(name))
    ui_translations.cache_clear()
    try:
        publish(example)
        assert "Nuevo: " in (example / "site/es/index.html").read_text(encoding="utf-8")
        assert_same_as_scratch(example, tmp_path)
    finally:
        ui_translations.cache_clear()


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The pages of article versions rendered, by path."""
    rendered: list[str] = []
    real = pages.Site.article_page

    def article_page(self, version, paths, *args, **kwargs):
        rendered.append(paths[version.lang])
        return real(self, version, paths, *args, **kwargs)

    monkeypatch.setattr(pages.Site, "article_page", article_page)
    return rendered


def generated(tmp_path: Path, n: int = 12) -> Path:
    root = gen_project.generate(tmp_path / "gen", n, ["es", "fr"])
    with (root / "presslate.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[publish]\nmin_reviewed = 0\nallow_machine = true\n")
    run(root, "translate")
    return root


def test_no_op_publish_renders_and_writes_nothing(tmp_path: Path, counted: list[str]):
    root = generated(tmp_path)
    publish(root)
    assert len(counted) == 12 * 3
    counted.clear()
    before = stamps(root / "site")
    report = publish(root)
    assert counted == []
    assert report.written == [] and report.removed == []
    assert len(report.unchanged) == len(before) - 1  # every file but the manifest
    assert stamps(root / "site") == before


def test_one_changed_article_renders_and_writes_only_what_depends_on_it(tmp_path: Path, counted: list[str]):
    root = generated(tmp_path)
    publish(root)
    before = stamps(root / "site")
    counted.clear()
    _unfuzzy(next((root / "locales/es/LC_MESSAGES").rglob("story-00005.po")))
    report = publish(root)
    assert sorted(counted) == ["en/000/story-00005.html", "es/000/story-00005.html", "fr/000/story-00005.html"]
    site = root / "site"
    # The Spanish page loses its machine-translation notice; its text (so its content/ source),
    # title, date and languages stay, so no index and no sitemap entry changes.
    assert [p.relative_to(site).as_posix() for p in report.written] == ["es/000/story-00005.html"]
    after = stamps(site)
    assert [rel for rel in after if after[rel] != before.get(rel)] == ["es/000/story-00005.html"]
    assert_same_as_scratch(root, tmp_path)


def test_a_new_title_rewrites_the_indexes_that_list_it_and_nothing_else(tmp_path: Path, counted: list[str]):
    root = generated(tmp_path)
    publish(root)
    counted.clear()
    path = gen_project.article_path(root, 7)
    path.write_text(path.read_text(encoding="utf-8").replace('title: "', 'title: "Breaking: ', 1), encoding="utf-8")
    report = publish(root)
    assert sorted(counted) == ["en/000/story-00007.html", "es/000/story-00007.html", "fr/000/story-00007.html"]
    written = sorted(p.relative_to(root / "site").as_posix() for p in report.written)
    assert "en/index.html" in written and "sitemap.xml" not in written
    assert all("story-00007" in rel or rel.endswith("index.html") for rel in written), written
    assert_same_as_scratch(root, tmp_path)


def test_generated_project_edited_and_translated_again(tmp_path: Path, counted: list[str]):
    root = generated(tmp_path)
    publish(root)
    gen_project.edit_article(root, 3, stamp=1)
    (gen_project.article_path(root, 9)).unlink()
    run(root, "translate")
    counted.clear()
    report = publish(root)
    assert sorted(counted) == ["en/000/story-00003.html", "es/000/story-00003.html", "fr/000/story-00003.html"]
    assert len(report.removed) == 6  # the deleted article's 3 pages and 3 content files
    assert_same_as_scratch(root, tmp_path)


def test_a_linked_article_gaining_a_language_renders_the_article_that_links_to_it(tmp_path: Path, counted: list[str]):
    root = tmp_path / "news"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    (root / "articles").mkdir(parents=True)
    (root / "articles/a.md").write_text("# Flood\n\nSee [the library](b.md) and [the map](map.png).\n", encoding="utf-8")
    (root / "articles/b.md").write_text("# Library\n\nThe library opened.\n", encoding="utf-8")
    (root / "articles/c.md").write_text("# Weather\n\nRain again.\n", encoding="utf-8")
    run(root, "translate")
    _unfuzzy(root / "locales/es/LC_MESSAGES/a.po")
    report = publish(root)
    assert any("map.png does not exist" in w for w in report.warnings)
    assert 'href="../en/b.html"' in (root / "site/es/a.html").read_text(encoding="utf-8")
    report = publish(root)  # a no-op still reports what is wrong
    assert any("map.png does not exist" in w for w in report.warnings)
    counted.clear()
    _unfuzzy(root / "locales/es/LC_MESSAGES/b.po")  # b is now published in Spanish
    publish(root)
    assert sorted(counted) == ["en/a.html", "en/b.html", "es/a.html", "es/b.html"]
    assert 'href="b.html"' in (root / "site/es/a.html").read_text(encoding="utf-8")
    assert_same_as_scratch(root, tmp_path)
    counted.clear()
    (root / "articles/map.png").write_bytes(b"\x89PNG")  # the missing file appears
    report = publish(root)
    assert sorted(counted) == ["en/a.html", "es/a.html"]
    assert not report.warnings or not any("map.png" in w for w in report.warnings)
    assert (root / "site/media/map.png").read_bytes() == b"\x89PNG"
    assert_same_as_scratch(root, tmp_path)


def test_refused_translation_is_reported_on_every_publish(tmp_path: Path):
    root = generated(tmp_path, 3)
    po_file = next((root / "locales/es/LC_MESSAGES").rglob("story-00001.po"))
    po = PoFile.read(po_file)
    entry = next(e for e in po.entries if "<1>" in e.msgid)
    entry.msgstr, entry.fuzzy = "sin marcas", False
    po_file.write_bytes(po.serialize())
    first, again = publish(root), publish(root)
    assert {r.msgid for r in first.refusals} == {entry.msgid}
    assert [str(r) for r in again.refusals] == [str(r) for r in first.refusals]


def test_a_bad_article_leaves_the_site_as_it_was(tmp_path: Path):
    root = generated(tmp_path, 4)
    publish(root)
    before, stamped = files(root / "site"), stamps(root / "site")
    gen_project.edit_article(root, 0, stamp=1)  # read and rendered before the bad one
    gen_project.article_path(root, 3).write_bytes(b"---\ntitle: x\n---\n\x00 broken\n")
    with pytest.raises(InputError):
        publish(root)
    assert files(root / "site") == before and stamps(root / "site") == stamped
    assert not (root / "site/.presslate-staging").exists()
