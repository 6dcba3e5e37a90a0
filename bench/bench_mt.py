"""Throughput of the argos engine against raw CTranslate2 and argostranslate.

Runs on a base-size copy model (6+6 layers, d=512, 8 heads, FFN 2048, 32k
vocabulary, int8; see tests/argos_models.py) and the English sentences of the
development corpus.  A copy model costs what a real model of that shape
costs and writes outputs as long as its inputs, so the rates are realistic
without any download.  The model is built once, cached under
.presslate/bench-models/ (gitignored).

    python bench/bench_mt.py [--json PATH] [--repeats N] [--sweep]

Prints a table; the last stdout line (or PATH) is a JSON dict.  --sweep also
times the engine under other thread, beam, compute-type and batch settings:
that is how the engine's defaults were chosen.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "parallel-en-es.tsv"
CACHE = ROOT / ".presslate" / "bench-models"
ARCHIVE = CACHE / "translate-en_es-bench.argosmodel"
MIN_SENTENCES = 500
SLOW_SAMPLE = 50  # argostranslate is timed on this many segments and extrapolated

# Before argostranslate is first imported: its packages, settings and caches
# stay inside the bench cache, away from the user's.
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
import argos_models  # noqa: E402  (tests/argos_models.py: builds the copy model)

os.environ.update(argos_models.argos_environment(CACHE))

from presslate.engines import argos_models as models  # noqa: E402
from presslate.engines.argos import DEFAULTS, ArgosEngine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout's last line")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per measurement (median is kept)")
    parser.add_argument("--sweep", action="store_true", help="also time other engine settings")
    args = parser.parse_args()

    if not CORPUS.is_file():
        print(f"skipped: corpus {CORPUS} not found")
        return 0
    sentences = load_sentences(CORPUS)
    model = ensure_model(sentences)
    print(f"{len(sentences)} sentences from {CORPUS.name}; model {model.path.name} ({model.size_bytes() / 1e6:.0f} MB)")
    print(f"engine settings: {DEFAULTS}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

    measured = rates(
        {
            "engine": (engine_run(sentences, DEFAULTS), len(sentences)),
            "ctranslate2": (raw_run(model, sentences, DEFAULTS), len(sentences)),
            "argostranslate": (argostranslate_run(sentences[:SLOW_SAMPLE]), SLOW_SAMPLE),
        },
        args.repeats,
    )
    engine, raw, slow = measured["engine"], measured["ctranslate2"], measured["argostranslate"]
    results = {
        "sentences": len(sentences),
        "settings": DEFAULTS,
        "engine_segments_per_s": round(engine, 2),
        "ctranslate2_segments_per_s": round(raw, 2),
        "argostranslate_segments_per_s": round(slow, 2),
        "engine_vs_ctranslate2": round(engine / raw, 3),
        "engine_vs_argostranslate": round(engine / slow, 2),
    }
    print()
    print(f"{'path':<44}{'segments/s':>12}{'engine is':>12}")
    print(f"{'ArgosEngine.translate_batch':<44}{engine:>12.2f}{'':>12}")
    print(f"{'ctranslate2 translate_batch (same tokens)':<44}{raw:>12.2f}{engine / raw:>11.2f}x")
    print(f"{f'argostranslate.translate() x{SLOW_SAMPLE}, per segment':<44}{slow:>12.2f}{engine / slow:>11.1f}x")
    print("targets: >= 0.95x ctranslate2, >= 10x argostranslate", flush=True)

    if args.sweep:
        results["sweep"] = sweep(sentences, args.repeats, slow)
    results["load_average_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        print(json.dumps(results))
    return 0


def load_sentences(path: Path) -> list[str]:
    """English column, split into sentences like presslate segments (the file has ~300 multi-sentence rows)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    sentences = [s.strip() for row in rows for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'`])", row["en"]) if s.strip()]
    if len(sentences) < MIN_SENTENCES:
        sys.exit(f"{path}: only {len(sentences)} sentences, the benchmark needs {MIN_SENTENCES}")
    return sentences


def ensure_model(sentences: list[str]) -> models.InstalledModel:
    """Build (once) and install the base-size copy model; its tokenizer is trained on the corpus."""
    installed = models.find("en", "es")
    if installed is not None:
        return installed
    if not ARCHIVE.is_file():
        print(f"building the base-size benchmark model in {CACHE} (once) ...", flush=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        argos_models.build_package(CACHE, name=ARCHIVE.stem, size=argos_models.BASE, lines=sentences)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return models.install_file(ARCHIVE)


def rates(paths: dict[str, tuple[Callable[[], object], int]], repeats: int) -> dict[str, float]:
    """Segments per second of each ``(run, segment count)``: median of ``repeats`` runs.

    Runs take turns (a, b, c, a, b, c, ...) so that load from other processes
    on a shared machine hits every path alike; a warm-up run of each comes
    first, as model loading is not throughput.
    """
    for run, _ in paths.values():
        run()
    seconds: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeats):
        for name, (run, _) in paths.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    return {name: count / statistics.median(seconds[name]) for name, (_, count) in paths.items()}


def engine_run(sentences: list[str], settings: dict) -> Callable[[], object]:
    engine = ArgosEngine(**settings)
    return lambda: engine.translate_batch(sentences, "en", "es")


def raw_run(model: models.InstalledModel, sentences: list[str], settings: dict) -> Callable[[], object]:
    """CTranslate2 alone, on input tokenized beforehand, with the engine's options."""
    import ctranslate2
    import sentencepiece

    tokens = sentencepiece.SentencePieceProcessor(model_file=str(model.tokenizer_path)).encode(sentences, out_type=str)
    translator = ctranslate2.Translator(
        str(model.model_dir),
        device=settings["device"],
        compute_type=settings["compute_type"],
        inter_threads=settings["inter_threads"],
        intra_threads=settings["intra_threads"],
    )
    options = ArgosEngine(**settings).decoding_options(tokens)
    return lambda: translator.translate_batch(tokens, **options)


def argostranslate_run(sentences: list[str]) -> Callable[[], object]:
    """argostranslate.translate.translate() per segment, with argostranslate's own settings.

    Its sentence splitter (MiniSBD) would download a model at first use, which
    cannot happen here; it is replaced by "the segment is one sentence",
    which only makes argostranslate faster than it really is.
    """
    from argostranslate import translate

    class OneSentence:
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    translate.get_translation_from_codes("en", "es").underlying.sentencizer = OneSentence()
    return lambda: [translate.translate(sentence, "en", "es") for sentence in sentences]


def sweep(sentences: list[str], repeats: int, slow: float) -> list[dict]:
    """The engine with one setting changed at a time from the defaults, runs interleaved."""
    changes = [
        {},
        {"inter_threads": 1, "intra_threads": 1},
        {"inter_threads": 1, "intra_threads": 2},
        {"inter_threads": 1, "intra_threads": 0},
        {"beam_size": 1},
        {"beam_size": 4},
        {"compute_type": "float32"},
        {"max_batch_tokens": 512},
        {"max_batch_tokens": 1024},
        {"max_batch_tokens": 4096},
    ]
    labels = [", ".join(f"{k}={v}" for k, v in change.items()) or "defaults" for change in changes]
    print("\nsweep: timing the engine under other settings ...", flush=True)
    measured = rates(
        {label: (engine_run(sentences, {**DEFAULTS, **change}), len(sentences)) for label, change in zip(labels, changes)},
        repeats,
    )
    print(f"{'engine setting (others default)':<44}{'segments/s':>12}{'vs argos':>12}")
    for label in labels:
        print(f"{label:<44}{measured[label]:>12.2f}{measured[label] / slow:>11.1f}x")
    return [{"change": change, "segments_per_s": round(measured[label], 2)} for label, change in zip(labels, changes)]


if __name__ == "__main__":
    sys.exit(main())
