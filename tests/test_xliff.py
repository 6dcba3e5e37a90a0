"""XLIFF 2.0 export and import of PO files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from example_project import copy_articles

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.catalog.xliff import unit_id
from presslate.catalog.xliff_export import export_xliff
from presslate.catalog.xliff_import import import_xliff
from presslate.errors import ConfigError, InputError

etree = pytest.importorskip("lxml.etree", reason="pip install lxml (comes with translate-toolkit)")

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "data" / "xliff"
NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
X = f"{{{NS}}}"
M = f"{{{MDA}}}"

# Every feature presslate's PO files have, and a few they may get from translators.
STORM_PO = r'''# Spanish (Mexico) translation of 2026/storm.
#
msgid ""
msgstr ""
"Project-Id-Version: 2026/storm\n"
"Language: es_MX\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

#. front matter: title
#: articles/2026/storm.md:2 articles/2026/storm.md:8
msgid "Storm & flood: river <above> 6 m"
msgstr "Tormenta e inundación: río <por encima> de 6 m"

#. paragraph, sentence 1 of 2
#: articles/2026/storm.md:10
msgid "Check the <1>live river gauge</1> before running <2/> on **Friday**."
msgstr "Consulte el <1>medidor del río</1> antes de ejecutar <2/> el **viernes**."

# Check the figure with the desk.
# presslate-ignore: urls
#. paragraph, sentence 2 of 2
#: articles/2026/storm.md:10
#, fuzzy, presslate-ignore:numbers
#| msgid "The river crested at 6.1 metres."
msgid "The river crested at 6.4 metres near <1>Millbrook <2/></1>."
msgstr "El río alcanzó 6,4 metros cerca de <1>Millbrook <2/></1>."

#. list item
#: articles/2026/storm.md:14
msgid "Buses return on “Tuesday” — 東京 too 🚌."
msgstr ""

#. heading 2
#: articles/2026/storm.md:16
#, fuzzy
msgid ""
"Line one\n"
"line two\twith a tab"
msgstr ""

#. table cell
#: articles/2026/storm.md:18
#, fuzzy
#| msgctxt "old table"
#| msgid "Wind"
msgctxt "table"
msgid "Wind speed"
msgstr "Velocidad del viento"

#. paragraph
#: articles/2026/storm.md:20
msgid "Form\ffeed and\rCR and ]]> end"
msgstr "Salto\fde página y\rCR y ]]> fin"

# vertical<VT>tab
#: articles/2026/storm.md:22
#, fuzzy
msgid "A <1>link with <2>inner</2></1> text and <3/>."
msgstr "Un <1>enlace con <2>dentro</1></2> texto y <3/><3/>."

#: articles/2026/storm.md:24
#, fuzzy
msgid "Open <1>here</1>."
msgstr "Abra <1>aquí</9>."

#: articles/2026/storm.md:26
msgid "  Indented text "
msgstr "  Texto sangrado "

#: articles/2026/storm.md:28
msgid "one bus"
msgid_plural "%d buses"
msgstr[0] "un autobús"
msgstr[1] "%d autobuses"

#~ msgid "Old sentence."
#~ msgstr "Frase antigua."
'''.replace("<VT>", "\x0b")

BRIDGE_PO = '''msgid ""
msgstr ""
"Language: es_MX\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: articles/2026/bridge.md:1
msgid "The bridge reopened."
msgstr "El puente reabrió."
'''

EXPORTED = 10  # STORM_PO's live entries without plural forms


@pytest.fixture
def project(tmp_path: Path) -> config_mod.Config:
    root = tmp_path / "news"
    (root / "articles" / "2026").mkdir(parents=True)
    for name in ("storm", "bridge"):
        (root / "articles" / "2026" / f"{name}.md").write_text("# Title\n", encoding="utf-8")
    cfg = config_mod.from_dict(root, {"project": {"source": "en", "targets": ["es-MX", "fr"]}})
    for name, text in (("storm", STORM_PO), ("bridge", BRIDGE_PO)):
        path = cfg.po_path("es_MX", f"2026/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return cfg


def storm(cfg: config_mod.Config) -> Path:
    return cfg.po_path("es_MX", "2026/storm")


def export_storm(cfg: config_mod.Config) -> Path:
    dest = cfg.root / "out" / "storm.xlf"
    report = export_xliff(cfg, dest, ["es_MX"], ["articles/2026/storm.md"])
    assert report.written == [dest] and report.units == EXPORTED
    return dest


@pytest.fixture(scope="module")
def schema():
    """The OASIS XLIFF 2.0 core schema with the metadata module, so mda: elements are checked too."""
    driver = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="{NS}" schemaLocation="xliff_core_2.0.xsd"/>
      <xs:import namespace="{MDA}" schemaLocation="metadata.xsd"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(driver, base_url=str(SCHEMAS / "driver.xsd")))


def assert_valid(schema, path: Path) -> None:
    assert schema.validate(etree.parse(str(path))), schema.error_log


# -- export -------------------------------------------------------------------


def test_export_is_valid_xliff_20(project, schema):
    assert_valid(schema, export_storm(project))


def test_schema_catches_what_it_should(schema, tmp_path):
    """The vendored schema is really in force: a wrong state and a bad mda: element fail."""
    bad = tmp_path / "bad.xlf"
    bad.write_text(f'<xliff xmlns="{NS}" xmlns:mda="{MDA}" version="2.0" srcLang="en"><file id="f">'
                   '<unit id="u"><mda:metadata><mda:metaGroup><mda:oops/></mda:metaGroup></mda:metadata>'
                   '<segment state="done"><source>x</source></segment></unit></file></xliff>')
    assert not schema.validate(etree.parse(str(bad)))
    assert {e.type_name for e in schema.error_log} == {"SCHEMAV_ELEMENT_CONTENT", "SCHEMAV_CVC_ENUMERATION_VALID"}


def test_document_structure(project):
    root = etree.parse(str(export_storm(project))).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "es-MX")
    [file] = root.findall(X + "file")
    assert file.get("id") == "2026:storm"
    assert file.get("original") == "locales/es_MX/LC_MESSAGES/2026/storm.po"
    assert file.get("canResegment") == "no"
    po = PoFile.read(storm(project))
    live = [e for e in po.entries if not e.obsolete and e.msgid_plural is None]
    assert [u.get("id") for u in file.iter(X + "unit")] == [unit_id(e) for e in live]
    states = [u.find(f"{X}segment").get("state") for u in file.iter(X + "unit")]
    assert states == ["reviewed", "reviewed", "translated", "initial", "initial", "translated", "reviewed",
                      "translated", "translated", "reviewed"]
    untranslated = file.findall(f"{X}unit/{X}segment")[3]
    assert untranslated.find(X + "target") is None
    assert untranslated.find(X + "source").text == "Buses return on “Tuesday” — 東京 too 🚌."


def test_every_entry_field_is_carried(project):
    """Comments, references, flags, previous msgid and msgctxt all reach the CAT tool."""
    root = etree.parse(str(export_storm(project))).getroot()
    by_id = {u.get("id"): u for u in root.iter(X + "unit")}
    for entry in PoFile.read(storm(project)).entries:
        if entry.obsolete or entry.msgid_plural is not None:
            assert unit_id(entry) not in by_id
            continue
        unit = by_id[unit_id(entry)]
        notes = [(n.get("category"), n.text or "") for n in unit.iter(X + "note")]
        meta = [(m.get("type"), m.text) for m in unit.iterfind(f'{M}metadata/{M}metaGroup[@category="gettext"]/{M}meta')]
        expected = [("description", c) for c in entry.extracted_comments]
        expected += [("location", r) for r in entry.references]
        expected += [("translator", c.replace("\x0b", "\ufffd")) for c in entry.translator_comments]
        expected += [("previous-source", entry.previous_msgid)] if entry.previous_msgid is not None else []
        assert notes == expected
        assert meta == [("flag", f) for f in entry.flags if f != "fuzzy"] + [
            (kind, value) for kind, value in (("msgctxt", entry.msgctxt), ("previous-msgctxt", entry.previous_msgctxt))
            if value is not None]
    wind = by_id[unit_id(PoFile.read(storm(project)).find("Wind speed", "table"))]
    assert wind.find(f"{M}metadata/{M}metaGroup").get("category") == "gettext"


def test_placeholders_are_inline_codes(project):
    text = export_storm(project).read_text(encoding="utf-8")
    assert ('<source>Check the <pc id="1" dataRefStart="s1" dataRefEnd="e1" canCopy="no" canDelete="no">live river '
            'gauge</pc> before running <ph id="2" dataRef="p2" canCopy="no" canDelete="no"/> on **Friday**.</source>'
            in text)
    assert '<data id="s1">&lt;1&gt;</data>' in text and '<data id="p2">&lt;2/&gt;</data>' in text
    assert "<source>Storm &amp; flood: river &lt;above&gt; 6 m</source>" in text
    assert '<source>Form<cp hex="000C"/>feed and&#13;CR and ]]&gt; end</source>' in text
    # A broken translation still travels, exactly: crossing pairs as <sc>/<ec>, a repeated tag as text.
    assert ('<target>Un <sc id="1" dataRef="s1" canCopy="no" canDelete="no"/>enlace con <sc id="2" dataRef="s2" '
            'canCopy="no" canDelete="no"/>dentro<ec startRef="1" dataRef="e1" canCopy="no" canDelete="no"/>'
            '<ec startRef="2" dataRef="e2" canCopy="no" canDelete="no"/> texto y &lt;3/&gt;&lt;3/&gt;.</target>'
            in text)
    assert ('<target>Abra <sc id="1" isolated="yes" dataRef="s1" canCopy="no" canDelete="no"/>aquí<ec id="9" '
            'isolated="yes" dataRef="e9" canCopy="no" canDelete="no"/>.</target>' in text)


def test_ids_are_stable_across_exports_and_reordering(project):
    first = export_storm(project).read_bytes()
    po = PoFile.read(storm(project))
    po.entries.reverse()
    storm(project).write_bytes(po.serialize())
    export_storm(project)
    again = etree.parse(str(project.root / "out" / "storm.xlf")).getroot()
    ids = {u.findtext(f"{X}segment/{X}source"): u.get("id") for u in again.iter(X + "unit")}
    before = {u.findtext(f"{X}segment/{X}source"): u.get("id") for u in etree.fromstring(first).iter(X + "unit")}
    assert ids == before


def test_export_to_a_folder(project, schema):
    report = export_xliff(project, project.root / "xliff", ["es_MX", "fr"])
    out = project.root / "xliff" / "es-MX" / "2026"
    assert sorted(report.written) == [out / "bridge.xlf", out / "storm.xlf"]
    assert sorted(report.skipped) == [f"articles/2026/{name}.md [fr]: no PO file; run `presslate translate` first"
                                      for name in ("bridge", "storm")]
    for path in report.written:
        assert_valid(schema, path)
    again = export_xliff(project, project.root / "xliff", ["es_MX"])
    assert (again.written, sorted(again.unchanged)) == ([], sorted(report.written))
    assert again.summary() == "0 XLIFF files written, 2 unchanged, 0 skipped; 11 units"


def test_a_catalog_without_live_entries_is_skipped(project):
    bridge = project.po_path("es_MX", "2026/bridge")
    bridge.write_text(BRIDGE_PO.split("#:")[0] + '#~ msgid "The bridge reopened."\n#~ msgstr "El puente reabrió."\n',
                      encoding="utf-8")
    report = export_xliff(project, project.root / "xliff", ["es_MX"])
    assert report.skipped == ["articles/2026/bridge.md [es_MX]: nothing to translate"]
    assert report.written == [project.root / "xliff" / "es-MX" / "2026" / "storm.xlf"]


def test_one_file_needs_one_article_and_language(project):
    with pytest.raises(ConfigError, match="2 article/language pairs"):
        export_xliff(project, project.root / "all.xlf", ["es_MX"])
    assert not (project.root / "all.xlf").exists()


# -- import -------------------------------------------------------------------


def test_round_trip_without_edits_is_byte_identical(project):
    before = storm(project).read_bytes()
    report = import_xliff(project, export_storm(project))
    assert storm(project).read_bytes() == before
    assert (len(report.unchanged), report.updated, report.stale, report.refused, report.written) == (
        EXPORTED, [], [], [], [])


def test_round_trip_of_the_example_project(tmp_path, schema):
    """The repository's own catalogs: export everything, import it back, not a byte changes."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "presslate.toml", root / "presslate.toml")
    copy_articles(root)
    cfg = config_mod.load(root)
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    report = export_xliff(cfg, root / "xliff", cfg.targets)
    assert report.written and not report.skipped
    for path in report.written:
        assert_valid(schema, path)
        result = import_xliff(cfg, path)
        assert not (result.updated or result.stale or result.refused or result.written)
    assert {p: p.read_bytes() for p in before} == before


INLINE = {X + name for name in ("source", "target", "pc", "mrk", "ph", "sc", "ec", "cp", "sm", "em")}


def cat_tool(path: Path, edit) -> None:
    """Rewrite an export as a CAT tool might: ``edit(units)``, then another attribute order, tab
    indentation, CRLF line ends and a metadata block of its own in every unit.

    ``units`` maps the text of each unit's source up to its first inline code to the unit.
    """
    tree = etree.parse(str(path))
    edit({u.findtext(f"{X}segment/{X}source"): u for u in tree.iter(X + "unit")})
    for element in tree.iter():
        items = list(element.attrib.items())
        element.attrib.clear()
        for key, value in reversed(items):
            element.set(key, value)
        if element.tag not in INLINE and element.text is not None and not element.text.strip():
            element.text = element.text.replace("  ", "\t")
        if element.tag not in INLINE - {X + "source", X + "target"} and element.tail is not None:
            element.tail = element.tail.replace("  ", "\t")
    for unit in tree.iter(X + "unit"):
        metadata = etree.Element(M + "metadata", nsmap={"mda": MDA})
        etree.SubElement(etree.SubElement(metadata, M + "metaGroup", category="tool"), M + "meta",
                         type="x-cat:wordcount").text = "7"
        metadata.tail = "\n\t\t\t"
        unit.insert(0, metadata)
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    path.write_bytes(data.replace(b"\n", b"\r\n"))


def set_target(unit, text: str | None, state: str) -> None:
    segment = unit.find(X + "segment")
    segment.set("state", state)
    target = segment.find(X + "target")
    if text is None:
        segment.remove(target)
        return
    if target is None:
        target = etree.SubElement(segment, X + "target")
    target.text = text
    for child in list(target):
        target.remove(child)


def test_cat_tool_edits_update_exactly_those_entries(project, schema):
    path = export_storm(project)

    def edit(units):
        set_target(units["Buses return on “Tuesday” — 東京 too 🚌."], "Los autobuses vuelven el «martes» — 東京 🚌.",
                   "translated")
        units["The river crested at 6.4 metres near "].find(X + "segment").set("state", "final")
        units["  Indented text "].find(X + "segment").set("subState", "x-cat:confirmed")
        wind = units["Wind speed"]
        set_target(wind, None, "initial")
        check = units["Check the "]
        target = check.find(f"{X}segment/{X}target")
        pc = target.find(X + "pc")
        term = etree.SubElement(pc, X + "mrk", id="m1", type="term")
        term.text, pc.text = pc.text, None  # a CAT tool's terminology mark around the link text
        target.find(X + "ph").tail = " el **sábado**."

    cat_tool(path, edit)
    assert_valid(schema, path)
    expected = PoFile.read(storm(project))
    buses = expected.find("Buses return on “Tuesday” — 東京 too 🚌.")
    buses.msgstr, buses.fuzzy = "Los autobuses vuelven el «martes» — 東京 🚌.", True
    river = expected.find("The river crested at 6.4 metres near <1>Millbrook <2/></1>.")
    river.fuzzy, river.previous_msgid = False, None
    wind = expected.find("Wind speed", "table")
    wind.msgstr, wind.fuzzy = "", False
    check = expected.find("Check the <1>live river gauge</1> before running <2/> on **Friday**.")
    check.msgstr = "Consulte el <1>medidor del río</1> antes de ejecutar <2/> el **sábado**."

    report = import_xliff(project, path)
    assert storm(project).read_bytes() == expected.serialize()
    assert sorted(r.message for r in report.updated) == [
        "fuzzy → reviewed", "fuzzy → untranslated", "reviewed → reviewed, new text", "untranslated → fuzzy"]
    assert (len(report.unchanged), report.stale, report.refused, report.written) == (
        EXPORTED - 4, [], [], [storm(project)])
    assert "#, presslate-ignore:numbers\nmsgid" in storm(project).read_text(encoding="utf-8")  # other flags stay
    assert report.summary() == "4 updated, 6 unchanged, 0 stale, 0 refused; 1 PO files written"


def test_a_target_without_state_comes_back_fuzzy(project):
    path = export_storm(project)
    cat_tool(path, lambda units: set_target(units["Buses return on “Tuesday” — 東京 too 🚌."], "Autobuses.", "initial"))
    import_xliff(project, path)
    entry = PoFile.read(storm(project)).find("Buses return on “Tuesday” — 東京 too 🚌.")
    assert (entry.msgstr, entry.fuzzy) == ("Autobuses.", True)


def test_long_paragraphs_survive(project):
    """Paragraph segmentation makes long entries, whose text expat hands over in pieces."""
    path = export_storm(project)
    text = "Ñandú & <fin> " * 2000
    cat_tool(path, lambda units: set_target(units["Wind speed"], text, "final"))
    import_xliff(project, path)
    assert PoFile.read(storm(project)).find("Wind speed", "table").msgstr == text


def test_handwritten_cat_tool_document(project):
    """Another namespace prefix, single quotes, a group, character references, an annotation."""
    check = "Check the <1>live river gauge</1> before running <2/> on **Friday**."
    po = PoFile.read(storm(project))
    path = project.root / "vendor.xlf"
    path.write_text(f"""<?xml version='1.0' encoding='UTF-8'?>
<x:xliff trgLang='es-mx' srcLang='en' version='2.1' xmlns:x='{NS}'>
 <x:file original='storm.po' id='2026:storm'>
  <x:group id='g1'>
   <x:unit id='{unit_id(po.find(check))}'>
    <x:segment state='final'>
     <x:source>Check the <x:pc id='1'>live river gauge</x:pc> before running <x:ph id='2'/> on **Friday**.</x:source>
     <x:target xml:lang='es-MX'><x:sm id='a' type='comment'/>Revise el <x:pc id='1'>medidor</x:pc><x:em startRef='a'/> \
antes de <x:ph id='2'/>&#10;&#x1F30A;<!-- checked -->ok<x:cp hex='000B'/></x:target>
    </x:segment>
   </x:unit>
  </x:group>
 </x:file>
</x:xliff>
""", encoding="utf-8")
    report = import_xliff(project, path)
    assert [r.message for r in report.updated] == ["reviewed → reviewed, new text"]
    assert PoFile.read(storm(project)).find(check).msgstr == "Revise el <1>medidor</1> antes de <2/>\n🌊ok\x0b"


def test_stale_units_are_reported_not_applied(project):
    path = export_storm(project)

    def edit(units):
        set_target(units["Check the "], "Nueva <1>traducción</1> <2/>.", "final")
        buses = units["Buses return on “Tuesday” — 東京 too 🚌."]
        set_target(buses, "Autobuses.", "final")
        buses.find(f"{X}segment/{X}source").text = "Buses!"  # the tool let someone edit the English
        set_target(units["  Indented text "], "  Texto nuevo ", "final")

    cat_tool(path, edit)
    # Meanwhile the editor changed a sentence, and `translate` merged it.
    po = PoFile.read(storm(project))
    po.find("Check the <1>live river gauge</1> before running <2/> on **Friday**.").msgid = \
        "Check the <1>live river gauge</1> before running <2/> on **Saturday**."
    storm(project).write_bytes(po.serialize())

    report = import_xliff(project, path)
    assert sorted(r.message for r in report.stale) == [
        "no entry has this id any more: the English changed or was removed since the export",
        "the source differs from the PO file's msgid (changed since the export, or edited in the CAT tool)"]
    assert [r.msgid for r in report.updated] == ["  Indented text "]
    after = PoFile.read(storm(project))
    assert after.find("Buses return on “Tuesday” — 東京 too 🚌.").msgstr == ""
    assert after.find("  Indented text ").msgstr == "  Texto nuevo "
    stale = str(next(r for r in report.stale if r.msgid == "Buses!"))
    assert stale.startswith(f"{path}:") and "locales/es_MX/LC_MESSAGES/2026/storm.po:" in stale


def test_mismatched_placeholders_are_refused(project):
    path = export_storm(project)

    def edit(units):
        target = units["Check the "].find(f"{X}segment/{X}target")
        target.remove(target.find(X + "ph"))  # the translator deleted <2/>
        set_target(units["Open "], "Abra <1>aquí</1> <3/>.", "final")
        ph = units["The river crested at 6.4 metres near "].find(f"{X}segment/{X}target").find(f"{X}pc/{X}ph")
        ph.set("id", "x1")  # a code of the tool's own
        set_target(units["Wind speed"], "Viento", "final")
        form = units["Form"].find(f"{X}segment/{X}target")
        etree.SubElement(form, X + "cp", hex="D800")  # a lone surrogate: not a character
        etree.SubElement(form, "{urn:example}b")  # not XLIFF inline content at all

    cat_tool(path, edit)
    report = import_xliff(project, path)
    reasons = sorted(re.sub(r"line \d+", "line N", r.message) for r in report.refused)
    assert reasons == [
        "line N: <cp hex='D800'> is not a character code; line N: unexpected <b> in <target>",
        "line N: <ph> with id 'x1' is not one of the source's placeholders",
        "placeholders do not match the source: missing placeholder <2/>",
        "placeholders do not match the source: unexpected placeholder <3/>"]
    after = PoFile.read(storm(project))
    assert after.find("Open <1>here</1>.").msgstr == "Abra <1>aquí</9>."
    assert [r.msgid for r in report.updated] == ["Wind speed"]
    assert after.find("Wind speed", "table").fuzzy is False


def test_several_segments_are_refused(project):
    path = export_storm(project)

    def split(units):
        unit = units["Wind speed"]
        segment = unit.find(X + "segment")
        unit.append(etree.fromstring(f'<ignorable xmlns="{NS}"><source> </source></ignorable>'))
        segment.find(X + "source").text = "Wind"
        unit.append(etree.fromstring(f'<segment xmlns="{NS}"><source>speed</source></segment>'))

    cat_tool(path, split)
    report = import_xliff(project, path)
    assert [(r.msgid, r.message) for r in report.refused] == [
        ("Wind speed", "the unit holds 3 parts, not one <segment>: join them in the CAT tool")]


GOOD_ROOT = f'<xliff xmlns="{NS}" version="2.0" srcLang="en" trgLang="es-MX">'


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD_ROOT + '\n<file id="2026:storm">\n<unit id="u1"><segment><source>x</segment></unit>',
     3, "malformed XML (column 35): mismatched tag"),
    ("", 1, "malformed XML (column 1): no element found"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', 1,
     "not XLIFF 2.0 (namespace urn:oasis:names:tc:xliff:document:1.2, version '1.2'): presslate reads XLIFF 2.0"),
    ("<html/>", 1, "not an XLIFF document: the root element is <html>"),
    (GOOD_ROOT.replace('"2.0"', '"3.0"') + "</xliff>", 1, "XLIFF version '3.0': presslate reads version=\"2.0\""),
    (GOOD_ROOT.replace("es-MX", "de") + "</xliff>", 1, "trgLang de is not one of the project's targets (es-MX, fr)"),
    (GOOD_ROOT.replace(' trgLang="es-MX"', "") + "</xliff>", 1, "<xliff> has no trgLang"),
    (GOOD_ROOT.replace('"en"', '"xx-nowhere"') + "</xliff>", 1, "srcLang: unknown language code 'xx-nowhere'"),
    (GOOD_ROOT.replace('"en"', '"de"') + "</xliff>", 1, "srcLang de is not the project's source language en"),
    (GOOD_ROOT + '\n\n<file id="2026:flood"/></xliff>', 3,
     "unknown file id '2026:flood': this project has no article '2026/flood' (was the file exported from another "
     "project?)"),
    (GOOD_ROOT + '<file id="2026:storm"/>\n<file id="2026:storm"/></xliff>', 2, "file id '2026:storm' appears twice"),
    (GOOD_ROOT + '<file id="2026:storm">\n<unit id="u1"><segment><source>x</source></segment></unit>\n'
     '<unit id="u1"><segment><source>x</source></segment></unit></file></xliff>', 3,
     "unit id 'u1' appears twice in this <file>"),
    (GOOD_ROOT + '<file id="2026:storm">\n<unit id="u1">\n<segment state="done"><source>x</source></segment>'
     "</unit></file></xliff>", 3, "unknown segment state 'done' (XLIFF 2.0 has initial, translated, reviewed, final)"),
    (GOOD_ROOT + '<file id="2026:storm">\n<unit id="u1"><segment><target>x</target></segment></unit></file></xliff>',
     2, "<segment> without <source>"),
    (GOOD_ROOT + '<file id="2026:storm">\n<unit id="u1"/></file></xliff>', 2, "unit u1 has no <segment>"),
    (GOOD_ROOT + '<file id="2026:storm">\n<unit><segment><source/></segment></unit></file></xliff>', 2,
     "<unit> without an id"),
    ('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
     + GOOD_ROOT + "&b;</xliff>", 2, "a DOCTYPE is not allowed in an XLIFF file"),
])
def test_bad_documents_change_nothing(project, text, line, message):
    path = project.root / "bad.xlf"
    path.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in (project.root / "locales").rglob("*.po")}
    with pytest.raises(InputError) as caught:
        import_xliff(project, path)
    assert (caught.value.path, caught.value.line, caught.value.message) == (str(path), line, message)
    assert {p: p.read_bytes() for p in before} == before


def test_nothing_is_written_before_the_whole_document_is_checked(project):
    path = export_storm(project)
    cat_tool(path, lambda units: set_target(units["Wind speed"], "Viento", "final"))
    text = path.read_text(encoding="utf-8").replace("</xliff>", '<file id="2026:nowhere"/></xliff>')
    path.write_text(text, encoding="utf-8")
    before = storm(project).read_bytes()
    with pytest.raises(InputError, match="unknown file id '2026:nowhere'") as caught:
        import_xliff(project, path)
    assert caught.value.line == text.count("\n", 0, text.index("2026:nowhere")) + 1
    assert storm(project).read_bytes() == before


def test_a_missing_file_or_catalog_is_an_input_error(project):
    with pytest.raises(InputError, match="cannot read the file"):
        import_xliff(project, project.root / "missing.xlf")
    path = export_storm(project)
    storm(project).unlink()
    with pytest.raises(InputError, match="no PO file locales/es_MX/LC_MESSAGES/2026/storm.po"):
        import_xliff(project, path)


# -- the PO file changed since the export (a translator saved it in Poedit meanwhile) ------------------

RIVER = "The river crested at 6.4 metres near <1>Millbrook <2/></1>."
CHECK = "Check the <1>live river gauge</1> before running <2/> on **Friday**."


def cli(cfg: config_mod.Config, *args: str, code: int):
    from click.testing import CliRunner

    from presslate.cli import main

    (cfg.root / "presslate.toml").write_text('[project]\nsource = "en"\ntargets = ["es-MX", "fr"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(cfg.root), *args])
    assert result.exit_code == code, result.output
    return result


def export_storm_cli(cfg: config_mod.Config) -> Path:
    path = cfg.root / "out" / "storm.xlf"
    cli(cfg, "export", "--xliff", str(path), "--lang", "es-MX", "--article", "articles/2026/storm.md", code=0)
    return path


def save_in_poedit(cfg: config_mod.Config, msgid: str, msgstr: str) -> bytes:
    """A translator's save after the export: the entry gets new text and is no longer fuzzy."""
    po = PoFile.read(storm(cfg))
    entry = po.find(msgid)
    entry.msgstr, entry.fuzzy, entry.previous_msgid = msgstr, False, None
    storm(cfg).write_bytes(po.serialize())
    return storm(cfg).read_bytes()


def test_a_po_edit_after_the_export_survives_an_untouched_unit(project):
    path = export_storm_cli(project)
    cat_tool(path, lambda units: set_target(units["Wind speed"], "Viento", "final"))  # another unit changes
    save_in_poedit(project, RIVER, "El río llegó a 6,4 metros junto a <1>Millbrook <2/></1>.")

    result = cli(project, "import", "--xliff", str(path), code=0)
    assert "1 updated, 9 unchanged, 0 stale, 0 refused" in result.output
    po = PoFile.read(storm(project))
    river = po.find(RIVER)
    assert (river.msgstr, river.fuzzy) == ("El río llegó a 6,4 metros junto a <1>Millbrook <2/></1>.", False)
    assert po.find("Wind speed", "table").msgstr == "Viento"


def test_a_status_change_in_the_po_file_survives_an_untouched_unit(project):
    """Reviewed in Poedit (fuzzy flag removed, same text): the export's fuzzy state does not come back."""
    path = export_storm_cli(project)
    saved = save_in_poedit(project, RIVER, "El río alcanzó 6,4 metros cerca de <1>Millbrook <2/></1>.")

    assert "0 updated, 10 unchanged" in cli(project, "import", "--xliff", str(path), code=0).output
    assert storm(project).read_bytes() == saved


def test_both_changed_is_a_conflict_that_keeps_the_po_file(project):
    path = export_storm_cli(project)
    cat_tool(path, lambda units: set_target(units["Check the "], "Mire el <1>medidor</1> antes de <2/>.", "final"))
    saved = save_in_poedit(project, CHECK, "Revise el <1>medidor del río</1> antes de correr <2/> el **viernes**.")

    result = cli(project, "import", "--xliff", str(path), code=1)
    assert storm(project).read_bytes() == saved  # the PO file's newer translation is kept, byte for byte
    assert "0 updated, 9 unchanged, 0 stale, 1 refused; 0 PO files written" in result.output
    assert ("changed in the PO file since the export: kept; the XLIFF's text was "
            "“Mire el <1>medidor</1> antes de <2/>.”") in result.output
    assert "locales/es_MX/LC_MESSAGES/2026/storm.po:" in result.output


def test_the_same_change_on_both_sides_is_no_conflict(project):
    path = export_storm_cli(project)
    text = "Revise el <1>medidor</1> antes de <2/>."
    cat_tool(path, lambda units: set_target(units["Check the "], text, "final"))
    saved = save_in_poedit(project, CHECK, text)

    assert "0 updated, 10 unchanged" in cli(project, "import", "--xliff", str(path), code=0).output
    assert storm(project).read_bytes() == saved


def test_without_the_record_the_target_wins_as_before(project):
    """Older exports and other tools' XLIFF carry no record of the starting translation: the target wins."""
    path = export_storm_cli(project)

    def edit(units):
        for unit in units.values():
            for metadata in unit.findall(M + "metadata"):
                for group in metadata.findall(f'{M}metaGroup[@category="presslate"]'):
                    metadata.remove(group)
        set_target(units["Check the "], "Mire el <1>medidor</1> antes de <2/>.", "final")

    cat_tool(path, edit)
    save_in_poedit(project, CHECK, "Revise el <1>medidor del río</1> antes de correr <2/> el **viernes**.")
    cli(project, "import", "--xliff", str(path), code=0)
    assert PoFile.read(storm(project)).find(CHECK).msgstr == "Mire el <1>medidor</1> antes de <2/>."
