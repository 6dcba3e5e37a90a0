"""PO reading and writing speed: presslate's lossless, strict reader and writer against polib.

Generates a catalog of ``--entries`` entries (plural forms, references, fuzzy flags) and prints
the best-of-``--repeats`` CPU time of parse + serialize for presslate and of parse + str() for
polib, and their ratio.  Speed is a benchmark here, never a test assertion.

    python bench/bench_po.py --entries 20000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import polib  # noqa: E402

from presslate.catalog.pofile import Entry, PoFile  # noqa: E402

HEADER = "Content-Type: text/plain; charset=UTF-8\nLanguage: es\nPlural-Forms: nplurals=2; plural=(n != 1);\n"


def catalog(count: int) -> bytes:
    po = PoFile()
    po.header = Entry(msgid="", msgstr=HEADER)
    for i in range(count):
        if i % 10 == 0:
            po.append(Entry(msgid=f"{i} file", msgid_plural=f"{i} files", msgstr_plural={0: "a", 1: "b"}))
        else:
            po.append(Entry(msgid=f"Sentence number {i} of a long article about the city council and its "
                                  f"transport plan for the coming years.",
                            msgstr=f"Frase número {i}", references=[f"content/article{i}.md:{i}"],
                            flags=["fuzzy"] if i % 7 == 0 else []))
    return po.serialize()


def best(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    data = catalog(args.entries)
    path = Path("/tmp") / f"presslate-bench-{args.entries}.po"
    path.write_bytes(data)
    assert PoFile.parse(data).serialize() == data
    ours = best(lambda: PoFile.parse(data).serialize(), args.repeats)
    theirs = best(lambda: str(polib.pofile(str(path))), args.repeats)
    print(f"{args.entries} entries, {len(data) / 1e6:.1f} MB, CPU seconds best of {args.repeats}")
    print(f"  presslate parse + serialize  {ours:.3f} s")
    print(f"  polib parse + str()          {theirs:.3f} s")
    print(f"  ratio presslate / polib      {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
