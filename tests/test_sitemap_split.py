"""A site with more URLs than one sitemap file may list (50,000) gets a sitemap index."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from presslate import config as config_mod
from presslate.cli import main
from presslate.site import pages
from presslate.site.publish import publish_site

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import gen_project  # noqa: E402  (bench/gen_project.py)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def project(tmp_path: Path, articles: int = 9) -> Path:
    root = gen_project.generate(tmp_path / "gen", articles, ["es", "fr"])
    with (root / "presslate.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[publish]\nmin_reviewed = 0\nallow_machine = true\nbase_url = "https://news.example/"\n')
    result = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert result.exit_code == 0, result.output
    return root


def urls(path: Path) -> list[tuple[str, list[str]]]:
    """(loc, hreflang alternates) of every <url> of a sitemap file."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    return [(u.findtext("s:loc", namespaces=NS), sorted(link.get("href") for link in u.findall("x:link", NS)))
            for u in root.findall("s:url", NS)]


def test_a_site_over_the_limit_gets_an_index_of_sitemaps_each_within_it(tmp_path: Path, monkeypatch):
    root = project(tmp_path)
    publish_site(config_mod.load(root))
    site = root / "site"
    whole = urls(site / "sitemap.xml")  # 9 articles × 3 versions + 3 indexes
    assert len(whole) == 30 and not list(site.glob("sitemap-*.xml"))

    monkeypatch.setattr(pages, "SITEMAP_URLS", 7)
    publish_site(config_mod.load(root))
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    locs = [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)]
    files = sorted(site.glob("sitemap-*.xml"), key=lambda p: int(p.stem.split("-")[1]))
    assert locs == [f"https://news.example/{p.name}" for p in files] and len(files) == 5  # 2 articles (6 URLs) a file
    parts = [urls(p) for p in files]
    assert all(len(part) <= 7 for part in parts)
    assert sorted(u for part in parts for u in part) == sorted(whole)  # the same entries, each once
    for part in parts:  # the versions of one page (an article, the indexes) share a file
        here = {loc for loc, _ in part}
        assert all(set(alternates) <= here for _, alternates in part)

    monkeypatch.setattr(pages, "SITEMAP_URLS", 50_000)  # the site fits one file again
    report = publish_site(config_mod.load(root))
    assert urls(site / "sitemap.xml") == whole
    assert not list(site.glob("sitemap-*.xml"))
    assert {p.name for p in report.removed} >= {p.name for p in files}


def test_the_byte_limit_splits_too_and_a_page_is_never_split():
    groups = [{"en": f"en/{n}.html", "es": f"es/{n}.html", "fr": f"fr/{n}.html"} for n in range(10)]
    assert pages.sitemap_split(groups, 20) == [groups]
    original = pages.SITEMAP_BYTES
    try:
        pages.SITEMAP_BYTES = 4 * 1024
        files = pages.sitemap_split(groups, 20)
    finally:
        pages.SITEMAP_BYTES = original
    assert len(files) > 1 and [g for f in files for g in f] == groups
    assert pages.sitemap_split([{"en": "x" * 10_000}], 20) == [[{"en": "x" * 10_000}]]  # too big alone: still listed
