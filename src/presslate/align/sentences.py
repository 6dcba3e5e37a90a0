"""Sentences of paired blocks, paired in turn: Gale–Church over lengths, helped by anchors.

Within one block pair (or a merged pair) the English and the translated
sentences are paired in order by dynamic programming over "beads": 1–1,
1–0 and 0–1 (a sentence the other side left out), 2–1 and 1–2 (a sentence
split or joined in translation).  A bead's cost is Gale and Church's
length cost plus the −log of its prior, lowered when the two sides share
anchors (numbers, names, links, code) and raised when they disagree.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from presslate.align.anchors import agreement, anchors, markup_keys
from presslate.align.beads import best_beads
from presslate.align.blocks import length_cost
from presslate.document import Segment
from presslate.inline import strip_tags

__all__ = ["SentencePair", "align_sentences"]

# Gale and Church's priors of each bead shape, as costs.
_PRIOR = {(1, 1): -math.log(0.89), (1, 0): -math.log(0.0099 / 2), (0, 1): -math.log(0.0099 / 2),
          (2, 1): -math.log(0.089 / 2), (1, 2): -math.log(0.089 / 2)}
ANCHOR_WEIGHT = 3.0


@dataclass
class SentencePair:
    en: list[Segment]
    es: list[Segment]
    cost: float
    confidence: float


def _info(segment: Segment) -> tuple[int, Counter]:
    return max(1, len(strip_tags(segment.text))), anchors(segment.text, markup_keys(segment))


def _bead_cost(en: list[tuple[int, Counter]], es: list[tuple[int, Counter]]) -> tuple[float, float]:
    """(cost, confidence) of pairing these sentences."""
    length = length_cost(sum(n for n, _ in en), sum(n for n, _ in es))
    a_en: Counter = Counter()
    a_es: Counter = Counter()
    for _, a in en:
        a_en.update(a)
    for _, a in es:
        a_es.update(a)
    shared = agreement(a_en, a_es)
    cost = length + _PRIOR[(len(en), len(es))]
    if shared is not None:
        cost += ANCHOR_WEIGHT * (0.5 - shared)
    # Confidence: how likely the lengths are, nudged by the anchors, lowered for a split or a join.
    sure = math.exp(-length / 2)
    if shared is not None:
        sure = 0.6 * sure + 0.4 * shared
    if len(en) + len(es) > 2:
        sure *= 0.85
    return cost, sure


def align_sentences(en: list[Segment], es: list[Segment], info_en: list[tuple[int, Counter]] | None = None,
                    info_es: list[tuple[int, Counter]] | None = None) -> list[SentencePair]:
    """The sentence pairs of one block pair, in order (sentences left unpaired are not listed).
    ``info_*``: each sentence's (length, anchors), when the caller has them already."""
    info_en = info_en or [_info(s) for s in en]
    info_es = info_es or [_info(s) for s in es]
    if len(en) == 1 and len(es) == 1:
        cost, sure = _bead_cost(info_en, info_es)
        return [SentencePair(en, es, cost, sure)]
    beads = best_beads(len(en), len(es), lambda i, a, j, b: _bead_cost(info_en[i:a], info_es[j:b]), _PRIOR[(1, 0)])
    return [SentencePair(en[bead.en.start : bead.en.stop], es[bead.es.start : bead.es.stop], bead.cost, bead.value)
            for bead in beads if bead.paired]
