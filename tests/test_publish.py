"""presslate publish: policy, hreflang, sitemap, localized pages, incremental writes, overrides."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.errors import ConfigError
from presslate.site.publish import publish_site
from presslate.site.ui import language_name, list_separator, ui_translations

REPO = Path(__file__).resolve().parent.parent
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

FLOOD = """---
title: Flood warning for the lower valley
description: Residents should prepare for rising water.
date: 2026-11-20
author: Marta Okafor
---

# Flood warning for the lower valley

The river authority raised its alert on Friday. Officials expect the river to crest on Saturday.

![Volunteers fill sandbags](images/sandbags.svg)

See also [the library story](library.md).
"""

LIBRARY = """---
title: Library reopens
date: 2026-11-15
---

The central library opened its doors again on Saturday.
"""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>\n'


def run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output


def make_project(tmp_path: Path, targets=("es", "fr", "ar"), publish: str = "") -> Path:
    """A project whose catalogs hold pseudo machine translations, none reviewed yet."""
    root = tmp_path / "news"
    run(root, "init", "--source", "en", *[a for t in targets for a in ("--target", t)], "--engine", "pseudo")
    if publish:
        with (root / "presslate.toml").open("a", encoding="utf-8") as handle:
            handle.write(f"\n[publish]\n{publish}\n")
    (root / "articles" / "images").mkdir(parents=True)
    (root / "articles" / "flood.md").write_text(FLOOD, encoding="utf-8")
    (root / "articles" / "library.md").write_text(LIBRARY, encoding="utf-8")
    (root / "articles" / "images" / "sandbags.svg").write_bytes(SVG)
    run(root, "translate")
    return root


def po_path(root: Path, lang: str, article: str = "flood") -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{article}.po"


def review(root: Path, lang: str, article: str = "flood", leave: int = 0) -> None:
    """Accept the machine translations as a reviewer would, all but the last ``leave`` (kept fuzzy)."""
    path = po_path(root, lang, article)
    po = PoFile.read(path)
    entries = [e for e in po.entries if not e.obsolete]
    for index, entry in enumerate(entries):
        entry.fuzzy = index >= len(entries) - leave
    path.write_bytes(po.serialize())


def publish(root: Path, **options):
    return publish_site(config_mod.load(root), **options)


def read(root: Path, rel: str) -> str:
    return (root / "site" / rel).read_text(encoding="utf-8")


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher_text(html: str) -> str:
    """What a reader sees in the language switcher."""
    nav = re.search(r'<nav class="switcher".*?</nav>', html, re.S)
    return re.sub(r"<[^>]+>", "", nav.group()).strip() if nav else ""


def site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def sitemap(root: Path) -> dict[str, dict[str, str]]:
    """Each <loc> with its hreflang alternates, parsed as XML."""
    tree = ET.parse(root / "site" / "sitemap.xml").getroot()
    assert tree.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in tree.iter(f"{SITEMAP}url")
    }


# -- policy ------------------------------------------------------------------------


def test_only_fully_reviewed_versions_are_published_and_linked(tmp_path: Path):
    root = make_project(tmp_path)
    review(root, "es")
    review(root, "fr", leave=1)  # partially reviewed
    report = publish(root)

    assert (root / "site/en/flood.html").exists() and (root / "site/es/flood.html").exists()
    assert not (root / "site/fr/flood.html").exists() and not (root / "site/ar/flood.html").exists()
    reasons = {(s.article, s.lang): s.reason for s in report.skipped}
    assert re.fullmatch(r"\d+% reviewed, below min_reviewed 100%", reasons[("articles/flood.md", "fr")])
    assert reasons[("articles/flood.md", "ar")] == "0% reviewed, below min_reviewed 100%"
    assert ("articles/library.md", "es") in reasons

    # Nothing points to an unpublished version: pages, switchers, hreflang, sitemap, content/.
    for rel, data in site_files(root).items():
        assert b"/fr/" not in data and b"/ar/" not in data and b"/es/library" not in data, rel
    assert "/es/flood.html" in read(root, "sitemap.xml")
    assert not (root / "site/fr").exists() and not (root / "site/content/fr").exists()
    assert hreflangs(read(root, "en/library.html")) == {"en": "/en/library.html", "x-default": "/en/library.html"}
    assert switcher_text(read(root, "en/library.html")) == ""


def test_lower_threshold_with_machine_translation_shows_a_localized_notice(tmp_path: Path):
    root = make_project(tmp_path, publish="min_reviewed = 50\nallow_machine = true")
    review(root, "es", leave=1)
    review(root, "fr")
    report = publish(root)

    es = read(root, "es/flood.html")
    assert ('<p class="notice" role="note">Partes de este artículo se tradujeron automáticamente con pseudo '
            "y nuestra redacción aún no las ha revisado.</p>") in es
    assert 'class="notice"' not in read(root, "fr/flood.html")  # fully reviewed: no notice
    assert not (root / "site/ar/flood.html").exists()  # 0% reviewed is still below 50%
    assert [str(s) for s in report.skipped if s.lang == "ar"][0].endswith("0% reviewed, below min_reviewed 50%")

    # Flags override presslate.toml: back to reviewed-only, and the partly reviewed page goes away.
    report = publish(root, min_reviewed=100, allow_machine=False)
    assert not (root / "site/es/flood.html").exists()
    assert root / "site/es/flood.html" in report.removed
    assert "/es/flood.html" not in read(root, "fr/flood.html") + read(root, "sitemap.xml")


def test_notice_names_the_engine_from_the_po_header(tmp_path: Path):
    root = make_project(tmp_path)
    po = PoFile.read(po_path(root, "fr"))
    po.set_metadata("X-Machine-Translation", "Argos Translate 1.9")
    po_path(root, "fr").write_bytes(po.serialize())
    publish(root, min_reviewed=0, allow_machine=True)
    assert "traduites automatiquement avec Argos Translate 1.9 et" in read(root, "fr/flood.html")
    assert "automáticamente con pseudo y" in read(root, "es/flood.html")  # no header: [engine] name


def test_publish_settings_are_validated(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",), publish="min_reviewd = 90")
    with pytest.raises(ConfigError, match="unknown key"):
        publish(root)
    root = make_project(tmp_path / "b", targets=("es",), publish='output = "articles/site"')
    with pytest.raises(ConfigError, match="overlaps"):
        publish(root)
    with pytest.raises(ConfigError, match="between 0 and 100"):
        publish(root, min_reviewed=120)


# -- links between versions ----------------------------------------------------------


def test_hreflang_is_reciprocal_with_x_default_and_the_sitemap_agrees(tmp_path: Path):
    root = make_project(tmp_path, publish='base_url = "https://news.example.org/"')
    for lang in ("es", "fr", "ar"):
        review(root, lang)
    publish(root)
    base = "https://news.example.org/"
    expected = {lang: f"{base}{lang}/flood.html" for lang in ("en", "es", "fr", "ar")}
    expected["x-default"] = f"{base}en/flood.html"
    for lang in ("en", "es", "fr", "ar"):
        html = read(root, f"{lang}/flood.html")
        assert hreflangs(html) == expected  # every version, itself included, and x-default → source
        assert f'<link rel="canonical" href="{base}{lang}/flood.html">' in html

    entries = sitemap(root)
    for lang in ("en", "es", "fr", "ar"):
        assert entries[f"{base}{lang}/flood.html"] == expected
    assert entries[f"{base}es/"]["x-default"] == f"{base}en/"  # the language indexes too
    assert entries[f"{base}en/library.html"] == {"en": f"{base}en/library.html", "x-default": f"{base}en/library.html"}
    assert all(loc.startswith(base) for loc in entries)


def og_locales(html: str) -> tuple[list[str], list[str]]:
    """The page's og:locale values and its og:locale:alternate values, in order."""
    own = re.findall(r'<meta property="og:locale" content="([^"]*)">', html)
    return own, re.findall(r'<meta property="og:locale:alternate" content="([^"]*)">', html)


def test_pages_declare_open_graph_locales_of_every_published_version(tmp_path: Path):
    root = make_project(tmp_path, targets=("es", "pt_BR", "ar"))
    review(root, "es")
    review(root, "pt_BR")  # ar stays unreviewed: not published, so not an alternate either
    publish(root)
    # Territory from the code when it has one, else CLDR's likely subtags: es -> es_ES, en -> en_US.
    assert og_locales(read(root, "en/flood.html")) == (["en_US"], ["es_ES", "pt_BR"])
    assert og_locales(read(root, "es/flood.html")) == (["es_ES"], ["en_US", "pt_BR"])
    assert og_locales(read(root, "pt-BR/flood.html")) == (["pt_BR"], ["en_US", "es_ES"])
    assert og_locales(read(root, "en/library.html")) == (["en_US"], [])  # no other version published
    assert og_locales(read(root, "es/index.html")) == (["es_ES"], ["en_US", "pt_BR"])
    assert og_locales(read(root, "index.html")) == (["en_US"], [])


def test_open_graph_locale_rule():
    from presslate.config import og_locale

    cases = {("es", None): "es_ES", ("en", None): "en_US", ("pt", None): "pt_BR", ("ar", None): "ar_EG",
             ("zh_Hant", None): "zh_TW", ("es-MX", None): "es_MX", ("pt_BR", "pt_PT"): "pt_BR",
             ("en", "en_GB"): "en_GB", ("en", "en-gb"): "en_GB", ("en", "es_ES"): "en_US", ("es", "Spanish"): "es_ES"}
    assert {case: og_locale(*case) for case in cases} == cases


def test_switcher_speaks_the_page_language(tmp_path: Path):
    root = make_project(tmp_path, targets=("es", "fr"))
    review(root, "es")
    publish(root)
    assert switcher_text(read(root, "en/flood.html")) == "This post is also available in: Español"
    assert switcher_text(read(root, "es/flood.html")) == "Esta entrada también está disponible en: English"
    assert '<a href="../en/flood.html" hreflang="en" lang="en">English</a>' in read(root, "es/flood.html")
    assert switcher_text(read(root, "es/index.html")) == "Esta página también está disponible en: English"

    review(root, "fr")
    publish(root)
    assert switcher_text(read(root, "en/flood.html")) == "This post is also available in: Español and Français"
    assert switcher_text(read(root, "fr/flood.html")) == "Cet article est également disponible en\u00a0: English et Español"


def test_language_names_and_list_joins_follow_cldr():
    assert [language_name(c) for c in ("en", "es", "fr", "de", "ar", "pt_BR")] == [
        "English", "Español", "Français", "Deutsch", "العربية", "Português (Brasil)",
    ]
    from babel import Locale

    en = Locale("en")
    assert [list_separator(en, i, 3) for i in range(3)] == [", ", ", and ", ""]
    assert list_separator(Locale("es"), 0, 2) == " y "


# -- localized pages -------------------------------------------------------------------


def test_dates_direction_and_labels_are_localized(tmp_path: Path):
    root = make_project(tmp_path)
    for lang in ("es", "fr", "ar"):
        review(root, lang)
    publish(root)
    dates = {"en": "November 20, 2026", "es": "20 de noviembre de 2026", "fr": "20 novembre 2026",
             "ar": "20 نوفمبر 2026"}
    for lang, text in dates.items():
        html = read(root, f"{lang}/flood.html")
        assert f'<time datetime="2026-11-20">{text}</time>' in html
        direction = "rtl" if lang == "ar" else "ltr"
        assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">')
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert switcher_text(read(root, "ar/flood.html")).startswith("هذا المقال متوفر أيضًا باللغات التالية: English")
    assert "<h1>أحدث المقالات</h1>" in read(root, "ar/index.html")
    # Indexes list the newest article first, with its localized date.
    index = read(root, "en/index.html")
    assert index.index("flood.html") < index.index("library.html")
    assert '<time datetime="2026-11-20">20 de noviembre de 2026</time>' in read(root, "es/index.html")


def test_regional_language_uses_bcp47_and_its_base_ui_catalog(tmp_path: Path):
    root = make_project(tmp_path, targets=("es_MX",))
    review(root, "es_MX")
    report = publish(root)
    html = read(root, "es-MX/flood.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="es-MX" dir="ltr">')
    assert switcher_text(html) == "Esta entrada también está disponible en: English"
    assert switcher_text(read(root, "en/flood.html")) == "This post is also available in: Español (México)"
    assert not [w for w in report.warnings if "UI translation" in w]


def test_article_body_title_and_local_files(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    review(root, "es")
    publish(root)
    html = read(root, "es/flood.html")
    assert html.count("<h1>") == 1  # the body's heading is the page title, shown once
    assert '<img src="../media/images/sandbags.svg"' in html
    assert (root / "site/media/images/sandbags.svg").read_bytes() == SVG
    # library.md has no Spanish version yet, so the Spanish page links to the English one.
    assert '<a href="../en/library.html">' in html
    assert '<a href="library.html">' in read(root, "en/flood.html")


def test_content_files_carry_hugo_and_jekyll_front_matter(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    review(root, "es")
    publish(root)
    source = read(root, "content/en/flood/index.md")  # a Hugo leaf bundle: it links an image
    spanish = read(root, "content/es/flood/index.md")
    assert 'translationKey: "flood"' in source and "translation_of" not in source and "lang: en\n" in source
    assert "lang: es\n" in spanish and 'translationKey: "flood"' in spanish
    assert 'translation_of: "en/flood/index.md"' in spanish
    assert spanish.split("---\n")[2].startswith("\n[Ţĥé ŕîvéŕ")  # the body is the localized Markdown…
    assert "\n# " not in spanish  # …without the heading that repeated the front-matter title


def test_content_files_hold_the_title_in_front_matter_only(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    articles = root / "articles"
    # The heading repeats the title (Markdown inside it, CRLF line ends): it goes, all else stays byte for byte.
    (articles / "flood.md").write_bytes(FLOOD.replace("# Flood warning for the lower valley",
                                                      "# Flood *warning* for the lower valley").replace("\n", "\r\n").encode())
    # No title in front matter: the heading becomes it.
    (articles / "library.md").write_text("---\ndate: 2026-11-15\n---\n\n# Library reopens\n\nThe library opened.\n",
                                         encoding="utf-8")
    # A heading that differs from the title is the author's: it stays.
    (articles / "fair.md").write_text("---\ntitle: Fair\n---\n# Autumn fair\n\nIt opens.\n", encoding="utf-8")
    publish(root, langs=[])
    flood = (root / "site/content/en/flood/index.md").read_bytes().decode()
    expected_body = FLOOD.split("# Flood warning for the lower valley\n\n")[1].replace("\n", "\r\n")
    assert flood.endswith("---\r\n\r\n" + expected_body)
    assert flood.startswith(FLOOD.split("---\n")[1].replace("\n", "\r\n").join(["---\r\n", ""]))
    library = read(root, "content/en/library.md")
    assert library.startswith("---\ndate: 2026-11-15\n") and 'title: "Library reopens"\n' in library
    assert library.endswith("---\n\nThe library opened.\n")
    assert read(root, "content/en/fair.md").endswith("---\n# Autumn fair\n\nIt opens.\n")


# -- writing ---------------------------------------------------------------------------


def test_republishing_rewrites_only_what_changed(tmp_path: Path):
    root = make_project(tmp_path)
    for lang in ("es", "fr"):
        review(root, lang)
    publish(root)
    old = 1_000_000_000
    for path in (root / "site").rglob("*"):
        os.utime(path, (old, old))
    before = site_files(root)

    assert publish(root).written == []  # rendering is deterministic: nothing to rewrite

    po = PoFile.read(po_path(root, "es"))
    entry = po.find("The river authority raised its alert on Friday.")
    entry.msgstr = "La autoridad del río elevó su alerta el viernes."
    po_path(root, "es").write_bytes(po.serialize())
    report = publish(root)
    site = root / "site"
    assert sorted(report.written) == [site / "content/es/flood/index.md", site / "es/flood.html"]
    after = site_files(root)
    for rel in before:
        if site / rel not in report.written:
            assert after[rel] == before[rel] and (site / rel).stat().st_mtime == old, rel

    # A version that loses its review disappears, with every link to it.
    review(root, "fr", leave=1)
    report = publish(root)
    assert set(report.removed) == {site / "fr/flood.html", site / "content/fr/flood/index.md",
                                  site / "content/fr/flood/images/sandbags.svg", site / "fr/index.html"}
    assert {site / "en/flood.html", site / "es/flood.html", site / "sitemap.xml"} <= set(report.written)
    assert not (site / "fr").exists()


def test_refuses_a_folder_it_did_not_create_unless_forced(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    (root / "site").mkdir()
    (root / "site" / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="--force"):
        publish(root)
    publish(root, force=True)
    assert (root / "site/en/flood.html").exists()
    publish(root)  # the manifest marks the folder as presslate's from now on
    assert (root / "site/notes.txt").read_text() == "mine"


def test_templates_can_be_overridden(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",), publish='template_dir = "theme"')
    review(root, "es")
    (root / "theme").mkdir()
    (root / "theme" / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1 class="custom">{{ title }}</h1>'
        "<p>{{ _(\"This post is also available in:\") }}</p>{{ content }}{% endblock %}\n",
        encoding="utf-8",
    )
    (root / "theme" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    publish(root)
    html = read(root, "es/flood.html")
    assert '<h1 class="custom">' in html and "<p>Esta entrada también está disponible en:</p>" in html
    assert read(root, "style.css") == "body { color: teal; }\n"
    assert "<h1>Últimos artículos</h1>" in read(root, "es/index.html")  # not overridden: the default

    (root / "theme" / "article.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"article\.html:1"):
        publish(root)


def test_translations_are_escaped_in_the_page(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    review(root, "es")
    po = PoFile.read(po_path(root, "es"))
    po.find("Flood warning for the lower valley").msgstr = "Alerta: nivel < 3 & subiendo"
    po_path(root, "es").write_bytes(po.serialize())
    publish(root)
    html = read(root, "es/flood.html")
    assert "<title>Alerta: nivel &lt; 3 &amp; subiendo – News</title>" in html
    assert "<h1>Alerta: nivel &lt; 3 &amp; subiendo</h1>" in html


def test_refused_translation_is_reported_and_counts_as_unreviewed(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    review(root, "es")
    po = PoFile.read(po_path(root, "es"))
    po.find("See also <1>the library story</1>.").msgstr = "Véase también la historia."  # link tags lost
    po_path(root, "es").write_bytes(po.serialize())
    report = publish(root)
    assert [r.msgid for r in report.refusals] == ["See also <1>the library story</1>."]
    assert [s.lang for s in report.skipped if s.article == "articles/flood.md"] == ["es"]
    assert not (root / "site/es/flood.html").exists()


# -- package data ----------------------------------------------------------------------


def test_ui_catalogs_ship_as_package_data_and_are_complete():
    expected = {
        "en": "This post is also available in:",
        "es": "Esta entrada también está disponible en:",
        "fr": "Cet article est également disponible en\u00a0:",
        "de": "Dieser Beitrag ist auch in folgenden Sprachen verfügbar:",
        "pt": "Este artigo também está disponível em:",
        "ar": "هذا المقال متوفر أيضًا باللغات التالية:",
    }
    package = resources.files("presslate.site")
    for lang, text in expected.items():
        assert (package / "locale" / lang / "LC_MESSAGES" / "presslate.po").is_file()
        assert ui_translations(lang).gettext("This post is also available in:") == text
    for name in ("base.html", "article.html", "index.html", "languages.html", "macros.html", "sitemap.xml",
                 "style.css"):
        assert (package / "templates" / name).is_file()
    assert ui_translations("it") is None


def test_ui_catalogs_match_the_templates(capsys):
    """Every template string is extracted, translated in every catalog and compiles."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_ui_catalogs", REPO / "tools" / "update_ui_catalogs.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main(["--check"]) == 0, capsys.readouterr().err


def test_text_articles_are_reported_not_rendered(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    (root / "articles" / "notes.txt").write_text("A plain-text note.\n", encoding="utf-8")
    text = (root / "presslate.toml").read_text(encoding="utf-8")
    (root / "presslate.toml").write_text(text.replace('articles = ["articles/**/*.md"]',
                                                      'articles = ["articles/**/*.md", "articles/*.txt"]'))
    report = publish(root)
    assert [str(s) for s in report.skipped if s.lang == "all"] == [
        "articles/notes.txt [all]: text articles are not published: publish renders Markdown and HTML articles"
    ]
    assert not (root / "site/en/notes.html").exists()


# -- HTML articles ---------------------------------------------------------------------

MARKET = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Market hall reopens after renovation</title>
<meta name="description" content="Traders return to the square.">
<meta name="author" content="Ana Ruiz">
<meta name="date" content="2026-11-25">
<link rel="stylesheet" href="old-theme.css">
</head>
<body>
<nav><a href="index.html">Home</a></nav>
<main>
<h1>The market hall is open again</h1>
<p>Traders returned to the market hall on Monday.</p>
<p><img src="images/sandbags.svg" alt="Sandbags by the door"> Read <a href="flood.md#top">the flood story</a>.</p>
</main>
<footer>Copyright Alder Valley News</footer>
</body>
</html>
"""

SPANISH = {
    "Market hall reopens after renovation": "Reabre el mercado tras la renovación",
    "Traders return to the square.": "Los comerciantes vuelven a la plaza.",
    "The market hall is open again": "El mercado vuelve a abrir",
    "Traders returned to the market hall on Monday.": "Los comerciantes volvieron al mercado el lunes.",
}


def add_html_article(root: Path, name: str = "market", text: str = MARKET) -> None:
    """An HTML article next to the Markdown ones, with its catalogs."""
    toml = root / "presslate.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'articles = ["articles/**/*.md"]', 'articles = ["articles/**/*.md", "articles/**/*.html"]'), encoding="utf-8")
    (root / "articles" / f"{name}.html").write_text(text, encoding="utf-8")
    run(root, "translate")


def translate_market(root: Path, leave: int = 0) -> None:
    """Put hand-written Spanish into the market catalog, then review all but ``leave`` entries."""
    path = po_path(root, "es", "market")
    po = PoFile.read(path)
    for msgid, msgstr in SPANISH.items():
        po.find(msgid).msgstr = msgstr
    path.write_bytes(po.serialize())
    review(root, "es", "market", leave=leave)


def test_html_article_is_published_in_every_reviewed_language(tmp_path: Path):
    root = make_project(tmp_path, targets=("es", "fr"), publish='base_url = "https://news.example.org/"')
    add_html_article(root)
    translate_market(root)
    report = publish(root)
    assert not [s for s in report.skipped if s.article == "articles/market.html" and s.lang != "fr"]
    assert not (root / "site/fr/market.html").exists()  # French is unreviewed

    en, es = read(root, "en/market.html"), read(root, "es/market.html")
    assert es.startswith('<!DOCTYPE html>\n<html lang="es" dir="ltr">') and es.count("<!DOCTYPE") == 1
    # Title from <title>, translated; the article's own <h1> is not repeated; description and date localized.
    assert "<title>Reabre el mercado tras la renovación – News</title>" in es
    assert es.count("<h1>") == 1 and "<h1>Reabre el mercado tras la renovación</h1>" in es
    assert "El mercado vuelve a abrir" not in es
    assert '<meta name="description" content="Los comerciantes vuelven a la plaza.">' in es
    assert '<time datetime="2026-11-25">25 de noviembre de 2026</time> · Ana Ruiz' in es
    assert '<time datetime="2026-11-25">November 25, 2026</time>' in en
    # The body is the inside of <main>, in Spanish; the article's head, nav and footer are not copied.
    assert "<p>Los comerciantes volvieron al mercado el lunes.</p>" in es and "Traders returned" not in es
    assert "<p>Traders returned to the market hall on Monday.</p>" in en
    assert es.count("<main>") == 1 and "old-theme.css" not in es and "Copyright" not in es and "Home" not in es
    # Local files and articles: the image is copied, flood.md has no Spanish page, so the English one.
    assert '<img src="../media/images/sandbags.svg" alt="' in es
    assert (root / "site/media/images/sandbags.svg").read_bytes() == SVG
    assert '<a href="../en/flood.html#top">' in es and '<a href="flood.html#top">' in en

    # Switcher both ways, reciprocal hreflang with x-default, sitemap alternates.
    assert switcher_text(en) == "This post is also available in: Español"
    assert switcher_text(es) == "Esta entrada también está disponible en: English"
    assert '<a href="../es/market.html" hreflang="es" lang="es">Español</a>' in en
    assert '<a href="../en/market.html" hreflang="en" lang="en">English</a>' in es
    base = "https://news.example.org/"
    expected = {"en": f"{base}en/market.html", "es": f"{base}es/market.html", "x-default": f"{base}en/market.html"}
    assert hreflangs(en) == expected and hreflangs(es) == expected
    entries = sitemap(root)
    assert entries[f"{base}en/market.html"] == expected and entries[f"{base}es/market.html"] == expected

    # Indexes: the Spanish one lists the Spanish page (flood has no Spanish version yet).
    es_index = read(root, "es/index.html")
    assert '<a href="market.html">Reabre el mercado tras la renovación</a>' in es_index and "flood" not in es_index
    assert "<p>Los comerciantes vuelven a la plaza.</p>" in es_index

    # content/: the localized body with front matter for Hugo/Jekyll.
    content = read(root, "content/es/market/index.html")
    assert content.startswith('---\ntitle: "Reabre el mercado tras la renovación"\n')
    assert 'date: "2026-11-25"\nauthor: "Ana Ruiz"\nlang: "es"\n' in content
    assert 'translation_of: "en/market/index.html"' in content and 'translationKey: "market"' in content
    assert "<p>Los comerciantes volvieron al mercado el lunes.</p>" in content and "<head>" not in content

    assert publish(root).written == []  # deterministic: nothing rewritten


def test_html_article_og_locale_is_rewritten_not_duplicated(tmp_path: Path):
    root = make_project(tmp_path, targets=("es", "fr"))
    british = MARKET.replace('<meta name="author"', '<meta property="og:locale" content="en_GB">\n<meta name="author"')
    add_html_article(root, text=british)
    translate_market(root)
    review(root, "fr", "market")
    publish(root)
    # The source keeps its own territory; each version's alternates name the others, en_GB included.
    assert og_locales(read(root, "en/market.html")) == (["en_GB"], ["es_ES", "fr_FR"])
    assert og_locales(read(root, "es/market.html")) == (["es_ES"], ["en_GB", "fr_FR"])
    assert og_locales(read(root, "fr/market.html")) == (["fr_FR"], ["en_GB", "es_ES"])
    assert og_locales(read(root, "en/flood.html")) == (["en_US"], [])  # a Markdown article declares none
    # The localized copy that build writes has the article's own meta rewritten in place, once.
    run(root, "build", "--lang", "es")
    built = (root / "build" / "es" / "market.html").read_text(encoding="utf-8")
    assert built.count("og:locale") == 1 and '<meta property="og:locale" content="es_ES">' in built
    assert "en_GB" not in built and "<title>Reabre el mercado tras la renovación</title>" in built


def test_html_article_below_the_policy_is_not_published_or_linked(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    add_html_article(root)
    translate_market(root)
    publish(root)
    assert (root / "site/es/market.html").exists()

    translate_market(root, leave=1)  # one entry back to unreviewed
    report = publish(root)
    site = root / "site"
    assert {site / "es/market.html", site / "content/es/market/index.html"} <= set(report.removed)
    assert not (site / "es/market.html").exists()
    reasons = {(s.article, s.lang): s.reason for s in report.skipped}
    assert re.fullmatch(r"\d+% reviewed, below min_reviewed 100%", reasons[("articles/market.html", "es")])
    for rel, data in site_files(root).items():
        assert b"es/market" not in data, rel
    assert switcher_text(read(root, "en/market.html")) == ""
    assert hreflangs(read(root, "en/market.html")) == {"en": "/en/market.html", "x-default": "/en/market.html"}


def test_mixed_site_lists_markdown_and_html_articles_together(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    add_html_article(root)
    translate_market(root)
    review(root, "es")  # flood.md
    publish(root)
    for lang, market, flood in (("en", "Market hall reopens after renovation", "Flood warning for the lower valley"),
                                ("es", "Reabre el mercado tras la renovación", None)):
        index = read(root, f"{lang}/index.html")
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index.split('<ul class="articles">')[1])
        assert [href for href, _ in links] == ["market.html", "flood.html"] + (["library.html"] if lang == "en" else [])
        assert links[0][1] == market and (flood is None or links[1][1] == flood)
    # Both formats link to each other's pages in the reader's language.
    assert '<a href="flood.html#top">' in read(root, "es/market.html")
    assert (root / "site/es/flood.html").exists() and (root / "site/content/es/flood/index.md").exists()


GALLERY = """<!DOCTYPE html>
<html lang="en"><head><title>Flood gallery</title></head><body><main>
<picture><source srcset="images/sandbags.svg 1x,images/flood%20map.svg  2x" type="image/svg+xml">
<img src="images/sandbags.svg" sizes="50vw" alt="Sandbags"
 srcset="images/sandbags.svg 480w, https://cdn.example.org/big.jpg 1024w, data:image/gif;base64,R0l,GOD 2x,
 //cdn.example.org/c.jpg 3x"></picture>
<div style='background: url("images/sandbags.svg") no-repeat, URL( images/flood%20map.svg ); border-image: url(https://cdn.example.org/b.png)'>Map</div>
<p style="background-image:url(data:image/png;base64,iVBOR)">Data, <span style="mask: url(#clip)">fragment</span>,
 <b style="x: url(/root.png)">root</b>.</p>
<p><a href="flood.md" style="background: url('images/missing.png')">The flood story</a></p>
</main></body></html>
"""


def test_srcset_and_style_urls_follow_the_src_rule(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    (root / "articles" / "images" / "flood map.svg").write_bytes(SVG)
    add_html_article(root, "gallery", GALLERY)
    report = publish(root)
    page = read(root, "en/gallery.html")
    # Each srcset candidate as src would be: local files copied to media/ (a space percent-encoded, since it
    # would end the URL), descriptors and spacing kept; external, protocol-relative and data: URLs as written.
    assert '<source srcset="../media/images/sandbags.svg 1x,../media/images/flood%20map.svg  2x" type=' in page
    assert ('srcset="../media/images/sandbags.svg 480w, https://cdn.example.org/big.jpg 1024w, '
            'data:image/gif;base64,R0l,GOD 2x,\n //cdn.example.org/c.jpg 3x">') in page
    assert (root / "site/media/images/flood map.svg").read_bytes() == SVG
    # CSS url() in style attributes, quoted or not, the attribute's own quotes kept.
    assert ("""<div style='background: url("../media/images/sandbags.svg") no-repeat, URL( ../media/images/flood%20map.svg ); """
            """border-image: url(https://cdn.example.org/b.png)'>Map</div>""") in page
    assert '<p style="background-image:url(data:image/png;base64,iVBOR)">' in page
    assert 'style="mask: url(#clip)"' in page and 'style="x: url(/root.png)"' in page
    # A missing file is left as written, with a warning; the link beside it is still rewritten.
    assert """<a href="flood.html" style="background: url('images/missing.png')">""" in page
    assert [w for w in report.warnings if "images/missing.png does not exist" in w]
    assert not [w for w in report.warnings if "cdn.example.org" in w or "data:" in w]


def test_srcset_and_css_url_parsing():
    from presslate.site.links import css_urls, srcset_urls

    def urls(value: str) -> list[str]:
        return [value[a:b] for a, b in srcset_urls(value)]

    assert urls("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert urls(" a.png,b.png , c.png 480w,, d.png") == ["a.png,b.png", "c.png", "d.png"]  # a comma inside a URL stays
    assert urls("x.png,, y.png") == ["x.png", "y.png"]  # trailing commas separate
    assert urls("data:image/png;base64,AA== 1x, e.png (a, b) 2x, f.png") == ["data:image/png;base64,AA==", "e.png", "f.png"]
    assert urls("") == urls(" , ") == []
    css = """a: url(one.png) , URL( "two three.png" ); b: myurl(no.png); c: url('four.svg#i'); d: url(es\\(c.png); e: url(  )"""
    assert [(css[a:b], q) for a, b, q in css_urls(css)] == [("one.png", ""), ("two three.png", '"'), ("four.svg#i", "'"), ("", "")]


def test_html_article_rules_for_title_content_and_date():
    from presslate.site.html_article import read_html_article

    bare = "<title>T &amp; U</title><meta property=og:description content='From OG'>\n<h1>Head</h1><p>Body</p>\n"
    article = read_html_article(bare)  # no <body>: the content follows the head elements
    assert (article.title, article.meta["description"]) == ("T & U", "From OG")
    assert bare[article.start : article.end] == "<h1>Head</h1><p>Body</p>\n"
    assert [bare[a:b] for a, b in article.dropped] == ["<h1>Head</h1>"]

    body = ("<html><head><meta property='article:published_time' content='2026-03-04T09:00:00Z'></head>"
            "<body><p>Intro</p><h1>The <em>real</em> title</h1><p>Text</p></body></html>")
    article = read_html_article(body)  # no <title>: the first <h1>
    assert article.title == "The real title" and str(article.date) == "2026-03-04"
    assert body[article.start : article.end] == "<p>Intro</p><h1>The <em>real</em> title</h1><p>Text</p>"

    nested = ("<body><svg><title>icon</title></svg><article><p>A <time datetime=2025-12-31>new year</time></p>"
              "<article><p>inner</p></article><p>tail</p></article><aside>no</aside></body>")
    article = read_html_article(nested)  # <article>: the first, nesting counted; an svg <title> is not the page's
    assert article.title == "" and str(article.date) == "2025-12-31"
    assert nested[article.start : article.end].endswith("<p>inner</p></article><p>tail</p>")


# -- the page: byline once, root-relative files, the site title per language -----------------

BYLINE = MARKET.replace(
    '<meta name="date" content="2026-11-25">\n', "").replace(
    "<h1>The market hall is open again</h1>\n",
    '<h1>The market hall is open again</h1>\n<p class="byline">By Staff · <time datetime="2026-11-25">November 25, 2026</time></p>\n')


def test_an_html_articles_own_byline_is_shown_once_with_the_date_localized(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    add_html_article(root, text=BYLINE)
    path = po_path(root, "es", "market")
    po = PoFile.read(path)
    po.find("By Staff · <1>November 25, 2026</1>").msgstr = "Por Personal · <1>noviembre 25, 2026</1>"
    path.write_bytes(po.serialize())
    translate_market(root)
    publish(root)
    es, en = read(root, "es/market.html"), read(root, "en/market.html")
    # One byline: the article's own, its date written by CLDR for the page's language.
    assert es.count("<time") == 1 and es.count("noviembre") == 1, es
    assert '<p class="byline">Por Personal · <time datetime="2026-11-25">25 de noviembre de 2026</time></p>' in es
    assert en.count("<time") == 1 and en.count("November") == 1
    assert '<p class="byline">By Staff · <time datetime="2026-11-25">November 25, 2026</time></p>' in en
    # The index still dates the article.
    assert '<time datetime="2026-11-25">25 de noviembre de 2026</time>' in read(root, "es/index.html")


def test_a_byline_time_holding_markup_or_a_time_of_day_is_kept_as_translated(tmp_path: Path):
    text = BYLINE.replace('<time datetime="2026-11-25">November 25, 2026</time>',
                          '<time datetime="2026-11-25T09:30">November 25, 2026, 9:30</time>')
    root = make_project(tmp_path, targets=("es",))
    add_html_article(root, text=text)
    translate_market(root)
    publish(root, langs=[])
    en = read(root, "en/market.html")
    assert en.count("<time") == 1 and '<time datetime="2026-11-25T09:30">November 25, 2026, 9:30</time>' in en


def test_root_relative_files_become_page_relative(tmp_path: Path):
    root = make_project(tmp_path, targets=("es",))
    flood = root / "articles" / "flood.md"
    flood.write_text(FLOOD.replace("](images/sandbags.svg)", "](/images/sandbags.svg)")
                     .replace("(library.md)", "(/library.md)") + "\n[Our map](/maps/missing.pdf)\n", encoding="utf-8")
    add_html_article(root, text=MARKET.replace('src="images/sandbags.svg"', 'src="/images/sandbags.svg"'))
    run(root, "translate")
    review(root, "es")
    translate_market(root)
    report = publish(root)
    es = read(root, "es/flood.html")
    assert '<img src="../media/images/sandbags.svg"' in es and '<a href="../en/library.html">' in es
    assert '<img src="../media/images/sandbags.svg"' in read(root, "es/market.html")
    assert (root / "site/media/images/sandbags.svg").read_bytes() == SVG
    # What is not in the articles folder stays as written, and the report says why.
    assert 'href="/maps/missing.pdf"' in es
    assert "articles/flood.md: /maps/missing.pdf is not a file under the articles folder; left as written " \
           "(it works only when the site is served from its domain root)" in report.warnings


def test_the_site_title_can_be_given_per_language(tmp_path: Path):
    root = make_project(tmp_path, targets=("es", "fr"),
                        publish='site_title = { en = "Alder Valley News", es = "Noticias del Valle de Alder" }')
    review(root, "es")
    review(root, "fr")
    publish(root)
    assert '<header class="site"><a href="index.html">Noticias del Valle de Alder</a></header>' in read(root, "es/index.html")
    assert "<title>Noticias del Valle de Alder</title>" in read(root, "es/index.html")
    assert "– Noticias del Valle de Alder</title>" in read(root, "es/flood.html")
    assert "– Alder Valley News</title>" in read(root, "en/flood.html")
    assert "– Alder Valley News</title>" in read(root, "fr/flood.html")  # none for French: the source's
    assert "<h1>Alder Valley News</h1>" in read(root, "index.html")


@pytest.mark.parametrize(("table", "message"), [
    ('{ es = "Noticias" }', "no title for the source language en"),
    ('{ en = "News", de = "Nachrichten" }', "site_title: de is not a language of the project"),
    ('{ en = "News", es = 3 }', "site_title.es must be a non-empty string"),
])
def test_a_bad_site_title_table_is_refused(tmp_path: Path, table: str, message: str):
    root = make_project(tmp_path, targets=("es",), publish=f"site_title = {table}")
    with pytest.raises(ConfigError, match=re.escape(message)):
        publish(root)
    assert not (root / "site").exists()
