"""Whole `presslate translate --engine argos` against raw CTranslate2 on the same segments.

Two projects, each translated from fresh (no MT cache, no state) with the
base-size copy model of ``bench_mt.py``:

* ``real``: 12 real English Markdown articles of ../shared/corpus/dev/markdown
  (Hugo docs, Node.js blog, CNCF glossary, React docs; about 220 segments,
  one of them an 886-token list of download links); when the corpus is absent,
  9 generated articles (``gen_project.py``) instead;
* ``generated``: 53 generated articles: 1,004 entries, 907 distinct segments.

The raw side is one process that imports CTranslate2 and SentencePiece, loads
the model, encodes the project's msgids, calls ``Translator.translate_batch``
once and decodes: model load and process start are included on both sides.
Two raw settings are timed: the issue's (``inter_threads=1, intra_threads=1``,
``max_decoding_length=512``, which cuts outputs longer than 512 tokens) and the
engine's own (same threads as presslate, no cut), so the ratio is like for like.
Runs take turns (raw, presslate, raw, presslate, ...) and medians are kept.

    python bench/bench_translate_argos.py [--repeats N] [--json PATH] [--sweep] [--only real|generated]

``--sweep`` also times presslate under other call sizes, batch splits and
thread layouts, and raw CTranslate2 under other thread layouts (how the
defaults were chosen; see docs/speed.md).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MARKDOWN = ROOT.parent / "shared" / "corpus" / "dev" / "markdown"
REAL_ARTICLES = [
    "cncf-glossary/auto-scaling.md", "cncf-glossary/event-streaming.md", "cncf-glossary/infrastructure-as-a-service.md",
    "hugo-docs/about__introduction.md", "hugo-docs/configuration__content-types.md",
    "hugo-docs/functions__css__Quoted.md", "hugo-docs/hugo-pipes__introduction.md", "hugo-docs/installation__bsd.md",
    "hugo-docs/methods__page__Store.md", "nodejs-blog/module__multi-server-continuous-deployment-with-fleet.md",
    "nodejs-blog/release__v16.17.1.md", "react.dev/warnings__react-dom-test-utils.md",
]
GENERATED_ARTICLES = 53  # 1,004 entries, 907 distinct msgids
FALLBACK_ARTICLES = 9  # about 170 segments when the real corpus is absent
NEWLINES = re.compile(r"\s*\n\s*")  # as presslate.project sends msgids to an engine

# Settings tried by --sweep: module constants of presslate.workflow.backends
# ("project"), [engine.argos] options ("engine"), or the batch split of
# ArgosEngine.decoding_options ("split": the number of batches per worker a
# call is cut into at least; 0 = no split).
SWEEP = {
    "first 32, 2 s (old)": {"project": {"MT_FIRST_CALL": 32, "MT_CALL_SECONDS": 2.0}},
    "first 128, 2 s": {"project": {"MT_FIRST_CALL": 128, "MT_CALL_SECONDS": 2.0}},
    "first 32, 10 s": {"project": {"MT_FIRST_CALL": 32, "MT_CALL_SECONDS": 10.0}},
    "first 256, 5 s": {"project": {"MT_FIRST_CALL": 256, "MT_CALL_SECONDS": 5.0}},
    "first 256, 10 s": {"project": {"MT_FIRST_CALL": 256, "MT_CALL_SECONDS": 10.0}},
    "one call": {"project": {"MT_FIRST_CALL": 10**9}},
    "one call, no split": {"project": {"MT_FIRST_CALL": 10**9}, "split": 0},
    "one call, 2 batches/worker": {"project": {"MT_FIRST_CALL": 10**9}, "split": 2},
    "one call, -j 1": {"project": {"MT_FIRST_CALL": 10**9}, "jobs": 1},
    "threads 1x2 (one replica)": {"engine": {"inter_threads": 1, "intra_threads": 2}},
}
# Raw CTranslate2 thread layouts timed by --sweep (inter_threads, intra_threads;
# no output cut), to choose the engine's default layout on the same segments.
RAW_SWEEP = {
    "raw 1x2 threads, no cut": ("1", "2"),
    "raw 1x1 threads, no cut": ("1", "1"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each case (median kept)")
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout's last line")
    parser.add_argument("--sweep", action="store_true", help="also time presslate under the settings of SWEEP")
    parser.add_argument("--variant", dest="variants", action="append", choices=SWEEP,
                        help="with --sweep: only these settings (repeatable)")
    parser.add_argument("--only", choices=("real", "generated"), action="append", help="one project (repeatable)")
    args = parser.parse_args()

    import bench_mt  # sets ARGOS_PACKAGES_DIR and XDG_* to the bench cache before argostranslate loads

    if not bench_mt.CORPUS.is_file():
        print(f"skipped: {bench_mt.CORPUS} (the copy model's tokenizer is trained on it) not found")
        return 0
    model = bench_mt.ensure_model(bench_mt.load_sentences(bench_mt.CORPUS))
    results: dict = {"cores": os.cpu_count(), "load_average_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="presslate-bench-translate-") as tmp:
        for kind in args.only or ("real", "generated"):
            pristine = make_project(Path(tmp) / kind, kind)
            sweep = {name: SWEEP[name] for name in args.variants or SWEEP} if args.sweep else {}
            raw_sweep = RAW_SWEEP if args.sweep else {}
            results[kind] = compare(pristine, Path(tmp) / f"{kind}-work", model, args.repeats, sweep, raw_sweep)
    results["load_average_end"] = round(os.getloadavg()[0], 2)
    text = json.dumps(results, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        print(json.dumps(results))
    return 0


def make_project(folder: Path, kind: str) -> Path:
    import gen_project

    if kind == "real" and all((MARKDOWN / name).is_file() for name in REAL_ARTICLES):
        (folder / "articles").mkdir(parents=True)
        for name in REAL_ARTICLES:
            shutil.copyfile(MARKDOWN / name, folder / "articles" / Path(name).name)
        (folder / "presslate.toml").write_text(gen_project.config_text(["es"], "argos", ["articles/*.md"]), "utf-8")
        return folder
    count = GENERATED_ARTICLES if kind == "generated" else FALLBACK_ARTICLES
    return gen_project.generate(folder, count, ["es"], engine="argos")


def project_msgids(pristine: Path, work: Path) -> list[str]:
    """The distinct msgids `translate` sends to MT, read from the PO files of a `--no-mt` run."""
    import polib

    fresh(pristine, work)
    subprocess.run([sys.executable, "-m", "presslate", "-C", str(work), "translate", "--no-mt"], check=True,
                   capture_output=True)
    msgids = [NEWLINES.sub(" ", entry.msgid) for path in sorted(glob.glob(str(work / "locales" / "**" / "*.po"),
                                                                            recursive=True))
              for entry in polib.pofile(path) if entry.msgid]
    return list(dict.fromkeys(msgids))


def fresh(pristine: Path, work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work)
    return work


def wall(argv: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:6])} … failed ({done.returncode}): {done.stderr[-600:]}")
    return seconds, done.stdout + done.stderr


def compare(pristine: Path, work: Path, model, repeats: int, sweep: dict, raw_sweep: dict) -> dict:
    from presslate.engines.argos import DEFAULTS

    msgids = project_msgids(pristine, work)
    source = work.parent / f"{work.name}-msgids.json"
    source.write_text(json.dumps(msgids), encoding="utf-8")
    raw = [sys.executable, str(Path(__file__).resolve()), "--raw", str(model.model_dir), str(model.tokenizer_path),
           str(source)]
    cases = {
        "raw (issue: 1x1 threads, max 512 tokens)": raw + ["1", "1", "512"],
        "raw (engine settings)": raw + [str(DEFAULTS["inter_threads"]), str(DEFAULTS["intra_threads"]), "0"],
    } | {label: raw + [*threads, "0"] for label, threads in raw_sweep.items()}
    variants = {"presslate translate": None} | sweep
    for label, variant in variants.items():
        command = [sys.executable, "-m", "presslate"]
        if variant is not None:
            command = [sys.executable, str(Path(__file__).resolve()), "--variant", json.dumps(variant)]
        jobs = ["-j", str(variant["jobs"])] if variant and "jobs" in variant else []
        cases[label] = command + ["-C", str(work), "translate", "--engine", "argos", *jobs]
    print(f"{pristine.name}: {len(msgids)} segments; load average {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    seconds: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(repeats):
        for label, argv in cases.items():
            if "presslate" in label or variant_label(label):
                fresh(pristine, work)
            took, output = wall(argv)
            if not ("raw" in label or re.search(r"\b[1-9]\d* machine-translated", output)):
                raise SystemExit(f"{label}: nothing was machine-translated: {output[-300:]}")
            seconds[label].append(took)
    medians = {label: statistics.median(values) for label, values in seconds.items()}
    command = medians["presslate translate"]
    rows = {label: {"median_s": round(m, 2), "runs_s": [round(s, 2) for s in seconds[label]]}
            for label, m in medians.items()}
    result = {
        "segments": len(msgids),
        "rows": rows,
        "raw_issue_over_command": round(medians["raw (issue: 1x1 threads, max 512 tokens)"] / command, 3),
        "raw_same_settings_over_command": round(medians["raw (engine settings)"] / command, 3),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(f"{'case':<44}{'median s':>10}{'raw/this':>10}   runs", file=sys.stderr)
    for label, m in medians.items():
        ratio = medians["raw (issue: 1x1 threads, max 512 tokens)"] / m
        same = medians["raw (engine settings)"] / m
        print(f"{label:<44}{m:>10.2f}{ratio:>10.2f}   {same:.2f} (same settings)  "
              f"{' '.join(f'{s:.1f}' for s in seconds[label])}", file=sys.stderr, flush=True)
    return result


def variant_label(label: str) -> bool:
    return label in SWEEP


def raw_main(model_dir: str, tokenizer: str, source: str, inter: str, intra: str, max_length: str) -> None:
    """One raw CTranslate2 run, as a process of its own (imports and model load timed by the caller)."""
    import ctranslate2
    import sentencepiece

    msgids = [text.strip() for text in json.loads(Path(source).read_text(encoding="utf-8"))]
    processor = sentencepiece.SentencePieceProcessor(model_file=tokenizer)
    translator = ctranslate2.Translator(model_dir, inter_threads=int(inter), intra_threads=int(intra))
    tokens = processor.encode(msgids, out_type=str)
    longest = max(map(len, tokens), default=0)
    results = translator.translate_batch(
        tokens, batch_type="tokens", max_batch_size=2048, beam_size=1,
        max_decoding_length=int(max_length) or 2 * longest + 16, max_input_length=0,
    )
    outputs = [processor.decode(result.hypotheses[0]) for result in results]
    print(f"{len(outputs)} translated, {sum(a == b for a, b in zip(msgids, outputs))} copied exactly")


def variant_main(variant: dict, argv: list[str]) -> None:
    """`presslate ARGV` with the call sizes or the batch split of a sweep variant."""
    from presslate.cli import main as cli
    from presslate.engines import argos
    from presslate.workflow import backends as workflow

    for name, value in variant.get("project", {}).items():
        setattr(workflow, name, value)
    argos.DEFAULTS.update(variant.get("engine", {}))
    if "split" in variant:
        split, original = variant["split"], argos.ArgosEngine.decoding_options

        def decoding_options(self, batch, prefix=""):
            options = original(self, batch, prefix)
            total = sum(map(len, batch))
            parts = max(1, self.inter_threads * split)
            options["max_batch_size"] = self.max_batch_tokens if not split else max(1, min(self.max_batch_tokens,
                                                                                          -(-total // parts)))
            return options

        argos.ArgosEngine.decoding_options = decoding_options
    sys.argv = ["presslate", *argv]
    cli()


if __name__ == "__main__":
    sys.path[:0] = [str(BENCH), str(ROOT / "src"), str(ROOT / "tests")]
    if sys.argv[1:2] == ["--raw"]:
        raw_main(*sys.argv[2:8])
    elif sys.argv[1:2] == ["--variant"]:
        variant_main(json.loads(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(main())
