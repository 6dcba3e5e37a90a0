"""The argos engine on real (copy) models: markup survives, order kept, fallbacks counted."""

from __future__ import annotations

import argos_models
import pytest
import sentencepiece

argos_models.isolate_argostranslate()

from presslate import inline  # noqa: E402
from presslate.engines import EngineError, get_engine  # noqa: E402
from presslate.engines import argos_models as models  # noqa: E402
from presslate.engines.argos import ArgosEngine, markup_intact, split_markup  # noqa: E402

LONG = " ".join(f"Paragraph {n} of the <{n % 3 + 1}/> council minutes, *item* {n}." for n in range(40))
VERY_LONG = " ".join(["The budget vote was postponed again"] * 120)

SEGMENTS = [
    "Read <1>the report</1> and <2/>.",
    "See <1>the <2>nested</2> link</1>, then <3/> and <4/>.",
    "The *mayor* said **nothing** about _the_ plan.",
    "***Both*** at once, and __strong__ too.",
    "Set snake_case_name and __init__ and a_b_c in the config.",
    "Escaped \\*stars\\* and 2 * 3 = 6 stay as they are.",
    "Café, naïve, 東京, «quotes», “curly”, em—dash… 🙂 ∑ Ω ‽",
    "Prices rose 3.5% (from 2.1%) [sic] {draft} #tag @user.",
    "  Leading and trailing whitespace is kept.  ",
    "Line one\nline two.",
    "",
    "   ",
    "<1/>",
    "<1></1>",
    "2024",
    "**",
    LONG,
    VERY_LONG,
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """en→es copy model (and a prefixed de→en one) installed in a module-wide packages folder."""
    root = tmp_path_factory.mktemp("argos")
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = argos_models.use_packages_dir(monkeypatch, root / "packages")
        models.install_file(argos_models.build_package(root))
        models.install_file(argos_models.build_package(root, from_code="de", to_code="en", target_prefix="__en__"))
        # Breaks "<1>" (piece "1>") and "*" (piece "*") but copies everything else.
        models.install_file(argos_models.build_package(root, from_code="en", to_code="fr", remap={"1>": "»", "*": "«"}))
        # Writes "*" for every "a": markup appears even inside plain spans.
        models.install_file(argos_models.build_package(root, from_code="en", to_code="it", remap={"a": "*"}))
        yield folder


def test_copy_model_returns_every_segment_exactly(packages):
    engine = ArgosEngine()
    assert engine.translate_batch(SEGMENTS, "en", "es") == SEGMENTS
    assert engine.fallbacks == 0


def test_long_inputs_are_not_truncated(packages):
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(models.find("en", "es").tokenizer_path))
    assert len(tokenizer.encode(LONG)) > 256  # CTranslate2's default max_decoding_length
    assert len(tokenizer.encode(VERY_LONG)) > 1024  # its default max_input_length
    engine = ArgosEngine()
    assert engine.translate_batch([LONG, VERY_LONG], "en", "es") == [LONG, VERY_LONG]


def test_results_keep_input_order_across_token_batches(packages):
    segments = [f"Story {n}: <1>{'word ' * (n % 7)}</1> *end*." for n in range(60)] * 2
    engine = ArgosEngine(max_batch_tokens=64, beam_size=1)
    assert engine.translate_batch(segments, "en", "es") == segments


def test_underscores_are_not_turned_into_spaces(packages):
    [out] = ArgosEngine().translate_batch(["Call my_function_name with __dunder__ args"], "en", "es")
    assert out == "Call my_function_name with __dunder__ args"


def test_target_prefix_is_forced_and_stripped(packages):
    text = "Die <1>Stadt</1> hat *heute* entschieden."
    assert models.find("de", "en").target_prefix == "__en__"
    assert ArgosEngine().translate_batch([text], "de", "en") == [text]


def test_broken_markup_falls_back_to_span_translation(packages):
    engine = ArgosEngine()
    segments = [
        "Read <1>the report</1> and <2/>.",
        "The *mayor* said nothing.",
        "No markup at all.",
        "Read <1>the report</1> and <2/>.",
    ]
    out = engine.translate_batch(segments, "en", "fr")
    assert out == segments  # spans are copied; markup put back in source order
    assert all(not inline.markup_problems(s, o) for s, o in zip(segments, out))
    assert engine.fallbacks == 3  # counted per segment, duplicates included
    engine.translate_batch(segments[:1], "en", "fr")
    assert engine.fallbacks == 4  # cumulative


def test_translate_plain_sends_markup_through_unprotected(packages):
    """The eval's raw baseline: what the model alone does to markup, with no fallback."""
    engine = ArgosEngine()
    segments = ["Read <1>the report</1> and <2/>.", "No markup at all."]
    out = engine.translate_plain(segments, "en", "fr")
    assert inline.markup_problems(segments[0], out[0]) and out[1] == segments[1]
    assert engine.fallbacks == 0
    assert engine.translate_plain(segments, "en", "es") == segments


def test_markup_invented_inside_spans_is_dropped(packages):
    engine = ArgosEngine()
    segments = ["Read <1>the report</1> and <2/>.", "Read *this*."]
    out = engine.translate_batch(segments, "en", "it")
    assert out == ["Red <1>the report</1> and <2/>.", "Red *this*."]  # "Re*d" lost its "*"
    assert all(markup_intact(s, o) for s, o in zip(segments, out))
    assert engine.fallbacks == 2


def test_identity_names_package_and_version(packages, tmp_path, monkeypatch):
    engine = ArgosEngine()
    assert engine.identity("en", "es") == "argos:translate-en_es-1.0:beam=1,auto"
    assert engine.identity("de", "en") == "argos:translate-de_en-1.0:beam=1,auto"
    assert ArgosEngine().identity("en_US", "es-MX") == "argos:translate-en_es-1.0:beam=1,auto"
    assert ArgosEngine(beam_size=4).identity("en", "es") == "argos:translate-en_es-1.0:beam=4,auto"


def test_identity_changes_with_the_model(tmp_path, monkeypatch):
    argos_models.use_packages_dir(monkeypatch, tmp_path / "packages")
    models.install_file(argos_models.build_package(tmp_path, version="1.0"))
    before = ArgosEngine().identity("en", "es")
    models.install_file(argos_models.build_package(tmp_path, version="1.1"))
    assert ArgosEngine().identity("en", "es") != before


def test_check_pair_says_how_to_install(packages):
    engine = ArgosEngine()
    engine.check_pair("en", "es")
    with pytest.raises(EngineError) as error:
        engine.check_pair("en", "ja")
    message = str(error.value)
    assert "no Argos model for en → ja" in message
    assert "presslate models install en ja" in message
    assert "presslate models install PATH.argosmodel" in message
    with pytest.raises(EngineError):
        engine.translate_batch(["Hello"], "en", "ja")


def test_engine_from_registry_with_options(packages):
    engine = get_engine("argos", {"beam_size": 1, "intra_threads": 1, "compute_type": "float32"})
    assert engine.name == "argos"
    assert engine.translate_batch(["Read <1>it</1>."], "en", "es") == ["Read <1>it</1>."]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"beam": 4}, "unknown [engine.argos] option(s): beam"),
        ({"beam_size": 0}, "beam_size must be a positive integer"),
        ({"intra_threads": -1}, "intra_threads must be 0"),
        ({"max_batch_tokens": "many"}, "max_batch_tokens must be a positive integer"),
        ({"compute_type": "int4"}, "compute_type must be one of"),
    ],
)
def test_bad_options_are_reported(options, message):
    with pytest.raises(EngineError) as error:
        ArgosEngine(**options)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Read <1>the report</1> and <2/>.", ["<1>", "</1>", "<2/>"]),
        ("*a* **b** ***c*** _d_ __e__", ["*", "*", "**", "**", "***", "***", "_", "_", "__", "__"]),
        ("snake_case and a_b", []),
        ("__init__", ["__", "__"]),
        ("2 * 3 and a _ b", []),
        ("\\*not\\* \\_this\\_", []),
        ("</3/> is not a tag", []),
    ],
)
def test_split_markup(text, markup):
    parts = split_markup(text)
    assert "".join(piece for piece, _ in parts) == text
    assert [piece for piece, is_markup in parts if is_markup] == markup


@pytest.mark.parametrize(
    ("source", "translation", "intact"),
    [
        ("Read <1>it</1> now <2/>.", "Ahora <2/> lee <1>lo</1>.", True),
        ("Read <1>it</1> now.", "Lee lo ahora.", False),
        ("Read <1>it</1> now.", "Lee </1>lo<1> ahora.", False),
        ("The *mayor* spoke.", "El *alcalde* habló.", True),
        ("The *mayor* spoke.", "El alcalde habló.", False),
        ("The *mayor* spoke.", "El **alcalde** habló.", False),
        ("Use snake_case.", "Usa snake case.", True),
    ],
)
def test_markup_intact(source, translation, intact):
    assert markup_intact(source, translation) is intact
