"""`make bench`: presslate's benchmarks as one table, every ratio measured in the same run.

Sections (``--only NAME``, repeatable):

* ``site`` (the headline): a 1,000-article site, 2 languages, po4a (one
  ``po4a.cfg`` listing every article with its PO files) vs ``presslate
  translate --no-mt`` + ``presslate build``: first run, no-op run, one
  article changed (``bench_cluster.py``).
* ``formats``: extract + build of a 1,000-paragraph Markdown and HTML article
  (``bench_formats.article``): presslate vs po4a and translate-toolkit (see
  ``peers.py``).  presslate runs as the CLI (``translate --no-mt``, then
  ``translate`` with the pseudo engine, not in the ratios, then ``build``),
  like the peers, so process start-up counts for everyone; the ratios use
  the CLI.  In-process times (the same
  ``workflow.translate``/``build`` calls, no start-up) are reported beside.
* ``mt``: ``bench_mt.py`` (argos engine vs raw CTranslate2 vs
  ``argostranslate.translate()`` on the base-size copy model),
  ``bench_translate_argos.py`` (the whole ``presslate translate`` of a fresh
  project ÷ one raw CTranslate2 process on the same msgids, 219 real and 907 generated
  segments), ``presslate translate`` with that model on the same corpus, ``bench_apertium.py``
  (Apertium through presslate vs one raw ``apertium`` call) and ``bench_apertium_stage.py`` (a whole
  ``presslate translate --engine apertium`` of 20 dev articles vs one raw ``apertium -u`` call).
* ``incremental``: first, no-op and one-article-changed ``translate``/``build``
  of a generated 1,000-article project (``gen_project.py``); the changed run's
  counts are checked (one article redone, one new entry per language).
* ``scaling``: first ``translate`` (pseudo) and ``build`` of 100 / 1,000 /
  10,000 generated articles, with the time per article.
* ``memory``: peak RSS of ``presslate translate`` on 1,000 articles, with the
  base-size copy Argos model when its package exists (else pseudo only).
* ``publish``: first, no-op and one-article-changed ``presslate publish`` of
  generated 1,000 / 10,000-article projects, peak RSS and growth exponents
  (``bench_publish_scale.py``).
* ``scale``: first and no-op ``translate``, ``build``, first and no-op ``publish`` of
  1,000 / 10,000 / 30,000 generated articles: time, CPU time, peak RSS and the growth exponent
  between sizes (``bench_scale.py``; goals: exponents ≤ 1.05, peak RSS ≤ 500 MB).
* ``cluster``: the local backend vs the Dask backend on a LocalCluster of 1 and
  2 workers, 1,000 / 10,000 generated articles, and the MT stage with the
  base-size copy model (``bench_cluster.py``; needs the ``dask`` extra).

Timings are medians of ``--repeats`` runs; competing cases take turns, so load
from other processes on a shared machine hits each alike.  Everything runs in
a temporary folder; results go to ``--json`` (default bench-results.json).

    python bench/run.py [--quick] [--only SECTION ...] [--json PATH] [--repeats N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT / "src"), str(ROOT / "tests")]

import argos_models  # noqa: E402  (tests/argos_models.py)
import bench_cluster  # noqa: E402
import bench_formats  # noqa: E402
import bench_publish_scale  # noqa: E402
import bench_scale  # noqa: E402
import gen_project  # noqa: E402
import peers  # noqa: E402
import polib  # noqa: E402

from presslate import config as config_mod  # noqa: E402
from presslate.engines.pseudo import PseudoEngine  # noqa: E402
from presslate.workflow.build import build as build_project  # noqa: E402
from presslate.workflow.translate import translate as translate_project  # noqa: E402

PRESSLATE = [sys.executable, "-m", "presslate"]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "parallel-en-es.tsv"
ARGOS_ARCHIVE = ROOT / ".presslate" / "bench-models" / "translate-en_es-bench.argosmodel"  # built by bench_mt.py
SECTIONS = ("site", "formats", "mt", "incremental", "scaling", "memory", "publish", "scale", "cluster")


@dataclass(frozen=True)
class Sizes:
    paragraphs: int  # formats: paragraphs per article
    incremental: int  # articles
    scaling: tuple[int, ...]
    memory: int  # articles
    distinct: int  # memory with argos: sentences in the pool (bounds MT time)
    mt_rows: int | None  # corpus rows in the `presslate translate` MT article (None: all)
    repeats: int
    cluster: tuple[int, ...] = (1000, 10_000)  # articles, cluster section
    cluster_mt: int = 60  # articles (about 17 segments each, 1,018 in all) machine-translated in the cluster
    # section: enough chunks for every worker, and minutes of work each, so 2 workers can show what they give
    site: int = 1000  # articles, site section
    publish: tuple[int, ...] = (1000, 10_000)  # articles, publish section
    scale: tuple[int, ...] = (1000, 10_000, 30_000)  # articles, scale section


FULL = Sizes(1000, 1000, (100, 1000, 10_000), 1000, 200, None, 5)
QUICK = Sizes(200, 200, (20, 100, 500), 200, 40, 30, 2, (100, 500), 4, 100, (100, 500), (100, 300))


class BenchError(Exception):
    """A command the bench runs failed."""


# -- running and timing --------------------------------------------------------


@dataclass
class Run:
    seconds: float
    output: str  # stdout and stderr
    maxrss_mb: float  # the largest single process of the tree (wait4)
    tree_peak_mb: float  # all processes of the tree together, sampled every 20 ms (0 unless asked)
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, AttributeError):  # gone, or a zombie without VmRSS
            continue
    return total


def run(argv: list[str], env: dict | None = None, sample: bool = False) -> Run:
    """Run a command to completion: wall time, output, peak memory; BenchError if it fails."""
    peak = [0]
    finished = threading.Event()
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        if sample:
            def watch() -> None:
                while not finished.wait(0.02):
                    peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            threading.Thread(target=watch, daemon=True).start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        finished.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(map(str, argv[:4]))} … exited {proc.returncode}: {output.strip()[-400:]}")
    return Run(seconds, output, usage.ru_maxrss / 1024, peak[0] / 1024, usage.ru_utime + usage.ru_stime)


def presslate(root: Path, *args: str, env: dict | None = None, sample: bool = False) -> Run:
    return run([*PRESSLATE, "-C", str(root), *args], env=env, sample=sample)


def take_turns(cases: dict[str, Callable[[int], dict[str, float]]], repeats: int) -> dict[str, dict[str, float]]:
    """Median seconds of each step of each case; case(i) runs repetition i and returns {step: seconds}."""
    seconds: dict[str, dict[str, list[float]]] = {name: {} for name in cases}
    for i in range(repeats):
        for name, case in cases.items():
            for step, value in case(i).items():
                seconds[name].setdefault(step, []).append(value)
    return {name: {step: round(statistics.median(v), 4) for step, v in steps.items()} for name, steps in seconds.items()}


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def summary(output: str) -> dict[str, float]:
    """Counts from the one-line summary of `presslate translate` or `presslate build`."""
    patterns = {
        "articles": r"(\d+) articles", "unchanged": r"\((\d+) unchanged\)", "new": r"(\d+) new",
        "machine_translated": r"(\d+) machine-translated", "mt_seconds": r"translated by .*? in ([\d.]+)s",
        "files_written": r"(\d+) files written", "written": r"^(\d+) written", "build_unchanged": r"written, (\d+) unchanged",
    }
    found = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, output, re.MULTILINE)
        if match:
            found[key] = float(match.group(1)) if "." in match.group(1) else int(match.group(1))
    return found


def fresh_copy(pristine: Path, work: Path) -> Path:
    """A clean copy of a generated project (outside any timing)."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work)
    return work


def isolated_argos_env(folder: Path) -> dict[str, str]:
    """Environment where argostranslate keeps packages, settings and caches inside ``folder``."""
    return dict(os.environ, **argos_models.argos_environment(folder))


def install_argos_model(folder: Path, table: Table, section: str) -> dict[str, str] | None:
    """Install the base-size copy model into a temporary packages dir; its environment, or None."""
    if not ARGOS_ARCHIVE.is_file():
        table.note(section, f"no base-size copy model ({ARGOS_ARCHIVE.relative_to(ROOT)}): run `--only mt` "
                     "(bench_mt.py builds it once)")
        return None
    env = isolated_argos_env(folder)
    try:
        run([*PRESSLATE, "models", "install", str(ARGOS_ARCHIVE)], env=env)
    except BenchError as cli_error:  # commits without the `models` command: the same install, called directly
        code = f"from presslate import models; models.install_file(__import__('pathlib').Path({str(ARGOS_ARCHIVE)!r}))"
        try:
            run([sys.executable, "-c", code], env=env)
        except BenchError as error:
            table.note(section, f"argos model not installed: {error}")
            return None
        reason = str(cli_error).strip().splitlines()[-1]
        table.note(section, f"`presslate models install` failed ({reason}); installed with presslate.models.install_file")
    return env


# -- the table -----------------------------------------------------------------


class Table:
    """Rows of (section, measurement, value, comparison), printed together at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.notes: list[str] = []

    def add(self, section: str, measurement: str, value: str, comparison: str = "") -> None:
        self.rows.append((section, measurement, value, comparison))
        print(f"  {measurement}: {value}  {comparison}".rstrip(), file=sys.stderr, flush=True)

    def note(self, section: str, text: str) -> None:
        self.notes.append(f"{section}: {text}")
        print(f"  note: {text}", file=sys.stderr, flush=True)

    def render(self) -> str:
        header = ("section", "measurement", "median", "compared")
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(3)]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3] for row in [header, *self.rows]]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(line.rstrip() for line in lines + [f"note: {n}" for n in self.notes])


# -- sections ------------------------------------------------------------------


def bench_formats_section(sizes: Sizes, tmp: Path, table: Table) -> dict:
    styles = {"markdown": (bench_formats.MARKDOWN, "article.md"), "html": (bench_formats.HTML, "article.html")}
    startup = statistics.median(run([*PRESSLATE, "--version"]).seconds for _ in range(sizes.repeats))
    results: dict = {"paragraphs": sizes.paragraphs, "cli_startup_s": round(startup, 4)}
    table.add("formats", "presslate CLI start-up (presslate --version)", f"{results['cli_startup_s']:.3f} s")
    for fmt, (style, name) in styles.items():
        folder = tmp / fmt
        text = bench_formats.article(style, sizes.paragraphs)
        pristine = gen_project.single_article_project(folder / "pristine", name, text, ["es"])
        article = pristine / "articles" / name
        found, missing = peers.available(fmt)
        for reason in missing:
            table.note("formats", f"{fmt}: {reason}; skipped")
        by_block = fresh_copy(pristine, folder / "pristine-paragraph")  # one entry per block, as the peers make
        config = by_block / "presslate.toml"
        config.write_text(config.read_text().replace("[project]\n", '[project]\nsegmentation = "paragraph"\n', 1))
        cases = {"presslate CLI": cli_case(pristine, folder / "cli"),
                 "presslate CLI, paragraph entries": cli_case(by_block, folder / "cli-paragraph"),
                 "presslate in-process": in_process_case(pristine, folder / "inproc")}
        cases.update({peer.name: peer_case(peer, article, folder / peer.name) for peer in found})
        medians = take_turns(cases, sizes.repeats)
        entries = {"presslate CLI": count_entries(folder / "cli" / "locales" / "templates" / "article.pot"),
                   "presslate CLI, paragraph entries":
                       count_entries(folder / "cli-paragraph" / "locales" / "templates" / "article.pot")}
        entries.update({peer.name: count_entries(folder / peer.name / "extract-0.pot") for peer in found})
        tools = {name: {**steps, "total_s": round(steps["extract_s"] + steps["build_s"], 4),
                        "entries": entries.get(name, entries["presslate CLI"])}
                 for name, steps in medians.items()}
        cli, speedup = tools["presslate CLI"], {}  # speed-up: the peer's time / presslate CLI's time
        for name, r in tools.items():
            compared = ""
            if not name.startswith("presslate"):
                speedup[name] = {step: round(r[step] / cli[step], 3) for step in ("extract_s", "build_s", "total_s")}
                compared = (f"; presslate CLI speed-up over {name}: extract {speedup[name]['extract_s']:.2f}x, build "
                            f"{speedup[name]['build_s']:.2f}x, total {speedup[name]['total_s']:.2f}x")
                compared += " (goal >= 3x)" if name == "po4a" and fmt == "markdown" else ""
                by_block = tools["presslate CLI, paragraph entries"]
                speedup[name]["paragraph_entries_total_s"] = round(r["total_s"] / by_block["total_s"], 3)
                compared += f"; with paragraph entries: total {speedup[name]['paragraph_entries_total_s']:.2f}x"
            mt = f"; then pseudo-MT {r['mt_s']:.3f} s" if "mt_s" in r else ""
            if name == "presslate CLI":  # what a process pays before and around the work itself
                inproc = tools["presslate in-process"]
                r["fixed_per_command_s"] = round((r["total_s"] - inproc["total_s"]) / 2, 4)
                mt += f"; per command {r['fixed_per_command_s']:.3f} s more than in-process (start-up, imports, cold caches)"
            table.add("formats", f"{fmt} {sizes.paragraphs} ¶, {name}: extract / build",
                      f"{r['extract_s']:.3f} / {r['build_s']:.3f} s", f"{r['entries']} entries{mt}{compared}")
        results[fmt] = {**tools, "presslate_cli_speedup": speedup}
    table.note("formats", "presslate extract = `translate --no-mt` (extract, merge, write POT + PO, 1 language; like "
                          "po4a-updatepo), then `translate` with the pseudo engine fills every entry (not in the "
                          "ratios), build = `build --include-fuzzy --force` of the filled PO; sentence-level entries vs "
                          "the peers' paragraph-level (the 'paragraph entries' case sets [project] segmentation = "
                          "'paragraph'); ratios use the CLI (start-up included, like the peers; "
                          "presslate's modules byte-compiled first, as pip does on install)")
    return results


def cli_case(pristine: Path, work: Path) -> Callable[[int], dict[str, float]]:
    def case(i: int) -> dict[str, float]:
        fresh_copy(pristine, work)
        extract = presslate(work, "translate", "--no-mt").seconds
        mt = presslate(work, "translate").seconds  # the pseudo engine fills what extract left empty
        build = presslate(work, "build", "--include-fuzzy", "--force").seconds
        return {"extract_s": extract, "mt_s": mt, "build_s": build}
    return case


def in_process_case(pristine: Path, work: Path) -> Callable[[int], dict[str, float]]:
    def case(i: int) -> dict[str, float]:
        cfg = config_mod.load(fresh_copy(pristine, work))
        engine = PseudoEngine()
        extract = timed(lambda: translate_project(cfg, None, cfg.targets))
        mt = timed(lambda: translate_project(cfg, lambda lang: engine, cfg.targets))
        build = timed(lambda: build_project(cfg, cfg.targets, True, 0, False, force=True))
        return {"extract_s": extract, "mt_s": mt, "build_s": build}
    return case


def peer_case(peer: peers.Peer, article: Path, work: Path) -> Callable[[int], dict[str, float]]:
    work.mkdir(parents=True, exist_ok=True)

    def case(i: int) -> dict[str, float]:
        pot, po, out = work / f"extract-{i}.pot", work / "es.po", work / f"out{article.suffix}"
        extract = run(peer.extract(article, pot)).seconds
        if i == 0:
            peers.fill_translations(pot, po)
        build = run(peer.build(article, po, out)).seconds
        if not out.is_file() or out.stat().st_size == 0:
            raise BenchError(f"{peer.name} wrote no {out.name}")
        return {"extract_s": extract, "build_s": build}
    return case


def count_entries(pot: Path) -> int:
    return len(polib.pofile(str(pot)))


def bench_mt_section(sizes: Sizes, tmp: Path, table: Table, quick: bool) -> dict:
    results: dict = {}
    argos = None
    if quick:
        table.note("mt", "bench_mt.py skipped with --quick (it has no size option and takes minutes)")
    else:
        argos = script_json("bench_mt.py", ["--repeats", str(min(sizes.repeats, 3))], tmp, table)
    if argos:
        a = results["argos"] = argos
        table.add("mt", "argos engine translate_batch (bench_mt.py)", f"{a['engine_segments_per_s']:.1f} seg/s")
        table.add("mt", "raw CTranslate2 translate_batch", f"{a['ctranslate2_segments_per_s']:.1f} seg/s",
                  f"engine/ctranslate2 {a['engine_vs_ctranslate2']:.2f}x (target >= 0.95x)")
        table.add("mt", "argostranslate.translate() per segment", f"{a['argostranslate_segments_per_s']:.1f} seg/s",
                  f"engine/argostranslate {a['engine_vs_argostranslate']:.1f}x (target >= 10x)")
    if not quick:
        whole = script_json("bench_translate_argos.py", ["--repeats", str(min(sizes.repeats, 3))], tmp, table)
        if whole:
            results["translate_vs_raw_ctranslate2"] = whole
            for kind in ("real", "generated"):
                w = whole[kind]
                table.add("mt", f"presslate translate ÷ raw CTranslate2, {w['segments']} segments ({kind})",
                          f"{w['raw_issue_over_command']:.2f}x",
                          f"raw 1x1 threads / whole command, model load included (goal >= 0.95x); vs raw with the "
                          f"engine's threads {w['raw_same_settings_over_command']:.2f}x; load {w['load_average']}")
    env = install_argos_model(tmp / "argos", table, "mt")
    if env is not None and CORPUS.is_file():
        results["presslate_translate_argos"] = translate_corpus(sizes, tmp, env, table, argos)
    elif env is not None:
        table.note("mt", f"corpus {CORPUS} not found: presslate translate with argos skipped")
    apertium = script_json("bench_apertium.py", ["--repeat", str(min(sizes.repeats, 3))], tmp, table)
    if apertium:
        results["apertium"] = apertium
        table.add("mt", "raw apertium -u eng-spa, one call", f"{apertium['raw_segments_per_second']:.0f} seg/s",
                  f"{apertium['segments']} segments (best of runs, bench_apertium.py)")
        table.add("mt", "Apertium through presslate (ApertiumEngine)", f"{apertium['engine_segments_per_second']:.0f} seg/s",
                  f"presslate/raw time {apertium['engine_to_raw_time_ratio']:.2f}x")
    stage = script_json("bench_apertium_stage.py", ["--runs", str(max(sizes.repeats, 5))], tmp, table)
    if stage:
        results["apertium_stage"] = stage
        table.add("mt", f"presslate translate --engine apertium ÷ raw apertium -u, {stage['segments']} segments",
                  f"{stage['ratio']:.2f}x", f"{stage['articles']} dev articles, whole command (goal <= 1.2x); "
                  f"CPU {stage['cpu_ratio']:.2f}x; load {stage['load_average']} (bench_apertium_stage.py)")
    return results


def script_json(script: str, args: list[str], tmp: Path, table: Table) -> dict | None:
    """Run another bench script with --json; its numbers, or None and a note."""
    path = tmp / (Path(script).stem + ".json")
    print(f"  running {script} {' '.join(args)} …", file=sys.stderr, flush=True)
    try:
        done = run([sys.executable, str(BENCH / script), "--json", str(path), *args])
    except BenchError as error:
        table.note("mt", f"{script} failed, skipped: {error}")
        return None
    if not path.is_file():
        table.note("mt", f"{script} skipped: {done.output.strip().splitlines()[-1:]}")
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def translate_corpus(sizes: Sizes, tmp: Path, env: dict, table: Table, argos: dict | None) -> dict:
    """`presslate translate` with the argos engine on the MT corpus (one paragraph per row)."""
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = [row["en"] for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    rows = rows[: sizes.mt_rows] if sizes.mt_rows else rows
    pristine = gen_project.single_article_project(tmp / "mt" / "pristine", "corpus.md", "\n\n".join(rows) + "\n",
                                                  ["es"], engine="argos")
    counts: dict = {}

    def case(i: int) -> dict[str, float]:
        done = presslate(fresh_copy(pristine, tmp / "mt" / "work"), "translate", env=env)
        counts.update(summary(done.output))
        if not counts.get("machine_translated"):
            raise BenchError(f"presslate translate with argos translated nothing: {done.output.strip()[-300:]}")
        return {"wall_s": done.seconds, "mt_s": counts["mt_seconds"]}

    medians = take_turns({"argos": case}, min(sizes.repeats, 3))["argos"]
    segments = counts["machine_translated"]
    result = {**medians, "segments": segments, "mt_segments_per_s": round(segments / medians["mt_s"], 2),
              "wall_segments_per_s": round(segments / medians["wall_s"], 2)}
    compared = f"{segments} segments; whole run {result['wall_segments_per_s']:.1f} seg/s ({medians['wall_s']:.1f} s)"
    if argos:
        compared += f"; MT phase/engine {result['mt_segments_per_s'] / argos['engine_segments_per_s']:.2f}x"
    table.add("mt", "presslate translate, argos (MT phase)", f"{result['mt_segments_per_s']:.1f} seg/s", compared)
    return result


def bench_incremental_section(sizes: Sizes, tmp: Path, table: Table) -> dict:
    n = sizes.incremental
    root = gen_project.generate(tmp / "incremental", n, ["es", "fr"])
    first = {"translate": presslate(root, "translate"), "build": presslate(root, "build", "--include-fuzzy")}
    results: dict = {"articles": n, "first_translate_s": round(first["translate"].seconds, 3),
                     "first_build_s": round(first["build"].seconds, 3), "first_counts": summary(first["translate"].output)}
    checks: list[str] = []

    def noop(i: int) -> dict[str, float]:
        translate, build = presslate(root, "translate"), presslate(root, "build", "--include-fuzzy")
        counts = {**summary(translate.output), **summary(build.output)}
        if counts.get("unchanged") != n or counts.get("files_written") != 0 or counts.get("written") != 0:
            checks.append(f"no-op run redid work: {counts}")
        return {"translate_s": translate.seconds, "build_s": build.seconds}

    def changed(i: int) -> dict[str, float]:
        gen_project.edit_article(root, (37 * i + 11) % n, stamp=i)
        translate, build = presslate(root, "translate"), presslate(root, "build", "--include-fuzzy")
        counts = {**summary(translate.output), **summary(build.output)}
        expected = {"unchanged": n - 1, "new": 2, "files_written": 3, "written": 2}
        if any(counts.get(k) != v for k, v in expected.items()):
            checks.append(f"changed run: expected {expected}, got {counts}")
        results["changed_counts"] = counts
        return {"translate_s": translate.seconds, "build_s": build.seconds}

    medians = take_turns({"noop": noop, "changed": changed}, sizes.repeats)
    results.update(noop=medians["noop"], changed=medians["changed"], verified=not checks, problems=checks)
    table.add("incremental", f"{n} articles, 2 languages: first translate / build (1 run)",
              f"{results['first_translate_s']:.2f} / {results['first_build_s']:.2f} s",
              f"{results['first_counts'].get('new', '?')} new entries")
    table.add("incremental", "no-op re-run: translate / build", f"{medians['noop']['translate_s']:.2f} / "
              f"{medians['noop']['build_s']:.2f} s", "target: translate < 2 s")
    c = results["changed_counts"]
    table.add("incremental", "one article changed: translate / build", f"{medians['changed']['translate_s']:.2f} / "
              f"{medians['changed']['build_s']:.2f} s",
              f"{c.get('unchanged')} unchanged, {c.get('new')} new, {c.get('files_written')} files written, "
              f"{c.get('written')} built: {'verified' if not checks else 'UNEXPECTED: ' + '; '.join(checks[:2])}")
    return results


def bench_scaling_section(sizes: Sizes, tmp: Path, table: Table) -> dict:
    results: dict = {}
    previous: tuple[int, float] | None = None  # articles, total seconds
    for n in sizes.scaling:
        pristine = gen_project.generate(tmp / f"scaling-{n}" / "pristine", n, ["es", "fr"])
        work = tmp / f"scaling-{n}" / "work"
        counts: dict = {}

        def case(i: int) -> dict[str, float]:
            translate = presslate(fresh_copy(pristine, work), "translate")
            build = presslate(work, "build", "--include-fuzzy")
            counts.update(summary(translate.output))
            return {"translate_s": translate.seconds, "build_s": build.seconds}

        repeats = max(1, min(sizes.repeats, 2000 // n))
        m = take_turns({"run": case}, repeats)["run"]
        total = m["translate_s"] + m["build_s"]
        r = results[str(n)] = {**m, "runs": repeats, "entries": counts.get("new"),
                               "translate_ms_per_article": round(1000 * m["translate_s"] / n, 3),
                               "build_ms_per_article": round(1000 * m["build_s"] / n, 3),
                               "total_ms_per_article": round(1000 * total / n, 3)}
        compared = f"per article {r['translate_ms_per_article']:.1f} / {r['build_ms_per_article']:.1f} ms"
        if previous:  # the cost of each added article: constant when growth is linear
            r["marginal_ms_per_article"] = round(1000 * (total - previous[1]) / (n - previous[0]), 3)
            compared += f"; each article beyond {previous[0]}: {r['marginal_ms_per_article']:.1f} ms"
        previous = (n, total)
        table.add("scaling", f"{n} articles: first translate / build ({repeats} run{'s' * (repeats > 1)})",
                  f"{m['translate_s']:.2f} / {m['build_s']:.2f} s", compared)
        shutil.rmtree(tmp / f"scaling-{n}")
    return results


def bench_memory_section(sizes: Sizes, tmp: Path, table: Table) -> dict:
    n = sizes.memory
    results: dict = {"articles": n}
    pseudo = gen_project.generate(tmp / "memory-pseudo", n, ["es", "fr"])
    results["pseudo"] = measure_memory(pseudo, None, table, f"{n} articles, pseudo, 2 languages")
    env = install_argos_model(tmp / "memory-argos-home", table, "memory")
    if env is None:
        table.note("memory", "argos model unavailable: pseudo engine only")
        return results
    argos = gen_project.generate(tmp / "memory-argos", n, ["es"], engine="argos", distinct=sizes.distinct)
    results["argos"] = measure_memory(argos, env, table, f"{n} articles, argos base copy model, es, "
                                                         f"{sizes.distinct}-sentence pool")
    return results


def measure_memory(root: Path, env: dict | None, table: Table, label: str) -> dict:
    done = presslate(root, "translate", env=env, sample=True)
    counts = summary(done.output)
    result = {"seconds": round(done.seconds, 2), "maxrss_mb": round(done.maxrss_mb, 1),
              "tree_peak_mb": round(done.tree_peak_mb, 1), "machine_translated": counts.get("machine_translated")}
    table.add("memory", f"peak RSS, translate {label}", f"{done.maxrss_mb:.0f} MB",
              f"all processes {done.tree_peak_mb:.0f} MB (sampled); {result['machine_translated']} segments MT'd "
              f"in {done.seconds:.1f} s; target < 300 MB")
    return result


# -- main ----------------------------------------------------------------------


def machine() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "python": platform.python_version(),
            "cores": os.cpu_count(), "load_average_start": round(os.getloadavg()[0], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results.json", help="where to write the results")
    parser.add_argument("--repeats", type=int, help="timed runs per measurement (default 5, 2 with --quick)")
    parser.add_argument("--cluster-articles", type=int, nargs="*", metavar="N",
                        help="cluster section: project sizes (default 1000 10000; none: only the MT stage)")
    parser.add_argument("--cluster-mt", type=int, metavar="N",
                        help="cluster section: articles in the MT stage (default 60, about 1,018 segments)")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    if args.repeats:
        sizes = Sizes(**{**sizes.__dict__, "repeats": args.repeats})
    if args.cluster_articles is not None:
        sizes = Sizes(**{**sizes.__dict__, "cluster": tuple(args.cluster_articles)})
    if args.cluster_mt:
        sizes = Sizes(**{**sizes.__dict__, "cluster_mt": args.cluster_mt})
    results: dict = {"machine": machine(), "quick": args.quick, "repeats": sizes.repeats}
    table = Table()
    sections = {
        "formats": lambda tmp: bench_formats_section(sizes, tmp, table),
        "mt": lambda tmp: bench_mt_section(sizes, tmp, table, args.quick),
        "incremental": lambda tmp: bench_incremental_section(sizes, tmp, table),
        "scaling": lambda tmp: bench_scaling_section(sizes, tmp, table),
        "memory": lambda tmp: bench_memory_section(sizes, tmp, table),
        "publish": lambda tmp: bench_publish_scale.section(sys.modules[__name__], sizes.publish, min(sizes.repeats, 3), tmp, table),
        "scale": lambda tmp: bench_scale.section(sys.modules[__name__], sizes.scale, tmp, table),
        "cluster": lambda tmp: bench_cluster.cluster_section(sys.modules[__name__], sizes.cluster, sizes.cluster_mt,
                                                             sizes.repeats, tmp, table),
        "site": lambda tmp: bench_cluster.site_section(sys.modules[__name__], sizes.site, sizes.repeats, tmp, table),
    }
    # An editable install under PYTHONDONTWRITEBYTECODE would recompile every module on each start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "presslate")], check=True,
                   stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    for name in args.only or SECTIONS:
        print(f"[{name}]", file=sys.stderr, flush=True)
        section_started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"presslate-bench-{name}-") as tmp:
            try:
                results[name] = sections[name](Path(tmp))
            except BenchError as error:
                table.note(name, f"failed: {error}")
        results.setdefault("section_seconds", {})[name] = round(time.perf_counter() - section_started, 1)
    results["machine"]["load_average_end"] = round(os.getloadavg()[0], 2)
    results["notes"] = table.notes
    print(table.render())
    print(f"\n{time.perf_counter() - started:.0f} s; load average {results['machine']['load_average_start']} → "
          f"{results['machine']['load_average_end']} on {os.cpu_count()} cores; results in {args.json}")
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
