"""``[mt] keep_names`` learning from the translation memory (issue 27): a name the project's translators
kept in English in earlier pairs is protected from the engine; one they translated, or one only the MT
cache has, is not.  The memories are built in the tests; no engine is needed (a recording engine
returns what it is sent)."""

from __future__ import annotations

from datetime import datetime, timezone

from echo_engine import EchoEngine

from presslate import config as config_mod
from presslate.catalog.pofile import read_po
from presslate.memory.store import Memory, Unit
from presslate.workflow.translate import translate

WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)
ARTICLE = "Yesterday our Community Manager wrote a long report about the Open Science meetup.\n"
MSGID = ARTICLE.strip()





def project(tmp_path, pairs=(), origin="aligned", mt=(), keep_names=True):
    (tmp_path / "articles").mkdir(parents=True)
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "presslate.toml").write_text(
        f'[project]\nsource = "en"\ntargets = ["es"]\n\n[mt]\nkeep_names = {str(keep_names).lower()}\n',
        encoding="utf-8")
    cfg = config_mod.load(tmp_path)
    with Memory.for_project(cfg.root) as memory:
        memory.add(Unit("en", "es", source, target, WHEN, origin=origin) for source, target in pairs)
        memory.store_mt("other:1", "en", "es", mt)
    engine = EchoEngine()
    translate(cfg, lambda _: engine, ["es"])
    got = {e.msgid: e.msgstr for e in read_po(cfg.po_path("es", "a"), cfg).entries}
    return engine.sent, got[MSGID]


KEPT = [("Please ask the Community Manager before the call.", "Pregunta al Community Manager antes de la llamada.")]


def test_a_name_the_translators_kept_is_protected(tmp_path):
    sent, msgstr = project(tmp_path, KEPT)
    assert len(sent) == 1 and "Community Manager" not in sent[0]  # a placeholder went to the engine
    assert "Community Manager" in msgstr
    assert "Open Science" in sent[0]  # no pair holds it: left to the engine


def test_reviewed_and_tmx_pairs_count_like_aligned_ones(tmp_path):
    for origin in ("reviewed", "tmx"):
        sent, _ = project(tmp_path / origin, KEPT, origin=origin)
        assert "Community Manager" not in sent[0], origin


def test_a_name_translated_in_one_pair_goes_to_the_engine(tmp_path):
    translated = KEPT + [("Our Community Manager left.", "Nuestra gestora de comunidad se fue.")]
    sent, _ = project(tmp_path, translated)
    assert "Community Manager" in sent[0]


def test_a_name_only_inside_a_longer_word_run_is_not_evidence(tmp_path):
    sent, _ = project(tmp_path, [("Community Managers met.", "Los Community Managers se reunieron.")])
    assert "Community Manager" in sent[0]


def test_the_mt_cache_never_counts(tmp_path):
    sent, _ = project(tmp_path, mt=[("Please ask the Community Manager.", "Pregunta al Community Manager.")])
    assert "Community Manager" in sent[0]


def test_without_human_pairs_nothing_changes(tmp_path):
    sent, _ = project(tmp_path)
    assert sent == [MSGID]


def test_keep_names_off_ignores_the_memory(tmp_path):
    sent, _ = project(tmp_path, KEPT, keep_names=False)
    assert sent == [MSGID]


def test_kept_in_english_asks_only_about_the_names_given(tmp_path):
    with Memory(tmp_path / "tm.sqlite") as memory:
        memory.add([Unit("en", "es", "Open Science and the Linux Fund grew.", "Open Science y el Linux Fund crecieron.",
                         WHEN),
                    Unit("en", "es", "The Linux Fund paid.", "El fondo Linux pagó.", WHEN)])
        assert memory.kept_in_english("en", "es", ["Open Science", "Linux Fund", "Free Software"]) == {"Open Science"}
        assert memory.kept_in_english("en", "fr", ["Open Science"]) == set()
