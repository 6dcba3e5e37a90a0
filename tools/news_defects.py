"""Count the defects a Spanish news editor notices first, on the dev news pairs: pipeline vs raw engine.

    python tools/news_defects.py [--set SECTION.KEY=VALUE ...] [--show] [--archive]

Runs ``presslate eval`` (Apertium eng-spa) over ../shared/corpus/dev/news and,
over the aligned blocks (source, reference, presslate's output, raw engine
output), counts:

* ``dates``: a date left in English order — a month name (Spanish or English)
  followed by a day number ("julio 30", "Nov 7"), or a Spanish month
  followed by a year without "de" ("septiembre 2022");
* ``names``: a name the human translator kept in English (a run of two or
  more capitalised words found in both the English block and its Spanish
  reference) that the output does not have;
* ``names (consistent)``: the same, counting only names that no Spanish
  file writes fewer times than its English one: a name one article keeps
  and another translates ("Open Science", "Community Call" in the rOpenSci
  pairs) is a choice the references do not agree on, and no rule can match
  both;
* ``quotes``: a quotation the English block opens and closes that the
  output does not open and close around some text (marks lost, unbalanced,
  or glued into a word: "Tanya” maravillosa");
* ``period inside``: Spanish output with a period or comma just inside a
  closing quotation mark (English order; Spanish puts it outside);
* ``no ¿ ¡``: a question or exclamation without its opening mark (one per
  "?" or "!" beyond the "¿" or "¡" of the block).

With ``--archive``, each source folder is evaluated with its earlier pairs
aligned into the memory (as ``tools/eval_dev.py --news`` does: only the
articles published before the evaluated one).

Prints the counts (all pairs, then each source folder alone: Debian press
releases, rOpenSci posts, so a rule tuned on one half can be seen on the
other) and, with ``--show``, every defect.  Skips with a reason when
../shared or Apertium is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "corpus" / "dev" / "news"
sys.path.insert(0, str(ROOT / "src"))

from eval_dev import apertium_skip  # noqa: E402  (tools/eval_dev.py, beside this file)

from presslate import evaluation  # noqa: E402

_EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
              "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_ES_MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
_ENGLISH_ORDER = re.compile(rf"\b(?:{_EN_MONTHS}|{_ES_MONTHS})\.?\s+\d{{1,2}}(?!\d)|\b(?:{_ES_MONTHS})\s+\d{{4}}\b",
                            re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w’'-]*)+")
_OPEN, _CLOSE = "“«„‘‹", "”»“’›"
KINDS = ("dates", "names", "names (consistent)", "quotes", "period inside", "no ¿ ¡")


def english_order_dates(text: str) -> list[str]:
    return [m.group() for m in _ENGLISH_ORDER.finditer(text)]


def kept_names(source: str, reference: str) -> set[str]:
    """Runs of capitalised words of ``source`` that the reference writes the same (names kept in English)."""
    found = set()
    for m in _NAME.finditer(source):
        name = re.sub(r"^(?:The|A|An|In|On|At|For|And|But|As|This|Our|We|I)\s+", "", m.group())
        name = re.sub(r"[’']s$", "", name)
        if " " in name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", reference):
            found.add(name)
    return found


def quotations(text: str) -> int:
    """How many quotations ``text`` opens and closes around some words."""
    text = text.replace("``", "“").replace("''", "”")
    count, depth_open = 0, None
    for i, c in enumerate(text):
        straight = c == '"'
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        opens = (c in _OPEN and c != "’") or (straight and depth_open is None)
        closes = c in _CLOSE or (straight and depth_open is not None)
        if c == "’" and before.isalpha() and after.isalpha():
            continue  # an apostrophe
        if c == "‘" and before.isalpha():
            continue
        if depth_open is None and opens and not before.isalnum():
            depth_open = i
        elif depth_open is not None and closes and i > depth_open + 1 and not after.isalnum():
            count += 1
            depth_open = None
    return count


def missing_openings(text: str) -> list[str]:
    """A question or exclamation without its Spanish opening mark: one item per "?" ("!") beyond the "¿" ("¡")."""
    return ([m.group() for m in re.finditer(r"[^.?!¿¡]*\?", text)][text.count("¿"):]
            + [m.group() for m in re.finditer(r"[^.?!¿¡]*!", text)][text.count("¡"):])


def period_inside(text: str) -> list[str]:
    return [m.group() for m in re.finditer(r"\w+[.,][”»\"]", text)]


def translated_somewhere(root: Path) -> set[str]:
    """Names some article writes fewer times in its Spanish file than in its English one (whole files:
    a block alignment may pair a paragraph with the wrong one)."""
    found = set()
    for english in sorted(root.glob("*/*/en.*")):
        spanish = english.with_name("es" + english.suffix)
        if not spanish.exists():
            continue
        source, reference = (" ".join(f.read_text(encoding="utf-8").split()) for f in (english, spanish))
        for m in _NAME.finditer(source):
            for name in kept_names(m.group(), m.group()):
                pattern = rf"(?<![^\W_]){re.escape(name)}(?![^\W_])"  # "_Community Manager_" counts
                if len(re.findall(pattern, reference)) < len(re.findall(pattern, source)):
                    found.add(name)
    return found


def defects(source: str, reference: str, output: str, disputed: set[str] = frozenset()) -> dict[str, list[str]]:
    found = {kind: [] for kind in KINDS}
    found["dates"] = english_order_dates(output)
    found["names"] = sorted(n for n in kept_names(source, reference) if n not in output)
    found["names (consistent)"] = [n for n in found["names"] if n not in disputed]
    lost = quotations(source) - quotations(output)
    found["quotes"] = [output[:60] + "…"] * max(lost, 0)
    found["period inside"] = period_inside(output)
    found["no ¿ ¡"] = missing_openings(output)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--show", action="store_true", help="print every defect found in presslate's output")
    parser.add_argument("--archive", action="store_true",
                        help="align each source's earlier pairs into the memory (chronological, as eval_dev --news)")
    args = parser.parse_args()
    if reason := apertium_skip(NEWS):
        print(f"skipped: {reason}")
        return 0
    if args.archive:
        groups = {"all": []}
        for source in sorted(p.name for p in NEWS.iterdir() if p.is_dir()):
            result = evaluation.evaluate_pairs(NEWS / source, "apertium", args.overrides, project=None,
                                               memory=[NEWS / source], chronological=True)
            groups["all"] += result.pairs
            groups[source] = result.pairs
    else:
        result = evaluation.evaluate_pairs(NEWS, "apertium", args.overrides, project=None)
        groups = {"all": result.pairs}
        for pair in result.pairs:
            groups.setdefault(pair.name.split("/")[0], []).append(pair)
    settings = f" (settings: {' '.join(args.overrides)})" if args.overrides else ""
    archive = ", with each source's earlier pairs as archive" if args.archive else ""
    print(f"defects on {len(groups['all'])} dev news pairs{settings}{archive}")
    disputed = translated_somewhere(NEWS)
    print(f"{'':<20}" + "".join(f"{k:>{max(15, len(k) + 2)}}" for k in KINDS) + f"{'chrF':>8}{'BLEU':>8}")
    for group, pairs in groups.items():
        totals = {"pipeline": dict.fromkeys(KINDS, 0), "raw": dict.fromkeys(KINDS, 0)}
        for pair in pairs:
            for t in pair.triples:
                for system, output in (("pipeline", t.pipeline.text), ("raw", t.raw.text)):
                    for kind, items in defects(t.source.text, t.reference.text, output, disputed).items():
                        totals[system][kind] += len(items)
                        if args.show and system == "pipeline" and group != "all" and kind != "names (consistent)":
                            for item in items:
                                print(f"{pair.name}: {kind}: {item}")
        triples = [t for pair in pairs for t in pair.triples]
        sources, references = [t.source for t in triples], [t.reference for t in triples]
        for system in ("pipeline", "raw"):
            scores = evaluation.score([getattr(t, system) for t in triples], references, sources)
            label = f"{system} ({group}, {len(pairs)})"
            print(f"{label:<20}" + "".join(f"{totals[system][k]:>{max(15, len(k) + 2)}}" for k in KINDS)
                  + f"{scores.chrf:8.2f}{scores.bleu:8.2f}")
    counted = {n for pair in groups["all"] for t in pair.triples for n in kept_names(t.source.text, t.reference.text)}
    if disputed & counted:
        print("kept by one reference, translated by another (left out of 'names (consistent)'): "
              + ", ".join(sorted(disputed & counted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
