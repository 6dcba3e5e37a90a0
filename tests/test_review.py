"""presslate review: the desk's model and its HTTP API (load, save, conflict, refusal, token, paths)."""

from __future__ import annotations

import http.client
import json
import re
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_project import chunks, copy_example

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.desk import core
from presslate.desk.core import Desk, entry_version, word_diff
from presslate.desk.server import DeskServer
from presslate.memory.store import Memory
from presslate.review import status as review_status
from presslate.workflow.articles import parse_article
from presslate.workflow.build import build
from presslate.workflow.lock import project_lock

REPO = Path(__file__).resolve().parent.parent
UPDATE = "2026/river-flood-update"
ROADS = "Report damaged roads to the council."
GAUGE = "Check the <1>live river gauge</1> before travelling."
LOWERED = "The Alder River Authority lowered its alert to **level 1** on Sunday morning."


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "news")


class Client:
    def __init__(self, server: DeskServer):
        self.server = server
        self.port = server.server_address[1]

    def request(self, method: str, path: str, body=None, headers=None, token: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if token and method == "POST":
            headers.setdefault("X-Presslate-Token", self.server.token)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kind = response.getheader("Content-Type", "")
        return response.status, (json.loads(data) if kind.startswith("application/json") else data.decode()), response

    def get(self, path: str, **kwargs):
        status, payload, _ = self.request("GET", path, **kwargs)
        return status, payload

    def save(self, **fields):
        body = {"article": UPDATE, "lang": "es", "reviewed": None, **fields}
        status, payload, _ = self.request("POST", "/api/save", body)
        return status, payload


def serve(root: Path, host: str = "127.0.0.1", token: str | None = None, langs=None, **desk_options):
    server = DeskServer(Desk(config_mod.load(root), langs, **desk_options), host, 0, token)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def client(root: Path):
    server = serve(root)
    yield Client(server)
    server.shutdown()
    server.server_close()


def po_path(root: Path, article: str = UPDATE) -> Path:
    return root / f"locales/es/LC_MESSAGES/{article}.po"


def article(client: Client, name: str = UPDATE) -> dict:
    status, payload = client.get(f"/api/article?article={name}&lang=es")
    assert status == 200, payload
    return payload


# -- load -------------------------------------------------------------------------


def test_article_has_segments_in_order_with_entries_checks_memory_and_glossary(client: Client, root: Path):
    data = article(client)
    msgids = [s["msgid"] for s in data["segments"]]
    assert msgids[0] == "River authority lowers flood warning as water recedes"  # front matter title
    assert msgids.count(msgids[0]) == 2  # and the heading: one entry, two places
    assert GAUGE in msgids and ROADS in msgids
    roads = data["entries"][ROADS]
    assert roads["fuzzy"] and roads["state"] == "machine" and roads["msgstr"] == "El informe averió carreteras al consejo."
    assert [t["source"] for t in roads["terms"]] == ["council"]
    assert roads["terms"][0]["targets"] == ["ayuntamiento", "concejo"]
    assert any(f["check"] == "glossary" for f in roads["findings"])
    assert roads["refused"] == []

    lowered = data["entries"][LOWERED]
    assert lowered["state"] == "changed"
    assert lowered["previous"] == "The Alder River Authority raised its alert to **level 3** on Friday morning."
    assert ["-", "raised"] in lowered["diff"] and ["+", "lowered"] in lowered["diff"]
    assert ["-", "Friday"] in lowered["diff"] and ["+", "Sunday"] in lowered["diff"]
    # the memory knows the reviewed story this one follows
    assert [(m["kind"], m["current"]) for m in lowered["matches"]] == [("fuzzy", True)]  # it was filled from there
    assert lowered["matches"][0]["source"].startswith("The Alder River Authority raised its alert")
    assert 75 <= lowered["matches"][0]["score"] < 100

    gauge = data["entries"][GAUGE]
    assert gauge["state"] == "reviewed"
    assert [(m["kind"], m["score"], m["current"]) for m in gauge["matches"]] == [("exact", 100, True)]
    po = PoFile.read(po_path(root))
    assert gauge["version"] == entry_version(po.find(GAUGE))
    assert gauge["line"] == po.find(GAUGE).line


def test_overview_shows_the_status_figures(client: Client, root: Path):
    status, overview = client.get("/api/overview")
    assert status == 200
    cfg = config_mod.load(root)
    rows = review_status.status(cfg, cfg.targets, lambda article_id, path: parse_article(cfg, article_id, path).doc)
    expected = {(r.article, r.lang): round(r.percent_reviewed, 1) for r in rows}
    assert {(r["article"], r["lang"]): r["percent_reviewed"] for r in overview["rows"]} == expected
    assert expected[("2026/river-flood-warning", "es")] == 100.0
    status, page = client.get("/")
    assert status == 200
    assert '<tr data-article="2026/river-flood-warning" data-lang="es">' in page
    assert 'href="/edit?article=2026/river-flood-update&amp;lang=es"' in page
    warning_row = page.split('data-article="2026/river-flood-warning" data-lang="es"')[1].split("</tr>")[0]
    assert '<b class="pct">100%</b>' in warning_row


def test_desk_page_and_static_files(client: Client):
    status, page, response = client.request("GET", f"/edit?article={UPDATE}&lang=es")
    assert status == 200 and 'data-article="2026/river-flood-update"' in page
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert f'content="{client.server.token}"' in page
    for name, kind in (("desk.js", "text/javascript"), ("desk.css", "text/css")):
        status, body, response = client.request("GET", f"/static/{name}")
        assert status == 200 and response.getheader("Content-Type").startswith(kind) and len(body) > 1000


def test_word_diff():
    assert word_diff("rose to level 3 on Friday", "fell to level 1 on Friday") == [
        ["-", "rose"], ["+", "fell"], ["=", " to level "], ["-", "3"], ["+", "1"], ["=", " on Friday"]]
    assert word_diff("Check the <1>gauge</1>.", "Check the <1>gauge</1> now.") == [
        ["=", "Check the <1>gauge</1>"], ["+", " now"], ["=", "."]]


# -- save -------------------------------------------------------------------------


def test_mark_reviewed_changes_only_that_entry(client: Client, root: Path):
    before = po_path(root).read_bytes()
    roads = article(client)["entries"][ROADS]
    new = "Informe al ayuntamiento de las carreteras dañadas."
    status, saved = client.save(msgid=ROADS, msgstr=new, base=roads["version"], reviewed=True)
    assert status == 200, saved
    assert saved["fuzzy"] is False and saved["state"] == "reviewed" and saved["msgstr"] == new
    assert saved["findings"] == []  # the glossary term is there now
    after = po_path(root).read_bytes()
    old_chunks, new_chunks = chunks(before), chunks(after)
    assert len(old_chunks) == len(new_chunks)
    changed = [i for i, (a, b) in enumerate(zip(old_chunks, new_chunks)) if a != b]
    assert len(changed) == 2 and changed[0] == 0  # the header's date (see test_a_save_dates_the_header...)
    assert changed_lines(old_chunks[0], new_chunks[0]) == ["PO-Revision-Date"]
    assert new_chunks[changed[1]] == (
        b"#. list item\n#: articles/2026/river-flood-update.md:20\n"
        b'msgid "Report damaged roads to the council."\n'
        + f'msgstr "{new}"'.encode()
    )
    entry = PoFile.read(po_path(root)).find(ROADS)
    assert entry.msgstr == new and not entry.fuzzy
    assert saved["version"] == entry_version(entry)
    # the desk reads its own write: the page shows the entry reviewed
    assert article(client)["entries"][ROADS]["state"] == "reviewed"


def test_reviewing_a_changed_entry_drops_the_previous_msgid(client: Client, root: Path):
    lowered = article(client)["entries"][LOWERED]
    text = "La Autoridad del Río Alder bajó la alerta al **nivel 1** el domingo por la mañana."
    status, saved = client.save(msgid=LOWERED, msgstr=text, base=lowered["version"], reviewed=True)
    assert status == 200, saved
    entry = PoFile.read(po_path(root)).find(LOWERED)
    assert entry.previous_msgid is None and not entry.fuzzy and entry.msgstr == text


def test_save_without_review_keeps_fuzzy_and_unreview_sets_it(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    status, saved = client.save(msgid=ROADS, msgstr="Avise al concejo de carreteras dañadas.", base=roads["version"])
    assert status == 200 and saved["fuzzy"] is True and saved["msgstr"] == "Avise al concejo de carreteras dañadas."
    assert PoFile.read(po_path(root)).find(ROADS).fuzzy
    gauge = article(client)["entries"][GAUGE]
    status, saved = client.save(msgid=GAUGE, msgstr=gauge["msgstr"], base=gauge["version"], reviewed=False)
    assert status == 200 and saved["fuzzy"] is True
    assert PoFile.read(po_path(root)).find(GAUGE).fuzzy


# -- the header ----------------------------------------------------------------------

ANA = "Ana Pérez <ana@example.org>"
SAVED_AT = datetime(2026, 12, 1, 10, 5, 42, tzinfo=timezone(timedelta(hours=1)))


def changed_lines(old: bytes, new: bytes) -> list[str]:
    """The fields of the header lines that differ (the header keeps its number of lines)."""
    old_lines, new_lines = old.split(b"\n"), new.split(b"\n")
    assert len(old_lines) == len(new_lines)
    return [b.decode().strip('"').split(":")[0] for a, b in zip(old_lines, new_lines) if a != b]


@pytest.fixture
def ana(root: Path):
    server = serve(root, translator=ANA, clock=lambda: SAVED_AT)
    yield Client(server)
    server.shutdown()
    server.server_close()


def test_a_save_dates_the_header_and_names_the_translator(ana: Client, root: Path):
    before = po_path(root).read_bytes()
    roads = article(ana)["entries"][ROADS]
    status, saved = ana.save(msgid=ROADS, msgstr="Avise al ayuntamiento.", base=roads["version"], reviewed=True)
    assert status == 200 and saved["written"] is True, saved
    after = po_path(root).read_bytes()
    po = PoFile.parse(after)
    assert po.metadata()["PO-Revision-Date"] == "2026-12-01 10:05+0100"
    assert po.metadata()["Last-Translator"] == ANA
    # only those two lines of the header changed; its other lines (the wrapped Plural-Forms too) keep their bytes
    assert changed_lines(chunks(before)[0], chunks(after)[0]) == ["PO-Revision-Date", "Last-Translator"]
    assert b'"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? "\n"1 : 2);\\n"' in after
    changed = [i for i, (a, b) in enumerate(zip(chunks(before), chunks(after))) if a != b]
    assert changed == [0, chunks(before).index(next(c for c in chunks(before) if ROADS.encode() in c))]
    # the date is the desk's clock, in gettext's format; a later save moves it on
    later = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
    ana.server.desk.clock = lambda: later
    gauge = article(ana)["entries"][GAUGE]
    status, saved = ana.save(msgid=GAUGE, msgstr=gauge["msgstr"], base=gauge["version"], reviewed=False)
    assert status == 200 and saved["written"]
    assert PoFile.read(po_path(root)).metadata()["PO-Revision-Date"] == "2026-12-01 09:30+0000"


def test_without_a_translator_a_save_dates_the_header_in_local_time(client: Client, root: Path):
    before = po_path(root).read_bytes()
    assert PoFile.parse(before).metadata()["Last-Translator"] == ""
    roads = article(client)["entries"][ROADS]
    start = datetime.now().astimezone().replace(second=0, microsecond=0)
    status, saved = client.save(msgid=ROADS, msgstr="Avise al ayuntamiento.", base=roads["version"])
    assert status == 200, saved
    after = po_path(root).read_bytes()
    date = PoFile.parse(after).metadata()["PO-Revision-Date"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}", date)
    assert start <= datetime.strptime(date, "%Y-%m-%d %H:%M%z") <= datetime.now().astimezone()
    assert changed_lines(chunks(before)[0], chunks(after)[0]) == ["PO-Revision-Date"]  # Last-Translator left as it was


def test_a_save_that_changes_nothing_leaves_the_file_and_its_date_alone(ana: Client, root: Path):
    before = po_path(root).read_bytes()
    entries = article(ana)["entries"]
    roads, gauge = entries[ROADS], entries[GAUGE]
    for fields in ({"msgid": ROADS, "msgstr": roads["msgstr"], "base": roads["version"]},  # the same text, flag kept
                   {"msgid": ROADS, "msgstr": roads["msgstr"], "base": roads["version"], "reviewed": False},  # already fuzzy
                   {"msgid": GAUGE, "msgstr": gauge["msgstr"], "base": gauge["version"], "reviewed": True}):  # already reviewed
        status, saved = ana.save(**fields)
        assert status == 200 and saved["written"] is False, saved
        assert saved["version"] == fields["base"]
    assert po_path(root).read_bytes() == before


def test_our_header_change_is_no_conflict_but_an_outside_edit_is(ana: Client, root: Path):
    loaded = article(ana)["entries"]  # one page load, then several saves from it
    status, first = ana.save(msgid=ROADS, msgstr="Avise al ayuntamiento.", base=loaded[ROADS]["version"])
    assert status == 200, first
    status, saved = ana.save(msgid=GAUGE, msgstr="Mire el <1>medidor</1> antes de salir.",
                             base=loaded[GAUGE]["version"], reviewed=True)
    assert status == 200, saved  # the header our first save wrote is no conflict
    # someone in Poedit changes the header and the entry the desk saved
    text = po_path(root).read_text(encoding="utf-8").replace('"Language-Team: \\n"', '"Language-Team: Spanish <es@example.org>\\n"')
    po_path(root).write_text(text, encoding="utf-8")
    edit_on_disk(root, ROADS, "Comunique al ayuntamiento las carreteras dañadas.")
    on_disk = po_path(root).read_bytes()
    status, answer = ana.save(msgid=ROADS, msgstr="Mi versión.", base=first["version"])
    assert status == 409 and answer["error"] == "conflict"
    assert po_path(root).read_bytes() == on_disk
    # their header change survives our next save of another entry
    lowered = loaded[LOWERED]
    status, saved = ana.save(msgid=LOWERED, msgstr=lowered["msgstr"] + " ", base=lowered["version"])
    assert status == 200, saved
    after = po_path(root).read_bytes()
    assert PoFile.parse(after).metadata()["Language-Team"] == "Spanish <es@example.org>"
    assert chunks(after)[0] == chunks(on_disk)[0]  # the date and translator were already ours: the header keeps its bytes


@pytest.mark.parametrize("args, env, message", [
    (["--translator", "Ana Pérez"], {}, "--translator 'Ana Pérez': expected 'Full Name <email@example.org>'"),
    (["--translator", ""], {}, "--translator '': expected"),
    (["--translator", "Ana <ana@example.org>\nX-Evil: 1"], {}, "--translator 'Ana <ana@example.org>\\nX-Evil: 1'"),
    (["--translator", "FULL NAME <EMAIL@ADDRESS>"], {}, "--translator"),
    ([], {"PRESSLATE_TRANSLATOR": "ana@example.org"}, "PRESSLATE_TRANSLATOR='ana@example.org': expected"),
])
def test_a_bad_translator_is_a_usage_error(root: Path, monkeypatch, args, env, message):
    from presslate.desk import server as server_mod

    monkeypatch.setattr(server_mod.DeskServer, "serve_forever", lambda self: pytest.fail("the desk started"))
    result = CliRunner().invoke(main, ["-C", str(root), "review", "--port", "0", *args], env=env)
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.parametrize("args, env, expected", [
    (["--translator", "  Ana   Pérez<ana@example.org>"], {}, ANA),  # normalized
    ([], {"PRESSLATE_TRANSLATOR": ANA}, ANA),
    (["--translator", "Bo Li <bo@example.org>"], {"PRESSLATE_TRANSLATOR": ANA}, "Bo Li <bo@example.org>"),  # the option wins
    ([], {"PRESSLATE_TRANSLATOR": ""}, None),  # empty: unset
    ([], {}, None),
])
def test_the_translator_comes_from_the_option_else_the_environment(root: Path, monkeypatch, args, env, expected):
    from presslate.desk import server as server_mod

    seen = {}

    def stop(self):
        seen["translator"] = self.desk.translator
        raise KeyboardInterrupt

    monkeypatch.delenv("PRESSLATE_TRANSLATOR", raising=False)
    monkeypatch.setattr(server_mod.DeskServer, "serve_forever", stop)
    result = CliRunner().invoke(main, ["-C", str(root), "review", "--port", "0", *args], env=env)
    assert result.exit_code == 0, result.output
    assert seen["translator"] == expected
    assert (f"saves write Last-Translator: {expected}" if expected else "saves leave Last-Translator as it is") in result.output
    with pytest.raises(ValueError):
        Desk(config_mod.load(root), translator="nobody")


def test_translate_check_and_build_after_a_desk_save_keep_the_edit(ana: Client, root: Path):
    roads = article(ana)["entries"][ROADS]
    new = "Avise al ayuntamiento de las carreteras dañadas."
    status, saved = ana.save(msgid=ROADS, msgstr=new, base=roads["version"], reviewed=True)
    assert status == 200, saved
    saved_bytes = po_path(root).read_bytes()
    run = CliRunner().invoke(main, ["-C", str(root), "translate", "--no-mt", "--lang", "es"])
    assert run.exit_code == 0, run.output
    after = po_path(root).read_bytes()
    assert after == saved_bytes  # the merge keeps the edit, the header and every byte
    po = PoFile.parse(after)
    assert po.find(ROADS).msgstr == new and not po.find(ROADS).fuzzy
    assert po.metadata()["Last-Translator"] == ANA and po.metadata()["PO-Revision-Date"] == "2026-12-01 10:05+0100"
    with Memory.for_project(root) as memory:  # the reviewed edit went to the translation memory
        assert memory.exact("en", "es", ROADS).target == new
    again = CliRunner().invoke(main, ["-C", str(root), "translate", "--no-mt", "--lang", "es"])
    assert again.exit_code == 0 and po_path(root).read_bytes() == saved_bytes
    assert "skipped" in again.output or "unchanged" in again.output, again.output
    check = CliRunner().invoke(main, ["-C", str(root), "check", "--lang", "es"])
    assert "Last-Translator" not in check.output and "PO-Revision-Date" not in check.output
    report = build(config_mod.load(root), ["es"], include_fuzzy=True, min_translated=0, strict=False)
    built = (root / "build/es/2026/river-flood-update.md").read_text(encoding="utf-8")
    assert new in built and not [r for r in report.refusals if r.msgid == ROADS]


# -- conflict -----------------------------------------------------------------------


def edit_on_disk(root: Path, msgid: str, msgstr: str, fuzzy: bool | None = None) -> None:
    """What Poedit or a translate run does meanwhile."""
    po = PoFile.read(po_path(root))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    if fuzzy is not None:
        entry.fuzzy = fuzzy
    po_path(root).write_bytes(po.serialize())


def test_conflicting_edit_on_disk_is_not_overwritten(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    edit_on_disk(root, ROADS, "Comunique al ayuntamiento las carreteras dañadas.", fuzzy=False)
    on_disk = po_path(root).read_bytes()
    status, answer = client.save(msgid=ROADS, msgstr="Mi versión.", base=roads["version"], reviewed=True)
    assert status == 409 and answer["error"] == "conflict"
    assert answer["disk"]["msgstr"] == "Comunique al ayuntamiento las carreteras dañadas."
    assert answer["disk"]["fuzzy"] is False
    assert answer["mine"]["msgstr"] == "Mi versión."
    assert po_path(root).read_bytes() == on_disk  # nothing written
    # the user saw both and keeps theirs: the save names the disk version as its base
    status, saved = client.save(msgid=ROADS, msgstr="Mi versión.", base=answer["disk"]["version"], reviewed=True)
    assert status == 200, saved
    assert PoFile.read(po_path(root)).find(ROADS).msgstr == "Mi versión."


def test_a_change_to_another_entry_is_no_conflict_and_survives(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    edit_on_disk(root, GAUGE, "Mire el <1>medidor del río</1> antes de salir.")
    status, saved = client.save(msgid=ROADS, msgstr="Informe al ayuntamiento.", base=roads["version"], reviewed=True)
    assert status == 200, saved
    po = PoFile.read(po_path(root))
    assert po.find(GAUGE).msgstr == "Mire el <1>medidor del río</1> antes de salir."
    assert po.find(ROADS).msgstr == "Informe al ayuntamiento."


def test_an_entry_removed_from_the_file_is_reported(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    text = po_path(root).read_text(encoding="utf-8")
    po_path(root).write_text(text.replace(ROADS, "Report damaged bridges to the council."), encoding="utf-8")
    status, answer = client.save(msgid=ROADS, msgstr="x", base=roads["version"])
    assert status == 409 and answer["error"] == "gone"


# -- refusal --------------------------------------------------------------------------


@pytest.mark.parametrize("msgstr, reason", [
    ("Consulte el medidor del río antes de desplazarse.", "<1>"),  # the link's tags are gone
    ("Consulte el <1>medidor</1> <b>antes</b> de desplazarse.", "<b>"),  # markup the source lacks
    ("Consulte el <1>medidor del río antes de desplazarse.", "</1>"),  # half a tag pair
])
def test_a_translation_build_would_refuse_cannot_be_marked_reviewed(client: Client, root: Path, msgstr, reason):
    gauge = article(client)["entries"][GAUGE]
    before = po_path(root).read_bytes()
    status, answer = client.save(msgid=GAUGE, msgstr=msgstr, base=gauge["version"], reviewed=True)
    assert status == 422 and answer["error"] == "refused"
    assert answer["refused"] and reason in " ".join(answer["refused"])
    assert reason in answer["message"]
    assert po_path(root).read_bytes() == before
    # as work in progress (fuzzy), it is kept, with the reason shown
    status, saved = client.save(msgid=GAUGE, msgstr=msgstr, base=gauge["version"], reviewed=False)
    assert status == 200 and saved["fuzzy"] and saved["refused"]
    assert PoFile.read(po_path(root)).find(GAUGE).msgstr == msgstr


def test_an_empty_translation_cannot_be_marked_reviewed(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    status, answer = client.save(msgid=ROADS, msgstr="", base=roads["version"], reviewed=True)
    assert status == 422


def test_a_save_waits_for_the_project_lock_then_gives_up(client: Client, root: Path, monkeypatch):
    monkeypatch.setattr(core, "LOCK_WAIT", 0.2)
    roads = article(client)["entries"][ROADS]
    before = po_path(root).read_bytes()
    with project_lock(root):
        status, answer = client.save(msgid=ROADS, msgstr="Informe.", base=roads["version"], reviewed=True)
    assert status == 423 and "another presslate run" in answer["message"]
    assert po_path(root).read_bytes() == before
    status, _ = client.save(msgid=ROADS, msgstr="Informe.", base=roads["version"], reviewed=True)
    assert status == 200


# -- token, CSRF, hosts ------------------------------------------------------------------


def test_post_needs_the_token_header_and_json(client: Client, root: Path):
    roads = article(client)["entries"][ROADS]
    body = {"article": UPDATE, "lang": "es", "msgid": ROADS, "msgstr": "x", "base": roads["version"], "reviewed": True}
    before = po_path(root).read_bytes()
    status, answer, _ = client.request("POST", "/api/save", body, token=False)
    assert status == 403
    status, _, _ = client.request("POST", "/api/save", body, headers={"X-Presslate-Token": "guess"})
    assert status == 403
    # a cross-site form post: no custom header possible, and not JSON
    form = b"article=2026%2Friver-flood-update&lang=es"
    status, _, _ = client.request("POST", "/api/save", form, token=False,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, _ = client.request("POST", "/api/save", form, headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = client.request("POST", "/api/save", b"{not json", headers={"Content-Type": "application/json"})
    assert status == 400
    status, _, _ = client.request("POST", "/api/save", {**body, "reviewed": "yes"})
    assert status == 400
    assert po_path(root).read_bytes() == before


def test_loopback_desk_refuses_other_host_names(client: Client):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    status, _ = client.get("/", headers={"Host": f"evil.example:{client.port}"})
    assert status == 403
    status, _ = client.get("/", headers={"Host": f"localhost:{client.port}"})
    assert status == 200
    status, _ = client.get("/", headers={"Host": "127.0.0.1:1"})
    assert status == 403


def test_non_loopback_desk_needs_the_token_for_everything(root: Path):
    server = serve(root, host="0.0.0.0", token="s3cret-token")
    try:
        client = Client(server)
        assert server.url.endswith("/?token=s3cret-token")
        assert client.get("/")[0] == 401
        assert client.get(f"/api/article?article={UPDATE}&lang=es")[0] == 401
        assert client.get("/static/desk.js")[0] == 401
        assert client.get("/?token=wrong")[0] == 401
        status, _, response = client.request("GET", "/?token=s3cret-token")
        assert status == 200
        cookie = response.getheader("Set-Cookie")
        assert "SameSite=Strict" in cookie and "HttpOnly" in cookie
        assert client.get("/static/desk.js", headers={"Cookie": cookie.split(";")[0]})[0] == 200
        assert client.get("/api/overview", headers={"X-Presslate-Token": "s3cret-token"})[0] == 200
        # the cookie does not authorize a write: only the header does
        status, _, _ = client.request("POST", "/api/save", {"article": UPDATE}, token=False,
                                      headers={"Cookie": cookie.split(";")[0]})
        assert status == 403
    finally:
        server.shutdown()
        server.server_close()


def test_cli_generates_and_prints_a_token_off_loopback(root: Path, monkeypatch):
    from presslate.desk import server as server_mod

    seen = {}

    def stop(self):
        seen["token"] = self.token
        seen["reading"] = self.token_for_reading
        raise KeyboardInterrupt

    monkeypatch.setattr(server_mod.DeskServer, "serve_forever", stop)
    result = CliRunner().invoke(main, ["-C", str(root), "review", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["reading"] and len(seen["token"]) >= 20
    assert f"generated token {seen['token']}" in result.output
    assert re.search(rf"http://0\.0\.0\.0:\d+/\?token={re.escape(seen['token'])}", result.output)

    result = CliRunner().invoke(main, ["-C", str(root), "review", "--port", "0", "--lang", "es"])
    assert result.exit_code == 0 and "generated token" not in result.output
    assert re.search(r"presslate review: http://127\.0\.0\.1:\d+/ ", result.output)
    result = CliRunner().invoke(main, ["-C", str(root), "review", "--lang", "de"])
    assert result.exit_code == 2 and "not among the project's targets" in result.output


# -- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/api/article?article=../../presslate&lang=es",
    "/api/article?article=2026/../../../../etc/passwd&lang=es",
    "/api/article?article=%2e%2e/%2e%2e/presslate&lang=es",
    f"/api/article?article={UPDATE}&lang=../../../etc",
    f"/api/article?article={UPDATE}&lang=es/../../templates",
    "/api/article?article=/etc/passwd&lang=es",
    f"/api/article?article={UPDATE}&lang=es&article=other",
    "/edit?article=../presslate.toml&lang=es",
    "/static/../core.py",
    "/static/%2e%2e/core.py",
    "/static/desk.js/../../server.py",
    "/static//etc/passwd",
    "/../../../../etc/passwd",
    "/presslate.toml",
])
def test_no_path_outside_the_project_can_be_read(client: Client, path: str):
    status, payload = client.get(path)
    assert status == 404, payload
    text = json.dumps(payload) if isinstance(payload, dict) else payload
    assert "root:" not in text and "def " not in text and "[project]" not in text


@pytest.mark.parametrize("fields", [
    {"article": "../../presslate", "lang": "es"},
    {"article": "2026/../../presslate", "lang": "es"},
    {"article": UPDATE, "lang": "../templates"},
    {"article": UPDATE, "lang": "de"},  # not a target
])
def test_no_path_outside_the_project_can_be_written(client: Client, root: Path, fields):
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".presslate" not in p.parts}
    status, payload, _ = client.request("POST", "/api/save", {"msgid": ROADS, "msgstr": "x", "base": "", "reviewed": None,
                                                              **fields})
    assert status == 404, payload
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".presslate" not in p.parts} == files
    assert not (root.parent / "presslate.po").exists()


def test_languages_outside_the_desk_are_not_served(root: Path):
    server = serve(root, langs=["es"])
    try:
        client = Client(server)
        assert client.get(f"/api/article?article={UPDATE}&lang=fr")[0] == 404
        assert client.get(f"/api/article?article={UPDATE}&lang=es")[0] == 200
        assert {r["lang"] for r in client.get("/api/overview")[1]["rows"]} == {"es"}
    finally:
        server.shutdown()
        server.server_close()


def test_the_desk_refuses_what_build_refuses(client: Client, root: Path):
    """A translation saved as work in progress with a broken tag: build --include-fuzzy refuses it too."""
    gauge = article(client)["entries"][GAUGE]
    broken = "Consulte el <1>medidor</1> <2/> del río."
    status, saved = client.save(msgid=GAUGE, msgstr=broken, base=gauge["version"], reviewed=False)
    assert status == 200 and saved["refused"]
    report = build(config_mod.load(root), ["es"], include_fuzzy=True, min_translated=0, strict=True)
    refused = [r for r in report.refusals if r.msgid == GAUGE]
    assert refused and refused[0].message == "; ".join(saved["refused"])


def test_missing_catalog_and_broken_po_file_are_clear_errors(client: Client, root: Path):
    po_path(root).unlink()
    status, answer = client.get(f"/api/article?article={UPDATE}&lang=es")
    assert status == 404 and "run `presslate translate --lang es`" in answer["message"]
    po_path(root).write_text('msgid "x"\nmsgstr "y" garbage\n', encoding="utf-8")
    status, answer = client.get(f"/api/article?article={UPDATE}&lang=es")
    assert status == 500 and f"locales/es/LC_MESSAGES/{UPDATE}.po:2" in answer["message"]
    status, answer = client.save(msgid="x", msgstr="z", base="")
    assert status == 500 and ".po:2" in answer["message"]
    assert po_path(root).read_text(encoding="utf-8") == 'msgid "x"\nmsgstr "y" garbage\n'
