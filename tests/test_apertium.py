"""The Apertium engine: pure tests of protection, restoration and mode mapping, then real end-to-end runs.

The end-to-end tests need Debian's ``apertium`` and ``apertium-eng-spa``;
they skip without them, except on CI (``CI=true``) where that is a failure.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from system_tools import require_apertium_eng_spa

from presslate.engines import EngineError, apertium, get_engine
from presslate.engines.apertium import ApertiumEngine
from presslate.engines.apertium_modes import find_mode, iso639_3, parse_mode, split_code
from presslate.engines.apertium_stream import Segment, split_records
from presslate.inline import markup_problems, strip_tags

MODES = [
    parse_mode(name)
    for name in ("eng-spa", "spa-eng", "spa-eng_US", "por-spa", "spa-por_BR", "spa-por", "cat-spa", "spa-cat_valencia")
]


def echo(segment: Segment, output: str | None = None) -> str | None:
    """Restore ``output`` (default: the segment's own stream, an identity 'translation')."""
    raw = segment.stream if output is None else output
    return segment.restore(split_records(raw + "[e0]", 1)[0])


# --- mode mapping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [("es", ("es", "")), ("es_MX", ("es", "MX")), ("es-MX", ("es", "MX")), ("spa", ("es", "")),
     ("eng_US", ("en", "US")), ("ca@valencia", ("ca", "valencia")), ("iw", ("he", "")), ("ast", ("ast", ""))],
)
def test_split_code(code, expected):
    assert split_code(code) == expected


def test_parse_mode_reads_apertium_names_and_ignores_others():
    assert parse_mode("spa-eng_US") == {"mode": "spa-eng_US", "source": "es", "target": "en_US"}
    assert parse_mode("eng-spa")["target"] == "es"
    assert parse_mode("eng-spa-anmor") is None
    assert parse_mode("README") is None


@pytest.mark.parametrize(
    ("source", "target", "mode"),
    [
        ("en", "es", "eng-spa"),
        ("en_GB", "es_MX", "eng-spa"),  # no variant mode: the base one serves every region
        ("es", "en", "spa-eng"),  # the plain mode before any variant
        ("es", "en_US", "spa-eng_US"),
        ("es", "en_GB", "spa-eng"),
        ("es", "pt_BR", "spa-por_BR"),
        ("es", "pt-PT", "spa-por"),
        ("spa", "eng", "spa-eng"),
        ("es", "ca@valencia", "spa-cat_valencia"),
        ("es", "ca", "spa-cat_valencia"),  # the only Catalan target there is
    ],
)
def test_find_mode(source, target, mode):
    assert find_mode(MODES, source, target)["mode"] == mode


def test_find_mode_without_a_pair():
    assert find_mode(MODES, "en", "fr") is None


def test_iso639_3_names_packages():
    assert [iso639_3(c) for c in ("en", "es_MX", "de", "fr", "nb", "ast")] == ["eng", "spa", "deu", "fra", "nob", "ast"]


def test_missing_apertium_says_what_to_install(monkeypatch):
    monkeypatch.setattr(apertium.shutil, "which", lambda name: None)
    with pytest.raises(EngineError, match=r"apt-get install apertium apertium-eng-spa"):
        ApertiumEngine().check_pair("en", "es_MX")


@pytest.fixture
def offline_engine(monkeypatch) -> ApertiumEngine:
    """An engine that believes MODES are installed, for tests that must not need apertium."""
    monkeypatch.setattr(apertium.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(apertium, "installed_modes", lambda: MODES)
    return ApertiumEngine()


def test_missing_pair_says_what_to_install(offline_engine):
    with pytest.raises(EngineError, match=r"installed: eng-spa.*apt-get install apertium apertium-eng-fra"):
        offline_engine.check_pair("en", "fr")


def test_mode_name_is_the_installed_mode(offline_engine):
    assert offline_engine.mode_name("en", "es") == "eng-spa"
    with pytest.raises(EngineError, match="no Apertium mode"):
        offline_engine.mode_name("en", "fr")


def test_registry_passes_options():
    engine = get_engine("apertium", {"mark_unknown": True})
    assert isinstance(engine, ApertiumEngine) and engine.mark_unknown and engine.fallbacks == 0


# --- protection and restoration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "atoms"),
    [
        ("See https://example.com/a?b=1, then www.example.org.", ["https://example.com/a?b=1", "www.example.org"]),
        ("Open C:\\path\\file.txt or \\\\server\\share now", ["C:\\path\\file.txt", "\\\\server\\share"]),
        ("Look in /usr/bin and ~/notes/a.md; and/or km/h stay.", ["/usr/bin", "~/notes/a.md"]),
        ("Ask @user, @scope/pkg or @me@mastodon.social.", ["@user", "@scope/pkg", "@me@mastodon.social"]),
        ("Mail first.last+tag@example.co.uk about #news", ["first.last+tag@example.co.uk", "#news"]),
        ("Set PY_VERSION_HEX and snake_case &amp; \\* here ~", ["PY_VERSION_HEX", "snake_case", "&amp;", "\\*", "~"]),
        ("Run <2/> in <1>the <3/> tool</1>.", ["<2/>", "<3/>"]),
        ("An empty link <1><2/></1> stays whole.", ["<1><2/></1>"]),
        ("Lone * and 5 * 3 and a ** b stay.", ["*", "*", "**"]),
        ("Broken </1> and <2> tags stay.", ["</1>", "<2>"]),
    ],
)
def test_atoms_are_protected_and_restored(text, atoms):
    segment = Segment(text)
    assert segment.atoms == atoms
    # Apertium sees a sentinel word or a superblank for each atom, never the atom itself.
    assert len(re.findall(r"ZQX\d+|\[a\d+\]", segment.stream)) == len(atoms)
    assert echo(segment) == text


@pytest.mark.parametrize(
    "text",
    [
        "We **really** like *this* car and _that_ one.",
        "Visit <1>our **new** site</1> at <2/>.",
        "A <1>link with *nested <2>tags</2>*</1> here.",
        "Intra*word*emphasis and __double__ and ***triple***.",
        "  Leading and trailing space kept.  ",
        "Brackets [x] {y} ^z$ <b> and \\ stay.",
        "Line one\nline two.",
    ],
)
def test_marks_round_trip(text):
    assert echo(Segment(text)) == text


def test_marks_become_word_bound_blanks():
    segment = Segment("Visit <1>our **new** site</1> at https://x.org.")
    assert segment.stream == "Visit [[0]]our[[/]] [[0;1]]new[[/]] [[0]]site[[/]] at ZQX0."


def test_sentinel_never_collides_with_the_text():
    segment = Segment("Codes ZQX0 and zqxq1 differ from @user.")
    assert segment.sentinel == "ZQXQQ" and "ZQXQQ0" in segment.stream
    assert echo(segment) == "Codes ZQX0 and zqxq1 differ from @user."


def test_snake_case_is_no_emphasis():
    assert Segment("Use my_var_name here").marks == []


def test_split_span_is_merged():
    segment = Segment("The <1>Rainbow Railroad</1> helps people.")
    out = "Las personas de ayudas de [[0]]Ferrocarril[[/]] de [[0]]Arco iris[[/]]."
    assert echo(segment, out) == "Las personas de ayudas de <1>Ferrocarril de Arco iris</1>."


def test_reordered_marks_keep_nesting():
    segment = Segment("I like <1>very **big** red</1> cars.")
    out = " Gusto [[0]]muy[[/]] [[0; 1]]grande[[/]] coches [[0]]rojos[[/]]."
    assert echo(segment, out) == "Gusto <1>muy **grande** coches rojos</1>."


def test_space_apertium_dropped_before_a_mark_is_put_back():
    segment = Segment("We <1>really **like**</1> it.")
    assert echo(segment, "[[0]]realmente[[/]] nos lo[[0; 1]]gusta[[/]].") == "<1>realmente nos lo **gusta**</1>."
    assert echo(Segment("Intra*word*s"), "Intra[[0]]palabra[[/]]s") == "Intra*palabra*s"


@pytest.mark.parametrize(
    "out",
    [
        "[[0]]a[[/]] [[1]]b[[/]] [[0]]c[[/]] [[1]]d[[/]]",  # spans cross once merged
        "[[0]]a[[/]] b c d",  # a span lost every word
        "[[0]]a[[/]] [[1]]b[[/]] [[7]]c[[/]]",  # a mark that was never sent
        "[[x]]a[[/]] [[1]]b[[/]]",  # a foreign word-bound blank
    ],
)
def test_untrustworthy_markup_is_refused(out):
    assert echo(Segment("<1>a</1> <2>b</2> c"), out) is None


@pytest.mark.parametrize("out", ["Ve ahora.", "Ve ZQX0 y ZQX0.", "Ve ZQX0 y ZQX1."])
def test_lost_or_doubled_atoms_are_refused(out):
    assert echo(Segment("See @user now."), out) is None


def test_restore_tidies_apertium_habits():
    segment = Segment("they said ‘bye’ to me")
    assert echo(segment, " Dijeron  ‘adiós' a mí") == "dijeron ‘adiós’ a mí"
    assert echo(Segment("NASA is here"), "NASA Es aquí") == "NASA Es aquí"


def test_split_records_checks_every_end_marker():
    assert split_records("a[e0]\0 b[e1]\0\0\0", 2) == [[("text", "a")], [("text", " b")]]
    assert split_records("a[e0] b[e1]", 3) is None
    assert split_records("a[e1] b[e0]", 2) is None
    assert split_records("a b[e1]", 2) is None
    assert split_records("a[e0] b", 1) is None  # text after the last marker


def test_nothing_to_translate_never_reaches_apertium(offline_engine, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("apertium was run")

    monkeypatch.setattr(apertium.subprocess, "run", fail)
    segments = ["", "   ", "2024", "<1/>", "— 3.5 —", "<1><2/></1>", "https://example.com"]
    assert offline_engine.translate_batch(segments, "en", "es") == segments


def test_misaligned_batch_is_split_in_halves(offline_engine, monkeypatch):
    """A fake apertium echoes its input but loses the end marker after any segment saying MERGE."""
    calls = []

    def fake_run(command, input, capture_output):
        calls.append(input.count(b"\0"))
        text = re.sub(rb"MERGE([^\0]*)\[e\d+\]\0(?=.)", rb"MERGE\1", input, flags=re.DOTALL)
        return subprocess.CompletedProcess(command, 0, text, b"")

    monkeypatch.setattr(apertium.subprocess, "run", fake_run)
    segments = [f"Segment number {i} here." for i in range(8)]
    segments[5] = "This one will MERGE with its neighbour."
    assert offline_engine.translate_batch(segments, "en", "es") == segments
    assert calls[0] == 8 and len(calls) < 8 and offline_engine.fallbacks == 0


# --- real apertium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    require_apertium_eng_spa()
    return ApertiumEngine()


def translate(engine: ApertiumEngine, *segments: str) -> list[str]:
    return engine.translate_batch(list(segments), "en", "es")


def test_identity_and_installed_modes(engine):
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "apertium-eng-spa"], capture_output=True, text=True
    ).stdout
    assert engine.identity("en", "es_MX") == f"apertium:eng-spa:{version}"
    assert ApertiumEngine(mark_unknown=True).identity("en", "es") == f"apertium:eng-spa:{version}:marked"
    modes = {m["mode"]: m for m in engine.installed_modes()}
    assert modes["eng-spa"] == {
        "mode": "eng-spa", "source": "en", "target": "es", "package": "apertium-eng-spa", "version": version
    }


def test_missing_real_pair(engine):
    with pytest.raises(EngineError, match="apt-get install apertium apertium-eng-fin"):
        engine.check_pair("en", "fi")


def test_protected_pieces_survive(engine):
    pieces = ["@user", "C:\\path", "/usr/bin", "https://example.com/page", "news@example.org", "#breaking"]
    (out,) = translate(engine, f"Follow {pieces[0]}, open {pieces[1]} and {pieces[2]}, read {pieces[3]}, "
                               f"write to {pieces[4]} and tag {pieces[5]} today.")
    for piece in pieces:
        assert out.count(piece) == 1, out
    assert "hoy" in out and "usuario" not in out and "lima" not in out


def test_placeholders_survive(engine):
    source = "Read <1>the annual report</1> before the <2/> meeting."
    (out,) = translate(engine, source)
    assert markup_problems(source, out) == []
    assert "informe" in out and "<2/>" in out


def test_emphasis_survives(engine):
    source = "We **really** like the *red* house and the _old_ car."
    (out,) = translate(engine, source)
    assert (out.count("**"), out.count("*"), out.count("_")) == (2, 6, 2), out
    assert re.search(r"\*\*\w+\*\*", out) and re.search(r"(?<!\*)\*\w+\*(?!\*)", out) and re.search(r"_\w+_", out)


def test_reordered_link_is_one_link(engine):
    fresh = ApertiumEngine()
    (out,) = translate(fresh, "The <1>Rainbow Railroad</1> helps people.")
    assert out.count("<1>") == out.count("</1>") == 1, out
    assert re.search(r"<1>[^<]*Ferrocarril[^<]*Arco iris[^<]*</1>", out)
    assert fresh.fallbacks == 0  # repaired by merging, not by the fallback


def test_lost_link_words_fall_back_to_pieces(engine):
    before = engine.fallbacks
    source = "Cats sleep when <1>they are</1> tired."  # "they are" becomes "son" and loses its mark
    (out,) = translate(engine, source)
    assert engine.fallbacks == before + 1
    assert markup_problems(source, out) == [] and re.search(r"<1>\w+.*</1>", out), out
    assert out.startswith("Los gatos duermen"), out


def test_unicode_quotes_and_newline(engine):
    quoted, broken = translate(engine, "He said “hello” and ‘goodbye’ to the dog.", "The big dog\nbarks loudly.")
    assert "“hola”" in quoted and "‘adiós’" in quoted, quoted
    assert broken.count("\n") == 1 and "perro" in broken, broken


def test_mark_unknown_shows_unknown_words(engine):
    (out,) = translate(ApertiumEngine(mark_unknown=True), "The zorblax eats @user.")
    assert "*zorblax" in out and "@user" in out and "*@user" not in out


def test_one_process_per_batch(engine, monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(apertium.subprocess, "run", counting_run)
    translate(engine, *[f"The dog number {i} barks." for i in range(50)])
    assert len(calls) == 1


def test_large_batch_stays_aligned(engine):
    kinds = [
        "The dog {i} barks at the cat #s{i}.",
        "Is the house {i} big? Yes, it is. The garden is small #s{i}!",  # several sentences
        "the shop {i} opens early #s{i}",  # no final stop, lower case
        "“Quoted” words {i} and ‘single’ ones #s{i}.",
        "First line {i}\nsecond line #s{i}.",
        "A <1>link {i}</1> and **bold** text #s{i}.",
        "",
        "   ",
        "{i}",
        "<1/>",
    ]
    segments = [kinds[i % len(kinds)].format(i=i) for i in range(320)]
    out = translate(engine, *segments)
    assert len(out) == len(segments)
    for i, (source, result) in enumerate(zip(segments, out)):
        if "#s" not in source:
            assert result == source
            continue
        assert re.findall(r"#s\d+", result) == [f"#s{i}"], (source, result)
        assert markup_problems(source, result) == []
        assert strip_tags(result) != strip_tags(source)
    for i in (1, 4, 13, 27):  # a batch translates each segment as if it were alone
        assert translate(engine, segments[i]) == [out[i]]
