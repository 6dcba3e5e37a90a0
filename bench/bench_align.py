"""Aligning an archive: ``presslate align DIR`` on 1,000 generated article pairs, and again (no-op).

    python bench/bench_align.py [--pairs N] [--json PATH]

The pairs are made from the 22 dev news pairs (../shared/corpus/dev/news): pair k
is dev pair k mod 22 with every number in both sides shifted by k (so the English
differs from one copy to the next, as releases do), and, for one pair in three,
one paragraph dropped from the translation (a gap to find).  Without ../shared a
small built-in pair is used instead.  Timed: the whole CLI in one process
(parse, align, store in a new project's memory), then the same command again
(every pair already stored: nothing written).  Prints wall-clock and CPU seconds (this
process's: on a shared machine the wall clock also counts other processes' load) and pairs per
second.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = ROOT.parent / "shared" / "corpus" / "dev" / "news"

from click.testing import CliRunner  # noqa: E402

from presslate.cli import main as cli  # noqa: E402

_FALLBACK = ("# Ferry returns in 2024\n\nThe ferry returns on Monday after 2 years.\n\n"
             "Tickets cost 12 euros.\n\nThe harbour opened in 1871.\n",
             "# El transbordador vuelve en 2024\n\nEl transbordador vuelve el lunes tras 2 años.\n\n"
             "Los billetes cuestan 12 euros.\n\nEl puerto abrió en 1871.\n")


def sources() -> list[tuple[str, str, str]]:
    if not NEWS.is_dir():
        return [(".md", *_FALLBACK)]
    found = []
    for en in sorted(NEWS.glob("*/*/en.*")):
        es = en.with_name("es" + en.suffix)
        found.append((en.suffix, en.read_text(encoding="utf-8"), es.read_text(encoding="utf-8")))
    return found


def shift(text: str, k: int) -> str:
    """Numbers of the body shifted by ``k`` (the front matter, with its dates, stays as it is)."""
    head = ""
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4) + 5
        head, text = text[:end], text[end:]
    return head + re.sub(r"(?<![\w.])\d{1,3}(?![\w.,]\d)", lambda m: str(int(m.group()) + k), text)


def drop_paragraph(text: str, suffix: str) -> str:
    if suffix == ".html":
        parts = text.split("</p>")
        return "</p>".join(parts[:2] + parts[3:]) if len(parts) > 4 else text
    parts = text.split("\n\n")
    return "\n\n".join(parts[:3] + parts[4:]) if len(parts) > 5 else text


def generate(folder: Path, count: int) -> None:
    base = sources()
    for k in range(count):
        suffix, en, es = base[k % len(base)]
        es = shift(es, k)
        if k % 3 == 1:
            es = drop_paragraph(es, suffix)
        pair = folder / f"{k:05d}"
        pair.mkdir(parents=True)
        (pair / f"en{suffix}").write_text(shift(en, k), encoding="utf-8")
        (pair / f"es{suffix}").write_text(es, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="presslate-bench-align-") as tmp:
        root, archive = Path(tmp) / "project", Path(tmp) / "archive"
        generate(archive, args.pairs)
        runner = CliRunner()
        assert runner.invoke(cli, ["-C", str(root), "init", "--target", "es", "--engine", "pseudo"]).exit_code == 0
        timings = {}
        for run in ("first", "again (no-op)"):
            start, cpu = time.perf_counter(), time.process_time()
            result = runner.invoke(cli, ["-C", str(root), "align", "--json", str(archive)])
            timings[run] = time.perf_counter() - start
            timings[run + " cpu"] = time.process_time() - cpu
            if result.exit_code not in (0, 1):
                print(result.output)
                return 1
            counts = json.loads(result.output)
            print(f"align {args.pairs} article pairs, {run}: {timings[run]:.1f} s wall, "
                  f"{timings[run + ' cpu']:.1f} s CPU ({args.pairs / timings[run]:.0f} pairs/s); "
                  f"{counts['units']} pairs found, {counts['added']} added, "
                  f"{counts['known']} already stored, {len(counts['poorly_paired'])} poorly paired")
        memory = root / ".presslate" / "memory.sqlite"
        print(f"memory file: {memory.stat().st_size / 1e6:.1f} MB; data: {'dev news pairs' if NEWS.is_dir() else 'built-in pair'}")
    if args.json:
        args.json.write_text(json.dumps({"pairs": args.pairs, "seconds": timings}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
