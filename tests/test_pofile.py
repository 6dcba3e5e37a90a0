"""Tests for presslate.catalog (pofile, po_reader, po_writer): lossless PO reading and writing."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.catalog.pofile import Entry, PoFile, PoSyntaxError

DATA = Path(__file__).parent / "data" / "po"
FIXTURES = sorted(DATA.glob("*.po"))

HEADER = (
    "Project-Id-Version: presslate-tests 1.0\n"
    "Report-Msgid-Bugs-To: \n"
    "POT-Creation-Date: 2024-03-01 10:00+0000\n"
    "PO-Revision-Date: 2024-03-02 11:30+0100\n"
    "Last-Translator: Ana Pérez <ana@example.org>\n"
    "Language-Team: Spanish <es@example.org>\n"
    "Language: es\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)
needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")


def values(entry: Entry) -> tuple:
    """An entry's public field values, for comparisons."""
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, dict(entry.msgstr_plural),
        list(entry.flags), list(entry.translator_comments), list(entry.extracted_comments),
        list(entry.references), entry.previous_msgctxt, entry.previous_msgid,
        entry.previous_msgid_plural, entry.obsolete,
    )


def reparse(po: PoFile) -> PoFile:
    return PoFile.parse(po.serialize())


def sample_file() -> PoFile:
    """A new file with every kind of entry, built through the API."""
    po = PoFile()
    po.header = Entry(msgid="", msgstr=HEADER, translator_comments=["Spanish translation.", ""])
    po.append(Entry(msgid="Breaking news", msgstr="Última hora", references=["content/index.md:1"],
                    extracted_comments=["Title of the front page."]))
    po.append(Entry(
        msgid="The council met on Monday to discuss the new transport plan, which would close the old "
              "bridge to cars and open two new bus lines before the summer.",
        msgstr="El consejo se reunió el lunes para debatir el nuevo plan de transporte, que cerraría el "
               "viejo puente a los coches y abriría dos nuevas líneas de autobús antes del verano.",
        references=[f"content/section{i}/article.md:{i * 10}" for i in range(8)],
        translator_comments=["Keep the tone informal."],
    ))
    po.append(Entry(msgid="Home", msgctxt="navigation", msgstr="Inicio"))
    po.append(Entry(msgid="Home", msgctxt="sports", msgstr="Local", flags=["fuzzy"],
                    previous_msgctxt="team", previous_msgid="Home team"))
    po.append(Entry(msgid='Quote: "hi"\tand C:\\dir\nnext line', msgstr='Cita: "hola"\ty C:\\dir\nsiguiente'))
    po.append(Entry(msgid="%(n)d reader", msgid_plural="%(n)d readers", flags=["python-format"],
                    msgstr_plural={0: "%(n)d lector", 1: "%(n)d lectores"}))
    po.append(Entry(msgid="Untranslated", msgstr=""))
    po.append(Entry(msgid="Gone", msgstr="Desaparecido", obsolete=True, previous_msgid="Went"))
    po.append(Entry(msgid="Gone", msgctxt="weather", msgstr="Ido", obsolete=True))
    return po


# --- fixtures ------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_is_written_back_byte_identical(path):
    data = path.read_bytes()
    assert PoFile.parse(data, str(path)).serialize() == data


def test_fixture_set_covers_the_required_layouts():
    names = {p.name for p in FIXTURES}
    assert {"crlf_kk.po", "mixed_eol_km.po", "msgmerge_es.po", "poedit_nowrap_de.po"} <= names
    crlf = (DATA / "crlf_kk.po").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n")
    mixed = (DATA / "mixed_eol_km.po").read_bytes()
    assert 0 < mixed.count(b"\r\n") < mixed.count(b"\n")


@pytest.mark.parametrize("name, nplurals", [
    ("plurals_1_ja.po", 1), ("plurals_2_de.po", 2), ("plurals_3_uk.po", 3), ("plurals_6_ar.po", 6),
])
def test_plural_fixtures(name, nplurals):
    po = PoFile.read(DATA / name)
    assert f"nplurals={nplurals};" in po.metadata()["Plural-Forms"]
    entry = po.find("%d article")
    assert entry.msgid_plural == "%d articles"
    assert sorted(entry.msgstr_plural) == list(range(nplurals))
    assert entry.is_translated()
    assert not po.find("Archive").is_translated()


def test_msgmerge_fixture_values():
    po = PoFile.read(DATA / "msgmerge_es.po")
    assert po.header.translator_comments[0] == "Spanish translation of presslate test articles."
    assert po.header.translator_comments[-1] == ""
    assert po.header.line == 1 and po.entries[0].line == 20

    lead = po.entries[1]
    assert lead.translator_comments == ["Keep the tone informal, as agreed with the editors.",
                                        "Second translator line."]
    assert lead.extracted_comments == ["Lead paragraph; <1> is a link."]
    assert lead.references == ["content/index.md:3", "content/archive.md:12", "content/feeds/rss.md:40",
                               "content/feeds/atom.md:41"]
    assert lead.flags == ["python-format"]
    assert lead.msgid.startswith("The council met on %(day)s") and lead.msgid.endswith("the summer.")

    assert po.find("Home", "navigation").msgstr == "Inicio"
    assert po.find("Home", "sports").msgstr == "Local"
    assert po.find("Home") is None

    fuzzy = po.find("Read the whole story", "link")
    assert fuzzy.fuzzy and not fuzzy.is_translated()
    assert (fuzzy.previous_msgctxt, fuzzy.previous_msgid) == ("button", "Read the full story")

    quote = po.find("She said: \"It\\'s over.\"\tThen she left.\nNobody answered.")
    assert quote.msgstr == 'Dijo: "Se acabó."\tY se fue.\nNadie respondió.'
    assert po.find("C:\\Users\\press\\notes.txt").msgstr == "C:\\Usuarios\\press\\notas.txt"

    obsolete = [e for e in po.entries if e.obsolete]
    assert [e.msgid for e in obsolete] == ["Older headline", "Sunny", "Breaking news", "Breaking news",
                                           obsolete[4].msgid]
    assert obsolete[0].previous_msgid == "Old headline" and obsolete[0].fuzzy
    assert obsolete[1].msgctxt == "weather"
    # Obsolete entries may repeat a msgid, even a live one: each keeps its own translation.
    assert po.find("Breaking news").msgstr == "Última hora"
    assert [e.msgstr for e in obsolete[2:4]] == ["Noticias de última hora", "Últimas noticias"]
    assert po.find("Sunny") is None
    assert po.find("Sunny", "weather", include_obsolete=True) is obsolete[1]


def test_odd_layout_values():
    po = PoFile.read(DATA / "odd_layout_fr.po")
    assert po.find("Comment block above").translator_comments == [
        "A comment separated from its entry by a blank line"]
    compact = po.find("Compact comments")
    assert compact.translator_comments == ["translator comment without a space"]
    assert compact.extracted_comments == ["extracted comment without a space"]
    assert compact.references == ["a.md:5"]
    assert compact.flags == ["fuzzy", "python-format"]
    assert po.find("Split into pieces").msgstr == "En morceaux"
    assert po.find("No blank line above").line == 21


# --- editing keeps everything else ---------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_editing_one_entry_keeps_the_others_byte_identical(path):
    po = PoFile.read(path)
    target = next(e for e in po.entries if not e.obsolete)
    if target.msgid_plural is None:
        target.msgstr = "Nueva traducción, bastante larga para que haya que partirla en dos líneas o más."
    else:
        target.msgstr_plural[0] = "forma nueva"
    out = po.serialize()
    again = PoFile.parse(out)
    original = PoFile.read(path)
    assert again.header._raw == original.header._raw
    assert len(again.entries) == len(original.entries)
    for old, new in zip(original.entries, again.entries):
        if old.msgid == target.msgid and old.msgctxt == target.msgctxt and not old.obsolete:
            assert values(new) == values(target)
            assert "\n" not in new._raw.replace(po.newline, "") and (po.newline == "\r\n" or "\r" not in new._raw)
        else:
            assert new._raw == old._raw
    assert again._trailer == original._trailer


def test_changed_entry_is_rendered_in_msgmerge_style_with_the_file_newline():
    po = PoFile.read(DATA / "crlf_kk.po")
    entry = po.find("Weather")
    entry.msgstr = "Ауа райы болжамы"
    entry.translator_comments.append("checked")
    out = po.serialize().decode()
    assert ("# checked\r\n#. (itstool) path: page/title\r\n#: C/weather.page:9\r\n"
            'msgid "Weather"\r\nmsgstr "Ауа райы болжамы"\r\n') in out
    assert out.count("\r\n") == out.count("\n")


def test_mixed_line_endings_keep_their_own_bytes_and_edits_use_the_dominant_one():
    data = (DATA / "mixed_eol_km.po").read_bytes()
    crlf = data.count(b"\r\n")
    assert crlf > data.count(b"\n") - crlf
    po = PoFile.parse(data)
    assert po.newline == "\r\n"
    po.find("Open").msgstr = "បើកឯកសារ"  # an entry written with LF endings
    old = '#: src/main.c:10\nmsgid "Open"\nmsgstr "បើក"\n'
    new = '#: src/main.c:10\r\nmsgid "Open"\r\nmsgstr "បើកឯកសារ"\r\n'
    assert po.serialize() == data.replace(old.encode(), new.encode())


def test_setting_a_field_to_its_value_changes_nothing():
    data = (DATA / "msgmerge_es.po").read_bytes()
    po = PoFile.parse(data)
    for entry in po.entries:
        entry.msgstr = str(entry.msgstr)
        entry.flags = list(entry.flags)
        entry.msgstr_plural = dict(entry.msgstr_plural)
        entry.fuzzy = entry.fuzzy
    po.set_metadata("Language", "es")
    assert po.serialize() == data


def test_fuzzy_flag_round_trip():
    data = (DATA / "msgmerge_es.po").read_bytes()
    po = PoFile.parse(data)
    entry = po.find("Home", "navigation")
    entry.fuzzy = True
    assert entry.flags == ["fuzzy"] and not entry.is_translated()
    assert b'#, fuzzy\nmsgctxt "navigation"' in po.serialize()
    entry.fuzzy = False
    assert po.serialize() == data


def test_append_insert_and_remove_keep_neighbours():
    data = (DATA / "msgmerge_es.po").read_bytes()
    po = PoFile.parse(data)
    po.append(Entry(msgid="New line", msgstr="Línea nueva", references=["content/new.md:1"]))
    assert po.serialize() == data + b'\n#: content/new.md:1\nmsgid "New line"\nmsgstr "L\xc3\xadnea nueva"\n'

    po = PoFile.parse(data)
    first = po.entries[0]
    po.insert(0, Entry(msgid="Inserted"))
    out = po.serialize().decode()
    assert f'\n\nmsgid "Inserted"\nmsgstr ""\n\n{first._raw}' in out
    assert out.replace('msgid "Inserted"\nmsgstr ""\n\n', "").encode() == data

    po = PoFile.parse(data)
    home = po.find("Home", "navigation")
    po.remove(home)
    assert po.find("Home", "navigation") is None
    assert po.serialize() == data.replace(home._raw.encode() + b"\n", b"")


def test_file_without_final_newline():
    data = (DATA / "no_final_newline_it.po").read_bytes()
    assert not data.endswith(b"\n")
    po = PoFile.parse(data)
    assert po.serialize() == data
    po.append(Entry(msgid="Added", msgstr="Aggiunto"))
    assert po.serialize() == data + b'\n\nmsgid "Added"\nmsgstr "Aggiunto"\n'


def test_byte_order_mark_is_kept():
    data = b'\xef\xbb\xbfmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    po = PoFile.parse(data)
    assert po.header is not None and po.find("a").msgstr == "b"
    po.header.translator_comments.append("edited")
    assert po.serialize().startswith(b'\xef\xbb\xbf# edited\nmsgid ""\n')


def test_find_follows_changes_to_entries():
    po = PoFile.read(DATA / "msgmerge_es.po")
    entry = po.find("Untranslated line")
    entry.msgid = "Renamed line"
    assert po.find("Untranslated line") is None
    assert po.find("Renamed line") is entry
    entry.obsolete = True
    assert po.find("Renamed line") is None
    assert po.find("Renamed line", include_obsolete=True) is entry
    direct = Entry(msgid="Added directly")
    po.entries.append(direct)
    assert po.find("Added directly") is direct


def test_duplicates_are_refused_on_insert():
    po = PoFile.read(DATA / "msgmerge_es.po")
    with pytest.raises(ValueError, match="already has an entry"):
        po.append(Entry(msgid="Home", msgctxt="navigation"))
    with pytest.raises(ValueError, match="header"):
        po.append(Entry(msgid=""))
    po.append(Entry(msgid="Home", msgctxt="navigation", obsolete=True))  # obsolete duplicates are fine


def test_metadata():
    po = PoFile.read(DATA / "msgmerge_es.po")
    meta = po.metadata()
    assert list(meta)[:3] == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"]
    assert meta["Language"] == "es" and meta["Report-Msgid-Bugs-To"] == ""
    before = [e._raw for e in po.entries]
    po.set_metadata("PO-Revision-Date", "2024-04-01 08:00+0200")
    po.set_metadata("X-Generator", "presslate 0.1.0")
    again = reparse(po)
    assert again.metadata()["PO-Revision-Date"] == "2024-04-01 08:00+0200"
    assert list(again.metadata())[-1] == "X-Generator"
    assert again.header.translator_comments == po.header.translator_comments
    assert [e._raw for e in again.entries] == before
    with pytest.raises(ValueError):
        po.set_metadata("Content-Type", "text/plain; charset=ISO-8859-1")
    with pytest.raises(ValueError):
        po.set_metadata("Bad\nKey", "x")


SAVED = {"PO-Revision-Date": "2026-12-01 10:05+0100", "Last-Translator": "Ana Pérez <ana@example.org>"}


def header_lines(data: bytes) -> list[bytes]:
    """The header entry's lines (up to the first blank line)."""
    return data.split(b"\n\n", 1)[0].split(b"\n")


@pytest.mark.parametrize("name, text, expected", [
    ("a field per line, Plural-Forms wrapped",
     'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"PO-Revision-Date: 2024-03-02 11:30+0100\\n"\n'
     '"Last-Translator: \\n"\n"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? "\n'
     '"1 : 2);\\n"\n\nmsgid "a"\nmsgstr "b"\n',
     'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"PO-Revision-Date: 2026-12-01 10:05+0100\\n"\n'
     '"Last-Translator: Ana Pérez <ana@example.org>\\n"\n"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 '
     '&& n % 1000000 == 0 ? "\n"1 : 2);\\n"\n\nmsgid "a"\nmsgstr "b"\n'),
    ("missing fields go to gettext's place; CRLF and indentation kept",
     '# c\r\n#, fuzzy\r\nmsgid ""\r\nmsgstr ""\r\n  "Project-Id-Version: x\\n"\r\n  "Language: es\\n"\r\n'
     '  "X-Generator: Poedit 3.4\\n"\r\n\r\nmsgid "a"\r\nmsgstr "b"\r\n',
     '# c\r\n#, fuzzy\r\nmsgid ""\r\nmsgstr ""\r\n  "Project-Id-Version: x\\n"\r\n'
     '  "PO-Revision-Date: 2026-12-01 10:05+0100\\n"\r\n  "Last-Translator: Ana Pérez <ana@example.org>\\n"\r\n'
     '  "Language: es\\n"\r\n  "X-Generator: Poedit 3.4\\n"\r\n\r\nmsgid "a"\r\nmsgstr "b"\r\n'),
    ("one string for the whole header, other escapes kept",
     'msgid ""\nmsgstr "Project-Id-Version: \\x41\\nPO-Revision-Date: old\\nLast-Translator: \\"Q\\" <q@x>\\n'
     'Language: es\\n"\n',
     'msgid ""\nmsgstr "Project-Id-Version: \\x41\\nPO-Revision-Date: 2026-12-01 10:05+0100\\n'
     'Last-Translator: Ana Pérez <ana@example.org>\\nLanguage: es\\n"\n'),
    ("a field split over two strings becomes one",
     'msgid ""\nmsgstr ""\n"Last-Translator: A long name "\n"<a@x>\\nLanguage-Team: es\\n"\n'
     '"PO-Revision-Date: 2020-01-01 10:00+0000\\n"\n',
     'msgid ""\nmsgstr ""\n"Last-Translator: Ana Pérez <ana@example.org>\\n"\n"Language-Team: es\\n"\n'
     '"PO-Revision-Date: 2026-12-01 10:05+0100\\n"\n'),
    ("no line break at the end of the file",
     'msgid ""\nmsgstr ""\n"X-Foo: y"',
     'msgid ""\nmsgstr ""\n"X-Foo: y\\n"\n"PO-Revision-Date: 2026-12-01 10:05+0100\\n"\n'
     '"Last-Translator: Ana Pérez <ana@example.org>\\n"'),
])
def test_set_header_fields_rewrites_only_those_lines(name, text, expected):
    po = PoFile.parse(text.encode())
    po.set_header_fields(SAVED)
    assert po.serialize().decode() == expected, name
    again = PoFile.parse(po.serialize())
    assert {k: again.metadata()[k] for k in SAVED} == SAVED
    po.set_header_fields(SAVED)  # the same values again: nothing changes
    assert po.serialize().decode() == expected


def test_set_header_fields_keeps_a_real_header_byte_for_byte():
    data = (DATA / "msgmerge_es.po").read_bytes()
    po = PoFile.parse(data)
    po.set_header_fields({"PO-Revision-Date": "2026-12-01 10:05+0100", "Last-Translator": "Bo Li <bo@example.org>"})
    out = po.serialize()
    assert len(header_lines(data)) == len(header_lines(out))
    assert [(a, b) for a, b in zip(header_lines(data), header_lines(out)) if a != b] == [
        (b'"PO-Revision-Date: 2024-03-02 11:30+0100\\n"', b'"PO-Revision-Date: 2026-12-01 10:05+0100\\n"'),
        ("\"Last-Translator: Ana Pérez <ana@example.org>\\n\"".encode(), b'"Last-Translator: Bo Li <bo@example.org>\\n"'),
    ]
    assert out.split(b"\n\n", 1)[1] == data.split(b"\n\n", 1)[1]  # the entries too
    po.set_header_fields({"Last-Translator": "Bo Li <bo@example.org>"})  # already so: no change
    assert po.serialize() == out


def test_set_header_fields_of_a_new_or_changed_header_renders_it():
    po = sample_file()
    po.set_header_fields(SAVED)
    assert {k: reparse(po).metadata()[k] for k in SAVED} == SAVED
    po = PoFile.parse(PoFile.read(DATA / "msgmerge_es.po").serialize())
    po.header.translator_comments.append("edited")
    po.set_header_fields(SAVED)
    again = reparse(po)
    assert again.header.translator_comments[-1] == "edited" and again.metadata()["PO-Revision-Date"] == SAVED["PO-Revision-Date"]
    for bad in ({"Bad:Key": "x"}, {"Last-Translator": "a\nb"}, {"Last-Translator": "a\rb"}, {" ": "x"}):
        with pytest.raises(ValueError):
            po.set_header_fields(bad)


# --- writing new entries ---------------------------------------------------------


def test_new_file_is_written_like_msginit():
    po = PoFile()
    po.set_metadata("Project-Id-Version", "demo 1.0")
    po.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    po.append(Entry(msgid="Hello", references=["a.md:1"]))
    po.append(Entry(msgid="%d file", msgid_plural="%d files"))
    assert po.serialize() == (
        b'msgid ""\nmsgstr ""\n"Project-Id-Version: demo 1.0\\n"\n'
        b'"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'#: a.md:1\nmsgid "Hello"\nmsgstr ""\n\n'
        b'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    assert PoFile().serialize() == b""


def test_wrapping_follows_gnu_gettext():
    text = "word " * 20 + "end"
    po = PoFile()
    po.append(Entry(msgid="short\nsecond", msgstr=text, references=[f"dir/file{i:02}.md:{i}" for i in range(7)]))
    po.append(Entry(msgid="x" * 90, msgstr="ends with newline\n", obsolete=True, previous_msgid=text))
    assert po.serialize().decode() == (
        "#: dir/file00.md:0 dir/file01.md:1 dir/file02.md:2 dir/file03.md:3\n"
        "#: dir/file04.md:4 dir/file05.md:5 dir/file06.md:6\n"
        'msgid ""\n"short\\n"\n"second"\n'
        'msgstr ""\n"' + "word " * 15 + '"\n"' + "word " * 5 + 'end"\n'
        "\n"
        '#~| msgid ""\n#~| "' + "word " * 14 + '"\n#~| "' + "word " * 6 + 'end"\n'
        '#~ msgid "' + "x" * 90 + '"\n'
        '#~ msgstr "ends with newline\\n"\n'
    )


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext not installed")
def test_wrapping_matches_msgcat(tmp_path):
    rnd = random.Random(7)
    words = ["word", "a", ":mod:`os.path`", "``literal``", "e-mail", "3-4", "foo/bar", "x:y", "(paren)",
             "[br]", "1.5", "end.", "comma,", "what?", "«quote»", "“curly”", '"dq"', "back\\slash", "tab\there",
             "a|b", "…", "—", "50%", "$5", "中文测试", "「引用」", "テスト。", "naïve", "<b>", "&amp;",
             "http://example.com/path?q=1", "a" * 54, "\n"]
    po = PoFile()
    po.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    for i in range(300):
        text = "".join(rnd.choice(words) + rnd.choice([" ", " ", "  ", "", "\n"]) for _ in range(rnd.randint(1, 40)))
        po.append(Entry(msgid=f"m{i}", msgstr=text, obsolete=i % 5 == 0,
                        previous_msgid=text if i % 7 == 0 else None))
    ours = tmp_path / "ours.po"
    ours.write_bytes(po.serialize())
    subprocess.run(["msgcat", str(ours), "-o", str(tmp_path / "gnu.po")], check=True)
    gnu = PoFile.read(tmp_path / "gnu.po")
    mine = PoFile.read(ours)
    mismatched = [e.msgid for e in mine.entries if gnu.find(e.msgid, include_obsolete=True)._raw != e._raw]
    assert mismatched == []


@needs_gettext
def test_output_passes_msgfmt_check(tmp_path):
    path = tmp_path / "sample.po"
    path.write_bytes(sample_file().serialize())
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@needs_gettext
def test_edited_fixture_passes_msgfmt_check(tmp_path):
    po = PoFile.read(DATA / "plurals_3_uk.po")
    po.find("%d article").msgstr_plural[1] = "%d статті (нове)"
    po.find("Archive").msgstr = "Архів"
    path = tmp_path / "edited.po"
    path.write_bytes(po.serialize())
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_polib_reads_our_output_to_the_same_values(tmp_path):
    po = sample_file()
    path = tmp_path / "sample.po"
    path.write_bytes(po.serialize())
    theirs = polib.pofile(str(path))
    assert theirs.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    ours = po.entries
    active = [e for e in ours if not e.obsolete]
    assert len(theirs) == len(ours)
    for mine, other in zip(active, [e for e in theirs if not e.obsolete]):
        assert (other.msgctxt, other.msgid, other.msgstr) == (mine.msgctxt, mine.msgid, mine.msgstr)
        assert other.msgid_plural == (mine.msgid_plural or "")
        assert {int(k): v for k, v in other.msgstr_plural.items()} == mine.msgstr_plural
        assert other.flags == mine.flags
        assert other.occurrences == [tuple(r.rsplit(":", 1)) for r in mine.references]
        assert other.previous_msgid == mine.previous_msgid
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in theirs.obsolete_entries()] == [
        (e.msgctxt, e.msgid, e.msgstr) for e in ours if e.obsolete]


# --- errors ------------------------------------------------------------------------


HEAD = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


@pytest.mark.parametrize("body, line, fragment", [
    ('msgid "open\nmsgstr ""\n', 4, "unterminated string"),
    ('msgid "ends with a backslash\\"\nmsgstr ""\n', 4, "unterminated string"),
    ('msgid "a"\nmsgstr "bad \\q escape"\n', 5, "invalid escape sequence \\q"),
    ('msgid "a"\nmsgctxt "late"\nmsgstr ""\n', 4, "msgstr missing"),
    ('msgctxt "c"\nmsgctxt "c"\nmsgid "a"\nmsgstr ""\n', 5, "keyword out of order: found msgctxt where msgid"),
    ('msgid "a"\nmsgstr "b"\nmsgid_plural "as"\n', 6, "keyword out of order: found msgid_plural"),
    ('# comment\nmsgstr "b"\n', 5, "found msgstr where msgctxt or msgid was expected"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 6, "found msgstr where a new entry"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 4, "msgstr missing"),
    ('msgid "a"\n', 4, "msgstr missing"),
    ('msgid "a"\n# comment\nmsgstr ""\n', 4, "msgstr missing"),
    ('msgctxt "c"\n', 4, "msgctxt must be followed by a msgid"),
    ('msgid "a"\nmsgstr "1"\n\n#: x.md:2\nmsgid "a"\nmsgstr "2"\n', 7, "duplicate msgid 'a': already defined at line 4"),
    ('msgctxt "c"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "2"\n', 8,
     "duplicate msgid 'a' with msgctxt 'c': already defined at line 4"),
    ('msgid ""\nmsgstr ""\n', 4, "duplicate header"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', 4, "1 msgstr[n] line but the header's Plural-Forms says nplurals=2"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n', 4, "3 msgstr[n] lines"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 7, "expected msgstr[1] here, found msgstr[2]"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 6, "needs msgstr[0], msgstr[1]"),
    ('msgid "a"\nmsgstr[0] "x"\n', 5, "msgstr[0] is only allowed after msgid_plural"),
    ('#~ msgid "a"\nmsgstr "b"\n', 5, "mixes obsolete (#~) lines with active lines"),
    ('msgid "a"\nmsgstr "b"\nhello\n', 6, "unexpected text 'hello'"),
    ('msgid "a" trailing\nmsgstr "b"\n', 4, "unexpected text after the closing quote"),
    ('msgid\nmsgstr "b"\n', 4, 'msgid needs a quoted string'),
    ('# comment\n"orphan"\n', 5, "a quoted string must follow a keyword"),
    ('#| msgstr "old"\nmsgid "a"\nmsgstr ""\n', 4, "not msgstr"),
])
def test_syntax_errors_carry_the_line(body, line, fragment):
    with pytest.raises(PoSyntaxError) as info:
        PoFile.parse(HEAD + body, "fr.po")
    assert info.value.line == line
    assert fragment in info.value.message
    assert str(info.value) == f"fr.po:{line}: {info.value.message}"


def test_msgstr_at_start_of_file():
    with pytest.raises(PoSyntaxError, match="keyword out of order: msgstr before any msgid") as info:
        PoFile.parse('\nmsgstr "b"\n')
    assert info.value.line == 2


def test_header_must_come_first():
    with pytest.raises(PoSyntaxError, match="header and must come first") as info:
        PoFile.parse('msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr ""\n')
    assert info.value.line == 4 and info.value.path is None


def test_invalid_utf8_reports_its_line():
    data = (HEAD + 'msgid "a"\nmsgstr "b"\n\nmsgid "caf\xe9"\nmsgstr ""\n').encode("latin-1")
    with pytest.raises(PoSyntaxError, match="invalid UTF-8") as info:
        PoFile.parse(data, "x.po")
    assert info.value.line == 7


@pytest.mark.parametrize("latin1_bytes", [True, False])
def test_other_charsets_are_refused_clearly(latin1_bytes):
    text = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
            'msgid "coffee"\nmsgstr "' + ("café" if latin1_bytes else "cafe") + '"\n')
    with pytest.raises(PoSyntaxError, match="unsupported charset ISO-8859-1.*msgconv") as info:
        PoFile.parse(text.encode("latin-1"))
    assert info.value.line == 4


def test_templates_with_placeholder_charset_are_read():
    po = PoFile.parse('msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "a"\nmsgstr ""\n')
    assert po.find("a") is not None


# --- scale ---------------------------------------------------------------------------


def big_file(count: int) -> bytes:
    po = PoFile()
    po.header = Entry(msgid="", msgstr=HEADER)
    for i in range(count):
        if i % 10 == 0:
            po.append(Entry(msgid=f"{i} file", msgid_plural=f"{i} files", msgstr_plural={0: "a", 1: "b"}))
        else:
            po.append(Entry(msgid=f"Sentence number {i} of a long article about the city council and its "
                                  f"transport plan for the coming years.",
                            msgstr=f"Frase número {i}", references=[f"content/article{i}.md:{i}"],
                            flags=["fuzzy"] if i % 7 == 0 else []))
    return po.serialize()


def test_parse_and_serialize_5000_entries_round_trip():
    # Its speed is measured by bench/bench_po.py (make bench), never asserted in a test.
    data = big_file(5000)
    po = PoFile.parse(data)
    assert po.serialize() == data and len(po.entries) == 5000


# --- properties ------------------------------------------------------------------------


# NUL and EOT (msgctxt's separator in .mo files) cannot be in a PO string: GNU gettext refuses both.
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=120)
line_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r"), max_size=40)
token = st.text("abcdefghijklmnopqrstuvwxyz0123456789_./:-", min_size=1, max_size=20)
flag = st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=15)


@st.composite
def entries(draw, nplurals: int) -> Entry:
    plural = draw(st.booleans())
    entry = Entry(
        msgid=draw(text.filter(bool)),
        msgctxt=draw(st.none() | text),
        flags=draw(st.lists(flag, max_size=3)),
        translator_comments=draw(st.lists(line_text, max_size=3)),
        extracted_comments=draw(st.lists(line_text, max_size=2)),
        references=draw(st.lists(token, max_size=12)),
        previous_msgctxt=draw(st.none() | text),
        previous_msgid=draw(st.none() | text),
        obsolete=draw(st.booleans()),
    )
    if entry.previous_msgid is None:  # a #| msgctxt or msgid_plural goes with a #| msgid only
        entry.previous_msgctxt = None
    if plural:
        entry.msgid_plural = draw(text)
        entry.previous_msgid_plural = None if entry.previous_msgid is None else draw(st.none() | text)
        entry.msgstr_plural = {i: draw(text) for i in range(nplurals)}
    else:
        entry.msgstr = draw(text)
    return entry


@st.composite
def po_files(draw) -> PoFile:
    nplurals = draw(st.integers(1, 6))
    po = PoFile(newline=draw(st.sampled_from(["\n", "\r\n"])))
    po.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    po.set_metadata("Plural-Forms", f"nplurals={nplurals}; plural=0;")
    keys = set()
    for entry in draw(st.lists(entries(nplurals), max_size=12)):
        if (entry.msgctxt, entry.msgid) not in keys:
            keys.add((entry.msgctxt, entry.msgid))
            po.append(entry)
    return po


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_files())
def test_round_trip_of_random_entries(po):
    data = po.serialize()
    again = PoFile.parse(data)
    assert again.metadata() == po.metadata()
    assert [values(e) for e in again.entries] == [values(e) for e in po.entries]
    assert again.serialize() == data


def messy(po: PoFile, rnd: random.Random) -> bytes:
    """Write ``po`` the way assorted tools and hand edits do: odd wrapping, spacing and line endings."""
    out = []

    def put(line):
        out.append(line + rnd.choice(["\n", "\n", "\r\n"]))

    def string(prefix, keyword, value):
        escaped = value.translate(str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t",
                                                 "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}))
        cuts = sorted(rnd.sample(range(len(escaped) + 1), min(len(escaped) + 1, rnd.randint(0, 3))))
        pieces, last = [], 0
        for cut in cuts:
            backslashes = len(escaped[:cut]) - len(escaped[:cut].rstrip("\\"))
            cut += backslashes % 2  # never split an escape sequence
            if cut > last:
                pieces.append(escaped[last:cut])
                last = cut
        pieces.append(escaped[last:])
        put(f'{prefix}{keyword}{rnd.choice([" ", "  ", chr(9)])}"{pieces[0]}"')
        for piece in pieces[1:]:
            put(f'{prefix}"{piece}"{rnd.choice(["", " "])}')

    for n, entry in enumerate([po.header, *po.entries]):
        if n:
            for _ in range(rnd.randint(1, 2)):
                put(rnd.choice(["", "", "  "]))
        for comment in entry.translator_comments:
            put(f"# {comment}" if comment else "#")
        for comment in entry.extracted_comments:
            put(f"#. {comment}" if comment else "#.")
        refs = list(entry.references)
        while refs:
            take = rnd.randint(1, len(refs))
            put("#: " + " ".join(refs[:take]))
            refs = refs[take:]
        if entry.flags:
            put("#," + ",".join(rnd.choice(["", " "]) + f for f in entry.flags))
        prefix = "#~ " if entry.obsolete else ""
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            value = getattr(entry, f"previous_{keyword}")
            if value is not None:
                string("#~| " if entry.obsolete else "#| ", keyword, value)
        if entry.msgctxt is not None:
            string(prefix, "msgctxt", entry.msgctxt)
        string(prefix, "msgid", entry.msgid)
        if entry.msgid_plural is not None:
            string(prefix, "msgid_plural", entry.msgid_plural)
            for i, form in sorted(entry.msgstr_plural.items()):
                string(prefix, f"msgstr[{i}]", form)
        else:
            string(prefix, "msgstr", entry.msgstr)
    return "".join(out).encode()


def new_translation(entry: Entry, rnd: random.Random) -> None:
    entry.msgid_plural = None
    entry.msgstr_plural = {}
    entry.msgstr = f"edit {rnd.random()} " * 9


EDITS = {
    "msgstr": new_translation,
    "flag": lambda e, r: e.flags.append("no-wrap"),
    "fuzzy": lambda e, r: setattr(e, "fuzzy", not e.fuzzy),
    "comment": lambda e, r: e.translator_comments.append("reviewed"),
    "previous": lambda e, r: setattr(e, "previous_msgid", "an older source text"),
    "obsolete": lambda e, r: setattr(e, "obsolete", not e.obsolete),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_files(), st.randoms(use_true_random=False), st.data())
def test_edits_leave_untouched_entries_byte_identical(po, rnd, data):
    source = messy(po, rnd)
    parsed = PoFile.parse(source)
    assert [values(e) for e in parsed.entries] == [values(e) for e in po.entries]
    assert parsed.serialize() == source

    originals = {id(e): e._raw for e in parsed.entries}
    touched = set()
    for index in data.draw(st.lists(st.integers(0, max(len(parsed.entries) - 1, 0)), max_size=4)):
        if not parsed.entries:
            break
        entry = parsed.entries[index]
        kind = data.draw(st.sampled_from(sorted(EDITS)))
        if kind == "obsolete" and entry.obsolete and parsed.find(entry.msgid, entry.msgctxt) is not None:
            continue
        EDITS[kind](entry, rnd)
        touched.add(id(entry))
    if parsed.entries and data.draw(st.booleans()):
        removed = parsed.entries[data.draw(st.integers(0, len(parsed.entries) - 1))]
        parsed.remove(removed)
        touched.add(id(removed))
    if data.draw(st.booleans()):
        new = Entry(msgid="a brand new entry \u2603", msgstr="nueva")
        if parsed.find(new.msgid) is None:
            parsed.insert(data.draw(st.integers(0, len(parsed.entries))), new)

    again = PoFile.parse(parsed.serialize())
    assert len(again.entries) == len(parsed.entries)
    for mine, read in zip(parsed.entries, again.entries):
        assert values(read) == values(mine)
        if id(mine) in originals and id(mine) not in touched:
            assert read._raw == originals[id(mine)]
