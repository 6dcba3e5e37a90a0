"""TMX 1.4b export and import of the translation memory."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from presslate.memory.store import Memory, Unit
from presslate.memory.tmx import TmxError, export_tmx, import_tmx

T0 = datetime(2026, 5, 1, 12, 30, tzinfo=timezone.utc)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SPANISH = [
    ("Read the <1>full report</1> before running <2/>.", "Lea el <1>informe completo</1> antes de ejecutar <2/>."),
    ("Rain & wind: \"severe\" <warning>.", "Lluvia y viento: «grave» <aviso>."),
    ("A <1>link with <2/></1> inside.", "Un <1>enlace con <2/></1> dentro."),
    ("Line one\r\nline two\fend.", "Línea uno\r\nlínea dos\fend."),
]
MEXICAN = [("The bridge reopened.", "El puente reabrió.")]


@pytest.fixture
def memory(tmp_path: Path):
    with Memory(tmp_path / "memory.sqlite") as m:
        m.harvest("2026/storm", "en", "es", SPANISH, T0)
        m.harvest("2026/bridge", "en", "es_MX", MEXICAN, T0 + timedelta(days=1))
        yield m


def stored(memory: Memory) -> list[tuple]:
    return sorted((u.src_lang, u.tgt_lang, u.source, u.target, u.time, u.article) for u in memory.units())


def test_round_trip_into_a_fresh_memory(memory, tmp_path):
    path = tmp_path / "out.tmx"
    assert export_tmx(memory, path) == 5
    with Memory(tmp_path / "fresh.sqlite") as fresh:
        assert import_tmx(fresh, path) == 5
        assert stored(fresh) == stored(memory)
        assert import_tmx(fresh, path) == 5  # again: no duplicates
        assert stored(fresh) == stored(memory)


def test_export_is_well_formed_tmx_14b(memory, tmp_path):
    path = tmp_path / "out.tmx"
    export_tmx(memory, path, tgt_lang="es_MX")
    root = ET.parse(path).getroot()
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    header = root.find("header")
    assert {k: header.get(k) for k in ("creationtool", "datatype", "segtype", "adminlang", "srclang", "o-tmf")} == {
        "creationtool": "presslate", "datatype": "plaintext", "segtype": "sentence",
        "adminlang": "en", "srclang": "en", "o-tmf": "presslate"}
    assert header.get("creationtoolversion")
    [tu] = root.iter("tu")
    assert (tu.get("changedate"), tu.get("usagecount")) == ("20260502T123000Z", "1")
    assert tu.find("prop").text == "2026/bridge"
    assert [tuv.get(XML_LANG) for tuv in tu.iter("tuv")] == ["en", "es-MX"]
    assert [tuv.find("seg").text for tuv in tu.iter("tuv")] == ["The bridge reopened.", "El puente reabrió."]


def test_placeholders_are_inline_elements(memory, tmp_path):
    path = tmp_path / "out.tmx"
    export_tmx(memory, path, tgt_lang="es")
    seg = next(ET.parse(path).getroot().iter("seg"))
    assert [(e.tag, e.attrib, e.text) for e in seg] == [
        ("bpt", {"i": "1", "x": "1"}, "<1>"), ("ept", {"i": "1"}, "</1>"), ("ph", {"x": "2"}, "<2/>")]
    text = path.read_text(encoding="utf-8")
    assert '<ph type="x-presslate-char">000C</ph>' in text  # XML 1.0 has no form feed
    assert "Line one&#13;\nline two" in text


def test_translate_toolkit_reads_our_text_back(memory, tmp_path):
    tmxfile = pytest.importorskip("translate.storage.tmx", reason="pip install translate-toolkit").tmxfile
    path = tmp_path / "out.tmx"
    export_tmx(memory, path, tgt_lang="es")
    with path.open("rb") as handle:
        store = tmxfile(handle)
    read = [(unit.source, unit.target) for unit in store.units]
    assert read[:3] == SPANISH[:3]
    assert len(read) == 4


def test_export_is_atomic(memory, tmp_path, monkeypatch):
    path = tmp_path / "out.tmx"
    path.write_text("previous export")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        export_tmx(memory, path)
    assert path.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_empty_export(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        assert export_tmx(memory, tmp_path / "out.tmx", src_lang="en") == 0
    root = ET.parse(tmp_path / "out.tmx").getroot()
    assert root.find("header").get("srclang") == "en" and root.find("body") is not None


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand, the way CAT tools write inline codes -->
<tmx version="1.4">
  <header creationtool="hand" creationtoolversion="1" datatype="html" segtype="sentence"
          adminlang="en-US" srclang="EN-US" o-tmf="none" creationdate="20250101T000000Z"/>
  <body>
    <tu changedate="20250301T101500Z">
      <note>codes carry x: they link source and target</note>
      <tuv xml:lang="en-US"><seg>Read <bpt i="7" x="5">&lt;a href="/r"&gt;</bpt>the report<ept
        i="7">&lt;/a&gt;</ept> and run <ph x="6">&lt;code&gt;</ph>.</seg></tuv>
      <tuv xml:lang="ES-mx"><seg>Ejecute <ph x="6">&lt;code&gt;</ph> y lea <bpt i="3" x="5">&lt;a&gt;</bpt>el <hi
        type="x-em">informe</hi><ept i="3">&lt;/a&gt;</ept>.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="en-US"><seg>Press <ph>&lt;kbd&gt;<sub>Enter key</sub>&lt;/kbd&gt;</ph> twice<it
        pos="begin">&lt;b&gt;</it> now.</seg></tuv>
      <tuv lang="es-MX"><seg>Pulse <ph>&lt;kbd/&gt;</ph> dos veces<it pos="begin">&lt;b&gt;</it> ya.</seg></tuv>
      <tuv lang="fr"><seg>Appuyez deux fois sur <ph/><it pos="begin"/>.</seg></tuv>
    </tu>
    <tu srclang="es-MX">
      <tuv xml:lang="es-MX"><seg>Solo la fuente.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_of_inline_codes_from_other_tools(tmp_path):
    path = tmp_path / "foreign.tmx"
    path.write_text(FOREIGN, encoding="utf-8")
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Memory(tmp_path / "m.sqlite") as memory:
        assert import_tmx(memory, path, when=when) == 3
        assert [(u.src_lang, u.tgt_lang, u.source, u.target, u.time) for u in memory.units()] == [
            ("en_US", "es_MX", "Read <1>the report</1> and run <2/>.", "Ejecute <2/> y lea <1>el informe</1>.",
             datetime(2025, 3, 1, 10, 15, tzinfo=timezone.utc)),
            ("en_US", "es_MX", "Press <1/> twice<2/> now.", "Pulse <1/> dos veces<2/> ya.",
             datetime(2025, 1, 1, tzinfo=timezone.utc)),  # no date of its own: the header's
            ("en_US", "fr", "Press <1/> twice<2/> now.", "Appuyez deux fois sur <1/><2/>.",
             datetime(2025, 1, 1, tzinfo=timezone.utc)),
        ]
        assert memory.exact("en_US", "es_MX", "Read <1>the report</1> and run <2/>.").target == (
            "Ejecute <2/> y lea <1>el informe</1>.")


@pytest.mark.parametrize("content, line, message", [
    ("<tmx version='1.4'><header srclang='en'/><body><tu>\n<tuv xml:lang='en'><seg>a</seg></tuv>\n</body></tmx>",
     3, "malformed XML"),
    ("<?xml version='1.0'?>\n<xliff/>", 2, "not a TMX file"),
    ("<tmx><header srclang='en'/><body>\n<tu><tuv xml:lang='en'><seg>Read <ph x='1'/>.</seg></tuv>\n"
     "<tuv xml:lang='es'><seg>Lea.</seg></tuv></tu></body></tmx>", 3, "missing placeholder <1/>"),
    ("<tmx><header srclang='en'/><body>\n<tu><tuv xml:lang='en'><seg>a <ept i='1'>&lt;/1&gt;</ept> "
     "<bpt i='1'>&lt;1&gt;</bpt></seg></tuv><tuv xml:lang='es'><seg>a</seg></tuv></tu></body></tmx>", 2, "do not nest"),
    ("<tmx><header srclang='en'/><body>\n<tu><tuv xml:lang='klingon-x'><seg>a</seg></tuv></tu></body></tmx>",
     2, "unknown language code"),
    ("<tmx><header/><body>\n<tu><tuv xml:lang='en'><seg>a</seg></tuv></tu></body></tmx>", 2, "no srclang"),
    ("<tmx><header srclang='en'/><body>\n<tu changedate='yesterday'></tu></body></tmx>", 2, "YYYYMMDDThhmmssZ"),
    ("<tmx><header srclang='en'/><body><tu>\n<tuv xml:lang='en'><seg><ept i='9'/></seg></tuv></tu></body></tmx>",
     2, "no <bpt>"),
])
def test_import_rejects_bad_files_with_their_line(tmp_path, content, line, message):
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with Memory(tmp_path / "m.sqlite") as memory:
        with pytest.raises(TmxError, match=message) as caught:
            import_tmx(memory, path)
        assert caught.value.line == line
        assert str(caught.value).startswith(f"{path}:{line}: ")
        assert list(memory.units()) == []


def test_import_is_all_or_nothing(tmp_path):
    path = tmp_path / "half.tmx"
    path.write_text("<tmx><header srclang='en'/><body>"
                    "<tu><tuv xml:lang='en'><seg>Good.</seg></tuv><tuv xml:lang='es'><seg>Bien.</seg></tuv></tu>"
                    "<tu><tuv xml:lang='en'><seg>Bad <ph x='1'/>.</seg></tuv>"
                    "<tuv xml:lang='es'><seg>Mal.</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with Memory(tmp_path / "m.sqlite") as memory:
        with pytest.raises(TmxError):
            import_tmx(memory, path)
        assert list(memory.units()) == []


def test_import_of_a_missing_file(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory, pytest.raises(TmxError, match="cannot read"):
        import_tmx(memory, tmp_path / "nope.tmx")


def test_units_added_directly_export_without_article(tmp_path):
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.add([Unit("en", "de", "Rain.", "Regen.", T0)])
        export_tmx(memory, tmp_path / "out.tmx")
    tu = next(ET.parse(tmp_path / "out.tmx").getroot().iter("tu"))
    assert [prop.get("type") for prop in tu.iter("prop")] == ["x-presslate-origin"]
    assert tu.get("usagecount") == "0"
