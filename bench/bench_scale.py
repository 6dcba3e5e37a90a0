"""Archive scale (issue 25): how translate, build and publish grow from 1,000 to 30,000 articles.

For each size, a generated project (``gen_project.py``, es + fr, pseudo engine) gets, in this order:
first ``translate``, no-op ``translate``, first ``build --include-fuzzy``, first ``publish
--allow-machine --min-reviewed 0`` and no-op ``publish``.  Each is timed (wall and CPU seconds
of the whole process tree) with its peak RSS: the largest single process (wait4) and the whole
tree sampled every 20 ms (``run.tree_rss_kb``).  Between two sizes the growth exponent
log(t2 / t1) / log(n2 / n1) is printed for each (1.0 is linear; goal ≤ 1.05), from CPU seconds,
which load from other processes on a shared machine disturbs far less than wall time.
The goal for peak RSS is ≤ 500 MB at 30,000 articles.  ``--src`` runs another checkout's code
(for before/after tables).

``--steps translate`` runs only the steps named (in the order above; a step needs the ones before it that
make its input, so ``build`` alone is a build of untranslated PO files).

    python bench/bench_scale.py [--articles 1000 10000 30000] [--steps STEP ...] [--src DIR] [--json PATH]
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import scale_cli

LANGS = ["es", "fr"]
STEPS = {  # name → presslate arguments, run in this order
    "translate": ("translate",),
    "noop_translate": ("translate",),
    "build": ("build", "--include-fuzzy"),
    "publish": ("publish", "--allow-machine", "--min-reviewed", "0"),
    "noop_publish": ("publish", "--allow-machine", "--min-reviewed", "0"),
}
GOAL_EXPONENT = 1.05
GOAL_RSS_MB = 500


def measure(bench, n: int, tmp: Path, env: dict, steps: tuple[str, ...] = tuple(STEPS)) -> dict:
    root = bench.gen_project.generate(tmp / f"scale-{n}", n, LANGS)
    result: dict = {"articles": n}
    for step, args in STEPS.items():
        if step not in steps:
            continue
        done = bench.presslate(root, *args, env=env, sample=True)
        result[step] = {"s": round(done.seconds, 2), "cpu_s": round(done.cpu_seconds, 2),
                        "maxrss_mb": round(done.maxrss_mb, 1), "tree_peak_mb": round(done.tree_peak_mb, 1)}
        print(f"  {n} {step}: {done.seconds:.1f} s, cpu {done.cpu_seconds:.1f} s, "
              f"{done.maxrss_mb:.0f} MB", file=sys.stderr, flush=True)
    shutil.rmtree(root)
    return result


def exponent(a: dict, b: dict, step: str, key: str) -> float:
    return round(math.log(b[step][key] / a[step][key]) / math.log(b["articles"] / a["articles"]), 3)


def section(bench, sizes: tuple[int, ...], tmp: Path, table, env: dict | None = None,
            steps: tuple[str, ...] = tuple(STEPS)) -> dict:
    """The ``scale`` section of ``run.py`` (``bench`` is that module); ``steps``: those of STEPS to run."""
    env = env or dict(os.environ)
    steps = tuple(step for step in STEPS if step in steps)
    results = [measure(bench, n, tmp, env, steps) for n in sizes]
    names = " / ".join("no-op" if step == "noop_translate" else step.replace("noop_", "no-op ") for step in steps)
    for r in results:
        table.add("scale", f"{r['articles']} articles: {names}",
                  " / ".join(f"{r[step]['s']:.1f}" for step in steps) + " s",
                  "CPU " + " / ".join(f"{r[step]['cpu_s']:.1f}" for step in steps) + " s; peak RSS "
                  + " / ".join(f"{r[step]['maxrss_mb']:.0f}" for step in steps) + f" MB (goal ≤ {GOAL_RSS_MB})")
    growth: dict = {}
    for a, b in zip(results, results[1:]):
        span = f"{a['articles']}→{b['articles']}"
        growth[span] = {step: {"cpu": exponent(a, b, step, "cpu_s"), "wall": exponent(a, b, step, "s")}
                        for step in steps}
        worst = max(v["cpu"] for v in growth[span].values())
        table.add("scale", f"growth exponent {span} (CPU; wall)",
                  ", ".join(f"{step} {v['cpu']:.2f}" for step, v in growth[span].items()),
                  "wall " + ", ".join(f"{v['wall']:.2f}" for v in growth[span].values())
                  + f"; goal ≤ {GOAL_EXPONENT}" + ("" if worst <= GOAL_EXPONENT else f": ABOVE ({worst:.2f})"))
    peak = max(r[step]["maxrss_mb"] for r in results for step in steps)
    table.add("scale", f"largest peak RSS, up to {results[-1]['articles']} articles", f"{peak:.0f} MB",
              f"goal ≤ {GOAL_RSS_MB} MB at 30,000 articles")
    return {"sizes": results, "growth": growth, "peak_rss_mb": peak}


def main() -> int:
    options = scale_cli.parser(__doc__, [1000, 10_000, 30_000])
    options.add_argument("--steps", nargs="+", choices=list(STEPS), default=list(STEPS),
                         help="run only these steps (default: all, in order)")
    args, bench, src, env = scale_cli.parse(options)
    table = bench.Table()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="presslate-bench-scale-") as tmp:
        results = section(bench, tuple(args.articles), Path(tmp), table, env, tuple(args.steps))
    results.update(src=str(src), machine=bench.machine(), load_average_start=load, load_average_end=os.getloadavg()[0])
    print(table.render())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
