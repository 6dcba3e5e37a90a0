"""Cross-check presslate's markup, URL and number checks against translate-toolkit's pofilter.

Samples come from ``../shared/corpus/dev/parallel-en-es.tsv`` (300 human
English/Spanish segments of the Python docs, RST markup kept): each human
pair as it is, plus deterministic mutations of its Spanish side (a dropped,
duplicated, renumbered or unclosed placeholder; a changed, dropped or added
URL or e-mail; a changed or dropped number).  For the markup comparison the
RST inline markup is first turned into presslate placeholders, the way an
extractor would: ````code```` and ``:role:`x``` → ``<n/>``, a link or
``:role:`text <target>``` → ``<n>text</n>``; the Spanish side reuses a
number when it keeps the same code, role target or URL.

All samples go into one generated PO file, read by presslate
(:func:`presslate.review.qa.check_file`) and by translate-toolkit
(``translate.storage.po`` + ``StandardChecker``), and the verdicts are
compared per sample: markup ↔ xmltags, urls+links ↔ urls+emails,
numbers ↔ numbers.

Deliberate differences are kinds of sample where presslate passes on
purpose and pofilter fails, reported apart and asserted to stay so:
a moved placeholder (translators may reorder a link; xmltags compares tag
order), a number written the Spanish way (6,4 / 28.524; pofilter's numbers
check is not locale-aware), and an added number, which presslate reports
and pofilter does not.  presslate's markup check also applies the article
format's rules (Markdown emphasis, markup the source lacks), which pofilter
does not have: those findings are counted apart and the markup comparison
uses the placeholder findings.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict, deque
from pathlib import Path

import pytest

from presslate import inline
from presslate.catalog.pofile import Entry, PoFile
from presslate.review import qa

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev" / "parallel-en-es.tsv"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_file(), reason=f"shared corpus not found at {CORPUS} (it lives beside the project, not in it)"
)
checks = pytest.importorskip(
    "translate.filters.checks", reason="translate-toolkit is not installed: pip install 'translate-toolkit>=3.20'"
)
tpo = pytest.importorskip("translate.storage.po")

FLOOR = 0.95  # agreement on comparable samples, per check
OURS = {"markup": {"markup"}, "urls": {"urls", "links"}, "numbers": {"numbers"}}
THEIRS = {"markup": {"xmltags"}, "urls": {"urls", "emails"}, "numbers": {"numbers"}}
DELIBERATE = {
    ("markup", "move"): "placeholder moved: pofilter's xmltags compares tag order",
    ("numbers", "localize"): "decimal written 6,4: pofilter's numbers check is not locale-aware",
    ("numbers", "group"): "thousands written 28.524: pofilter's numbers check is not locale-aware",
    ("numbers", "add"): "number added in the translation: pofilter counts only the source's numbers "
                        "(as substrings, so an added 1991 shows when the source has a 1)",
}

# -- RST inline markup → presslate placeholders ------------------------------------------

_RST_RE = re.compile(
    r"``(?P<code>.+?)``"
    r"|(?P<role>:[\w:.+-]+:)`(?P<rtext>[^`]*?)(?:\s*<(?P<rtarget>[^<>`]+)>)?`"
    r"|`(?P<ltext>[^`<]*?)\s*<(?P<url>[^<>`]+)>`__?"
    r"|`(?P<ref>[^`]+)`__?"
    r"|\[(?P<foot>[#*\w-]+)\]_"
)


def _construct(m: re.Match) -> tuple[tuple, str | None]:
    """(what the markup refers to, its translatable text or None when kept whole)."""
    if m["code"] is not None:
        return ("code", m["code"]), None
    if m["role"] is not None:
        if m["rtarget"] is not None:
            return ("role", m["role"], m["rtarget"]), m["rtext"]
        return ("role", m["role"], m["rtext"]), None
    if m["url"] is not None:
        return ("link", m["url"]), m["ltext"]
    if m["ref"] is not None:
        return ("ref", m["ref"]), m["ref"]
    return ("footnote", m["foot"]), None


def _tag(number: int, text: str | None) -> str:
    return f"<{number}/>" if text is None else f"<{number}>{text}</{number}>"


def placeholders(en: str, es: str) -> tuple[str, str]:
    keys: list[tuple] = []

    def source(m: re.Match) -> str:
        key, text = _construct(m)
        keys.append(key)
        return _tag(len(keys), text)

    en = _RST_RE.sub(source, en)
    numbers: dict[tuple, deque] = defaultdict(deque)
    for number, key in enumerate(keys, 1):
        numbers[key].append(number)
    fresh = itertools.count(len(keys) + 1)

    def target(m: re.Match) -> str:
        key, text = _construct(m)
        return _tag(numbers[key].popleft() if numbers[key] else next(fresh), text)

    return en, _RST_RE.sub(target, es)


# -- mutations of the Spanish side (None: not applicable to this sample) ------------------


def _drop_tag(es: str) -> str | None:
    found = inline.tags(es)
    if not found:
        return None
    number = found[0].number
    return re.sub(rf"</?{number}/?>", "", es)


def _duplicate_tag(es: str) -> str | None:
    empty = next((t for t in inline.tags(es) if t.kind == "empty"), None)
    return None if empty is None else es[: empty.end] + " " + es[empty.start:]


def _renumber_tag(es: str) -> str | None:
    found = inline.tags(es)
    if not found:
        return None
    fresh = max(t.number for t in found) + 1
    return re.sub(rf"<(/?){found[0].number}(/?)>", rf"<\g<1>{fresh}\g<2>>", es)


def _unclose_tag(es: str) -> str | None:
    close = next((t for t in inline.tags(es) if t.kind == "close"), None)
    return None if close is None else es[: close.start] + es[close.end:]


def _move_tag(es: str) -> str | None:
    empty = next((t for t in inline.tags(es) if t.kind == "empty"), None)
    if empty is None:
        return None
    rest = (es[: empty.start] + es[empty.end:]).rstrip()
    cut = len(rest) - len(rest.rstrip(".:;"))
    moved = rest[: len(rest) - cut] + " " + es[empty.start:empty.end] + rest[len(rest) - cut:]
    order = [(t.kind, t.number) for t in inline.tags(es)]
    return moved if [(t.kind, t.number) for t in inline.tags(moved)] != order else None


_URL_RE = re.compile(r"https?://[^\s<>`]+[\w/]")


def _change_url(es: str) -> str | None:
    m = _URL_RE.search(es)
    return None if m is None else es[: m.end()] + "es/" + es[m.end():]


def _drop_url(es: str) -> str | None:
    m = _URL_RE.search(es)
    return None if m is None else es[: m.start()] + es[m.end():]


_NUMBER_RE = re.compile(r"(?<![\d.,])\d+(?:\.\d+)*")


def _change_number(es: str) -> str | None:
    m = _NUMBER_RE.search(es)
    if m is None:
        return None
    digit = str((int(m.group()[0]) + 1) % 10)
    return es[: m.start()] + digit + es[m.start() + 1:]


def _drop_number(es: str) -> str | None:
    m = _NUMBER_RE.search(es)
    return None if m is None else es[: m.start()] + es[m.end():]


def _localize_decimal(es: str) -> str | None:
    m = re.search(r"(?<![\w.,])(\d+)\.(\d+)(?![\w.,]*\d)", es)
    return None if m is None else es[: m.start()] + f"{m[1]},{m[2]}" + es[m.end():]


def _group_thousands(es: str) -> str | None:
    m = re.search(r"(?<![\w.,])(\d{2,3})(\d{3})(?![\w.,]*\d)", es)
    return None if m is None else es[: m.start()] + f"{m[1]}.{m[2]}" + es[m.end():]


MUTATIONS = {
    "markup": {"drop": _drop_tag, "duplicate": _duplicate_tag, "renumber": _renumber_tag,
               "unclose": _unclose_tag, "move": _move_tag},
    "urls": {"change": _change_url, "drop": _drop_url,
             "add": lambda es: es + " (https://www.python.org/)", "add-email": lambda es: es + " docs@python.org"},
    "numbers": {"change": _change_number, "drop": _drop_number, "localize": _localize_decimal,
                "group": _group_thousands, "add": lambda es: es + " (1991)"},
}


def samples() -> list[tuple[str, str, str, str, str]]:
    """(family, kind, id, English, Spanish) for every human pair and applicable mutation."""
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for row in rows:
        for family, mutations in MUTATIONS.items():
            en, es = placeholders(row["en"], row["es"]) if family == "markup" else (row["en"], row["es"])
            out.append((family, "human", row["id"], en, es))
            for kind, mutate in mutations.items():
                mutated = mutate(es)
                if mutated is not None:
                    out.append((family, kind, row["id"], en, mutated))
    return out


# -- running both tools on one PO file ----------------------------------------------------


def write_po(path: Path, items: list[tuple[str, str, str, str, str]]) -> None:
    po = PoFile()
    po.set_metadata("Content-Type", "text/plain; charset=UTF-8")
    po.set_metadata("Language", "es")
    for family, kind, row_id, en, es in items:
        po.append(Entry(msgid=en, msgstr=es, msgctxt=f"{family}/{kind}/{row_id}"))
    path.write_bytes(po.serialize())


def presslate_verdicts(path: Path) -> dict[str, set[str]]:
    """msgctxt → the checks that failed; a markup finding from the format's rules is "format"."""
    po = PoFile.read(path)
    entries = {entry.line: entry for entry in po.entries}
    only = qa.Settings(disabled=frozenset(qa.CHECKS) - {"markup", "urls", "links", "numbers"})
    failed: dict[str, set[str]] = defaultdict(set)
    for finding in qa.check_file(po, str(path), "en", "es", settings=only):
        entry = entries[finding.line]
        placeholders = inline.markup_problems(entry.msgid, entry.msgstr)
        format_rule = finding.check == "markup" and finding.message not in placeholders
        failed[entry.msgctxt].add("format" if format_rule else finding.check)
    return failed


def pofilter_verdicts(path: Path) -> dict[str, set[str]]:
    checker = checks.StandardChecker(
        checkerconfig=checks.CheckerConfig(targetlanguage="es"),
        limitfilters=["xmltags", "urls", "emails", "numbers"],
    )
    failed: dict[str, set[str]] = {}
    for unit in tpo.pofile.parsefile(str(path)).units:
        if not unit.isheader():
            failed[unit.getcontext()] = set(checker.run_filters(unit))
    return failed


def test_presslate_agrees_with_pofilter(tmp_path, capsys):
    items = samples()
    path = tmp_path / "agreement.po"
    write_po(path, items)
    ours, theirs = presslate_verdicts(path), pofilter_verdicts(path)
    assert len(theirs) == len(items)

    tally: dict[str, dict[str, int]] = {family: defaultdict(int) for family in MUTATIONS}
    deliberate: dict[str, list[bool]] = defaultdict(list)
    disagreements: dict[str, list[str]] = defaultdict(list)
    human: dict[str, list[bool]] = defaultdict(list)
    format_rules = 0
    for family, kind, row_id, en, es in items:
        key = f"{family}/{kind}/{row_id}"
        we_fail = bool(ours.get(key, set()) & OURS[family])
        they_fail = bool(theirs[key] & THEIRS[family])
        format_rules += family == "markup" and "format" in ours.get(key, set())
        reason = DELIBERATE.get((family, kind))
        if reason:
            deliberate[reason].append(we_fail != they_fail)
            continue
        cell = {(True, True): "both", (False, False): "neither", (True, False): "only presslate",
                (False, True): "only pofilter"}[we_fail, they_fail]
        tally[family][cell] += 1
        if kind == "human":
            human[family].append(we_fail == they_fail)
        if we_fail != they_fail:
            disagreements[family].append(f"{key} ({cell}): {es[:100]!r}")

    lines = ["", "presslate vs pofilter on ../shared/corpus/dev/parallel-en-es.tsv (human pairs + mutations):"]
    rates = {}
    for family, cells in tally.items():
        total = sum(cells.values())
        rates[family] = (cells["both"] + cells["neither"]) / total
        lines.append(f"  {family:8} {rates[family]:6.1%} agreement on {total} samples "
                     f"(both fail {cells['both']}, neither {cells['neither']}, only presslate "
                     f"{cells['only presslate']}, only pofilter {cells['only pofilter']}); "
                     f"human pairs alone {sum(human[family])}/{len(human[family])}")
        lines += [f"      {d}" for d in disagreements[family][:5]]
    for reason, outcomes in deliberate.items():
        lines.append(f"  deliberate difference, {sum(outcomes)}/{len(outcomes)} samples: {reason}")
    lines.append(f"  presslate only: {format_rules} markup samples break a Markdown rule "
                 "(emphasis, added markup; pofilter has no Markdown check)")
    with capsys.disabled():
        print("\n".join(lines))

    for family, rate in rates.items():
        assert rate >= FLOOR, f"{family}: agreement {rate:.1%} below {FLOOR:.0%}"
    for reason, outcomes in deliberate.items():
        assert sum(outcomes) >= 0.9 * len(outcomes), f"deliberate difference no longer holds: {reason}"
