"""What happens to a segment just before and just after the engine call.

Before: line breaks become spaces, glossary do-not-translate names (and,
with ``[mt] protect_names``, the names found anywhere in the segment's own
article, see :mod:`presslate.review.names`) become placeholders, and a Title
Case heading is sent in sentence case (:mod:`presslate.headline`), keeping
the capital of the words its own article's body capitalises.  With the
``[mt]`` rules on (defaults in :data:`DEFAULT_MT_RULES`): dates, clock times
and numbers travel as placeholders and come back in the target's CLDR form
(``dates``, ``numbers``: :mod:`presslate.engines.data_spans`), quotations
travel as a paired tag and come back around the same words in ``[style]
quotes`` marks (``quote_pairs``: :mod:`presslate.engines.quote_pairs`),
Title Case runs that read as headlines get the heading treatment
(``headline_lists``), and ``keep_names`` protects the names
:mod:`presslate.review.kept_names` finds.  Both come,
as :class:`Evidence`, from all of the article's segments,
translated before or not, so a segment translated alone in a later run is
sent as a fresh run would send it.  After: the names come back, the enabled
repair rules run (:mod:`presslate.engines.repair`) and headings get the
target's style.  The pseudo engine gets none of this: its output is not a
language.

The MT cache (:mod:`presslate.memory.store`) is keyed on what :meth:`Prep.prepare`
sends, and :meth:`Prep.finish` runs on cached and fresh outputs alike; so a
change of glossary, found names, heading evidence or setting either changes
the text sent (the engine is asked again) or only the finish step (applied
to the cached output), and no translation made under other settings is
ever reused as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from presslate.engines import data_spans, quote_pairs
from presslate.engines.repair import DEFAULT_RULES, Repairer
from presslate.headline import default_style, is_title_case, style_heading, to_sentence_case
from presslate.review import name_modifiers
from presslate.review.glossary import Glossary, protect
from presslate.review.names import with_names

__all__ = ["DEFAULT_MT_RULES", "DEFAULT_PROTECT_NAMES", "Evidence", "Prep", "is_headline_like",
           "lower_after_placeholders", "mt_rule", "protects_names"]

DEFAULT_PROTECT_NAMES = False
"""Chosen with `make eval-rules` (see docs/engines.md): protecting names lowered chrF on the dev pairs."""

DEFAULT_MT_RULES = {"dates": True, "numbers": True, "quote_pairs": True, "headline_lists": True, "keep_names": True,
                    "name_modifiers": True}
"""``[mt] dates / numbers / quote_pairs / headline_lists / keep_names`` when presslate.toml does not say
(chosen with `make eval-rules`)."""


def mt_rule(rules: Mapping[str, bool] | None, name: str) -> bool:
    """An ``[mt]`` on/off rule as configured, or its default."""
    return {**DEFAULT_MT_RULES, **(rules or {})}[name]

Restore = Callable[[str], "str | None"]


@functools.lru_cache(maxsize=4096)  # asked for each msgid when it is collected, prepared and finished
def is_headline_like(msgid: str) -> bool:
    """A Title Case run that is not a heading but reads as a headline (a related story, a link to one):
    Title Case with six words or more, no sentence inside, and not a list (two commas, a colon: "Team: Ann
    Lee, Bo Ma, …") or a name ("GNU Free Documentation License")."""
    plain = re.sub(r"</?\d+/?>", " ", msgid).strip()
    words = re.findall(r"[^\W\d_][\w'’-]*", plain)
    capitals = [w for w in words if w[0].isupper()]
    return (len(words) >= 6 and len(capitals) >= 3 and is_title_case(msgid) and plain.count(",") < 2
            and ":" not in plain and not re.search(r"[.!?]\s+\S", plain))


def _chain(restores: list[Restore]) -> Restore:
    """One restore: the last protection first, None as soon as one fails."""
    def restore(output: str) -> str | None:
        for step in reversed(restores):
            output = step(output)
            if output is None:
                return None
        return output

    return restore


def protects_names(setting: bool | None) -> bool:
    """``[mt] protect_names`` as configured, or the default."""
    return DEFAULT_PROTECT_NAMES if setting is None else setting


@dataclass
class Evidence:
    """What a msgid's articles say about it, gathered over all of their segments."""

    capitalised: set[str] = field(default_factory=set)  # for a heading: words its body capitalises (headline.proper_nouns)
    names: set[str] = field(default_factory=set)  # with protect_names: names found in the body (review.names)


class Prep:
    """The before/after steps for one language of one run."""

    def __init__(self, glossary: Glossary, engine: str, source: str, lang: str,
                 headings: set[str] | frozenset[str] = frozenset(), repair: Iterable[str] | None = None,
                 protect_names: bool | None = None, heading_style: str | None = None,
                 evidence: Mapping[str, Evidence] | None = None, rules: Mapping[str, bool] | None = None,
                 quote_style: str | None = None):
        self.active = engine != "pseudo"
        self.lang = lang
        self.style = heading_style or default_style(lang)
        self.headings = headings
        self.repairer = Repairer(DEFAULT_RULES if repair is None else repair, source, lang, engine)
        self.repairer.warm()  # its lt-proc loads while the segments are prepared and translated
        self.protect_names = protects_names(protect_names)
        self.glossary = glossary
        self.keep = {word for name in glossary.do_not_translate for word in name.split()}
        self.evidence = evidence or {}
        on = {**DEFAULT_MT_RULES, **(rules or {})}
        english = source.replace("-", "_").partition("_")[0].lower() == "en"
        self.dates = self.active and english and on["dates"]
        self.numbers = self.active and english and on["numbers"]
        self.quote_pairs = self.active and on["quote_pairs"]
        self.headline_lists = self.active and self.style != "keep" and on["headline_lists"]
        self.keep_names = on["keep_names"]
        self.name_modifiers = (self.active and english and on["name_modifiers"]
                               and name_modifiers.wants_reorder(lang))
        self.readings: dict[str, list[str]] = {}
        self.quote_style = quote_style or quote_pairs.DEFAULT_QUOTE_STYLE

    def _styled(self, msgid: str) -> bool:
        """Whether ``msgid`` gets heading treatment: a heading, or (headline_lists) a headline-like run."""
        return msgid in self.headings or (self.headline_lists and is_headline_like(msgid))

    def prepare_all(self, msgids: Iterable[str]) -> dict[str, tuple[str, Restore]]:
        """:meth:`prepare` for each of ``msgids``, the analyser asked once for all of them."""
        msgids = list(msgids)
        if self.name_modifiers:
            self.readings = name_modifiers.readings_for(msgids)
        return {msgid: self.prepare(msgid) for msgid in msgids}

    def prepare(self, msgid: str) -> tuple[str, Restore]:
        """The text to send to the engine, and how to turn its output back into a translation."""
        text = re.sub(r"\s*\n\s*", " ", msgid)
        evidence = self.evidence.get(msgid) or Evidence()
        found = sorted(evidence.names) if self.active and (self.protect_names or self.keep_names) else []
        glossary = with_names(self.glossary, found) if found else self.glossary
        protected, restore = protect(text, glossary)
        restores = [restore]
        if self.dates or self.numbers:
            protected, restore = data_spans.protect(protected, self.lang, self.dates, self.numbers)
            restores.append(restore)
        if self.quote_pairs:
            protected, restore = quote_pairs.protect(protected, self.lang, self.quote_style)
            restores.append(restore)
        if self.name_modifiers:
            readings = self.readings or name_modifiers.readings_for([protected])
            protected = name_modifiers.reorder(protected, readings)
        if self.active:
            casing = lower_after_placeholders(text, protected)
            if casing is not None:
                restores.append(casing)  # the chain runs it first, on the engine's output as it came
        if self.active and self.style != "keep" and self._styled(msgid) and is_title_case(protected):
            keep = self.keep | {word for name in found for word in name.split()}
            protected = to_sentence_case(protected, keep | evidence.capitalised)
        return protected, _chain(restores) if len(restores) > 1 else restores[0]

    def finish(self, msgids: list[str], prepared: list[tuple[str, Restore]], outputs: list[str]) -> list[str | None]:
        """Restored, repaired and styled translations; None where the engine failed or lost a name."""
        restored = [restore(out) if out else None for (_, restore), out in zip(prepared, outputs)]
        if not self.active:
            return restored
        repaired = self.repairer.repair_batch(msgids, restored)
        if self.style == "keep":
            return repaired
        result = []
        for msgid, translation in zip(msgids, repaired):
            if translation and self._styled(msgid) and _starts_upper(msgid):
                translation = style_heading(translation, self.style, self.lang)
            result.append(translation)
        return result


def lower_after_placeholders(text: str, protected: str) -> Restore | None:
    """Undo the capital an engine gives the word after a placeholder that opens a sentence.

    Apertium reads a placeholder at the start of a text as no word and capitalises the next one:
    "<1/> steps down" (Karthik Ram steps down) comes back as "<1/> Da un paso".  When ``protected``
    (``text`` with its placeholders) has a lower-case word after one of the placeholders it added,
    a capitalised word after that placeholder in the output gets its lower case back, unless
    ``text`` itself writes that word capitalised (a name the engine moved there)."""
    own = set(re.findall(r"<(\d+)/>", text))
    lower = [n for n in dict.fromkeys(re.findall(r"<(\d+)/>\s+[^\W\d_A-Z]", protected)) if n not in own]
    if not lower:
        return None
    after = re.compile(rf"(<(?:{'|'.join(lower)})/>\s+)([^\W\d_])([^\W\d_]*)")

    def fix(output: str) -> str:
        def one(m: re.Match) -> str:
            word = m.group(2) + m.group(3)
            if not m.group(2).isupper() or m.group(3) != m.group(3).lower() or re.search(rf"\b{re.escape(word)}\b", text):
                return m.group()
            return m.group(1) + m.group(2).lower() + m.group(3)
        return after.sub(one, output)

    return fix


def _starts_upper(text: str) -> bool:
    first = re.search(r"[^\W\d_]", re.sub(r"</?\d+/?>", " ", text))
    return first is not None and first.group().isupper()
