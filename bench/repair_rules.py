"""Measure each MT repair rule, headline case and name protection with real Apertium and chrF.

Usage: python bench/repair_rules.py [--json PATH] [--limit N]

An interim harness until ``presslate eval`` (issue 13) exists.  Data, from
../shared/corpus/dev/ (relative to the project root):

* ``parallel/<source>/<slug>/aligned.tsv`` — 209 aligned English/Spanish
  blocks of 5 article pairs.  Each English block becomes one small article
  of its pair's format (a Markdown block, an HTML element, front matter);
* ``parallel-en-es.tsv`` — 300 python-docs-es segments, each a ``.txt``
  article.

Every variant runs the real pipeline on a fresh copy of that project:
``translate`` with Apertium eng-spa, then ``build --include-fuzzy``; the
built block is scored against the human Spanish with sacrebleu's chrF,
chrF with ``whitespace=True`` and BLEU (entities such as ``&oacute;``
decoded on both sides).  Standard chrF ignores spaces, so rules that only
add or remove spaces (compounds, quotes, spaces) show in the other two.  Apertium's raw
output for an exact input is memoised across variants (the rules run after
it, or change its input, so this changes nothing but time).  chrF is
deterministic; nothing here is timed.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from presslate import config as config_mod
from presslate.engines.apertium import ApertiumEngine
from presslate.workflow.build import build
from presslate.workflow.translate import translate

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
ALL_RULES = ["compounds", "quotes", "spaces"]


class MemoEngine:
    """Apertium with its outputs remembered per exact input text."""

    def __init__(self) -> None:
        self.inner = ApertiumEngine()
        self.name = self.inner.name
        self.memo: dict[str, str] = {}

    @property
    def fallbacks(self) -> int:
        return self.inner.fallbacks

    def identity(self, source, target):
        return self.inner.identity(source, target)

    def check_pair(self, source, target):
        self.inner.check_pair(source, target)

    def translate_batch(self, segments, source, target):
        todo = [s for s in dict.fromkeys(segments) if s not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.inner.translate_batch(todo, source, target)))
        return [self.memo[s] for s in segments]


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_corpus(folder: Path, limit: int | None) -> list[dict]:
    """One article per block; returns the blocks with their article path, kind and reference."""
    blocks = []
    for pair in sorted(p for p in (DEV / "parallel").glob("*/*") if (p / "aligned.tsv").is_file()):
        suffix = next(p.suffix for p in pair.iterdir() if p.name.startswith("en."))
        for row in _rows(pair / "aligned.tsv")[:limit]:
            kind, en = row["block_type"], row["en"].replace("\\n", "\n")
            name = f"pairs/{pair.parent.name}/{pair.name}/{int(row['n']):03d}"
            if kind.startswith("frontmatter:"):
                key = kind.partition(":")[2]
                path, text = name + ".md", f"---\n{key}: {json.dumps(en, ensure_ascii=False)}\n---\n"
            elif suffix == ".html":
                path, text = name + ".html", f"<{kind}>{en}</{kind}>\n"
            else:
                path, text = name + ".md", en + "\n"
            blocks.append({"set": "pairs", "path": path, "kind": kind, "suffix": suffix, "ref": row["es"]})
            (folder / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / "articles" / path).write_text(text, encoding="utf-8")
    for row in _rows(DEV / "parallel-en-es.tsv")[:limit]:
        path = f"tsv/{row['id']}.txt"
        blocks.append({"set": "tsv", "path": path, "kind": "p", "suffix": ".txt", "ref": row["es"]})
        (folder / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "articles" / path).write_text(row["en"] + "\n", encoding="utf-8")
    return blocks


def hypothesis(block: dict, built: str) -> str:
    if block["kind"].startswith("frontmatter:"):
        key = block["kind"].partition(":")[2]
        m = re.search(rf"^{key}: (.*)$", built, re.M)
        value = m.group(1) if m else ""
        return json.loads(value) if value.startswith('"') else value
    if block["suffix"] == ".html":
        m = re.fullmatch(rf"\s*<{block['kind']}>(.*)</{block['kind']}>\s*", built, re.S)
        return m.group(1) if m else built
    return built.strip()


def run_variant(template: Path, blocks: list[dict], engine: MemoEngine, settings: dict) -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory(prefix="repair-bench-") as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(template, root)
        data = {
            "project": {"source": "en", "targets": ["es"], "articles": ["articles/**/*.md", "articles/**/*.html",
                                                                        "articles/**/*.txt"]},
            "engine": {"name": "apertium"},
            **settings,
        }
        config = config_mod.from_dict(root, data)
        translate(config, lambda lang: engine, ["es"], force=True)
        build(config, ["es"], include_fuzzy=True, min_translated=0, strict=False)
        out = {}
        for block in blocks:
            built = (root / "build" / "es" / block["path"]).read_text(encoding="utf-8")
            out[block["path"]] = hypothesis(block, built)
        return out


def scores(hyps: list[str], refs: list[str]) -> dict[str, float]:
    """chrF (sacrebleu's default: spaces ignored), chrF counting spaces, and BLEU."""
    from sacrebleu.metrics import BLEU, CHRF

    hyps = [html.unescape(h) for h in hyps]
    refs = [[html.unescape(r) for r in refs]]
    return {"chrF": CHRF().corpus_score(hyps, refs).score,
            "chrF+spaces": CHRF(whitespace=True).corpus_score(hyps, refs).score,
            "BLEU": BLEU().corpus_score(hyps, refs).score}


METRICS = ("chrF", "chrF+spaces", "BLEU")


VARIANTS = {
    # name: (repair rules, headings, protect_names)
    "baseline (all off)": ([], "keep", False),
    "+compounds": (["compounds"], "keep", False),
    "+quotes": (["quotes"], "keep", False),
    "+spaces": (["spaces"], "keep", False),
    "+headings=sentence": ([], "sentence", False),
    "+protect_names": ([], "keep", True),
    "all on": (ALL_RULES, "sentence", True),
    "all on -compounds": (["quotes", "spaces"], "sentence", True),
    "all on -quotes": (["compounds", "spaces"], "sentence", True),
    "all on -spaces": (["compounds", "quotes"], "sentence", True),
    "all on -headings": (ALL_RULES, "keep", True),
    "all on -protect_names": (ALL_RULES, "sentence", False),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the table as JSON here")
    parser.add_argument("--limit", type=int, help="only the first N rows of each file (a quick try)")
    parser.add_argument("--show", type=int, default=0, help="print N changed blocks per variant")
    args = parser.parse_args()
    if not (DEV / "parallel-en-es.tsv").is_file():
        print(f"skipped: {DEV} is absent (the dev corpus lives beside the project)")
        return 0
    try:
        import sacrebleu  # noqa: F401
    except ImportError:
        print("skipped: sacrebleu is missing; pip install -e '.[eval]'")
        return 0
    engine = MemoEngine()
    try:
        engine.check_pair("en", "es")
    except Exception as exc:  # EngineError: Apertium or eng-spa not installed
        print(f"skipped: {exc}")
        return 0
    with tempfile.TemporaryDirectory(prefix="repair-corpus-") as tmp:
        template = Path(tmp)
        blocks = write_corpus(template, args.limit)
        subsets = {
            "pairs": [b for b in blocks if b["set"] == "pairs"],
            "pairs headings": [b for b in blocks if b["set"] == "pairs" and (b["kind"][0] == "h" or "title" in b["kind"])],
            "tsv": [b for b in blocks if b["set"] == "tsv"],
        }
        results, outputs = {}, {}
        for name, (rules, headings, names) in VARIANTS.items():
            settings = {"mt": {"repair": rules, "protect_names": names}, "style": {"headings": headings}}
            out = outputs[name] = run_variant(template, blocks, engine, settings)
            results[name] = {
                subset: scores([out[b["path"]] for b in items], [b["ref"] for b in items])
                for subset, items in subsets.items()
            }
            base = outputs["baseline (all off)"]
            results[name]["changed blocks"] = sum(out[b["path"]] != base[b["path"]] for b in blocks)
            if args.show and name != "baseline (all off)":
                shown = [b for b in blocks if out[b["path"]] != base[b["path"]]][: args.show]
                for b in shown:
                    print(f"  [{name}] {b['path']}\n    - {base[b['path']]!r}\n    + {out[b['path']]!r}", file=sys.stderr)
    counts = {subset: len(items) for subset, items in subsets.items()}
    base = results["baseline (all off)"]
    print(f"sacrebleu {__import__('sacrebleu').__version__}, Apertium {engine.identity('en', 'es')}, "
          f"pipeline translate + build --include-fuzzy; blocks: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for metric in METRICS:
        print(f"\n{metric}: score (difference from the baseline)")
        header = f"{'variant':<24}" + "".join(f"{s:>22}" for s in subsets) + f"{'changed':>9}"
        print(header)
        print("-" * len(header))
        for name, row in results.items():
            cells = "".join(f"{row[s][metric]:>11.3f} ({row[s][metric] - base[s][metric]:+7.3f}) " for s in subsets)
            print(f"{name:<24}{cells}{row['changed blocks']:>7}")
    if args.json:
        args.json.write_text(json.dumps({"blocks": counts, "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
