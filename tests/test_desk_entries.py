"""The review desk's entry list and suggestions (issue 29): GET /api/entries filters, search, counts,
provenance of every suggestion, translator comments, a conflict's disk state, POST /api/check."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pytest
import test_review
from example_project import chunks, copy_example
from test_review import GAUGE, LOWERED, ROADS, UPDATE, Client, po_path

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.memory.store import Memory, Unit
from presslate.review import status as review_status
from presslate.workflow.articles import parse_article

WARNING = "2026/river-flood-warning"
CRESTED = "The river crested near 6.2 metres late on Saturday, lower than officials had feared."
T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "news")


client = test_review.client  # the fixture: a desk served on this project's root, shut down after the test


def entries(client: Client, **query) -> dict:
    status, payload = client.get(f"/api/entries?{urlencode({'lang': 'es', **query})}")
    assert status == 200, payload
    return payload


def loaded(client: Client, msgid: str) -> dict:
    """One entry of the update story as the desk loaded it (GET /api/article, as before issue 29)."""
    status, payload = client.get(f"/api/article?article={UPDATE}&lang=es")
    assert status == 200, payload
    return payload["entries"][msgid]


def status_counts(root: Path, article: str | None) -> dict[str, int]:
    """Entries per state as `presslate status` counts them (one article, or all of them)."""
    cfg = config_mod.load(root)
    rows = review_status.status(cfg, ["es"], lambda article_id, path: parse_article(cfg, article_id, path).doc)
    chosen = [r for r in rows if article is None or r.article == article]
    return {state: sum(r.entries[state] for r in chosen) for state in review_status.STATES if state != "obsolete"}


# -- filters and counts ------------------------------------------------------------------


@pytest.mark.parametrize("article", [UPDATE, None])
def test_counts_per_state_are_the_status_counts(client: Client, root: Path, article):
    payload = entries(client, **({"article": article} if article else {}))
    expected = status_counts(root, article)
    assert {s: payload["counts"][s] for s in expected} == expected
    assert payload["counts"]["all"] == sum(expected.values()) == len(payload["entries"])
    assert payload["counts"]["fuzzy"] == expected["machine"] + expected["edited"] + expected["changed"]
    assert payload["counts"]["unreviewed"] == payload["counts"]["all"] - expected["reviewed"]
    if article is None:
        assert {e["article"] for e in payload["entries"].values()} == {a["article"] for a in payload["articles"]}
        assert len(payload["articles"]) > 1


FILTERS = ("all", "reviewed", "edited", "machine", "changed", "refused", "untranslated", "fuzzy", "unreviewed")


@pytest.mark.parametrize("state", FILTERS)
def test_every_state_filter_selects_exactly_its_entries(client: Client, root: Path, state: str):
    everything = entries(client)  # every article
    payload = entries(client, state=state)
    wanted = set(payload["groups"][state])
    expected = {key for key, e in everything["entries"].items() if e["state"] in wanted}
    assert set(payload["entries"]) == expected
    assert len(payload["entries"]) == payload["counts"][state] == everything["counts"][state]
    assert all(s["key"] in payload["entries"] for s in payload["segments"])
    assert payload["state"] == state


def test_machine_filter_on_one_article(client: Client):
    payload = entries(client, article=UPDATE, state="machine")
    listed = [s["msgid"] for s in payload["segments"]]
    assert ROADS in listed and CRESTED in listed and LOWERED not in listed and GAUGE not in listed
    assert len(listed) == len(set(listed)) == payload["counts"]["machine"] == 4
    assert {e["state"] for e in payload["entries"].values()} == {"machine"}


def test_unfiltered_article_lists_every_segment_in_reading_order(client: Client, root: Path):
    payload = entries(client, article=UPDATE)
    cfg = config_mod.load(root)
    doc = parse_article(cfg, UPDATE, root / f"articles/{UPDATE}.md").doc
    assert [s["msgid"] for s in payload["segments"]] == [s.text for s in doc.segments()]
    assert [s["kind"] for s in payload["segments"]][:3] == ["front matter: title", "front matter: description", "heading 1"]


@pytest.mark.parametrize("q, found", [
    ("council", {ROADS}),  # the source
    ("CARRETERAS", {ROADS}),  # the translation, any case
    ("live river gauge", {GAUGE}),  # across the placeholder tags
    ("no such words anywhere", set()),
])
def test_search_source_and_translation_in_one_article(client: Client, q: str, found: set[str]):
    payload = entries(client, article=UPDATE, q=q)
    assert {e["msgid"] for e in payload["entries"].values()} == found
    assert payload["counts"]["all"] == len(found) and payload["q"] == q


def test_search_the_whole_project_and_count_what_it_found(client: Client):
    payload = entries(client, q="river")
    articles = {e["article"] for e in payload["entries"].values()}
    assert {UPDATE, WARNING} <= articles
    for e in payload["entries"].values():
        assert "river" in (e["msgid"] + e["msgstr"]).casefold() or "río" in e["msgstr"].casefold()
    machine = entries(client, q="river", state="machine")
    assert machine["counts"] == payload["counts"]  # counts: what the search found, before the state filter
    assert len(machine["entries"]) == payload["counts"]["machine"] > 0


def test_bad_filters_are_clear_errors(client: Client):
    status, payload = client.get("/api/entries?lang=es&state=done")
    assert status == 400 and "unknown state 'done'" in payload["message"] and "machine" in payload["message"]
    assert client.get("/api/entries?lang=de")[0] == 404
    assert client.get("/api/entries?lang=es&article=nope")[0] == 404
    assert client.get("/api/entries?lang=es&article=../presslate")[0] == 404


def test_the_whole_project_is_listed_in_pages_with_suggestions_for_the_page_only(client: Client):
    whole = entries(client, limit=1000)
    keys = list(whole["entries"])
    assert whole["total"] == len(keys) > 6
    seen = []
    for offset in range(0, len(keys), 4):
        page = entries(client, offset=offset, limit=4)
        assert page["total"] == len(keys) and page["counts"] == whole["counts"]  # counts are the project's
        assert len(page["entries"]) == min(4, len(keys) - offset)
        assert all("suggestions" in e for e in page["entries"].values())
        assert [s["key"] for s in page["segments"]] == list(page["entries"])  # rows: this page's entries only
        seen += list(page["entries"])
    assert seen == keys  # every entry once, in the same order
    assert entries(client)["limit"] == 200 and entries(client, article=UPDATE)["limit"] is None


@pytest.mark.parametrize("query", ["offset=-1", "offset=x", "limit=0", "limit=2.5"])
def test_bad_paging_is_a_clear_error(client: Client, query: str):
    status, payload = client.get(f"/api/entries?lang=es&{query}")
    assert status == 400 and "whole number" in payload["message"]


def test_the_page_without_an_article_is_the_whole_project(client: Client):
    status, page, _ = client.request("GET", "/edit?lang=es&state=machine&q=river")
    assert status == 200 and "every article" in page and 'data-article=""' in page


# -- suggestions and their provenance ------------------------------------------------------


def test_suggestions_carry_their_provenance_and_machine_output_ranks_below_human_work(client: Client, root: Path):
    with Memory.for_project(root) as memory:
        memory.add([
            Unit("en", "es", ROADS, "Informen al ayuntamiento de las carreteras dañadas.", T0, origin="tmx",
                 note="agency.tmx"),
            Unit("en", "es", ROADS, "Comuniquen al concejo las carreteras dañadas.", T0, origin="aligned",
                 note="archive/2019/roads.es.md", confidence=0.9),
        ])
        # the engine's output for ROADS, unfuzzied in some PO file and harvested as if reviewed (the newest pair)
        memory.record_mt("pseudo", "en", "es", [(ROADS, "El informe averió carreteras al consejo.", ROADS)])
        memory.harvest("2026/elsewhere", "en", "es", [(ROADS, "El informe averió carreteras al consejo.")],
                       datetime(2026, 12, 1, tzinfo=timezone.utc))
        memory.harvest("2026/people", "en", "es", [(ROADS, "Avisen al ayuntamiento de las carreteras dañadas.")], T0)
    entry = entries(client, article=UPDATE, q="council")["entries"][f"{UPDATE}\n{ROADS}"]
    shown = [(s["kind"], s["origin"], s["label"], s["target"]) for s in entry["suggestions"]]
    human = [s for s in shown if s[1] in ("reviewed", "tmx", "aligned")]
    assert {s[2] for s in human} == {"reviewed in presslate", "imported TMX", "aligned from the archive"}
    assert shown[:3] == human  # every human translation first, though the machine one is the newest
    assert shown[3] == ("exact", "machine", "machine output, unfuzzied", "El informe averió carreteras al consejo.")
    assert shown[4] == ("engine", "engine", "machine translation", "El informe averió carreteras al consejo.")
    assert len(shown) == 5
    assert [s["score"] for s in entry["suggestions"][:4]] == [100] * 4 and entry["suggestions"][4]["score"] is None
    aligned = next(s for s in entry["suggestions"] if s["origin"] == "aligned")
    assert aligned["note"] == "archive/2019/roads.es.md"
    assert entry["suggestions"][3]["current"] and entry["suggestions"][4]["current"]  # the text in the PO file
    assert entry["matches"] == entry["suggestions"][:4]


def test_a_fuzzy_match_that_is_machine_output_is_labelled_so(client: Client, root: Path):
    older = "Report damaged roads to the county."
    with Memory.for_project(root) as memory:
        memory.record_mt("pseudo", "en", "es", [(older, "El informe averió carreteras al condado.", older)])
        memory.harvest("2026/elsewhere", "en", "es", [(older, "El informe averió carreteras al condado.")], T0)
    entry = entries(client, article=UPDATE, q="council")["entries"][f"{UPDATE}\n{ROADS}"]
    fuzzy = [s for s in entry["suggestions"] if s["kind"] == "fuzzy"]
    assert [(s["origin"], s["source"]) for s in fuzzy] == [("machine", older)] and fuzzy[0]["score"] < 100


# -- saving: comments, conflicts ----------------------------------------------------------------


def test_translator_comments_are_shown_and_saved_through_the_po_layer(client: Client, root: Path):
    path = po_path(root)
    before = path.read_bytes()
    entry = loaded(client, ROADS)
    assert entry["translator_comments"] == []
    status, saved = client.save(msgid=ROADS, msgstr=entry["msgstr"], base=entry["version"],
                                comments=["ask the desk: council or city hall?", "second line\nthird line  "])
    assert status == 200, saved
    assert saved["translator_comments"] == ["ask the desk: council or city hall?", "second line", "third line"]
    after = path.read_bytes()
    changed = [(a, b) for a, b in zip(chunks(before), chunks(after)) if a != b]
    assert len(chunks(before)) == len(chunks(after)) and len(changed) == 2  # the header's date and that entry
    assert changed[1][1].startswith(b"# ask the desk: council or city hall?\n# second line\n# third line\n#. ")
    assert changed[1][1].split(b"\n", 3)[3] == changed[1][0]  # nothing else in the entry changed
    assert PoFile.read(path).find(ROADS).fuzzy  # a plain save leaves the flag
    again = entries(client, article=UPDATE, q="council")["entries"][f"{UPDATE}\n{ROADS}"]
    assert again["translator_comments"] == saved["translator_comments"] and again["version"] == saved["version"]
    # and removed again
    status, saved = client.save(msgid=ROADS, msgstr=entry["msgstr"], base=again["version"], comments=[])
    assert status == 200 and saved["translator_comments"] == []
    assert PoFile.read(path).find(ROADS).translator_comments == []


@pytest.mark.parametrize("comments, message", [(["a\0b"], "NUL"), ("one line", "list of strings"), ([1], "list of strings")])
def test_bad_comments_are_refused_and_nothing_is_written(client: Client, root: Path, comments, message):
    before = po_path(root).read_bytes()
    entry = loaded(client, ROADS)
    status, payload = client.save(msgid=ROADS, msgstr=entry["msgstr"], base=entry["version"], comments=comments)
    assert status == 400 and message in payload["message"]
    assert po_path(root).read_bytes() == before


def test_a_comment_edited_on_disk_is_a_conflict(client: Client, root: Path):
    entry = loaded(client, ROADS)
    po = PoFile.read(po_path(root))
    po.find(ROADS).translator_comments = ["from Poedit"]
    po_path(root).write_bytes(po.serialize())
    theirs = po_path(root).read_bytes()
    status, payload = client.save(msgid=ROADS, msgstr=entry["msgstr"], base=entry["version"], comments=["mine"])
    assert status == 409 and payload["disk"]["translator_comments"] == ["from Poedit"]
    assert po_path(root).read_bytes() == theirs


def test_a_refused_version_on_disk_is_never_shown_as_reviewed(client: Client, root: Path):
    """Conflict: the file's version is unfuzzied but build refuses it; "use the file's version" must
    paint it refused (the server says so), not green."""
    entry = loaded(client, GAUGE)
    po = PoFile.read(po_path(root))
    po.find(GAUGE).msgstr = "Consulte el medidor del río antes de salir."  # the tags are gone
    po.find(GAUGE).fuzzy = False
    po_path(root).write_bytes(po.serialize())
    status, payload = client.save(msgid=GAUGE, msgstr=entry["msgstr"], base=entry["version"])
    assert status == 409 and payload["disk"]["state"] == "refused"
    listed = entries(client, article=UPDATE, state="refused")
    assert [e["msgid"] for e in listed["entries"].values()] == [GAUGE]
    assert entries(client, article=UPDATE, state="reviewed")["counts"]["refused"] == 1


# -- checks as they type ----------------------------------------------------------------------


def test_checks_of_a_text_being_typed_are_the_saves_checks(client: Client, root: Path):
    before = po_path(root).read_bytes()
    body = {"article": UPDATE, "lang": "es", "msgid": GAUGE, "msgstr": "Consulte el medidor antes de salir."}
    status, judged, _ = client.request("POST", "/api/check", body)
    assert status == 200 and judged["refused"] and any("<1>" in r for r in judged["refused"])
    entry = entries(client, article=UPDATE)["entries"][f"{UPDATE}\n{GAUGE}"]
    status, refusal = client.save(msgid=GAUGE, msgstr=body["msgstr"], base=entry["version"], reviewed=True)
    assert status == 422 and refusal["refused"] == judged["refused"] and refusal["findings"] == judged["findings"]
    status, judged, _ = client.request("POST", "/api/check", {**body, "msgid": ROADS, "msgstr": "Avisen al consejo."})
    assert status == 200 and any(f["check"] == "glossary" for f in judged["findings"]) and not judged["refused"]
    assert client.request("POST", "/api/check", body, token=False)[0] == 403
    assert client.request("POST", "/api/check", {**body, "msgid": "not in the file"})[0] == 404
    assert po_path(root).read_bytes() == before  # a check writes nothing
