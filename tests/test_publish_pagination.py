"""Language indexes in pages of [publish] per_page articles, as Hugo names them (es/page/2/)."""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import config as config_mod
from presslate.cli import main
from presslate.errors import ConfigError
from presslate.site.publish import publish_site

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import gen_project  # noqa: E402  (bench/gen_project.py)


def project(tmp_path: Path, per_page: int | None) -> Path:
    root = gen_project.generate(tmp_path / "gen", 12, ["es"])
    setting = "" if per_page is None else f"per_page = {per_page}\n"
    with (root / "presslate.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[publish]\nmin_reviewed = 0\nallow_machine = true\nbase_url = "https://news.example/"\n{setting}')
    result = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert result.exit_code == 0, result.output
    return root


def listed(site: Path, page: Path) -> list[str]:
    """The articles an index page links to, as site paths."""
    folder = page.parent.relative_to(site).as_posix()
    return [posixpath.normpath(posixpath.join(folder, href))
            for href in re.findall(r'<li>\n<a href="([^"]+)"', page.read_text(encoding="utf-8"))]


def set_per_page(root: Path, value: int) -> None:
    toml = root / "presslate.toml"
    text = re.sub(r"per_page = -?\d+\n", "", toml.read_text(encoding="utf-8"))
    toml.write_text(text + f"per_page = {value}\n", encoding="utf-8")


def test_indexes_are_split_into_pages_that_list_every_article_once_in_order(tmp_path: Path):
    root = project(tmp_path, 0)
    publish_site(config_mod.load(root))
    site = root / "site"
    whole = listed(site, site / "es" / "index.html")
    assert len(whole) == 12 and not (site / "es" / "page").exists()

    set_per_page(root, 5)
    publish_site(config_mod.load(root))
    pages = [site / "es" / "index.html", site / "es" / "page" / "2" / "index.html", site / "es" / "page" / "3" / "index.html"]
    assert all(p.is_file() for p in pages) and not (site / "es" / "page" / "4").exists()
    assert [listed(site, p) for p in pages] == [whole[:5], whole[5:10], whole[10:]]

    second = pages[1].read_text(encoding="utf-8")
    assert 'rel="prev" href="../../index.html"' in second and 'rel="next" href="../3/index.html"' in second
    assert "Página 2 de 3" in second  # the site's own words in the page's language
    assert 'hreflang=' not in second  # page 2 of each language lists other articles: not alternates
    assert '<link rel="canonical" href="https://news.example/es/page/2/">' in second
    first = pages[0].read_text(encoding="utf-8")
    assert 'hreflang="en"' in first and 'rel="prev"' not in first and 'rel="next" href="page/2/index.html"' in first
    assert "page/2" not in (site / "sitemap.xml").read_text(encoding="utf-8")

    set_per_page(root, 0)  # one page again: the others are removed
    publish_site(config_mod.load(root))
    assert listed(site, site / "es" / "index.html") == whole and not (site / "es" / "page").exists()
    assert "Page 1" not in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_the_default_is_fifty_articles_a_page(tmp_path: Path):
    root = project(tmp_path, None)
    publish_site(config_mod.load(root))
    assert not (root / "site" / "en" / "page").exists()  # 12 articles fit one page


def test_a_negative_per_page_is_a_config_error(tmp_path: Path):
    root = project(tmp_path, -1)
    with pytest.raises(ConfigError, match=r"\[publish\] per_page is -1"):
        publish_site(config_mod.load(root))
