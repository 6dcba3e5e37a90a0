"""The command line the archive-scale benches share (``bench_scale.py``, ``bench_publish_scale.py``).

Each takes ``--articles`` (the project sizes), its own options, then ``--src``
(another checkout's source folder to run, for before/after tables) and
``--json`` (where to write the results).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent


def parser(doc: str, sizes: list[int]) -> argparse.ArgumentParser:
    """A bench's parser: the first paragraph of its ``doc`` as description, and ``--articles``."""
    result = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    result.add_argument("--articles", type=int, nargs="+", default=sizes)
    return result


def parse(options: argparse.ArgumentParser) -> tuple[argparse.Namespace, ModuleType, Path, dict]:
    """``--src`` and ``--json`` added and the command line parsed: (arguments, ``run.py``
    (timing and RSS helpers), the source folder to run, the environment that runs it)."""
    options.add_argument("--src", type=Path, help="presslate source folder to run (default: this checkout's src)")
    options.add_argument("--json", type=Path, help="write the results here")
    args = options.parse_args()
    sys.path.insert(0, str(BENCH))
    import run as bench  # noqa: PLC0415  (run.py imports the benches: not at the top)

    src = (args.src or bench.ROOT / "src").resolve()
    return args, bench, src, dict(os.environ, PYTHONPATH=str(src))
