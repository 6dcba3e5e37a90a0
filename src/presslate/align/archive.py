"""An archive of translated articles into the translation memory.

Every pair is read and aligned before the memory is written, in one
transaction.  A pair goes in with origin ``aligned``, the note "aligned from
FILE" (the translation's path) and its confidence; pairs below
:data:`THRESHOLD` are kept out (a wrong pair offered as a translation costs a
translator more than no pair).  Pairs the memory already holds are skipped
before the write, so aligning the same files again changes nothing.  The
pair's time is the translation file's modification time: an archive is older
than the work translators review in presslate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from presslate import formats
from presslate.align.pair import PairAlignment, align_files
from presslate.formats import Options
from presslate.memory.store import Memory, Unit

__all__ = ["THRESHOLD", "ArchiveReport", "align_into", "find_pairs", "store"]

THRESHOLD = 0.5  # confidence below which an aligned pair stays out of the memory
POORLY_PAIRED = 0.5  # fewer than this share of either side's blocks paired: probably not a translation


@dataclass
class ArchiveReport:
    pairs: int = 0
    units: int = 0  # aligned pairs found
    added: int = 0  # new in the memory
    known: int = 0  # already in the memory (any origin)
    low_confidence: int = 0  # kept out, below THRESHOLD
    markup_refused: int = 0
    blocks_en: int = 0
    blocks_paired: int = 0
    poorly_paired: list[str] = field(default_factory=list)  # "file:1: problem"

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("pairs", "units", "added", "known", "low_confidence", "markup_refused",
                                              "blocks_en", "blocks_paired", "poorly_paired")}


def find_pairs(folder: Path, source_lang: str = "en", target: str = "es") -> list[tuple[str, Path, Path]]:
    """``(name, English file, translation)`` of every ``<name>/en.*`` with ``es.*`` beside it (same suffix)."""
    found = []
    for src in sorted(folder.rglob(f"{source_lang}.*")):
        if src.suffix.lower() not in formats.SUFFIXES:
            continue
        for stem in dict.fromkeys((target.replace("_", "-"), target)):
            ref = src.with_name(f"{stem}{src.suffix}")
            if ref.is_file():
                name = src.parent.relative_to(folder).as_posix() if src.parent != folder else folder.name
                found.append((name, src, ref))
                break
    return found


def align_all(pairs: Iterable[tuple[Path, Path]], source_lang: str, target: str, options: Options | None = None,
              progress: Callable[[], None] | None = None) -> list[PairAlignment]:
    """Every pair aligned (nothing written); an unreadable file stops with its InputError."""
    done = []
    for en, es in pairs:
        done.append(align_files(en, es, source_lang, target, options))
        if progress is not None:
            progress()
    return done


def store(memory: Memory, alignments: list[PairAlignment], source_lang: str, target: str,
          threshold: float = THRESHOLD) -> ArchiveReport:
    """The confident pairs of ``alignments`` into ``memory`` (those it lacks), in one transaction."""
    report = ArchiveReport(pairs=len(alignments))
    wanted: dict[tuple[str, str], Unit] = {}
    for result in alignments:
        report.units += len(result.units)
        report.markup_refused += result.markup_refused
        report.blocks_en += result.blocks_en
        paired_en = sum(len(en) for en, _, _ in result.block_pairs)
        paired_es = sum(len(es) for _, es, _ in result.block_pairs)
        report.blocks_paired += paired_en
        if paired_en < POORLY_PAIRED * result.blocks_en or paired_es < POORLY_PAIRED * result.blocks_es:
            report.poorly_paired.append(f"{result.es_path}:1: only {paired_en} of {result.blocks_en} blocks of "
                                        f"{result.en_path} paired; is it a translation of that file?")
        when = datetime.fromtimestamp(int(Path(result.es_path).stat().st_mtime), timezone.utc)
        for unit in result.units:
            if unit.confidence < threshold:
                report.low_confidence += 1
                continue
            key = (unit.source, unit.target)
            if key not in wanted or wanted[key].confidence < unit.confidence:
                wanted[key] = Unit(source_lang, target, unit.source, unit.target, when, origin="aligned",
                                   note=f"aligned from {result.es_path}", confidence=unit.confidence)
    known = {(s, t) for kind, s, t in memory.known_pairs(source_lang, target, [s for s, _ in wanted], []) if kind != "mt"}
    new = [unit for key, unit in wanted.items() if key not in known]
    report.known = len(wanted) - len(new)
    if new:
        report.added = memory.add(new)
    return report


def align_into(memory: Memory, pairs: list[tuple[Path, Path]], source_lang: str, target: str,
               options: Options | None = None, threshold: float = THRESHOLD,
               progress: Callable[[], None] | None = None) -> ArchiveReport:
    """Align ``pairs`` (English file, translation) and store them: read everything, then write."""
    return store(memory, align_all(pairs, source_lang, target, options, progress), source_lang, target, threshold)
