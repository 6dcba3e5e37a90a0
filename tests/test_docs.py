"""The documentation: README.md and docs/*.md link only to files and headings that exist, and
`mkdocs build --strict` (what `make docs` runs) builds docs/ without a warning.

Links are checked here too because MkDocs does not build the README, and because a page is read on
a forge as often as on the built site: an anchor must name its heading under GitHub's rules and
under Python-Markdown's (the two differ for some punctuation and non-ASCII letters).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
MARKDOWN_FILES = [ROOT / "README.md", *PAGES]
NO_MKDOCS = "mkdocs is not installed (pip install -e '.[docs]'; make install does it)"

_parser = MarkdownIt("commonmark").enable("table")


def _tokens(text: str):
    for token in _parser.parse(text):
        yield token
        yield from token.children or ()


def _heading_texts(text: str) -> list[str]:
    tokens = _parser.parse(text)
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            out.append("".join(c.content for c in inline.children if c.type in ("text", "code_inline")))
    return out


def github_slug(heading: str) -> str:
    """The anchor a forge (GitHub, Gitea) gives a heading: lower case, punctuation dropped, spaces → '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def mkdocs_slug(heading: str) -> str:
    """The anchor Python-Markdown's toc extension (MkDocs) gives a heading."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file that work both on a forge and in the MkDocs site."""
    github: dict[str, int] = {}
    mkdocs: dict[str, int] = {}
    gh_ids, mk_ids = set(), set()
    for heading in _heading_texts(path.read_text(encoding="utf-8")):
        slug = github_slug(heading)
        gh_ids.add(slug if slug not in github else f"{slug}-{github[slug]}")
        github[slug] = github.get(slug, 0) + 1
        slug = mkdocs_slug(heading)
        mk_ids.add(slug if slug not in mkdocs else f"{slug}_{mkdocs[slug]}")
        mkdocs[slug] = mkdocs.get(slug, 0) + 1
    return gh_ids & mk_ids


def links(path: Path) -> list[str]:
    """Every link and image target in a Markdown file (not in code)."""
    out = []
    for token in _tokens(path.read_text(encoding="utf-8")):
        if token.type == "link_open":
            out.append(token.attrGet("href"))
        elif token.type == "image":
            out.append(token.attrGet("src"))
    return out


def broken_links(path: Path) -> list[str]:
    """The relative links of ``path`` whose file or heading does not exist."""
    broken = []
    for target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("//"):
            continue  # https:, mailto:…: not a file of the repository
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif fragment and (linked.suffix != ".md" or fragment not in anchors(linked)):
            broken.append(f"{target}: no heading with the anchor #{fragment} in {linked.name}")
    return broken


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []


def test_link_check_finds_missing_files_and_headings(tmp_path):
    (tmp_path / "page.md").write_text("# A page\n\n## Two words — and more\n\n## Same\n\n## Same\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "[ok](page.md) [ok](page.md#a-page) [ok](#top) [web](https://example.org/x.md)\n\n"
        "[missing file](nope.md) [missing heading](page.md#b-page) [dash](page.md#two-words--and-more)\n\n"
        "[second same](page.md#same-1) ![img](missing.png)\n\n# Top\n\n`[in code](nope.md)`\n", encoding="utf-8")
    found = broken_links(tmp_path / "README.md")
    # The em dash gives "--" on a forge and "-" in MkDocs, and repeated headings are numbered
    # differently: such anchors work in one place only, so they count as broken.
    assert [f.split(":")[0] for f in found] == [
        "nope.md", "page.md#b-page", "page.md#two-words--and-more", "page.md#same-1", "missing.png"]


def test_readme_links_every_docs_page():
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links(ROOT / "README.md") if t.startswith("docs/")}
    missing = [p.name for p in PAGES if p.name != "index.md" and p.resolve() not in linked]
    assert missing == []


def test_every_docs_page_is_in_the_mkdocs_nav():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r"^\s+- [^:\n]+: (\S+\.md)\s*$", config, re.MULTILINE))
    assert nav == {p.name for p in PAGES}


def _mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                           "--site-dir", str(site)], capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason=NO_MKDOCS)
def test_mkdocs_strict_build(tmp_path):
    result = _mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for page in PAGES:
        assert (tmp_path / "site" / page.with_suffix(".html").name).is_file()


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason=NO_MKDOCS)
def test_mkdocs_strict_build_fails_on_a_broken_link(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with (tmp_path / "docs" / "workflow.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the engines](engines.md#no-such-heading).\n")
    result = _mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-heading" in result.stderr
