"""presslate align (issue 26): blocks and sentences paired, markup mapped, the archive into the memory,
--po gettextize, and the alignment of the dev news pairs (skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.align import archive
from presslate.align.blocks import align_blocks, parse_blocks
from presslate.align.pair import align_texts
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.memory.store import Memory

NEWS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "news"


def run(project: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == code, result.output
    return result


def pairs_of(en: str, es: str, suffix: str = ".md"):
    a = parse_blocks(en, "en" + suffix, "en")
    b = parse_blocks(es, "es" + suffix, "es")
    return [(p.en, p.es) for p in align_blocks(a, b).pairs], a, b


def units(en: str, es: str, suffix: str = ".md") -> dict[str, str]:
    return {u.source: u.target for u in align_texts(en, "en" + suffix, es, "es" + suffix).units}


# --- blocks ---------------------------------------------------------------------------------------------

EN = """# Harbour news

The ferry returns on Monday after a pause of two years.

Tickets cost 12 euros at the harbour office, which opens at 7:00.

The mayor, Ana Ruiz, will travel on the first crossing.

## About the harbour

The harbour was built in 1871 and handles 4,000 ships a year.
"""

ES = """# Noticias del puerto

El transbordador vuelve el lunes tras una pausa de dos años.

Los billetes cuestan 12 euros en la oficina del puerto, que abre a las 7:00.

La alcaldesa, Ana Ruiz, viajará en la primera travesía.

## Sobre el puerto

El puerto se construyó en 1871 y recibe 4.000 barcos al año.
"""


def test_same_structure_pairs_every_block_in_order():
    pairs, a, b = pairs_of(EN, ES)
    assert pairs == [([k], [k]) for k in range(len(a))]


def test_a_paragraph_the_translation_dropped_is_a_gap():
    es = ES.replace("La alcaldesa, Ana Ruiz, viajará en la primera travesía.\n\n", "")
    pairs, a, b = pairs_of(EN, es)
    assert ([3], [3]) not in pairs and all(3 not in en for en, _ in pairs)
    assert ([4], [3]) in pairs and ([5], [4]) in pairs  # the blocks after the gap still pair


def test_a_paragraph_only_the_translation_has_is_a_gap():
    es = ES.replace("## Sobre el puerto", "Nota del editor: esta noticia se actualizó el martes.\n\n## Sobre el puerto")
    pairs, a, b = pairs_of(EN, es)
    assert ([4], [5]) in pairs and ([5], [6]) in pairs
    assert all(4 not in es_ for _, es_ in pairs)


def test_two_paragraphs_joined_in_translation_pair_with_it():
    es = ES.replace("12 euros en la oficina del puerto, que abre a las 7:00.\n\nLa alcaldesa",
                    "12 euros en la oficina del puerto, que abre a las 7:00. La alcaldesa")
    pairs, a, b = pairs_of(EN, es)
    assert ([2, 3], [2]) in pairs
    found = units(EN, es)  # the sentences inside the merge still pair one to one
    assert found["The mayor, Ana Ruiz, will travel on the first crossing."] == \
        "La alcaldesa, Ana Ruiz, viajará en la primera travesía."


def test_anchors_pick_the_sentence_the_translation_kept():
    en = "In 2019 the harbour had 3,100 visitors and sold 870 tickets. In 2021 it had 9,400 visitors.\n"
    es = "En 2021 tuvo 9.400 visitantes.\n"
    found = units(en, es)
    assert found == {"In 2021 it had 9,400 visitors.": "En 2021 tuvo 9.400 visitantes."}


def test_markup_of_the_translation_takes_the_english_placeholders():
    en = "Read [the report](https://a.example/r) and [the data](https://a.example/d) with `csvkit`.\n"
    es = "Con `csvkit`, lea [los datos](https://a.example/d) y [el informe](https://a.example/r).\n"
    found = units(en, es)
    # English: <1> report link, <2> data link, <3/> code; the Spanish order differs
    assert found["Read <1>the report</1> and <2>the data</2> with <3/>."] == \
        "Con <3/>, lea <2>los datos</2> y <1>el informe</1>."


def test_a_localised_link_maps_by_kind_and_a_missing_one_refuses_the_pair():
    en = "See [the notes](https://a.example/notes) today.\n"
    es = "Vea [las notas](https://a.example/es/notas) hoy.\n"
    assert units(en, es) == {"See <1>the notes</1> today.": "Vea <1>las notas</1> hoy."}
    result = align_texts(en, "en.md", "Vea las notas hoy.\n", "es.md")
    assert result.units == [] and result.markup_refused == 1


def test_html_pairs_align_like_markdown():
    en = "<h1>Ferry returns</h1>\n<p>The ferry returns on <a href='/x'>Monday</a>.</p>\n"
    es = "<h1>Vuelve el transbordador</h1>\n<p>El transbordador vuelve el <a href='/x'>lunes</a>.</p>\n"
    assert units(en, es, ".html") == {"Ferry returns": "Vuelve el transbordador",
                                      "The ferry returns on <1>Monday</1>.": "El transbordador vuelve el <1>lunes</1>."}


# --- the archive into the memory -----------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    run(root, "init", "--source", "en", "--target", "es", "--engine", "pseudo")
    (root / "articles").mkdir()
    for slug, en, es in (("2024-01-harbour", EN, ES),
                         ("2024-02-ferry", "# Ferry\n\nThe ferry returns on Monday after a pause of two years.\n",
                          "# Transbordador\n\nEl transbordador vuelve el lunes tras una pausa de dos años.\n")):
        folder = tmp_path / "archive" / slug
        folder.mkdir(parents=True)
        (folder / "en.md").write_text(en, encoding="utf-8")
        (folder / "es.md").write_text(es, encoding="utf-8")
    return root


def test_align_dir_stores_aligned_pairs_with_provenance(project: Path):
    out = json.loads(run(project, "align", "--json", str(project.parent / "archive")).output)
    assert out["pairs"] == 2 and out["added"] > 0 and out["poorly_paired"] == []
    with Memory.for_project(project) as memory:
        stored = {u.source: u for u in memory.units("en", "es")}
    unit = stored["The mayor, Ana Ruiz, will travel on the first crossing."]
    assert unit.target == "La alcaldesa, Ana Ruiz, viajará en la primera travesía."
    assert unit.origin == "aligned" and unit.note.startswith("aligned from ") and unit.note.endswith("es.md")
    assert 0.5 <= unit.confidence <= 1


def test_aligning_the_same_files_again_is_a_no_op(project: Path):
    folder = str(project.parent / "archive")
    first = json.loads(run(project, "align", "--json", folder).output)
    memory_file = project / ".presslate" / "memory.sqlite"
    with Memory.for_project(project) as memory:
        before = list(memory.units())
    again = json.loads(run(project, "align", "--json", folder).output)
    with Memory.for_project(project) as memory:
        after = list(memory.units())
    assert again["added"] == 0 and again["known"] == first["added"]
    assert after == before and memory_file.is_file()


def test_a_reviewed_translation_wins_over_an_aligned_one(project: Path):
    from datetime import datetime, timezone

    from presslate.memory.store import Unit

    run(project, "align", str(project.parent / "archive"))
    sentence = "The mayor, Ana Ruiz, will travel on the first crossing."
    with Memory.for_project(project) as memory:  # reviewed long before the (newer) archive file
        memory.add([Unit("en", "es", sentence, "La alcaldesa Ana Ruiz irá en la primera travesía.",
                         datetime(2000, 1, 1, tzinfo=timezone.utc))])
        match = memory.exact("en", "es", sentence)
    assert match.origin == "reviewed" and match.target == "La alcaldesa Ana Ruiz irá en la primera travesía."


def test_memory_export_tmx_includes_aligned_units(project: Path):
    run(project, "align", str(project.parent / "archive"))
    tmx = project.parent / "out.tmx"
    run(project, "memory", "export", "--tmx", str(tmx))
    text = tmx.read_text(encoding="utf-8")
    assert '<prop type="x-presslate-origin">aligned</prop>' in text
    assert "La alcaldesa, Ana Ruiz, viajará en la primera travesía." in text


def test_a_pair_that_is_no_translation_exits_1_and_a_bad_file_exits_2(project: Path, tmp_path: Path):
    (tmp_path / "x").mkdir()
    en, es = tmp_path / "x" / "en.md", tmp_path / "x" / "es.md"
    en.write_text(EN, encoding="utf-8")
    es.write_text("# Otro\n\n" + "\n\n".join(f"- punto {k}" for k in range(12)) + "\n", encoding="utf-8")
    result = run(project, "align", str(en), str(es), code=1)
    assert f"{es}:1:" in result.output
    (tmp_path / "x" / "es.txt").write_text("hola\n", encoding="utf-8")
    result = run(project, "align", str(en), str(tmp_path / "x" / "es.txt"), code=2)
    assert "same format" in result.output
    bad = tmp_path / "x" / "bad.md"
    bad.write_bytes(b"# T\n\nfine\n\n\xff\xfe broken\n")
    memory_file = project / ".presslate" / "memory.sqlite"
    before = memory_file.read_bytes() if memory_file.exists() else None
    run(project, "align", str(en), str(bad), code=2)
    assert (memory_file.read_bytes() if memory_file.exists() else None) == before


def test_pairs_below_the_threshold_stay_out(tmp_path: Path):
    result = align_texts(EN, "en.md", ES, "es.md")
    for unit in result.units[:3]:
        object.__setattr__(unit, "confidence", 0.1)
    with Memory(tmp_path / "m.sqlite") as memory:
        (tmp_path / "es.md").write_text(ES, encoding="utf-8")
        result.es_path = str(tmp_path / "es.md")
        report = archive.store(memory, [result], "en", "es")
        stored = {u.source for u in memory.units()}
    assert report.low_confidence == 3 and report.added == len(result.units) - 3
    assert not stored & {u.source for u in result.units[:3]}


# --- --po: gettextize an article ------------------------------------------------------------------------


def po_file(project: Path) -> Path:
    return project / "locales" / "es" / "LC_MESSAGES" / "harbour.po"


def test_po_fills_empty_entries_and_never_overwrites_reviewed_ones(project: Path, tmp_path: Path):
    (project / "articles" / "harbour.md").write_text(EN, encoding="utf-8")
    run(project, "translate", "--no-mt")
    po = PoFile.read(po_file(project))
    kept = po.find("The mayor, Ana Ruiz, will travel on the first crossing.")
    kept.msgstr = "Traducción revisada a mano."
    po_file(project).write_bytes(po.serialize())
    translation = tmp_path / "harbour.es.md"
    translation.write_text(ES, encoding="utf-8")
    result = run(project, "align", "--po", str(project / "articles" / "harbour.md"), str(translation))
    assert "wrote" in result.output
    po = PoFile.read(po_file(project))
    assert po.find("The mayor, Ana Ruiz, will travel on the first crossing.").msgstr == "Traducción revisada a mano."
    tickets = po.find("Tickets cost 12 euros at the harbour office, which opens at 7:00.")
    assert tickets.msgstr == "Los billetes cuestan 12 euros en la oficina del puerto, que abre a las 7:00."
    assert sum(1 for e in po.entries if e.msgid and e.msgstr) == len([e for e in po.entries if e.msgid])
    with Memory.for_project(project) as memory:  # the other articles find the pairs too
        assert memory.exact("en", "es", tickets.msgid).origin == "aligned"
    again = po_file(project).read_bytes()
    run(project, "align", "--po", str(project / "articles" / "harbour.md"), str(translation))
    assert po_file(project).read_bytes() == again  # nothing left to fill: the same bytes


def test_po_write_is_conditional_a_translator_save_wins(project: Path, tmp_path: Path, monkeypatch):
    from presslate.align import gettextize

    (project / "articles" / "harbour.md").write_text(EN, encoding="utf-8")
    run(project, "translate", "--no-mt")
    translation = tmp_path / "harbour.es.md"
    translation.write_text(ES, encoding="utf-8")
    saved = po_file(project).read_bytes().replace(b'msgstr ""\n\n', b'msgstr "Guardado por una traductora."\n\n', 1)
    real = gettextize.catalog.merge

    def merge_while_a_translator_saves(*args, **kwargs):  # after the PO file was read, before it is written
        result = real(*args, **kwargs)
        po_file(project).write_bytes(saved)  # Poedit saves during the run
        return result

    monkeypatch.setattr(gettextize.catalog, "merge", merge_while_a_translator_saves)
    assert saved != po_file(project).read_bytes()
    result = run(project, "align", "--po", str(project / "articles" / "harbour.md"), str(translation), code=1)
    assert "nothing written" in result.output
    assert po_file(project).read_bytes() == saved


def test_po_of_a_file_that_is_no_project_article_exits_2(project: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(EN, encoding="utf-8")
    translation = tmp_path / "es.md"
    translation.write_text(ES, encoding="utf-8")
    result = run(project, "align", "--po", str(outside), str(translation), code=2)
    assert "not one of the project's articles" in result.output


# --- the dev news pairs ---------------------------------------------------------------------------------

needs_news = pytest.mark.skipif(not NEWS.is_dir(), reason=f"{NEWS} not found (the dev corpus lives in ../shared)")


@needs_news
def test_debian_release_aligns_every_block_and_its_boilerplate():
    from presslate.align.pair import align_files

    folder = NEWS / "debian" / "2007-04-08-debian-gnu-linux-4-0-released"
    result = align_files(folder / "en.html", folder / "es.html")
    assert [(en, es) for en, es, _ in result.block_pairs] == [([k], [k]) for k in range(result.blocks_en)]
    found = {" ".join(u.source.split()): " ".join(u.target.split()) for u in result.units}
    assert found["About Debian"] == "Sobre Debian"
    assert "Debian 4.0 es otro paso importante en esa dirección." in found.values()
    # one English sentence, two Spanish ones: the pair carries both
    split = next(t for s, t in found.items() if s.startswith("Upgrades to Debian GNU/Linux 4.0"))
    assert "apt-get" in split and "aptitude" in split


@needs_news
def test_news_archive_alignment_is_idempotent_in_a_memory(tmp_path: Path):
    pairs = [(en, es) for _, en, es in archive.find_pairs(NEWS / "debian")][:3]
    with Memory(tmp_path / "m.sqlite") as memory:
        first = archive.align_into(memory, pairs, "en", "es")
        second = archive.align_into(memory, pairs, "en", "es")
    assert first.added > 50 and first.poorly_paired == []
    assert second.added == 0 and second.known == first.added
