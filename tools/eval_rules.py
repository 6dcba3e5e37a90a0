"""``make eval-rules``: what each MT rule, heading style and name protection does to quality.

    python tools/eval_rules.py [--json PATH]

Runs ``presslate eval`` (the real pipeline, Apertium eng-spa) once per
variant over two pair sets: the technical dev pairs of ``make eval`` and the
news pairs (../shared/corpus/dev/news).  Variants: everything off, each rule
alone on top of that, the defaults, and the defaults with name protection.
Prints, per pair set, chrF and BLEU of the pipeline per variant with the
change against "everything off", the raw engine's scores (the same for every
variant), and whether every pair still meets the eval goal (chrF >= raw,
links and code kept), plus chrF counting spaces.  A rule stays on by default
only if it lowers none of them on either set.
Skips with a reason when ../shared or Apertium is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_dev import DEV, apertium_skip, tsv_pair  # noqa: E402

NEWS = DEV / "news"

from presslate import evaluation  # noqa: E402

RULES_OFF = ["mt.dates=false", "mt.numbers=false", "mt.quote_pairs=false", "mt.headline_lists=false",
             "mt.keep_names=false", "mt.name_modifiers=false"]
OFF = ["mt.repair=[]", 'style.headings="keep"', "mt.protect_names=false", *RULES_OFF]


def _alone(setting: str) -> list[str]:
    """Everything off but ``setting`` (an [mt] rule turned on)."""
    key = setting.partition("=")[0]
    return [o for o in OFF if not o.startswith(key + "=")] + [setting]


VARIANTS = [
    ("everything off", OFF),
    ("+ compounds", ['mt.repair=["compounds"]', *OFF[1:]]),
    ("+ quotes", ['mt.repair=["quotes"]', *OFF[1:]]),
    ("+ spaces", ['mt.repair=["spaces"]', *OFF[1:]]),
    ("+ inverted", ['mt.repair=["inverted"]', *OFF[1:]]),
    ("+ headings = sentence", [OFF[0], 'style.headings="sentence"', *OFF[2:]]),
    ("+ protect_names", _alone("mt.protect_names=true")),
    ("+ dates", _alone("mt.dates=true")),
    ("+ numbers", _alone("mt.numbers=true")),
    ("+ quote_pairs (source)", _alone("mt.quote_pairs=true")),
    ("+ quote_pairs (cldr)", [*_alone("mt.quote_pairs=true"), 'style.quotes="cldr"']),
    ("+ headings + headline_lists", [OFF[0], 'style.headings="sentence"', *_alone("mt.headline_lists=true")[2:]]),
    ("+ keep_names", _alone("mt.keep_names=true")),
    ("+ name_modifiers", _alone("mt.name_modifiers=true")),
    ("defaults", []),
    ("defaults + protect_names", ["mt.protect_names=true"]),
    ("defaults - keep_names", ["mt.keep_names=false"]),
    ("defaults - name_modifiers", ["mt.name_modifiers=false"]),
    ("defaults + quotes = cldr", ['style.quotes="cldr"']),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the totals of every variant here")
    args = parser.parse_args()
    if reason := apertium_skip(DEV / "parallel"):
        print(f"skipped: {reason}")
        return 0
    with tempfile.TemporaryDirectory(prefix="presslate-eval-rules-") as tmp:
        technical = [DEV / "parallel"]
        if (DEV / "parallel-en-es.tsv").is_file():
            technical.append(tsv_pair(DEV / "parallel-en-es.tsv", Path(tmp) / "python-docs-es"))
        sets = [("technical", technical)] + ([("news", [NEWS])] if NEWS.is_dir() else [])
        measured = {}
        for set_name, folders in sets:
            rows = []
            for label, overrides in VARIANTS:
                result = evaluation.merge([evaluation.evaluate_pairs(f, "apertium", overrides, project=None)
                                           for f in folders])
                rows.append((label, overrides, result))
                print(f"  measured: {set_name}: {label}", file=sys.stderr, flush=True)
            measured[set_name] = rows
    for set_name, rows in measured.items():
        _print_table(set_name, rows)
    print("chrF+sp: chrF counting spaces (plain chrF ignores them, so spacing rules show only there)")
    print("goal: pipeline chrF >= raw chrF on every pair, every link and code span kept (presslate eval --check)")
    if args.json:
        data = {set_name: {label: {"overrides": o, "chrf": r.total.chrf, "chrf_spaces": r.total.chrf_spaces,
                                   "bleu": r.total.bleu, "goal_met": r.goal_met(),
                                   "pairs": {p.name: p.pipeline.chrf for p in r.pairs}} for label, o, r in rows}
                for set_name, rows in measured.items()}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def _print_table(set_name: str, rows: list) -> None:
    base = rows[0][2].total
    raw = rows[0][2].total_raw
    print(f"\n{set_name}: Apertium eng-spa through presslate, {len(rows[0][2].pairs)} dev pairs; raw engine: "
          f"chrF {raw.chrf:.2f}, BLEU {raw.bleu:.2f}")
    print(f"{'variant':<26}{'chrF':>8}{'Δ chrF':>9}{'chrF+sp':>9}{'Δ':>8}{'BLEU':>8}{'Δ BLEU':>9}  {'min pair chrF ÷ raw':>20}  goal")
    for label, _overrides, result in rows:
        total = result.total
        worst = min(p.ratio for p in result.pairs if p.ratio is not None)
        print(f"{label:<26}{total.chrf:8.2f}{total.chrf - base.chrf:+9.3f}{total.chrf_spaces:9.2f}"
              f"{total.chrf_spaces - base.chrf_spaces:+8.3f}{total.bleu:8.2f}{total.bleu - base.bleu:+9.3f}"
              f"  {worst:>20.3f}  {'met' if result.goal_met() else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
