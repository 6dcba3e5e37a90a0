"""The PO reader refuses what GNU msgfmt refuses (issue 23, item 4), with the file and line.

The cases below are files that msgfmt 0.21 rejects and that presslate used to read (some to wrong
values: `msgstr Un encabezado"` was read as "n encabezado").  The mutation tests take windows of
real PO files, apply one random edit, and hold: if presslate reads a mutant, msgfmt accepts it and
reads the same messages.  Two kinds of msgfmt error are not about reading and are left out
(tests/po_mutants.py): msgid/msgstr newline mismatches (a check of the translation, like
--check-format) and duplicates involving an obsolete #~ entry (msgmerge writes those).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from po_mutants import compare, mutate, windows

from presslate.catalog.pofile import PoFile, PoSyntaxError
from presslate.cli import main

DATA = Path(__file__).parent / "data" / "po"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "po"
HEAD = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("msgcat") is None,
                                  reason="GNU gettext (msgfmt, msgcat) not installed")


@pytest.mark.parametrize("body, line, fragment", [
    ('msgid "a"\nmsgstr Un encabezado"\n', 5, "expected a quoted string"),
    ('#~ msgid "a"\n#~ msgstr x"\n', 5, "expected a quoted string"),
    ('#| msgid old"\nmsgid "a"\nmsgstr "b"\n', 4, "expected a quoted string"),
    ('msgid "a"\nmsgstr "\\\'"\n', 5, "invalid escape sequence \\'"),
    ('msgid "a"\nmsgstr "\\?"\n', 5, "invalid escape sequence \\?"),
    ('msgid "a"\nmsgstr "b\x04c"\n', 5, "EOT character"),
    ('msgid "a\\x4"\nmsgstr "b"\n', 4, "EOT character"),
    ('msgid "a"\nmsgstr "\\004"\n', 5, "EOT character"),
    ('msgid "\\0"\nmsgstr "b"\n', 4, "NUL character"),
    ('msgid "a"\nmsgstr "b\x00c"\n', 5, "NUL character"),
    ('msgid "a"\nmsgstr "\\400"\n', 5, "out of range"),
    ('msgid "a"\nmsgstr "\\x414"\n', 5, "out of range"),
    ('msgid "a"\nmsgstr "\\xff"\n', 5, "not UTF-8"),
    ('#| msgid "old"\n# comment\nmsgid "a"\nmsgstr "b"\n', 5, "a comment cannot come between"),
    ('#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', 5, "a comment cannot come between"),
    ('#| msgid "old"\n#| msgid "old2"\nmsgid "a"\nmsgstr "b"\n', 5, "#| msgid out of order"),
    ('#| msgid_plural "old"\nmsgid "a"\nmsgstr "b"\n', 4, "#| msgid_plural out of order"),
    ('#| msgid "old"\n#| msgctxt "c"\nmsgid "a"\nmsgstr "b"\n', 5, "#| msgctxt out of order"),
    ('#| msgctxt "old"\nmsgid "a"\nmsgstr "b"\n', 5, "#| msgctxt must be followed by #| msgid"),
    ('#| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n', 5, "inconsistent use of #~"),
    ('#~| msgid "old"\nmsgid "a"\nmsgstr "b"\n', 5, "inconsistent use of #~"),
    ('#| msgid "old"\n#~| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n', 5, "#~| line after #| lines"),
    ('msgid "a"\nmsgstr "b"\n#| msgid "old"\n', 6, "no entry after them"),
    ('msgid[0] "a"\nmsgstr "b"\n', 4, "unexpected text"),
])
def test_what_msgfmt_refuses_is_refused_with_its_line(body, line, fragment):
    with pytest.raises(PoSyntaxError) as info:
        PoFile.parse((HEAD + body).encode("utf-8"), "es.po")
    assert info.value.line == line
    assert fragment in info.value.message
    assert str(info.value).startswith(f"es.po:{line}: ")


@pytest.mark.parametrize("escaped, value", [
    ("\\x00041", "A"),  # gettext reads every hex digit after \x
    ("\\303\\251", "é"),  # escaped bytes form UTF-8 together
    ("\\xc3\\xa9t\\xc3\\xa9", "été"),
    ("\\0101", "\b1"),  # at most three octal digits
    ("\\a\\b\\f\\v\\r\\t\\n\\\\\\\"", "\a\b\f\v\r\t\n\\\""),
])
def test_escapes_are_read_as_gettext_reads_them(escaped, value):
    po = PoFile.parse(HEAD + f'msgid "a"\nmsgstr "{escaped}"\n')
    assert po.find("a").msgstr == value


def test_blanks_in_a_plural_index_are_read_like_gettext():
    text = HEAD + 'msgid "a"\nmsgid_plural "as"\nmsgstr[ 0 ] "x"\nmsgstr [1] "y"\n'
    po = PoFile.parse(text)
    assert po.find("a").msgstr_plural == {0: "x", 1: "y"}
    assert po.serialize() == text.encode()


def test_blank_previous_lines_carry_nothing():
    text = HEAD + '#|\n#| msgid "old"\n#|  \nmsgid "a"\nmsgstr "b"\n\n#~|\n#~ msgid "c"\n#~ msgstr "d"\n'
    po = PoFile.parse(text)
    assert po.find("a").previous_msgid == "old"
    assert po.serialize() == text.encode()


def test_the_writer_writes_previous_fields_only_with_a_previous_msgid():
    po = PoFile.parse(HEAD + 'msgid "a"\nmsgstr "b"\n')
    po.find("a").previous_msgctxt = "lost context"
    again = PoFile.parse(po.serialize())
    assert again.find("a").previous_msgctxt is None


# --- the commands -------------------------------------------------------------------


BROKEN = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          '#. heading 1\nmsgid "Bridge reopens"\nmsgstr Un encabezado"\n')


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [["check"], ["build"], ["translate"], ["status"], ["publish"]])
def test_commands_refuse_a_broken_po_file_and_write_nothing(tmp_path, command):
    root = tmp_path / "news"
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(root), "init", "--source", "en", "--target", "es", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    (root / "articles").mkdir()
    (root / "articles" / "bridge.md").write_text("# Bridge reopens\n", encoding="utf-8")
    assert runner.invoke(main, ["-C", str(root), "translate"]).exit_code == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / "bridge.po"
    po.write_text(BROKEN, encoding="utf-8")
    before = snapshot(root)
    result = runner.invoke(main, ["-C", str(root), *command])
    assert result.exit_code == 2, result.output
    assert "bridge.po:7: expected a quoted string" in result.output
    assert "msgfmt -c" in result.output  # what to do
    assert {k: v for k, v in snapshot(root).items() if ".presslate" not in k} == {
        k: v for k, v in before.items() if ".presslate" not in k}


# --- mutants of real files ------------------------------------------------------------


def check_mutants(files: list[Path], count: int, seed: int, workdir: Path) -> None:
    rng = random.Random(seed)
    accepted_wrongly, different = [], []
    for _ in range(count):
        path = rng.choice(files)
        text, kind = mutate(windows(path, rng, 1)[0], rng)
        verdict = compare(text, workdir)
        if verdict.presslate_reads and not verdict.msgfmt_accepts:
            accepted_wrongly.append((path.name, kind, verdict.msgfmt_errors[:2], text))
        if verdict.differences:
            different.append((path.name, kind, verdict.differences[:2]))
    assert not accepted_wrongly, accepted_wrongly[:3]
    assert not different, different[:3]


@needs_msgfmt
def test_unmutated_windows_are_read_alike(tmp_path):
    rng = random.Random(3)
    for path in sorted(DATA.glob("*.po")):
        for text in windows(path, rng, 2):
            verdict = compare(text, tmp_path)
            assert verdict.presslate_reads and verdict.msgfmt_accepts, (path.name, verdict)
            assert not verdict.differences, verdict.differences


@needs_msgfmt
def test_mutants_presslate_reads_are_accepted_by_msgfmt_alike(tmp_path):
    check_mutants(sorted(DATA.glob("*.po")), 250, 23, tmp_path)


@needs_msgfmt
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared PO corpus absent ({SHARED})")
def test_mutants_of_the_shared_corpus(tmp_path):
    check_mutants(sorted(SHARED.glob("*/*.po")), 250, 4, tmp_path)


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared PO corpus absent ({SHARED})")
def test_every_real_file_of_the_shared_corpus_is_read_and_kept(tmp_path):
    for path in sorted(SHARED.glob("*/*.po")):
        data = path.read_bytes()
        assert PoFile.parse(data, str(path)).serialize() == data, path
