"""``make eval-rules``: what each MT repair rule, heading style and name protection does to quality.

    python tools/eval_rules.py [--json PATH]

Runs ``presslate eval`` (the real pipeline, Apertium eng-spa) over the same
dev pairs as ``make eval`` once per variant: everything off, each rule alone
on top of that, the defaults, and the defaults with name protection.  Prints
chrF and BLEU of the pipeline per variant with the change against
"everything off", the raw engine's scores (the same for every variant), and
whether every pair still meets the eval goal (chrF >= raw, links and code
kept), plus chrF counting spaces.  A rule stays on by default only if it
lowers none of them.
Skips with a reason when ../shared or Apertium is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_dev import DEV, tsv_pair  # noqa: E402

from presslate import evaluation  # noqa: E402
from presslate.engines import EngineError, get_engine  # noqa: E402

OFF = ["mt.repair=[]", 'style.headings="keep"', "mt.protect_names=false"]
VARIANTS = [
    ("everything off", OFF),
    ("+ compounds", ['mt.repair=["compounds"]', *OFF[1:]]),
    ("+ quotes", ['mt.repair=["quotes"]', *OFF[1:]]),
    ("+ spaces", ['mt.repair=["spaces"]', *OFF[1:]]),
    ("+ headings = sentence", [OFF[0], 'style.headings="sentence"', OFF[2]]),
    ("+ protect_names", [*OFF[:2], "mt.protect_names=true"]),
    ("defaults", []),
    ("defaults + protect_names", ["mt.protect_names=true"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the totals of every variant here")
    args = parser.parse_args()
    if not (DEV / "parallel").is_dir():
        print(f"skipped: {DEV / 'parallel'} not found (the dev pairs live in ../shared, beside the project)")
        return 0
    try:
        get_engine("apertium").check_pair("en", "es")
    except EngineError as exc:
        print(f"skipped: {exc}")
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="presslate-eval-rules-") as tmp:
        folders = [DEV / "parallel"]
        if (DEV / "parallel-en-es.tsv").is_file():
            folders.append(tsv_pair(DEV / "parallel-en-es.tsv", Path(tmp) / "python-docs-es"))
        for label, overrides in VARIANTS:
            result = evaluation.merge([evaluation.evaluate_pairs(f, "apertium", overrides, project=None) for f in folders])
            rows.append((label, overrides, result))
            print(f"  measured: {label}", file=sys.stderr, flush=True)
    base = rows[0][2].total
    raw = rows[0][2].total_raw
    print(f"Apertium eng-spa through presslate, {len(rows[0][2].pairs)} dev pairs; raw engine: chrF {raw.chrf:.2f}, "
          f"BLEU {raw.bleu:.2f}")
    print(f"{'variant':<26}{'chrF':>8}{'Δ chrF':>9}{'chrF+sp':>9}{'Δ':>8}{'BLEU':>8}{'Δ BLEU':>9}  {'min pair chrF ÷ raw':>20}  goal")
    for label, _overrides, result in rows:
        total = result.total
        worst = min(p.ratio for p in result.pairs if p.ratio is not None)
        print(f"{label:<26}{total.chrf:8.2f}{total.chrf - base.chrf:+9.3f}{total.chrf_spaces:9.2f}"
              f"{total.chrf_spaces - base.chrf_spaces:+8.3f}{total.bleu:8.2f}{total.bleu - base.bleu:+9.3f}"
              f"  {worst:>20.3f}  {'met' if result.goal_met() else 'NOT met'}")
    print("chrF+sp: chrF counting spaces (plain chrF ignores them, so spacing rules show only there)")
    print("goal: pipeline chrF >= raw chrF on every pair, every link and code span kept (presslate eval --check)")
    if args.json:
        data = {label: {"overrides": o, "chrf": r.total.chrf, "chrf_spaces": r.total.chrf_spaces, "bleu": r.total.bleu,
                        "goal_met": r.goal_met(),
                        "pairs": {p.name: p.pipeline.chrf for p in r.pairs}} for label, o, r in rows}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
