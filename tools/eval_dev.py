"""``make eval``: presslate's pipeline vs the raw engine on the development en/es pairs.

    python tools/eval_dev.py [--set SECTION.KEY=VALUE ...] [--json PATH]

Pairs: every ``en.*``/``es.*`` folder under ../shared/corpus/dev/parallel/, plus
the 300 segments of ../shared/corpus/dev/parallel-en-es.tsv written out as one
plain-text article pair (a paragraph per segment).  Engines: Apertium eng-spa
(when installed) and an Argos *copy* model built here (tests/argos_models.py):
its "translation" is its input, so its chrF is that of untranslated English,
but the pipeline-vs-raw comparison of what happens to links, code and emphasis
on the real Argos path stays valid.  Prints one table; skips with a reason
when ../shared is absent.

News rows (Apertium only, ``--news`` alone runs just these): every pair of
../shared/corpus/dev/news/<source>/ without a memory, then with the earlier
pairs of the same source aligned into its memory (``eval --memory
<source> --chronological``: a Debian release gets the releases published
before it), then the "later" pairs, those that had an archive (all but the
first), with and without it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
CACHE = ROOT / ".presslate" / "eval-models"
ARCHIVE = CACHE / "translate-en_es-evalcopy.argosmodel"

# Before argostranslate is imported: the copy model lives in a private packages folder,
# so a real en→es model the user installed is neither used nor touched.
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
import argos_models  # noqa: E402  (tests/argos_models.py: builds the copy model)

os.environ.update(argos_models.argos_environment(CACHE))

from presslate import evaluation  # noqa: E402
from presslate.engines import EngineError, get_engine  # noqa: E402
from presslate.engines import argos_models as models  # noqa: E402
from presslate.evaluation import report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--json", type=Path, help="also write every result here")
    parser.add_argument("--engine", action="append", choices=["apertium", "argos-copy"], help="only these engines")
    parser.add_argument("--news", action="store_true", help="only the news rows (with and without archive)")
    args = parser.parse_args()
    if args.news:
        news(args.overrides, args.json)
        return 0
    if not (DEV / "parallel").is_dir():
        print(f"skipped: {DEV / 'parallel'} not found (the dev pairs live in ../shared, beside the project)")
        return 0
    with tempfile.TemporaryDirectory(prefix="presslate-eval-tsv-") as tmp:
        folders = [DEV / "parallel"]
        if (DEV / "parallel-en-es.tsv").is_file():
            folders.append(tsv_pair(DEV / "parallel-en-es.tsv", Path(tmp) / "python-docs-es"))
        results, skipped = [], []
        for engine in args.engine or ["apertium", "argos-copy"]:
            try:
                if engine == "argos-copy":
                    ensure_copy_model()
                name = "argos" if engine == "argos-copy" else engine
                get_engine(name).check_pair("en", "es")
            except EngineError as exc:
                skipped.append(f"{engine}: skipped: {exc}")
                continue
            parts = [evaluation.evaluate_pairs(folder, name, args.overrides, project=None) for folder in folders]
            results.append((engine, evaluation.merge(parts)))
    settings = f" (settings: {' '.join(args.overrides)})" if args.overrides else ""
    print(f"presslate pipeline vs raw engine on the dev pairs, against the human Spanish{settings}")
    print(f"{'engine':<11}" + report.HEADER)
    for engine, result in results:
        for line in report.rows(result):
            print(f"{engine:<11}" + line)
    for line in skipped:
        print(line)
    for engine, result in results:
        extra = report.details(result)
        if extra:
            print(f"\n{engine}:\n{extra}")
    print("\n" + report.LEGEND)
    news_results = news(args.overrides, None) if "apertium" in [e for e, _ in results] else {}
    if args.json:
        data = {e: r.to_dict() for e, r in results}
        data.update({f"news/{k}": r.to_dict() for k, r in news_results.items()})
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def apertium_skip(folder: Path) -> str | None:
    """Why an Apertium eval over the pairs in ``folder`` cannot run here (no corpus, no eng-spa), or None."""
    if not folder.is_dir():
        return f"{folder} not found (the dev pairs live in ../shared, beside the project)"
    try:
        get_engine("apertium").check_pair("en", "es")
    except EngineError as exc:
        return str(exc)
    return None


def news(overrides: list[str], json_path: Path | None):
    """The news rows: Apertium on each source of dev/news, without and with the earlier pairs as archive."""
    folder = DEV / "news"
    if reason := apertium_skip(folder):
        print(f"news: skipped: {reason}")
        return {}
    results = {}
    print("\nNews pairs, Apertium: without a memory, and with the source's earlier pairs aligned into it (chronological)")
    print(f"{'source':<34}{'pairs':>6}{'chrF':>8}{'raw':>7}{'+chrF':>7}{'BLEU':>7}{'raw':>7}"
          f"{'exact':>7}{'fuzzy':>7}{'repaired':>10}")
    for source in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        plain = evaluation.evaluate_pairs(folder / source, "apertium", overrides)
        archived = evaluation.evaluate_pairs(folder / source, "apertium", overrides, memory=[folder / source],
                                             chronological=True)
        with_one = {p.name for p in archived.pairs if p.archive}
        rows = {"no archive": plain, "archive": archived,  # "later": the pairs that have an earlier one
                "later, no archive": evaluation.subset(plain, with_one),
                "later, archive": evaluation.subset(archived, with_one)}
        for label, result in rows.items():
            memory = result.to_dict()["total"]["memory"]
            print(f"{(source + ' ' + label)[:33]:<34}{len(result.pairs):>6}{result.total.chrf:>8.2f}"
                  f"{result.total_raw.chrf:>7.2f}{result.total.chrf - result.total_raw.chrf:>+7.2f}"
                  f"{result.total.bleu:>7.2f}{result.total_raw.bleu:>7.2f}"
                  f"{memory['exact']:>7}{memory['fuzzy']:>7}{memory['repaired']:>10}")
            results[f"{source}/{label}"] = result
    if json_path is not None:
        json_path.write_text(json.dumps({k: r.to_dict() for k, r in results.items()}, indent=2, ensure_ascii=False)
                             + "\n", encoding="utf-8")
    return results


def tsv_pair(path: Path, folder: Path) -> Path:
    """The segments of the TSV as an en.txt/es.txt pair, one paragraph each (whitespace is already collapsed)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    folder.mkdir(parents=True)
    for lang in ("en", "es"):
        (folder / f"{lang}.txt").write_text("\n\n".join(row[lang] for row in rows) + "\n", encoding="utf-8")
    return folder.parent


def ensure_copy_model() -> None:
    if models.find("en", "es") is not None:
        return
    if not ARCHIVE.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"building the Argos copy model in {CACHE} (once) ...", flush=True)
        shutil.rmtree(CACHE / f"{ARCHIVE.stem}.src", ignore_errors=True)
        argos_models.build_package(CACHE, name=ARCHIVE.stem)
    models.install_file(ARCHIVE)


if __name__ == "__main__":
    sys.exit(main())
