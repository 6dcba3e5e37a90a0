"""Property: no reviewed translation is ever lost, whatever editors and translators do.

A hypothesis state machine edits an article (change, insert, delete and move
sentences and paragraphs, change the title), acts as a translator (translate
an entry, clear fuzzy, change it, add a comment) and runs translate and build
in any order.  After every step, every translation a translator reviewed is
still in the PO file — live, fuzzy with the old source as ``#| msgid``, or
obsolete — and a reviewed entry whose sentence did not change keeps its exact
bytes (apart from the ``#:``/``#.`` lines presslate owns, which follow the
article: a sentence that moved down gets a new line number).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from presslate import config as config_mod
from presslate.catalog.pofile import PoFile
from presslate.engines.pseudo import PseudoEngine
from presslate.workflow.build import build as build_project
from presslate.workflow.translate import translate as translate_project

EXAMPLES = int(os.environ.get("PRESSLATE_PROPERTY_EXAMPLES", "150"))
WORDS = ["council", "bridge", "river", "mayor", "storm", "library", "school", "road", "market", "station"]
VERBS = ["opens", "closes", "reopens", "floods", "grows", "waits"]
DAYS = ["Monday", "Tuesday", "Friday", "today", "tonight"]

sentence = st.builds(
    lambda a, v, d, b: f"The {a} {v} near the {b} {d}.", st.sampled_from(WORDS), st.sampled_from(VERBS),
    st.sampled_from(DAYS), st.sampled_from(WORDS),
)
paragraph = st.lists(sentence, min_size=1, max_size=3)


def owned_by_translator(raw: str) -> str:
    """An entry's text without the comment lines presslate regenerates."""
    return "".join(line for line in raw.splitlines(True) if not line.startswith(("#:", "#.")))


class NoReviewedWorkLost(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="presslate-prop-"))
        (self.dir / "articles").mkdir()
        (self.dir / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es"], "pseudo"))
        self.config = config_mod.load(self.dir)
        self.title = "Storm news"
        self.paragraphs: list[list[str]] = [["The storm closes the road today."]]
        self.reviewed: set[tuple[str, str]] = set()  # (msgid it was written for, msgstr)
        self.counter = 0
        self.write_article()
        translate_project(self.config, lambda lang: PseudoEngine(), ["es"])

    def teardown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- the world -----------------------------------------------------------

    @property
    def po_path(self) -> Path:
        return self.config.po_path("es", "story")

    def write_article(self) -> None:
        body = "\n\n".join(" ".join(p) for p in self.paragraphs)
        text = f"---\ntitle: {self.title}\n---\n\n{body}\n"
        (self.dir / "articles" / "story.md").write_text(text, encoding="utf-8")

    def po(self) -> PoFile:
        return PoFile.read(self.po_path)

    def sentences(self) -> list[tuple[int, int]]:
        return [(p, s) for p, para in enumerate(self.paragraphs) for s in range(len(para))]

    # -- editors ---------------------------------------------------------------

    @rule(data=st.data(), new=sentence)
    def change_sentence(self, data, new):
        p, s = data.draw(st.sampled_from(self.sentences()))
        self.paragraphs[p][s] = new
        self.write_article()

    @rule(data=st.data(), new=sentence)
    def insert_sentence(self, data, new):
        p = data.draw(st.integers(0, len(self.paragraphs) - 1))
        self.paragraphs[p].insert(data.draw(st.integers(0, len(self.paragraphs[p]))), new)
        self.write_article()

    @precondition(lambda self: len(self.sentences()) > 1)
    @rule(data=st.data())
    def delete_sentence(self, data):
        p, s = data.draw(st.sampled_from(self.sentences()))
        del self.paragraphs[p][s]
        self.paragraphs = [para for para in self.paragraphs if para]
        self.write_article()

    @rule(data=st.data(), new=paragraph)
    def insert_paragraph(self, data, new):
        self.paragraphs.insert(data.draw(st.integers(0, len(self.paragraphs))), new)
        self.write_article()

    @precondition(lambda self: len(self.paragraphs) > 1)
    @rule(data=st.data())
    def move_paragraph(self, data):
        moved = self.paragraphs.pop(data.draw(st.integers(0, len(self.paragraphs) - 1)))
        self.paragraphs.insert(data.draw(st.integers(0, len(self.paragraphs))), moved)
        self.write_article()

    @rule(title=st.sampled_from(["Storm news", "Storm update", "Council news", "Road closed"]))
    def change_title(self, title):
        self.title = title
        self.write_article()

    # -- translators -----------------------------------------------------------

    @rule(data=st.data(), comment=st.booleans())
    def translator_reviews(self, data, comment):
        po = self.po()
        live = [e for e in po.entries if not e.obsolete]
        entry = data.draw(st.sampled_from(live))
        self.counter += 1
        old = entry.msgstr
        # Overwriting a translation is the translator's own choice, not a loss.
        self.reviewed = {(m, t) for m, t in self.reviewed
                         if not (t == old and m in (entry.msgid, entry.previous_msgid))}
        entry.msgstr = f"traducción {self.counter} de {entry.msgid}"
        entry.fuzzy = False
        if comment:
            entry.translator_comments = entry.translator_comments + [f"revisado {self.counter}"]
        self.po_path.write_bytes(po.serialize())
        self.reviewed.add((entry.msgid, entry.msgstr))

    @rule(data=st.data())
    def translator_clears_fuzzy(self, data):
        po = self.po()
        fuzzy = [e for e in po.entries if not e.obsolete and e.fuzzy and e.msgstr]
        if not fuzzy:
            return
        entry = data.draw(st.sampled_from(fuzzy))
        # Accepting a carried-over translation rebinds it to the new sentence, and
        # Poedit drops the "#|" lines when it clears fuzzy.
        self.reviewed.discard((entry.previous_msgid, entry.msgstr))
        entry.fuzzy = False
        entry.previous_msgid = None
        self.po_path.write_bytes(po.serialize())
        self.reviewed.add((entry.msgid, entry.msgstr))

    # -- presslate -------------------------------------------------------------

    @rule()
    def translate(self):
        before = self.live_reviewed_raw()
        translate_project(self.config, lambda lang: PseudoEngine(), ["es"])
        after = self.live_reviewed_raw()
        for msgid, raw in before.items():
            if msgid in after:
                assert owned_by_translator(after[msgid]) == owned_by_translator(raw)

    @rule()
    def build(self):
        before = self.po_path.read_bytes()
        build_project(self.config, ["es"], include_fuzzy=False, min_translated=0, strict=False)
        assert self.po_path.read_bytes() == before

    def live_reviewed_raw(self) -> dict[str, str]:
        po = self.po()
        data = self.po_path.read_bytes().decode("utf-8")
        raws = {}
        for entry in po.entries:
            if not entry.obsolete and not entry.fuzzy and entry.msgstr:
                start = data.index(f'\nmsgid "{entry.msgid}"') + 1
                head = data.rfind("\n\n", 0, start) + 2
                end = data.find("\n\n", start)
                raws[entry.msgid] = data[head : end if end >= 0 else len(data)].rstrip("\n")
        return raws

    @invariant()
    def every_reviewed_translation_is_kept(self):
        po = self.po()
        for msgid, msgstr in self.reviewed:
            assert any(
                e.msgstr == msgstr and msgid in (e.msgid, e.previous_msgid)
                for e in po.entries
            ), f"lost {msgstr!r} (written for {msgid!r})"


NoReviewedWorkLost.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_no_reviewed_translation_is_lost = NoReviewedWorkLost.TestCase
