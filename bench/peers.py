"""Peer tools for the format benchmark, run as the command-line programs people use.

* po4a (Debian package ``po4a``): ``po4a-updatepo`` extracts (po4a 0.69's
  ``po4a-gettextize`` only extracts when given an existing translation to
  pair with; both use the same format module), ``po4a-translate`` rebuilds.
  Markdown is ``-f text -o markdown``, HTML ``-f xhtml``.
* translate-toolkit (PyPI, in its own venv ``.bench-venv/`` so the project's
  venv is not affected): ``md2po``/``po2md`` and ``html2po``/``po2html``.

``python bench/peers.py --install`` installs what is missing when it can
(po4a with apt-get as root; translate-toolkit into ``.bench-venv/``) and
never fails: the benchmark skips a peer that is not there, with a note.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polib

ROOT = Path(__file__).resolve().parents[1]
BENCH_VENV = ROOT / ".bench-venv"
TT_BIN = BENCH_VENV / "bin"
TT_REQUIREMENT = "translate-toolkit[markdown]>=3.20"
PO4A_FORMATS = {"markdown": ["-f", "text", "-o", "markdown"], "html": ["-f", "xhtml"]}
TT_PROGRAMS = {"markdown": ("md2po", "po2md"), "html": ("html2po", "po2html")}

Command = Callable[..., list[str]]


@dataclass(frozen=True)
class Peer:
    """A tool's two steps as argument lists: extract(article, pot) and build(article, po, output)."""

    name: str
    extract: Command
    build: Command


def po4a(fmt: str) -> Peer | str:
    """The po4a peer for ``fmt`` ("markdown" or "html"), or why it is missing."""
    if not (shutil.which("po4a-updatepo") and shutil.which("po4a-translate")):
        return "po4a not installed (apt-get install po4a)"
    options = PO4A_FORMATS[fmt] + ["-M", "UTF-8"]
    return Peer(
        "po4a",
        lambda article, pot: ["po4a-updatepo", *options, "-m", str(article), "-p", str(pot)],
        lambda article, po, out: ["po4a-translate", *options, "-L", "UTF-8", "-k", "0",
                                  "-m", str(article), "-p", str(po), "-l", str(out)],
    )


def translate_toolkit(fmt: str) -> Peer | str:
    """The translate-toolkit peer for ``fmt``, or why it is missing."""
    to_po, from_po = (str(TT_BIN / name) for name in TT_PROGRAMS[fmt])
    if not (os.access(to_po, os.X_OK) and os.access(from_po, os.X_OK)):
        return f"translate-toolkit not installed in {BENCH_VENV.name}/ (python bench/peers.py --install)"
    return Peer(
        "translate-toolkit",
        lambda article, pot: [to_po, "--progress=none", "--pot", "-i", str(article), "-o", str(pot)],
        lambda article, po, out: [from_po, "--progress=none", "-t", str(article), "-i", str(po), "-o", str(out)],
    )


def available(fmt: str) -> tuple[list[Peer], list[str]]:
    """Installed peers for ``fmt`` and a note for each missing one."""
    peers, notes = [], []
    for found in (po4a(fmt), translate_toolkit(fmt)):
        (peers if isinstance(found, Peer) else notes).append(found)
    return peers, notes


def fill_translations(pot: Path, po: Path) -> int:
    """Write ``po``: every entry of ``pot`` translated as "ES " + msgid (markup kept); return the count."""
    catalog = polib.pofile(str(pot))
    for entry in catalog:
        entry.msgstr = "ES " + entry.msgid
    catalog.save(str(po))
    return len(catalog)


def install() -> list[str]:
    """Install missing peers where possible; a line of what happened for each."""
    lines = []
    if isinstance(po4a("markdown"), Peer):
        lines.append("po4a: installed")
    elif os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run("apt-get update -qq && apt-get install -y -qq po4a", shell=True, env=env,
                              capture_output=True, text=True)
        lines.append("po4a: installed with apt-get" if done.returncode == 0
                     else f"po4a: apt-get failed ({done.stderr.strip().splitlines()[-1:]})")
    else:
        lines.append("po4a: not installed and not root (sudo apt-get install po4a)")
    if isinstance(translate_toolkit("markdown"), Peer):
        lines.append(f"translate-toolkit: installed in {BENCH_VENV.name}/")
    else:
        commands = [[sys.executable, "-m", "venv", str(BENCH_VENV)],
                    [str(TT_BIN / "pip"), "install", "--quiet", TT_REQUIREMENT]]
        failed = next((done for done in (subprocess.run(c, capture_output=True, text=True) for c in commands)
                       if done.returncode != 0), None)
        lines.append(f"translate-toolkit: installed in {BENCH_VENV.name}/" if failed is None
                     else f"translate-toolkit: install failed ({failed.stderr.strip().splitlines()[-1:]})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true", help="install missing peers where possible")
    args = parser.parse_args()
    if args.install:
        for line in install():
            print(line)
    for fmt in PO4A_FORMATS:
        peers, notes = available(fmt)
        print(f"{fmt}: {', '.join(p.name for p in peers) or 'no peers'}" + "".join(f"; {n}" for n in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
