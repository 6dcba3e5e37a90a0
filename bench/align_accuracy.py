"""Alignment accuracy of ``presslate align`` on hand-made gold data (precision and recall).

    python bench/align_accuracy.py [--json PATH]

* Block level: ../shared/corpus/dev/parallel/*/*/aligned.tsv (the dev corpus's block pairs).
  Each block presslate parses is located in the gold row that contains its text (HTML
  entities decoded, whitespace collapsed); a predicted block pair is right when its English
  and its Spanish block sit in the same gold row.  Gold pairs: each row whose English and
  Spanish side hold the same number of presslate blocks, paired in order (a Markdown list
  row holds its items).  Precision counts predicted pairs whose English block is in a gold
  row (pairs of blocks the gold left out, such as code, are not judged).
* Sentence level: bench/data/align-gold-sentences.tsv, made by hand from two dev news pairs
  (see bench/data/README.md): every gold row pairs English and Spanish sentence numbers.
  A predicted sentence pair is right when it is a gold row exactly (placeholders and spacing
  ignored).

Skips with a reason when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEV = ROOT.parent / "shared" / "corpus" / "dev"
GOLD_SENTENCES = ROOT / "bench" / "data" / "align-gold-sentences.tsv"

from presslate.align.blocks import align_blocks, parse_blocks  # noqa: E402
from presslate.align.pair import align_files  # noqa: E402
from presslate.formats import Options, decode  # noqa: E402


def norm(text: str) -> str:
    text = html.unescape(text.replace("\\n", " "))
    text = re.sub(r"<[^>]+>|[*_`#>]", " ", text)
    return " ".join(text.split())


def locate(blocks, rows: list[str]) -> list[int | None]:
    """The gold row of each block, in order (a block found in several rows takes the first not before the last)."""
    found, last = [], 0
    for block in blocks:
        text = norm(block.whole.source if block.whole is not None else block.text)
        hits = [r for r, row in enumerate(rows) if text and text in row]
        later = [r for r in hits if r >= last]
        row = later[0] if later else hits[0] if hits else None
        if row is not None:
            last = row
        found.append(row)
    return found


def block_level() -> dict:
    tp = predicted = gold_total = 0
    per_pair = {}
    for tsv in sorted(DEV.glob("parallel/*/*/aligned.tsv")):
        folder = tsv.parent
        en_path = next(folder.glob("en.*"))
        es_path = folder / ("es" + en_path.suffix)
        with tsv.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        en_blocks = parse_blocks(decode(en_path.read_bytes(), str(en_path)), str(en_path), "en", Options("en", "paragraph"))
        es_blocks = parse_blocks(decode(es_path.read_bytes(), str(es_path)), str(es_path), "es", Options("es", "paragraph"))
        row_en = locate(en_blocks, [norm(r["en"]) for r in rows])
        row_es = locate(es_blocks, [norm(r["es"]) for r in rows])
        gold = set()
        for r in range(len(rows)):
            ens = [i for i, x in enumerate(row_en) if x == r]
            ess = [j for j, x in enumerate(row_es) if x == r]
            if ens and len(ens) == len(ess):
                gold.update(zip(ens, ess))
        pairs = set()
        for pair in align_blocks(en_blocks, es_blocks).pairs:
            pairs.update((i, j) for i in pair.en for j in pair.es)
        judged = {(i, j) for i, j in pairs if row_en[i] is not None}
        right = {(i, j) for i, j in judged if row_en[i] == row_es[j]}
        tp_pair = len(right)  # a pair inside the right row is right (a list row's items, say)
        per_pair[folder.relative_to(DEV / "parallel").as_posix()] = {
            "precision": round(tp_pair / len(judged), 4) if judged else None,
            "recall": round(len(pairs & gold) / len(gold), 4) if gold else None, "gold": len(gold)}
        per_pair[folder.relative_to(DEV / "parallel").as_posix()]["found"] = len(pairs & gold)
        tp += tp_pair
        predicted += len(judged)
        gold_total += len(gold)
    found = sum(p["found"] for p in per_pair.values())
    return {"precision": round(tp / predicted, 4), "recall": round(found / gold_total, 4), "predicted": predicted,
            "gold": gold_total, "pairs": per_pair}


def sentence_level() -> dict | None:
    if not GOLD_SENTENCES.is_file():
        return None
    with GOLD_SENTENCES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    result = {}
    tp = predicted = gold_total = 0
    for pair in dict.fromkeys(r["pair"] for r in rows):
        folder = DEV / "news" / pair
        en_path = next(folder.glob("en.*"))
        es_path = folder / ("es" + en_path.suffix)
        en = [s for b in parse_blocks(decode(en_path.read_bytes(), str(en_path)), str(en_path), "en") for s in b.sentences]
        es = [s for b in parse_blocks(decode(es_path.read_bytes(), str(es_path)), str(es_path), "es") for s in b.sentences]
        gold = set()
        for r in (r for r in rows if r["pair"] == pair):
            gold.add((" ".join(squash(en[int(k)].text) for k in r["en"].split("+")),
                      " ".join(squash(es[int(k)].text) for k in r["es"].split("+"))))
        aligned = align_files(en_path, es_path)
        got = {(squash(u.source), squash(u.target)) for u in aligned.units if u.kind == "sentence"}
        hits = len(got & gold)
        result[pair] = {"precision": round(hits / len(got), 4) if got else None,
                        "recall": round(hits / len(gold), 4), "gold": len(gold), "predicted": len(got)}
        tp += hits
        predicted += len(got)
        gold_total += len(gold)
    return {"precision": round(tp / predicted, 4), "recall": round(tp / gold_total, 4), "predicted": predicted,
            "gold": gold_total, "pairs": result}


def squash(text: str) -> str:
    """A sentence compared without its placeholders and spacing (the gold is written as plain text)."""
    return " ".join(re.sub(r"</?\d+/?>", "", text.replace("\\n", " ")).split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (DEV / "parallel").is_dir():
        print(f"skipped: {DEV} not found (the dev corpus lives in ../shared, beside the project)")
        return 0
    results = {"blocks": block_level(), "sentences": sentence_level()}
    for level, r in results.items():
        if r is None:
            print(f"{level}: no gold file")
            continue
        print(f"{level:<10} precision {100 * r['precision']:.1f}%  recall {100 * r['recall']:.1f}%  "
              f"({r['predicted']} predicted pairs judged, {r['gold']} gold pairs)")
        for name, p in r["pairs"].items():
            print(f"  {name:<60} P {p['precision']}  R {p['recall']}  gold {p['gold']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
