"""Benchmark the Apertium engine against one raw ``apertium`` call, and measure markup survival.

Usage: python bench/bench_apertium.py [--json PATH] [--repeat N]

Input: the English column of ../shared/corpus/dev/parallel-en-es.tsv (relative
to the project root), split into sentences.  Its reStructuredText markup is
turned into presslate msgids (``code`` and roles → ``<n/>``, ```Sphinx`_`` →
``<n>Sphinx</n>``, emphasis kept); a second set wraps two words in the middle
of each sentence in a link, which is what makes Apertium's reordering bite.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from presslate.engines.apertium import ApertiumEngine
from presslate.inline import markup_problems

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "parallel-en-es.tsv"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
MIN_SENTENCES = 500

_REST_LINK = re.compile(r"`([^`<]+?)(?:\s*<[^>]*>)?`__?")
_REST_CODE = re.compile(r"(?::[\w:+-]+:)?``?[^`]+``?")


def sentences(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [s for row in rows for s in SENTENCE_END.split(row["en"]) if s.strip()]


def to_msgid(text: str) -> str:
    """reST inline markup as presslate placeholders, numbered in source order."""
    counter = iter(range(1, 1000))
    pieces = []
    pos = 0
    for m in re.finditer(f"{_REST_LINK.pattern}|{_REST_CODE.pattern}", text):
        pieces.append(text[pos : m.start()])
        n = next(counter)
        pieces.append(f"<{n}>{m.group(1)}</{n}>" if m.group(1) else f"<{n}/>")
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


def with_link(text: str) -> str:
    """Wrap the two words in the middle of a placeholder-free sentence in a link."""
    words = text.split(" ")
    if "<" in text or len(words) < 4:
        return text
    k = len(words) // 2
    return " ".join(words[:k] + [f"<1>{words[k]} {words[k + 1]}</1>"] + words[k + 2 :])


def emphasis_balanced(source: str, translation: str) -> bool:
    return all(source.count(ch) == translation.count(ch) for ch in "*_")


def timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def markup_stats(engine: ApertiumEngine, segments: list[str]) -> dict:
    marked = [s for s in segments if re.search(r"</?\d+/?>|[*_]", s)]
    before = engine.fallbacks
    out = engine.translate_batch(marked, "en", "es")
    fallbacks = engine.fallbacks - before
    intact = sum(not markup_problems(s, t) and emphasis_balanced(s, t) for s, t in zip(marked, out))
    return {
        "segments_with_markup": len(marked),
        "fallbacks": fallbacks,
        "intact_without_fallback": (len(marked) - fallbacks) / len(marked) if marked else 1.0,
        "intact_after_fallback": intact / len(marked) if marked else 1.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    args = parser.parse_args()

    if not CORPUS.exists():
        print(f"skipped: corpus {CORPUS} not found", file=sys.stderr)
        return 0
    engine = ApertiumEngine()
    engine.check_pair("en", "es")
    segments = [to_msgid(s) for s in sentences(CORPUS)]
    if len(segments) < MIN_SENTENCES:
        print(f"skipped: only {len(segments)} sentences, need {MIN_SENTENCES}", file=sys.stderr)
        return 0

    raw_input = "\n\n".join(segments).encode("utf-8")
    raw_seconds, _ = timed(
        lambda: subprocess.run(["apertium", "-u", "eng-spa"], input=raw_input, capture_output=True, check=True),
        args.repeat,
    )
    engine_seconds, _ = timed(lambda: engine.translate_batch(segments, "en", "es"), args.repeat)
    numbers = {
        "identity": engine.identity("en", "es"),
        "segments": len(segments),
        "raw_seconds": raw_seconds,
        "engine_seconds": engine_seconds,
        "raw_segments_per_second": len(segments) / raw_seconds,
        "engine_segments_per_second": len(segments) / engine_seconds,
        "engine_to_raw_time_ratio": engine_seconds / raw_seconds,
        "markup_corpus": markup_stats(engine, segments),
        "markup_links": markup_stats(engine, [with_link(s) for s in segments]),
    }
    print(f"{numbers['identity']}, {len(segments)} segments (best of {args.repeat})")
    print(f"  raw apertium -u eng-spa : {numbers['raw_segments_per_second']:8.0f} segments/s")
    print(f"  ApertiumEngine          : {numbers['engine_segments_per_second']:8.0f} segments/s")
    print(f"  engine/raw time ratio   : {numbers['engine_to_raw_time_ratio']:8.2f}")
    for label in ("markup_corpus", "markup_links"):
        stats = numbers[label]
        print(
            f"  {label:<24}: {stats['segments_with_markup']} segments, {stats['fallbacks']} fallbacks, "
            f"intact without fallback {stats['intact_without_fallback']:.1%}, "
            f"after fallback {stats['intact_after_fallback']:.1%}"
        )
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
