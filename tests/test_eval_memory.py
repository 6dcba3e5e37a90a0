"""presslate eval --memory (issue 26): earlier pairs aligned into the run's memory, never the pair evaluated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate import evaluation
from presslate.cli import main

pytest.importorskip("sacrebleu")

ABOUT_EN = "## About the harbour\n\nThe harbour was founded in 1871 and is run by the city of Porto Alto.\n"
ABOUT_ES = "## Sobre el puerto\n\nEl puerto se fundó en 1871 y lo gestiona la ciudad de Porto Alto.\n"


def write_pair(folder: Path, en: str, es: str) -> None:
    folder.mkdir(parents=True)
    (folder / "en.md").write_text(en, encoding="utf-8")
    (folder / "es.md").write_text(es, encoding="utf-8")


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write_pair(root / "2024-01-02-ferry", "# Ferry returns\n\nThe ferry returns on Monday.\n\n" + ABOUT_EN,
               "# Vuelve el transbordador\n\nEl transbordador vuelve el lunes.\n\n" + ABOUT_ES)
    write_pair(root / "2024-03-04-bridge", "# Bridge reopens\n\nThe bridge reopens on Friday.\n\n" + ABOUT_EN,
               "# Reabre el puente\n\nEl puente reabre el viernes.\n\n" + ABOUT_ES)
    return root


def eval_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["eval", "--engine", "pseudo", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_each_pair_gets_the_others_as_memory_never_itself(news: Path):
    data = eval_json("--memory", str(news), str(news))
    by_name = {p["name"]: p for p in data["pairs"]}
    assert by_name["2024-03-04-bridge"]["archive_pairs"] == ["2024-01-02-ferry"]
    assert by_name["2024-01-02-ferry"]["archive_pairs"] == ["2024-03-04-bridge"]
    # the shared "About" block comes from the other pair's translation
    assert by_name["2024-03-04-bridge"]["memory"]["exact"] == 2
    # "The bridge reopens on Friday." is in no other pair: the memory never gives it
    bridge = next(t for t in evaluation.evaluate_pairs(news, "pseudo", memory=[news]).pairs
                  if t.name == "2024-03-04-bridge")
    built = " ".join(t.pipeline.text for t in bridge.triples)
    assert "El puente reabre el viernes" not in built and "El puerto se fundó en 1871" in built
    assert data["total"]["memory"] == {"exact": 4, "fuzzy": 0, "repaired": 0}
    assert set(data["total"]) >= {"pipeline", "raw", "ratio", "memory"}


def test_a_copy_of_the_evaluated_pair_elsewhere_is_not_its_memory(news: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(news / "2024-03-04-bridge", copy / "2024-03-04-bridge")
    data = eval_json("--memory", str(copy), "--source", str(news / "2024-03-04-bridge" / "en.md"),
                     "--reference", str(news / "2024-03-04-bridge" / "es.md"))
    assert data["pairs"][0]["archive_pairs"] == [] and data["total"]["memory"]["exact"] == 0


def test_chronological_memory_holds_only_earlier_pairs(news: Path):
    data = eval_json("--memory", str(news), "--chronological", str(news))
    by_name = {p["name"]: p for p in data["pairs"]}
    assert by_name["2024-01-02-ferry"]["archive_pairs"] == []
    assert by_name["2024-01-02-ferry"]["memory"]["exact"] == 0
    assert by_name["2024-03-04-bridge"]["archive_pairs"] == ["2024-01-02-ferry"]


def test_chronological_without_memory_is_a_usage_error(news: Path):
    result = CliRunner().invoke(main, ["eval", "--engine", "pseudo", "--chronological", str(news)])
    assert result.exit_code == 2
