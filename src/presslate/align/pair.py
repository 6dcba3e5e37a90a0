"""One article and its existing translation, aligned into translation pairs.

:func:`align_texts` parses both sides (:mod:`.blocks`), pairs the blocks,
then the sentences within each block pair (:mod:`.sentences`), and writes
each translation with the English msgid's placeholders (:mod:`.markup`).
Every pair gets a confidence (0–1): the block pair's times the sentence
pair's.  A pair is offered as a unit when its source is a msgid presslate
extracts: one English sentence (with one or two translated sentences), and
the whole block as well (a project with ``segmentation = "paragraph"``
looks blocks up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presslate import formats
from presslate.align.blocks import Block, align_blocks, parse_blocks
from presslate.align.markup import map_markup
from presslate.align.sentences import align_sentences
from presslate.errors import InputError
from presslate.formats import Options

__all__ = ["AlignedUnit", "PairAlignment", "align_files", "align_texts"]


@dataclass(frozen=True)
class AlignedUnit:
    source: str  # an English msgid
    target: str  # its translation, with the msgid's placeholders
    confidence: float
    line: int  # of the English sentence in its file
    kind: str = "sentence"  # or "block"


@dataclass
class PairAlignment:
    en_path: str
    es_path: str
    units: list[AlignedUnit] = field(default_factory=list)
    blocks_en: int = 0
    blocks_es: int = 0
    block_pairs: list[tuple[list[int], list[int], float]] = field(default_factory=list)  # (en, es, confidence)
    sentences_en: int = 0
    markup_refused: int = 0  # pairs whose markup could not be mapped onto the English placeholders


def align_texts(en_text: str, en_path: str, es_text: str, es_path: str, source_lang: str = "en",
                target: str = "es", options: Options | None = None) -> PairAlignment:
    """Align an article (text of ``en_path``) with its translation (text of ``es_path``)."""
    base = options or Options(source_lang)
    en_blocks = parse_blocks(en_text, en_path, source_lang, base)
    es_blocks = parse_blocks(es_text, es_path, target, base)
    result = PairAlignment(en_path, es_path, blocks_en=len(en_blocks), blocks_es=len(es_blocks),
                           sentences_en=sum(len(b.sentences) for b in en_blocks))
    alignment = align_blocks(en_blocks, es_blocks)
    seen: set[tuple[str, str]] = set()
    for pair in alignment.pairs:
        result.block_pairs.append((pair.en, pair.es, pair.confidence))
        en_part = [en_blocks[i] for i in pair.en]
        es_part = [es_blocks[j] for j in pair.es]
        en_sentences = [s for b in en_part for s in b.sentences]
        es_sentences = [s for b in es_part for s in b.sentences]
        beads = align_sentences(en_sentences, es_sentences, [i for b in en_part for i in b.sentence_info],
                                [i for b in es_part for i in b.sentence_info])
        complete = (sum(len(b.en) for b in beads) == len(en_sentences)
                    and sum(len(b.es) for b in beads) == len(es_sentences))
        if len(pair.en) == 1 and len(pair.es) == 1 and complete:  # no sentence left out on either side
            _block_unit(result, en_part[0], es_part[0], pair.confidence, seen)
        for bead in beads:
            if len(bead.en) != 1:
                continue  # two English sentences are no msgid of their own
            target_text = map_markup(bead.en[0], bead.es)
            if target_text is None:
                result.markup_refused += 1
                continue
            _add(result, AlignedUnit(bead.en[0].text, target_text, round(pair.confidence * bead.confidence, 3),
                                     bead.en[0].line), seen)
    return result


def _block_unit(result: PairAlignment, en: Block, es: Block, confidence: float, seen: set) -> None:
    if en.whole is None or es.whole is None or len(en.sentences) < 2:
        return  # a one-sentence block is its sentence's unit
    target_text = map_markup(en.whole, [es.whole])
    if target_text is not None:
        _add(result, AlignedUnit(en.whole.text, target_text, confidence, en.line, "block"), seen)


def _add(result: PairAlignment, unit: AlignedUnit, seen: set) -> None:
    if (unit.source, unit.target) not in seen and unit.source.strip() and unit.target.strip():
        seen.add((unit.source, unit.target))
        result.units.append(unit)


def read_article(path: Path) -> str:
    if not path.is_file():
        raise InputError(str(path), None, "no such file")
    return formats.decode(path.read_bytes(), str(path))


def align_files(en: Path, es: Path, source_lang: str = "en", target: str = "es",
                options: Options | None = None) -> PairAlignment:
    """:func:`align_texts` of two files of the same format."""
    fmt = formats.format_of(en)
    if formats.format_of(es) != fmt:
        raise InputError(str(es), None, f"the translation must be the same format as {en} ({fmt})")
    return align_texts(read_article(en), str(en), read_article(es), str(es), source_lang, target, options)
