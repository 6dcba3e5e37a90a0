"""An article and its translation as blocks, and the blocks paired by structure.

Both sides are parsed by presslate's own formats, in sentence mode: a block
is a paragraph, heading, list item, table cell or front-matter value, with
its sentences (the msgids presslate extracts).  Blocks are paired by
dynamic programming over the two sequences, in order: a pair scores by its
kinds (a paragraph with a paragraph; headings of any level together), its
length ratio (Gale–Church: characters of a translation are about a fixed
multiple of the original's) and the anchors both blocks share (numbers,
names, links, code; :mod:`.anchors`).  Translations add, drop and merge
paragraphs, so a block may stay unpaired (a gap) and two paragraphs on one
side may pair with one on the other (a merge).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from presslate import formats
from presslate.align.anchors import agreement, anchors, markup_keys
from presslate.align.beads import best_beads
from presslate.document import Segment
from presslate.formats import Options
from presslate.inline import strip_tags

__all__ = ["Block", "BlockPair", "align_blocks", "parse_blocks", "length_cost"]

RATIO = 1.08  # characters of Spanish per character of English (measured on the dev news pairs)
VARIANCE = 6.8  # Gale and Church's variance of that ratio, per character
GAP = 4.5  # cost of leaving one block unpaired
MERGE = 2.5  # extra cost of pairing two blocks with one
KIND_MISMATCH = 6.0  # a paragraph with a list item, say: possible in a translation, but costly
ANCHOR_WEIGHT = 4.0  # how much full anchor agreement lowers a pair's cost
BAND = 12  # blocks a pair may sit off the diagonal, beyond the difference in block counts


@dataclass
class Block:
    kind: str
    sentences: list[Segment]  # the msgids in sentence mode
    whole: Segment | None = None  # the block as one msgid (paragraph mode)
    line: int = 0

    @cached_property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @cached_property
    def length(self) -> int:
        return max(1, len(strip_tags(self.text)))

    @cached_property
    def family(self) -> str:
        return _family(self.kind)

    @cached_property
    def sentence_info(self) -> list[tuple[int, Counter]]:
        """(length, anchors) of each sentence."""
        return [(max(1, len(strip_tags(s.text))), anchors(s.text, markup_keys(s))) for s in self.sentences]

    @cached_property
    def anchors(self) -> Counter:
        found: Counter = Counter()
        for _, a in self.sentence_info:
            found.update(a)
        return found


@dataclass
class BlockPair:
    en: list[int]  # indices of English blocks (one, or two merged)
    es: list[int]
    cost: float
    confidence: float = 0.0


@dataclass
class BlockAlignment:
    pairs: list[BlockPair] = field(default_factory=list)
    unpaired_en: list[int] = field(default_factory=list)
    unpaired_es: list[int] = field(default_factory=list)


def parse_blocks(text: str, path: str, lang: str, options: Options | None = None) -> list[Block]:
    """The translatable top-level blocks of an article, each with its sentences (and, when ``options``
    segment by paragraph, the whole block as one msgid)."""
    base = options or Options(lang)
    sentences = formats.parse_text(text, path, Options(lang, "sentence", base.front_matter_keys, base.notranslate_classes))
    blocks: list[Block] = []
    for seg in (p for p in sentences.parts if isinstance(p, Segment) and p.translatable):
        if blocks and seg.position is not None and seg.position[0] > 1:
            blocks[-1].sentences.append(seg)
        else:
            blocks.append(Block(seg.kind, [seg], line=seg.line))
    if base.segmentation != "paragraph":
        return blocks
    # A project that extracts whole blocks looks them up: the block as one msgid too.
    paragraphs = formats.parse_text(text, path, Options(lang, "paragraph", base.front_matter_keys, base.notranslate_classes))
    wholes = [p for p in paragraphs.parts if isinstance(p, Segment) and p.translatable]
    if len(wholes) == len(blocks):
        for block, whole in zip(blocks, wholes):
            block.whole = whole
    return blocks


def _family(kind: str) -> str:
    if kind.startswith("heading") or kind in ("title", "h1"):
        return "heading"
    if kind.startswith("front matter"):
        return kind
    return kind.split()[0] if kind else kind


def length_cost(en_chars: int, es_chars: int) -> float:
    """Gale–Church: −log of the probability that ``es_chars`` translate ``en_chars``."""
    delta = (es_chars - en_chars * RATIO) / math.sqrt(max(en_chars, 1) * VARIANCE)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))


def _spans(blocks: list[Block]) -> dict[tuple[int, int], tuple[frozenset, int, Counter]]:
    """(kinds, length, anchors) of each block alone and of each two neighbours together."""
    spans = {}
    for i, b in enumerate(blocks):
        spans[(i, i + 1)] = (frozenset((b.family,)), b.length, b.anchors)
        if i + 1 < len(blocks):
            c = blocks[i + 1]
            spans[(i, i + 2)] = (frozenset((b.family, c.family)), b.length + c.length, b.anchors + c.anchors)
    return spans


def _pair_cost(en: tuple[frozenset, int, Counter], es: tuple[frozenset, int, Counter], merged: bool) -> float:
    cost = (0.0 if en[0] == es[0] else KIND_MISMATCH) + length_cost(en[1], es[1]) + (MERGE if merged else 0.0)
    shared = agreement(en[2], es[2])
    if shared is not None:
        cost += ANCHOR_WEIGHT * (0.5 - shared)
    return cost


def confidence(cost: float) -> float:
    """A pair's cost as 0–1: about 1 for a clear pair, 0.5 at the cost of two gaps."""
    return round(1.0 / (1.0 + math.exp(cost - GAP)), 3)


def align_blocks(en: list[Block], es: list[Block]) -> BlockAlignment:
    """Pair blocks in order, with gaps and 2–1 / 1–2 merges (least total cost)."""
    span_en, span_es = _spans(en), _spans(es)

    def pair_cost(i: int, a: int, j: int, b: int) -> tuple[float, None]:
        return _pair_cost(span_en[(i, a)], span_es[(j, b)], a - i + b - j > 2), None

    result = BlockAlignment()
    for bead in best_beads(len(en), len(es), pair_cost, GAP, band=BAND):  # pairs far off the diagonal are never considered
        if bead.paired:
            result.pairs.append(BlockPair(list(bead.en), list(bead.es), bead.cost, confidence(bead.cost)))
        elif bead.en:
            result.unpaired_en.append(bead.en.start)
        else:
            result.unpaired_es.append(bead.es.start)
    return result
