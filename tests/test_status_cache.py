"""status remembers each PO file's check counts (.presslate/checks.sqlite) and checks again exactly
the files whose inputs changed: the file, the checks' settings, the glossary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_project import copy_example

from presslate.cli import main
from presslate.review import qa

BIKES = "locales/es/LC_MESSAGES/2026/council-approves-bike-lanes.po"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "news")


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The PO files status runs the checks on."""
    files: list[str] = []
    real = qa.check_file

    def check_file(po, path, *args, **kwargs):
        files.append(path)
        return real(po, path, *args, **kwargs)

    monkeypatch.setattr(qa, "check_file", check_file)
    return files


def status(root: Path) -> dict:
    result = CliRunner().invoke(main, ["-C", str(root), "status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def counts(report: dict) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r["article"], r["lang"]): (r["errors"], r["warnings"]) for r in report["rows"]}


def test_a_second_status_checks_nothing_and_reports_the_same(root: Path, checked: list[str]):
    first = status(root)
    assert len(checked) == len(first["rows"]) > 4
    checked.clear()
    assert status(root) == first
    assert checked == []


def test_a_changed_po_file_alone_is_checked_again(root: Path, checked: list[str]):
    before = counts(status(root))
    checked.clear()
    po = root / BIKES
    text = po.read_text(encoding="utf-8")
    first_entry = text.index('\nmsgid "', text.index('\nmsgid "') + 1)  # after the header
    msgstr = text.index('\nmsgstr "', first_entry) + len('\nmsgstr "')
    broken = text[:msgstr] + "<9/> " + text[msgstr:]  # a placeholder the source does not have: an error
    po.write_text(broken, encoding="utf-8")
    after = counts(status(root))
    assert checked == [BIKES]
    key = ("2026/council-approves-bike-lanes", "es")
    assert after[key][0] > before[key][0]
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}


def test_a_glossary_change_checks_every_file_again(root: Path, checked: list[str]):
    status(root)
    checked.clear()
    with (root / "glossary.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[term]]\nsource = "water level"\nes = "nivel del agua"\n')
    status(root)
    assert len(checked) == len(status(root)["rows"])


@pytest.mark.parametrize("damage", ["garbage", "folder"])
def test_a_broken_or_unwritable_cache_only_costs_time(root: Path, checked: list[str], damage: str):
    first = status(root)
    cache = root / ".presslate" / "checks.sqlite"
    cache.unlink()
    if damage == "garbage":
        cache.write_bytes(b"not a database\n" * 10)
    else:
        cache.mkdir()
    checked.clear()
    assert status(root) == first
    assert len(checked) == len(first["rows"])
