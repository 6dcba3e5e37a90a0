"""An export never overwrites a translator's work: XLIFF documents holding translations not imported
yet, and files that are not presslate exports, are left as they are unless --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli import main

PO = '''msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: articles/2026/bridge.md:1
msgid "The bridge reopened."
msgstr "El puente reabrió."

#: articles/2026/bridge.md:3
#, fuzzy
msgid "Traffic is light."
msgstr "El tráfico es ligero."
'''


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "articles" / "2026").mkdir(parents=True)
    (root / "articles" / "2026" / "bridge.md").write_text("The bridge reopened.\n\nTraffic is light.\n", encoding="utf-8")
    (root / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es"]\n', encoding="utf-8")
    po = root / "locales" / "es" / "LC_MESSAGES" / "2026" / "bridge.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return root


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args])


def xliff(root: Path) -> Path:
    return root / "out" / "es" / "2026" / "bridge.xlf"


def test_an_export_keeps_a_document_with_work_not_imported_yet(root: Path):
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0
    doc = xliff(root)
    edited = doc.read_text(encoding="utf-8").replace("El tráfico es ligero.", "Hay poco tráfico.")
    doc.write_text(edited, encoding="utf-8")
    po = root / "locales" / "es" / "LC_MESSAGES" / "2026" / "bridge.po"
    po.write_text(PO.replace("El puente reabrió.", "El puente volvió a abrir."), encoding="utf-8")  # export differs

    result = cli(root, "export", "--xliff", str(root / "out"))
    assert result.exit_code == 1
    assert doc.read_text(encoding="utf-8") == edited  # the translator's work is still there
    assert f"{doc}:" in result.output and "not imported yet" in result.output
    assert "nothing written" in result.stderr and "--force" in result.stderr

    assert cli(root, "import", "--xliff", str(doc)).exit_code == 0  # imported: now an export may replace it
    assert "Hay poco tráfico." in po.read_text(encoding="utf-8")
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0
    assert "El puente volvió a abrir." in doc.read_text(encoding="utf-8")


def test_an_unedited_document_is_replaced_and_force_replaces_an_edited_one(root: Path):
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / "2026" / "bridge.po"
    po.write_text(PO.replace("El puente reabrió.", "El puente volvió a abrir."), encoding="utf-8")
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0  # nobody touched it: replaced
    assert "El puente volvió a abrir." in xliff(root).read_text(encoding="utf-8")

    doc = xliff(root)
    doc.write_text(doc.read_text(encoding="utf-8").replace("El tráfico es ligero.", "Hay poco tráfico."),
                   encoding="utf-8")
    po.write_text(PO, encoding="utf-8")
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 1
    assert cli(root, "export", "--xliff", str(root / "out"), "--force").exit_code == 0
    assert "Hay poco tráfico." not in doc.read_text(encoding="utf-8")


def test_work_on_a_unit_whose_english_changed_is_kept_too(root: Path):
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0
    doc = xliff(root)
    doc.write_text(doc.read_text(encoding="utf-8").replace("El tráfico es ligero.", "Hay poco tráfico."),
                   encoding="utf-8")
    po = root / "locales" / "es" / "LC_MESSAGES" / "2026" / "bridge.po"
    po.write_text(PO.replace("Traffic is light.", "Traffic is heavy."), encoding="utf-8")
    before = doc.read_bytes()
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 1
    assert doc.read_bytes() == before


@pytest.mark.parametrize("content", [b"my notes, not XLIFF\n", b'<?xml version="1.0"?><xliff version="1.2"/>'])
def test_a_file_that_is_not_an_export_of_this_project_is_not_overwritten(root: Path, content: bytes):
    target = root / "delivery.xlf"
    target.write_bytes(content)
    result = cli(root, "export", "--xliff", str(target), "--article", "articles/2026/bridge.md", "--lang", "es")
    assert result.exit_code == 1, result.output
    assert target.read_bytes() == content
    assert "not an XLIFF export of this project" in result.output
    assert cli(root, "export", "--xliff", str(target), "--article", "articles/2026/bridge.md", "--lang", "es",
               "--force").exit_code == 0
    assert target.read_bytes() != content


def test_nothing_is_written_when_one_document_of_many_would_lose_work(root: Path):
    (root / "articles" / "2026" / "ferry.md").write_text("The ferry left.\n", encoding="utf-8")
    ferry_po = root / "locales" / "es" / "LC_MESSAGES" / "2026" / "ferry.po"
    ferry_po.write_text(PO.split("#: articles/2026/bridge.md:1")[0]
                        + '#: articles/2026/ferry.md:1\nmsgid "The ferry left."\nmsgstr ""\n', encoding="utf-8")
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 0
    ferry = root / "out" / "es" / "2026" / "ferry.xlf"
    doc = xliff(root)
    doc.write_text(doc.read_text(encoding="utf-8").replace("El tráfico es ligero.", "Hay poco tráfico."),
                   encoding="utf-8")
    ferry_po.write_text(ferry_po.read_text(encoding="utf-8").replace('msgstr ""\n', 'msgstr "El ferri salió."\n'),
                        encoding="utf-8")
    (root / "locales" / "es" / "LC_MESSAGES" / "2026" / "bridge.po").write_text(
        PO.replace("El puente reabrió.", "El puente volvió a abrir."), encoding="utf-8")
    ferry_before = ferry.read_bytes()
    assert cli(root, "export", "--xliff", str(root / "out")).exit_code == 1
    assert ferry.read_bytes() == ferry_before  # all or nothing


def memory_with_one_pair(root: Path) -> None:
    from datetime import datetime, timezone

    from presslate.memory.store import Memory, Unit

    with Memory(root / ".presslate" / "memory.sqlite") as memory:
        memory.add([Unit("en", "es", "The bridge reopened.", "El puente reabrió.", datetime.now(timezone.utc))])


def test_a_tmx_export_keeps_a_delivery_not_imported_yet(root: Path):
    memory_with_one_pair(root)
    out = root / "es.tmx"
    assert cli(root, "memory", "export", "--tmx", str(out)).exit_code == 0
    assert cli(root, "memory", "export", "--tmx", str(out)).exit_code == 0  # our own export: replaced
    delivery = out.read_text(encoding="utf-8").replace("El puente reabrió.", "Se reabrió el puente.")
    out.write_text(delivery, encoding="utf-8")
    result = cli(root, "memory", "export", "--tmx", str(out))
    assert result.exit_code == 1
    assert "holds 1 translation unit the memory does not have" in result.output and "nothing written" in result.output
    assert out.read_text(encoding="utf-8") == delivery
    assert cli(root, "memory", "import", "--tmx", str(out)).exit_code == 0
    assert cli(root, "memory", "export", "--tmx", str(out)).exit_code == 0  # imported: nothing would be lost
    assert "Se reabrió el puente." in out.read_text(encoding="utf-8")


def test_a_tmx_export_does_not_overwrite_a_file_that_is_not_tmx_unless_forced(root: Path):
    memory_with_one_pair(root)
    out = root / "notes.tmx"
    out.write_text("my notes\n", encoding="utf-8")
    result = cli(root, "memory", "export", "--tmx", str(out))
    assert result.exit_code == 1 and "not a TMX file" in result.output
    assert out.read_text(encoding="utf-8") == "my notes\n"
    assert cli(root, "memory", "export", "--tmx", str(out), "--force").exit_code == 0
    assert "El puente reabrió." in out.read_text(encoding="utf-8")
