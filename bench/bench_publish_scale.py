"""``presslate publish`` at archive scale: first, no-op and one-article-changed runs, with peak memory.

For each size, a generated project (``gen_project.py``, 2 target languages,
pseudo engine) is translated once (not timed), then published with
``--allow-machine --min-reviewed 0`` so every version is on the site
(3 pages and 3 content files per article):

* first publish: no site and no publish state (repeated ``3000 // N`` times);
* no-op publish: nothing changed since the last one;
* one article changed: one sentence added to an article, ``translate`` (not
  timed), then ``publish``; the files it wrote are counted from its summary.

Peak RSS is the whole process tree, sampled every 20 ms (``run.tree_rss_kb``).
The growth exponent between two sizes is log(t2 / t1) / log(n2 / n1): 1.0 is
linear.  ``--src`` runs another checkout's code (for before/after tables).

    python bench/bench_publish_scale.py [--articles 1000 10000] [--repeats 3] [--src DIR] [--json PATH]
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import scale_cli

PUBLISH = ("publish", "--allow-machine", "--min-reviewed", "0")
LANGS = ["es", "fr"]


def _written(output: str) -> int | None:
    match = re.search(r"^(\d+) written", output, re.MULTILINE)
    return int(match.group(1)) if match else None


def _forget_site(root: Path) -> None:
    """No site and no publish state: the next publish is a first one."""
    shutil.rmtree(root / "site", ignore_errors=True)
    state = root / ".presslate"
    for path in state.glob("publish*") if state.is_dir() else ():
        path.unlink()


def measure(bench, n: int, repeats: int, tmp: Path, env: dict) -> dict:
    root = bench.gen_project.generate(tmp / f"publish-{n}", n, LANGS)
    translated = bench.presslate(root, "translate", env=env)
    result: dict = {"articles": n, "translate_s": round(translated.seconds, 2)}
    runs: dict[str, list] = {"first": [], "noop": [], "changed": []}
    problems: list[str] = []
    for _ in range(max(1, min(repeats, 3000 // n))):
        _forget_site(root)
        runs["first"].append(bench.presslate(root, *PUBLISH, env=env, sample=True))
    for _ in range(repeats):
        done = bench.presslate(root, *PUBLISH, env=env, sample=True)
        if _written(done.output) != 0:
            problems.append(f"no-op publish wrote files: {done.output.strip().splitlines()[-1]}")
        runs["noop"].append(done)
    for i in range(repeats):
        bench.gen_project.edit_article(root, (37 * i + 11) % n, stamp=i)
        bench.presslate(root, "translate", env=env)
        runs["changed"].append(bench.presslate(root, *PUBLISH, env=env, sample=True))
    for kind, done in runs.items():
        result[f"{kind}_s"] = round(statistics.median(r.seconds for r in done), 3)
        result[f"{kind}_peak_mb"] = round(max(r.tree_peak_mb for r in done), 1)
        result[f"{kind}_runs"] = len(done)
    result["changed_written"] = [_written(r.output) for r in runs["changed"]]
    result["noop_over_first"] = round(result["noop_s"] / result["first_s"], 4)
    result["problems"] = problems
    shutil.rmtree(root)
    return result


def growth(results: list[dict], key: str) -> list[str]:
    out = []
    for a, b in zip(results, results[1:]):
        exponent = math.log(b[key] / a[key]) / math.log(b["articles"] / a["articles"])
        out.append(f"{a['articles']}→{b['articles']}: {exponent:.2f}")
    return out


def section(bench, sizes: tuple[int, ...], repeats: int, tmp: Path, table, env: dict | None = None) -> dict:
    """The ``publish`` section of ``run.py`` (``bench`` is that module)."""
    env = env or dict(os.environ)
    results = [measure(bench, n, repeats, tmp, env) for n in sizes]
    for r in results:
        table.add("publish", f"{r['articles']} articles, 2 languages: first / no-op / one changed",
                  f"{r['first_s']:.2f} / {r['noop_s']:.2f} / {r['changed_s']:.2f} s",
                  f"no-op/first {100 * r['noop_over_first']:.1f}% (target ≤ 5%); changed wrote {r['changed_written']} "
                  f"files; peak RSS {r['first_peak_mb']:.0f} / {r['noop_peak_mb']:.0f} / {r['changed_peak_mb']:.0f} MB"
                  + (f"; PROBLEMS: {r['problems'][:2]}" if r["problems"] else ""))
    if len(results) > 1:
        table.add("publish", "growth exponent, first publish", ", ".join(growth(results, "first_s")), "1.0 = linear")
        table.add("publish", "growth exponent, no-op publish", ", ".join(growth(results, "noop_s")), "1.0 = linear")
    return {"sizes": results}


def main() -> int:
    options = scale_cli.parser(__doc__, [1000, 10_000])
    options.add_argument("--repeats", type=int, default=3)
    args, bench, src, env = scale_cli.parse(options)
    table = bench.Table()
    with tempfile.TemporaryDirectory(prefix="presslate-bench-publish-") as tmp:
        results = section(bench, tuple(args.articles), args.repeats, Path(tmp), table, env)
    results.update(src=str(src), load_average=os.getloadavg()[0])
    print(table.render())
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
