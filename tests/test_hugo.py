"""The localized sources publish writes to site/content/ build with the real Hugo.

The example project is published, its ``site/content/<lang>/`` folders become
Hugo's per-language content folders, and a minimal layout (no theme, no
modules: nothing is fetched) prints the title in the page's one ``<h1>``,
the content, and links to the page's translations.  The test checks what
presslate promises a Hugo user: each translation is found and linked to its
siblings, the body does not repeat the title, and the language is right.
Skips without ``hugo`` (Debian ``apt-get install hugo``), fails under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner
from example_project import copy_example
from system_tools import skip_or_fail

from presslate.cli import main

LANGS = ("en", "es", "fr")  # the example project's source and targets

CONFIG = """baseURL = "https://news.example.org/"
title = "Alder Valley News"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
""" + "".join(f'[languages.{lang}]\ncontentDir = "content/{lang}"\nweight = {i}\n' for i, lang in enumerate(LANGS, 1))

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body>
</html>
"""

SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<nav class="translations">{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}</nav>
<article>{{ .Content }}</article>
{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


def hugo_build(tmp_path: Path, content: Path, config: str = CONFIG) -> Path:
    """``content`` (presslate's site/content/) built by the real Hugo in ``tmp_path``/hugo; its public/ folder."""
    hugo = shutil.which("hugo")
    if hugo is None:
        skip_or_fail("hugo is not installed (apt-get install hugo)")
    project = tmp_path / "hugo"
    shutil.copytree(content, project / "content")
    (project / "hugo.toml").write_text(config, encoding="utf-8")
    (project / "layouts" / "_default").mkdir(parents=True)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (project / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    public = tmp_path / "public"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "HUGO_CACHEDIR": str(tmp_path / "cache")}
    result = subprocess.run([hugo, "--source", str(project), "--destination", str(public)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return public


def test_hugo_builds_the_content_folders_with_linked_translations(tmp_path: Path):
    hugo = shutil.which("hugo")
    if hugo is None:
        skip_or_fail("hugo is not installed (apt-get install hugo)")
    root = copy_example(tmp_path / "news")
    for command in (["build"], ["publish"]):
        result = CliRunner().invoke(main, ["-C", str(root), *command])
        assert result.exit_code == 0, result.output

    project = tmp_path / "hugo"
    public = hugo_build(tmp_path, root / "site" / "content")

    # Which articles each language has, from the content folders presslate wrote (an article that links
    # files is a leaf bundle: <article>/index.md).
    def article_of(path: Path) -> str:
        return (path.parent if path.stem == "index" else path.with_suffix("")).as_posix()

    articles: dict[str, set[str]] = {lang: {article_of(p.relative_to(project / "content" / lang))
                                             for p in (project / "content" / lang).rglob("*.md")} for lang in LANGS}
    assert articles["en"] and all(articles[lang] for lang in LANGS)

    pages = 0
    for lang in LANGS:
        for article in sorted(articles[lang]):
            page = public / lang / article / "index.html"
            assert page.is_file(), f"Hugo wrote no page for content/{lang}/{article}"
            html = page.read_text(encoding="utf-8")
            pages += 1
            assert re.search(r'<html lang="([^"]+)"', html).group(1) == lang, page
            assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{page}: the title shows more than once"
            siblings = {other for other in LANGS if other != lang and article in articles[other]}
            links = dict(re.findall(r'<a hreflang="([^"]+)" href="([^"]+)"', html))
            assert set(links) == siblings, f"{page}: links to {sorted(links)}, expected {sorted(siblings)}"
            for other, href in links.items():
                assert href == f"/{other}/{article}/", page
                assert (public / href.strip("/") / "index.html").is_file(), f"{page}: {href} does not exist"
    assert pages == sum(len(a) for a in articles.values())

    # Every page Hugo made (lists too) has one <h1> and the language of its folder.
    for page in public.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in html:  # Hugo's redirect from / to /en/
            continue
        assert len(re.findall(r"<h1[\s>]", html)) == 1, page
        assert re.search(r'<html lang="([^"]+)"', html).group(1) == page.relative_to(public).parts[0], page
