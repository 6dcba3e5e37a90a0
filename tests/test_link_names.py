"""``[mt] keep_names`` (issue 27): a link whose whole text is its own site's name is a name.

"[The Programming Historian](https://programminghistorian.org/)" is made of
ordinary words, so the analyser does not call it a name and the engine
translated it ("El Historiador de Programación"); its link shows it is the
site's own name.  These tests need no engine or analyser: the echo engine
shows what presslate sends, a word-for-word engine what it publishes.  The
articles are made up for the tests.
"""

from __future__ import annotations

import pytest
from echo_engine import EchoEngine

from presslate import config as config_mod
from presslate import formats
from presslate.catalog.pofile import read_po
from presslate.formats import Options
from presslate.review import kept_names as kept_names_module
from presslate.workflow.build import build
from presslate.workflow.translate import translate


def names(text: str, ref: str = "a.md") -> list[str]:
    from presslate.review.link_names import link_names  # imported here so the translate tests run on any version

    return link_names(formats.parse_text(text, ref, Options("en")))


def names_its_host(text: str, url: str) -> bool:
    from presslate.review.link_names import names_its_host

    return names_its_host(text, url)


# -- the rule and its guards ------------------------------------------------------------------------


@pytest.mark.parametrize("text, url", [
    ("The Programming Historian", "https://programminghistorian.org/"),
    ("The Carpentries", "https://carpentries.org/"),
    ("Jack Pope", "https://jackpope.me"),
    ("DragonFly BSD", "https://www.dragonflybsd.org/"),
    ("The Guardian", "https://www.theguardian.com/world"),  # "The" in the host too
    ("R-Ladies Global", "https://rladies-global.org"),  # hyphens on either side
    ("The Carpentries", "https://carpentries.github.io/lesson"),  # a label of the host, not only the first
    ("R-Ladies", "https://rladies.org/"),  # one made word: the engine splits it ("R Señoras")
    ("ReScience", "https://rescience.github.io/"),
])
def test_a_link_text_that_is_its_hosts_name_is_a_name(text, url):
    assert names_its_host(text, url)


@pytest.mark.parametrize("text, url", [
    ("The Journal of Open Source Software", "https://joss.theoj.org/"),  # acronym hosts: translated
    ("Journal of Open Source Education", "https://jose.theoj.org/"),
    ("Open Source Initiative", "https://osi.org/"),
    ("Python Software Foundation", "https://www.python.org/psf/"),  # the host is only part of the name
    ("Mozilla Science Lab", "https://mozillascience.github.io/"),
    ("R Consortium Infrastructure Steering Committee", "https://www.r-consortium.org/about"),
    ("Programming", "https://programming.org/"),  # one plain word: "programming" would be protected too
    ("Medium", "https://medium.com/"),
    ("Read more", "https://readmore.com/"),  # ordinary link text
    ("Read More", "https://example.org/read-more"),
    ("Bank of Canada", "https://bankofcanada.ca/"),  # "of": an institution's name
    ("Debian Project", "https://debianproject.org/"),  # an institutional head: "proyecto Debian"
    ("The Programming Historian", "/programminghistorian/"),  # no host
    ("The Programming Historian", "https://example.org/programminghistorian/"),  # the path is not the site
    ("The Programming Historian", "http://[programminghistorian"),  # no URL at all
])
def test_other_link_texts_are_not(text, url):
    assert not names_its_host(text, url)


def test_read_more_and_partial_hosts_in_an_article_are_not_names():
    assert names("[Read more](https://readmore.com/) about the [Python Software Foundation](https://python.org) "
                 "and [The Journal of Open Source Software](https://joss.theoj.org/).\n") == []


# -- where the target comes from: the document model --------------------------------------------------


def test_markdown_inline_reference_and_titled_links():
    text = ("We thank [The Carpentries][c], [Jack Pope] and [The Programming Historian]"
            "(<https://programminghistorian.org/> \"PH\"); see also [DragonFly BSD](https://dragonflybsd.org).\n\n"
            "[c]: https://carpentries.org/\n[jack pope]: https://jackpope.me\n")
    assert names(text) == ["The Carpentries", "Jack Pope", "The Programming Historian", "DragonFly BSD"]


def test_html_links_with_any_quoting_and_inner_markup():
    text = ("<html><body><p>See <a class=x href='https://carpentries.org/' title=\"Home\">The Carpentries</a>"
            " and <a href=https://programminghistorian.org><em>The Programming Historian</em></a>.</p>\n"
            "<ul><li><a href=\"https://jackpope.me\">Jack Pope</a></li></ul></body></html>\n")
    assert names(text, "a.html") == ["The Carpentries", "The Programming Historian", "Jack Pope"]


def test_a_link_with_code_in_its_text_or_another_target_is_not_a_name():
    assert names("Use [`npm` Jack Pope](https://jackpope.me) and [Jack Pope](https://example.org/jackpope).\n") == []


# -- through translate and build ----------------------------------------------------------------------

ARTICLE = """# Review initiatives

We are encouraged by other initiatives like [The Programming Historian](https://programminghistorian.org/).

[Read more](https://readmore.com/) about The Programming Historian's review.

We thank [R-Ladies](https://rladies.org/) and the Medium editors ([Medium](https://medium.com/)).
"""


class WordEngine(EchoEngine):
    """Translates the words a real engine translated in this name, as Apertium did."""

    name = "words"

    def answer(self, segment: str) -> str:
        return (segment.replace("The Programming Historian", "El Historiador de Programación")
                .replace("Read more", "Leer más"))


def _project(tmp_path, settings: str = ""):
    (tmp_path / "articles").mkdir(parents=True, exist_ok=True)
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n' + settings,
                                             encoding="utf-8")
    return config_mod.load(tmp_path)


def test_the_sites_name_goes_to_the_engine_as_a_placeholder_everywhere_in_the_article(tmp_path):
    engine = EchoEngine()
    translate(_project(tmp_path), lambda _: engine, ["es"])
    sent = " ".join(engine.sent)
    assert "Programming Historian" not in sent and "R-Ladies" not in sent
    assert "Read more" in sent and "Medium editors" in sent  # ordinary link text still goes to the engine


def test_the_name_and_its_url_are_published_as_the_source_has_them(tmp_path):
    cfg = _project(tmp_path)
    translate(cfg, lambda _: WordEngine(), ["es"])
    got = {e.msgid: e.msgstr for e in read_po(cfg.po_path("es", "a"), cfg).entries}
    assert got["We are encouraged by other initiatives like <1>The Programming Historian</1>."] == \
        "We are encouraged by other initiatives like <1>The Programming Historian</1>."
    build(cfg, ["es"], include_fuzzy=True, min_translated=0, strict=False)
    built = cfg.output_path("es", tmp_path / "articles" / "a.md").read_text(encoding="utf-8")
    assert "[The Programming Historian](https://programminghistorian.org/)" in built
    assert "[Leer más](https://readmore.com/)" in built  # the link text translated, its URL as the source has it


def test_keep_names_off_sends_the_link_text(tmp_path):
    engine = EchoEngine()
    translate(_project(tmp_path, "[mt]\nkeep_names = false\n"), lambda _: engine, ["es"])
    assert "The Programming Historian" in " ".join(engine.sent)


def test_the_link_evidence_needs_no_analyser(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_names_module, "analyser_path", lambda source, target: None)
    engine = EchoEngine()
    translate(_project(tmp_path), lambda _: engine, ["es"])
    assert "Programming Historian" not in " ".join(engine.sent)
