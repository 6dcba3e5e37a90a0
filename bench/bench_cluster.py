"""The ``cluster`` and ``site`` sections of ``bench/run.py``.

* ``cluster``: first ``translate`` (pseudo engine) + ``build`` of generated
  projects (2 languages) through the CLI with the local backend and the Dask
  backend: on running LocalClusters of 1 and 2 worker processes
  (``--scheduler``), and (1,000 articles) on a cluster each command starts
  itself; the overhead per article of the distributed path; the cluster
  start-up on its own; then the MT stage alone with the base-size Argos copy
  model (``bench_mt.py`` builds it), one engine thread per worker, so 2
  workers have twice the cores of 1: 60 articles (about 1,000 distinct
  segments, 4 chunks per worker), and the chunks each worker translated are
  printed (a run where a worker got none stops the bench: its row would lie).
* ``site``: a 1,000-article site (2 languages) with po4a — one ``po4a.cfg``
  listing every article with its own POT and PO files (``$master`` split
  mode) — against ``presslate translate --no-mt`` + ``presslate build``: first
  run, no-op run, one article changed.

Both take the helpers of ``run.py`` (passed in as ``bench``) so timings are
taken, interleaved and tabled the same way as every other section.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path

ARGOS_ONE_THREAD = "\n[engine.argos]\ninter_threads = 1\nintra_threads = 1\n"
PO4A_OPTIONS = ["-k", "0", "-M", "UTF-8", "-L", "UTF-8", "--no-backups"]


# -- cluster -------------------------------------------------------------------


def cluster_startup(repeats: int) -> float:
    """Median seconds to start a 1-worker LocalCluster, connect and register the engine plugin, and stop."""
    from presslate.workflow.backends.dask_cluster import DaskBackend

    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        DaskBackend.connect(None, 1, 30).close()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def _cluster(workers: int, env: dict | None = None):
    """A running LocalCluster of worker processes, as `dask scheduler` + `dask worker` would give."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                        silence_logs=40, **({"env": env} if env else {}))


def cluster_section(bench, sizes: tuple[int, ...], mt_articles: int, repeats: int, tmp: Path, table) -> dict:
    results: dict = {"sizes": list(sizes)}
    startup = results["cluster_startup_s"] = round(cluster_startup(max(2, repeats)), 3)
    table.add("cluster", "dask LocalCluster start + connect + stop (1 worker)", f"{startup:.2f} s",
              "paid by every command that starts its own cluster (no --scheduler)")
    with _cluster(1) as one, _cluster(2) as two:
        for n in sizes:
            backends = {"local -j 1": ["-j", "1"], "dask, running cluster, 1 worker": ["--scheduler", one.scheduler_address]}
            if n <= 2000:  # the large size measures the overhead per article only (each case takes minutes)
                backends.update({"dask, running cluster, 2 workers": ["--scheduler", two.scheduler_address],
                                 "local -j 2": ["-j", "2"], "dask, own LocalCluster, 1 worker": ["--backend", "dask", "-j", "1"]})
            results[str(n)] = _pipeline(bench, n, backends, repeats, tmp, table)
    env = bench.install_argos_model(tmp / "argos", table, "cluster")
    if env is not None:
        results["mt"] = mt_stage(bench, mt_articles, repeats, tmp, env, table)
    return results


def _pipeline(bench, n: int, backends: dict, repeats: int, tmp: Path, table) -> dict:
    pristine = bench.gen_project.generate(tmp / f"pipeline-{n}" / "pristine", n, ["es", "fr"])
    cases = {name: _pipeline_case(bench, pristine, tmp / f"pipeline-{n}" / str(k), options)
             for k, (name, options) in enumerate(backends.items())}
    runs = max(1, min(repeats, 3000 // n))
    medians = bench.take_turns(cases, runs)
    local, one = medians["local -j 1"]["total_s"], medians["dask, running cluster, 1 worker"]["total_s"]
    row = {"runs": runs, **medians, "overhead_ms_per_article": round(1000 * (one - local) / n, 3),
           "overhead_percent": round(100 * (one - local) / local, 1)}
    for name, m in medians.items():
        compared = ""
        if name == "dask, running cluster, 1 worker":
            compared = (f"distributed overhead vs local -j 1: {row['overhead_percent']:+.0f}%, "
                        f"{row['overhead_ms_per_article']:+.2f} ms per article (goal < 10%)")
        elif name != "local -j 1":
            compared = f"speed-up over local -j 1: {local / m['total_s']:.2f}x"
        table.add("cluster", f"{n} articles, 2 languages, {name}: translate / build ({runs} run{'s' * (runs > 1)})",
                  f"{m['translate_s']:.2f} / {m['build_s']:.2f} s", compared)
    shutil.rmtree(tmp / f"pipeline-{n}")
    return row


def _pipeline_case(bench, pristine: Path, work: Path, options: list[str]):
    def case(i: int) -> dict[str, float]:
        bench.fresh_copy(pristine, work)
        translate = bench.presslate(work, "translate", *options)
        build = bench.presslate(work, "build", "--include-fuzzy", *options)
        return {"translate_s": translate.seconds, "build_s": build.seconds, "total_s": translate.seconds + build.seconds}
    return case


def mt_stage(bench, articles: int, repeats: int, tmp: Path, env: dict, table) -> dict:
    """The MT phase of `presslate translate` (the summary's seconds) with the copy model, es only.

    The clusters are warmed by one run first: their workers keep the loaded model (the engine
    plugin is idempotent), as on a long-lived cluster; the local run loads it in each command.
    """
    pristine = bench.gen_project.generate(tmp / "mt" / "pristine", articles, ["es"], engine="argos")
    config = pristine / "presslate.toml"
    config.write_text(config.read_text(encoding="utf-8") + ARGOS_ONE_THREAD, encoding="utf-8")
    from distributed import Client

    from presslate.workflow.backends.dask_cluster import engine_work

    counts: dict = {}
    spread: dict[str, list[list[int]]] = {}  # case → per run, the chunks each worker translated
    with _cluster(1, env) as one, _cluster(2, env) as two, Client(one) as one_client, Client(two) as two_client:
        backends = {"local": ["-j", "1"], "dask 1 worker": ["--scheduler", one.scheduler_address],
                    "dask 2 workers": ["--scheduler", two.scheduler_address]}
        clients = {"dask 1 worker": one_client, "dask 2 workers": two_client}

        def chunks_by_worker(name: str) -> dict[str, int]:
            return {w: work["chunks"].get("argos", 0) for w, work in clients[name].run(engine_work).items()}
        warm = bench.gen_project.generate(tmp / "mt" / "warm", 6, ["es"], engine="argos", seed=99)  # chunks for every worker
        (warm / "presslate.toml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
        for name in ("dask 1 worker", "dask 2 workers"):
            shutil.rmtree(warm / ".presslate", ignore_errors=True)
            bench.presslate(warm, "translate", "--force", *backends[name], env=env)

        def case_for(name: str, options: list[str]):
            def case(i: int) -> dict[str, float]:
                work = bench.fresh_copy(pristine, tmp / "mt" / name.replace(" ", "_"))
                before = chunks_by_worker(name) if name in clients else {}
                done = bench.presslate(work, "translate", *options, env=env)
                found = bench.summary(done.output)
                if not found.get("machine_translated"):
                    raise bench.BenchError(f"{name}: nothing machine-translated: {done.output.strip()[-300:]}")
                counts[name] = found["machine_translated"]
                if name in clients:  # the row is about N workers only if N workers did the work
                    after = chunks_by_worker(name)
                    got = sorted((after[w] - before.get(w, 0) for w in after), reverse=True)
                    spread.setdefault(name, []).append(got)
                    if len(got) != len(clients[name].scheduler_info()["workers"]) or min(got) < 1:
                        raise bench.BenchError(f"{name}: MT chunks per worker {got}: not every worker translated")
                return {"mt_s": found["mt_seconds"], "wall_s": done.seconds}
            return case

        medians = bench.take_turns({name: case_for(name, o) for name, o in backends.items()}, min(repeats, 3))
    segments = counts["local"]
    result = {"articles": articles, "segments": segments, **medians,
              "speedup_2_over_1_worker": round(medians["dask 1 worker"]["mt_s"] / medians["dask 2 workers"]["mt_s"], 3),
              "speedup_2_workers_over_local": round(medians["local"]["mt_s"] / medians["dask 2 workers"]["mt_s"], 3),
              "chunks_per_worker": spread}
    for name, m in medians.items():
        compared = f"{segments / m['mt_s']:.1f} seg/s; whole command {m['wall_s']:.1f} s"
        if name in spread:
            compared += "; MT chunks per worker " + ", ".join("/".join(map(str, run)) for run in spread[name])
        if name == "dask 2 workers":
            compared += (f"; speed-up over 1 worker {result['speedup_2_over_1_worker']:.2f}x (goal >= 1.7x), "
                         f"over local {result['speedup_2_workers_over_local']:.2f}x")
        table.add("cluster", f"MT stage, argos base copy model, {segments} segments en→es, {name}", f"{m['mt_s']:.1f} s",
                  compared)
    table.note("cluster", "MT stage: [engine.argos] inter_threads = intra_threads = 1, so each worker (and the local "
                          "run) uses one core; the clusters ran once before (models loaded, kept by the engine "
                          "plugin), the local run loads the model inside its MT stage")
    return result


# -- site: po4a vs presslate over a whole site ---------------------------------


def po4a_config(root: Path, langs: list[str]) -> Path:
    """po4a.cfg listing every article, each with its own POT and PO files (split mode)."""
    lines = [f"[po4a_langs] {' '.join(langs)}", "[po4a_paths] po4a/$master.pot $lang:po4a/$master.$lang.po"]
    for article in sorted((root / "articles").rglob("*.md")):
        rel = article.relative_to(root).as_posix()
        out = article.relative_to(root / "articles").as_posix()
        lines.append(f'[type: text] {rel} $lang:po4a-out/$lang/{out} pot={article.stem} opt:"-o markdown"')
    path = root / "po4a.cfg"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def site_section(bench, n: int, repeats: int, tmp: Path, table) -> dict:
    if not shutil.which("po4a"):
        table.note("site", "po4a not installed (apt-get install po4a): site comparison skipped")
        return {}
    langs = ["es", "fr"]
    pristine = bench.gen_project.generate(tmp / "site" / "pristine", n, langs)
    po4a_config(pristine, langs)
    checks: list[str] = []

    def presslate_case(i: int) -> dict[str, float]:
        work = bench.fresh_copy(pristine, tmp / "site" / "presslate")

        def once() -> float:
            translate, build = bench.presslate(work, "translate", "--no-mt"), bench.presslate(work, "build")
            return translate.seconds + build.seconds

        first, noop = once(), once()
        bench.gen_project.edit_article(work, (37 * i + 11) % n, stamp=i)
        changed = once()
        if len(list((work / "build").rglob("*.md"))) != n * len(langs):
            checks.append("presslate did not build every article")
        return {"first_s": first, "noop_s": noop, "changed_s": changed}

    def po4a_case(i: int) -> dict[str, float]:
        work = bench.fresh_copy(pristine, tmp / "site" / "po4a")

        def once() -> float:
            started = time.perf_counter()
            subprocess.run(["po4a", *PO4A_OPTIONS, "po4a.cfg"], cwd=work, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return time.perf_counter() - started

        first, noop = once(), once()
        bench.gen_project.edit_article(work, (37 * i + 11) % n, stamp=i)
        changed = once()
        if len(list((work / "po4a-out").rglob("*.md"))) != n * len(langs) or len(list((work / "po4a").glob("*.po"))) != n * 2:
            checks.append("po4a did not write every PO file and article")
        return {"first_s": first, "noop_s": noop, "changed_s": changed}

    medians = bench.take_turns({"presslate": presslate_case, "po4a": po4a_case}, repeats)
    p, q = medians["presslate"], medians["po4a"]
    speedup = {k: round(q[k] / p[k], 2) for k in ("first_s", "noop_s", "changed_s")}
    results = {"articles": n, "languages": langs, "runs": repeats, **medians, "presslate_speedup": speedup,
               "verified": not checks, "problems": checks}
    for label, key, goal in (("first run", "first_s", "goal: faster"), ("no-op run", "noop_s", "goal >= 5x"),
                             ("one article changed", "changed_s", "goal >= 5x")):
        table.add("site", f"{n}-article site, 2 languages, {label}: presslate / po4a",
                  f"{p[key]:.2f} / {q[key]:.2f} s", f"presslate {speedup[key]:.1f}x faster ({goal})")
    table.note("site", "presslate = `translate --no-mt` + `build` (two processes); po4a = one `po4a po4a.cfg` "
                       "(po4a 0.69, split mode: a POT and 2 PO files per article, -k 0 so every article is written)"
                       + ("" if not checks else "; PROBLEMS: " + "; ".join(checks[:2])))
    return results
