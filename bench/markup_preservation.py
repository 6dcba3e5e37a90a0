"""How often inline markup survives machine translation, per engine, on the dev Markdown corpus.

Every translatable segment of the 24 articles in ``../shared/corpus/dev/markdown``
goes to the engine as ``translate`` sends it; a result counts as preserved when it
holds exactly the source's placeholders, nested and balanced, with Markdown
emphasis intact — the same checks that decide whether MT output may enter a PO
file.  The engine's own repairs (``engine.fallbacks``) are reported apart.

    python bench/markup_preservation.py [--engine apertium] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from presslate import formats
from presslate.engines import EngineError, get_engine
from presslate.formats import Options
from presslate.inline import TAG_RE, markup_problems

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev" / "markdown"


def segments() -> list[tuple[str, str]]:
    """(msgid, format) of every segment in the corpus, in order, without duplicates."""
    found: dict[str, str] = {}
    for path in sorted(CORPUS.rglob("*.md")):
        doc = formats.parse_text(formats.decode(path.read_bytes(), str(path)), str(path), Options())
        for seg in doc.segments():
            found.setdefault(seg.text, doc.format)
    return list(found.items())


def measure(engine_name: str, texts: list[tuple[str, str]]) -> dict:
    engine = get_engine(engine_name)
    engine.check_pair("en", "es")
    sources = [re.sub(r"\s*\n\s*", " ", msgid) for msgid, _ in texts]
    started = time.perf_counter()
    results = engine.translate_batch(sources, "en", "es")
    seconds = time.perf_counter() - started
    broken = [
        msgid for (msgid, fmt), result in zip(texts, results, strict=True)
        if not result or markup_problems(msgid, result) or formats.problems(msgid, result, fmt)
    ]
    with_markup = sum(bool(TAG_RE.search(msgid) or "*" in msgid or "_" in msgid) for msgid, _ in texts)
    return {
        "engine": engine_name,
        "segments": len(texts),
        "segments_with_markup": with_markup,
        "engine_repairs": getattr(engine, "fallbacks", 0),
        "broken_after_engine": len(broken),
        "preserved_percent": round(100.0 * (len(texts) - len(broken)) / len(texts), 2),
        "seconds": round(seconds, 2),
        "examples_broken": broken[:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", help="engine name (repeatable; default: apertium)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"dev corpus not found at {CORPUS}; nothing to measure")
        return 0
    texts = segments()
    results = []
    for name in args.engine or ["apertium"]:
        try:
            result = measure(name, texts)
        except EngineError as exc:
            print(f"{name}: skipped ({exc})")
            continue
        results.append(result)
        print(
            f"{name}: {result['segments']} segments ({result['segments_with_markup']} with markup), "
            f"{result['engine_repairs']} repaired by the engine, {result['broken_after_engine']} still broken "
            f"→ {result['preserved_percent']}% preserved; {result['seconds']} s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
