"""Fuzzy-match repair (issue 26): a memory match differing only in numbers, dates, versions, names or
URLs is patched before it is offered, still fuzzy; any other difference leaves it as it was."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.memory.repair_match import repair
from presslate.memory.store import Memory, Unit

OLD = "Debian 5.0 was released on February 14."
OLD_ES = "Debian 5.0 se publicó el 14 de febrero."


@pytest.mark.parametrize("new, expected", [
    ("Debian 6.0 was released on February 6.", "Debian 6.0 se publicó el 6 de febrero."),
    ("Debian 6.0 was released on March 6.", "Debian 6.0 se publicó el 6 de marzo."),
    ("Ubuntu 5.0 was released on February 14.", "Ubuntu 5.0 se publicó el 14 de febrero."),
])
def test_changed_numbers_dates_and_names_are_carried_over(new, expected):
    assert repair(OLD, OLD_ES, new, "es") == expected


def test_urls_and_localised_thousands_are_carried_over():
    old = "See <1>the notes</1> at https://a.example/2024 for 1,000 users."
    target = "Vea <1>las notas</1> en https://a.example/2024 para 1.000 usuarios."
    new = "See <1>the notes</1> at https://a.example/2025 for 2,500 users."
    assert repair(old, target, new, "es") == "Vea <1>las notas</1> en https://a.example/2025 para 2.500 usuarios."


def test_versions_and_iso_dates_are_carried_over():
    old, target = "presslate v2.3 ships on 2026-03-01.", "presslate v2.3 sale el 2026-03-01."
    assert repair(old, target, "presslate v2.4 ships on 2026-04-15.", "es") == "presslate v2.4 sale el 2026-04-15."


def test_a_token_repeated_changes_everywhere_or_not_at_all():
    old, target = "Version 4.0 replaces 4.0 beta.", "La versión 4.0 sustituye a la 4.0 beta."
    assert repair(old, target, "Version 5.0 replaces 5.0 beta.", "es") == "La versión 5.0 sustituye a la 5.0 beta."
    assert repair(old, target, "Version 5.0 replaces 4.0 beta.", "es") is None  # which 4.0 is which?


@pytest.mark.parametrize("new", [
    "Debian 6.0 was finally released on February 6.",  # a word added
    "Debian 6.0 was announced on February 6.",  # a word changed
    "Debian 6.0 was released on February 6 in Oslo.",  # words added at the end
])
def test_any_other_difference_is_not_repaired(new):
    assert repair(OLD, OLD_ES, new, "es") is None


def test_a_changed_token_the_translation_does_not_carry_is_not_repaired():
    assert repair("It costs 12 euros.", "Cuesta doce euros.", "It costs 15 euros.", "es") is None
    assert repair("Released in May.", "Publicado en mayo.", "Released in June.", "xx") is None  # no month table


def test_unchanged_sources_give_the_translation_back():
    assert repair(OLD, OLD_ES, OLD, "es") == OLD_ES


# --- in translate ---------------------------------------------------------------------------------------


def run(project: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    (root / "articles").mkdir()
    with Memory.for_project(root) as memory:
        memory.add([Unit("en", "es", OLD, OLD_ES, datetime(2024, 1, 1, tzinfo=timezone.utc), origin="aligned",
                         note="aligned from archive/es.md", confidence=0.9),
                    Unit("en", "es", "The mirror network carries the release to every country.",
                         "La red de réplicas lleva la publicación a todos los países.",
                         datetime(2024, 1, 1, tzinfo=timezone.utc))])
    return root


def test_translate_offers_the_repaired_match_fuzzy(project: Path):
    (project / "articles" / "news.md").write_text(
        "Debian 6.0 was released on February 6.\n\nThe mirror network carries the release to each country.\n",
        encoding="utf-8")
    result = run(project, "translate", "--no-mt")
    po = PoFile.read(project / "locales" / "es" / "LC_MESSAGES" / "news.po")
    repaired = po.find("Debian 6.0 was released on February 6.")
    assert repaired.msgstr == "Debian 6.0 se publicó el 6 de febrero." and repaired.fuzzy
    assert repaired.previous_msgid == OLD
    as_is = po.find("The mirror network carries the release to each country.")  # "each" for "every": offered as today
    assert as_is.msgstr == "La red de réplicas lleva la publicación a todos los países." and as_is.fuzzy
    assert "memory: 0 exact, 2 fuzzy (1 with numbers, dates or names carried over)" in result.output


def test_an_exact_aligned_match_is_filled_fuzzy(project: Path):
    (project / "articles" / "news.md").write_text(OLD + "\n", encoding="utf-8")
    run(project, "translate", "--no-mt")
    entry = PoFile.read(project / "locales" / "es" / "LC_MESSAGES" / "news.po").find(OLD)
    assert entry.msgstr == OLD_ES and entry.fuzzy  # a program paired it: a translator confirms it
