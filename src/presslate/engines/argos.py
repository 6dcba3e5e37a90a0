"""Argos Translate models, run directly on CTranslate2.

``argostranslate.translate()`` works on one string at a time (sentence
splitting, tokenizing, one small CTranslate2 call) and its decoder turns
every ``_`` into a space.  presslate segments are already sentences, so this
engine loads the installed package's ``model/`` once per process, tokenizes
with its SentencePiece model and translates all segments of a call in one
token-batched ``translate_batch``, decoding with SentencePiece itself.
Unlike argostranslate it leaves ``replace_unknowns`` off: that option makes
CTranslate2 keep attention weights at every step (a few percent slower on
sentences, 25x on a 1000-token input) and rarely helps: Argos models share
one vocabulary, so a target ``<unk>`` mostly stands for a source ``<unk>``.

Markup: a segment goes to the model whole, placeholder tags and emphasis runs
included, so the model can place them.  If the result loses or invents any
(:func:`presslate.inline.markup_problems`, plus the ``*``/``_`` runs), the
segment falls back to translating the text between markup pieces separately
and putting the markup back in source order; ``fallbacks`` counts those.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from presslate import inline
from presslate.engines import argos_models
from presslate.engines.base import EngineError

# Chosen with `bench/bench_mt.py --sweep` (base-size model, 520 sentences,
# 2 cores shared with other jobs; segments/s, runs interleaved): two
# single-threaded workers 39 vs 26 for one worker with 1, 2 or 0 (= all)
# OpenMP threads; beam 1/2/4: 70/39/23 (beam 2 keeps most of beam search's
# gain over greedy at 1.7x the speed of 4); int8 ("auto") 39 vs float32 20;
# 512 to 2048 tokens per batch alike, 4096 slower (fewer batches to share).
DEFAULTS = {
    "beam_size": 1,  # greedy: 1.5-2x beam 2 here, and what makes >=10x argostranslate; raise for quality
    "compute_type": "auto",
    "device": "cpu",
    "inter_threads": 2,
    "intra_threads": 1,
    "max_batch_tokens": 2048,
}
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int16", "float16", "float32")
# Longer inputs are translated in word-aligned chunks: real models were trained
# on sentences, and learned position tables end (CTranslate2 truncates at 1024).
MAX_INPUT_TOKENS = 1000
_WORD_START = "\u2581"  # SentencePiece marks the first piece of each word

# Escapes come first so that ``\*`` stays text; then placeholder tags; then
# runs of emphasis delimiters.
_MARKUP_RE = re.compile(r"\\.|" + inline.TAG_RE.pattern + r"|\*+|_+")


class ArgosEngine:
    name = "argos"

    def __init__(self, **options) -> None:
        unknown = sorted(set(options) - set(DEFAULTS))
        if unknown:
            raise EngineError(f"unknown [engine.argos] option(s): {', '.join(unknown)}; valid: {', '.join(DEFAULTS)}")
        settings = {**DEFAULTS, **options}
        for key in ("beam_size", "inter_threads", "max_batch_tokens"):
            if not isinstance(settings[key], int) or settings[key] < 1:
                raise EngineError(f"[engine.argos] {key} must be a positive integer, not {settings[key]!r}")
        if not isinstance(settings["intra_threads"], int) or settings["intra_threads"] < 0:
            raise EngineError(f"[engine.argos] intra_threads must be 0 (all cores) or more, not {settings['intra_threads']!r}")
        if settings["compute_type"] not in COMPUTE_TYPES:
            raise EngineError(f"[engine.argos] compute_type must be one of {', '.join(COMPUTE_TYPES)}")
        self.beam_size: int = settings["beam_size"]
        self.compute_type: str = settings["compute_type"]
        self.device: str = settings["device"]
        self.inter_threads: int = settings["inter_threads"]
        self.intra_threads: int = settings["intra_threads"]
        self.max_batch_tokens: int = settings["max_batch_tokens"]
        self.fallbacks = 0  # segments whose markup the model broke (cumulative)
        self._pairs: dict[tuple[str, str], argos_models.InstalledModel] = {}

    def identity(self, source: str, target: str) -> str:
        model = self._model(source, target)
        # Decoding settings change the output, so they are part of the MT cache key.
        return f"argos:{model.code}-{model.version}:beam={self.beam_size},{self.compute_type}"

    def check_pair(self, source: str, target: str) -> None:
        self._model(source, target)

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        model = self._model(source, target)
        jobs = [_Segment.parse(text) for text in segments]
        wanted = list(dict.fromkeys(job.core for job in jobs if job.needs_mt))
        whole = dict(zip(wanted, self._translate(model, wanted)))
        broken = []
        for job in jobs:
            if job.needs_mt:
                job.result = whole[job.core]
                if not markup_intact(job.core, job.result):
                    broken.append(job)
        if broken:
            spans = list(dict.fromkeys(span.strip() for job in broken for span in job.text_spans()))
            translated = dict(zip(spans, self._translate(model, spans)))
            for job in broken:
                job.result = job.reassemble(translated)
                if not markup_intact(job.core, job.result):
                    job.result = job.core  # untranslated beats broken markup
            self.fallbacks += len(broken)
        return [job.render() for job in jobs]

    def translate_plain(self, texts: list[str], source: str, target: str) -> list[str]:
        """Texts straight through the model, without placeholder or markup handling (the eval's raw baseline)."""
        return self._translate(self._model(source, target), texts)

    def decoding_options(self, batch: list[list[str]], prefix: str = "") -> dict:
        """Keyword arguments for ``Translator.translate_batch`` (public so benchmarks compare like with like)."""
        total = sum(map(len, batch))
        return {
            # Small calls are still split so that every inter-thread worker gets a share.
            "max_batch_size": max(1, min(self.max_batch_tokens, -(-total // self.inter_threads))),
            "batch_type": "tokens",
            "beam_size": self.beam_size,
            "length_penalty": 0.2,  # as argostranslate, so translations match its own
            "max_input_length": 0,  # _chunks already bounds the length
            # The 256-token default would cut long sentences; a translation
            # rarely needs twice the source length.
            "max_decoding_length": 2 * max(map(len, batch), default=0) + 16 + bool(prefix),
        }

    def _model(self, source: str, target: str) -> argos_models.InstalledModel:
        pair = (source, target)
        if pair not in self._pairs:
            model = argos_models.find(source, target)
            if model is None:
                from presslate.engines.availability import offline_hint

                raise EngineError(f"no Argos model for {source} → {target} is installed; "
                                  f"{argos_models.install_hint(source, target)}; {offline_hint(source, target)}")
            self._pairs[pair] = model
        return self._pairs[pair]

    def _translate(self, model: argos_models.InstalledModel, texts: list[str]) -> list[str]:
        """Plain texts in, translations out, in order: one CTranslate2 call for all."""
        if not texts:
            return []
        tokenizer = _tokenizer(model)
        translator = _translator(model, self.device, self.compute_type, self.inter_threads, self.intra_threads)
        owners, batch = [], []
        for number, pieces in enumerate(tokenizer.encode(texts, out_type=str)):
            for chunk in _chunks(pieces, MAX_INPUT_TOKENS):
                owners.append(number)
                batch.append(chunk)
        prefix = model.target_prefix
        results = translator.translate_batch(
            batch,
            target_prefix=[[prefix]] * len(batch) if prefix else None,
            **self.decoding_options(batch, prefix),
        )
        out: list[list[str]] = [[] for _ in texts]
        for number, result in zip(owners, results):
            pieces = result.hypotheses[0]
            if prefix and pieces[:1] == [prefix]:
                pieces = pieces[1:]
            out[number].append(tokenizer.decode(pieces))
        return [" ".join(chunks) for chunks in out]


def _chunks(pieces: list[str], limit: int) -> list[list[str]]:
    """Split an over-long input at word starts so no text is truncated by the model."""
    chunks = []
    start = 0
    while len(pieces) - start > limit:
        cut = next((i for i in range(start + limit, start, -1) if pieces[i].startswith(_WORD_START)), start + limit)
        chunks.append(pieces[start:cut])
        start = cut
    chunks.append(pieces[start:])
    return chunks


@lru_cache(maxsize=None)
def _tokenizer(model: argos_models.InstalledModel):
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(model.tokenizer_path))
    except (OSError, RuntimeError) as exc:
        raise EngineError(f"{model.tokenizer_path}: cannot load the tokenizer ({exc}); {_reinstall(model)}") from exc


@lru_cache(maxsize=None)
def _translator(model: argos_models.InstalledModel, device: str, compute_type: str, inter_threads: int, intra_threads: int):
    """One Translator per model and settings for the whole process: loading costs seconds."""
    import ctranslate2

    try:
        return ctranslate2.Translator(
            str(model.model_dir),
            device=device,
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except (OSError, RuntimeError, ValueError) as exc:
        raise EngineError(f"{model.model_dir}: cannot load the model ({exc}); {_reinstall(model)}") from exc


def _reinstall(model: argos_models.InstalledModel) -> str:
    pair = f"{model.from_code} {model.to_code}"
    return f"reinstall it: presslate models remove {pair}, then {argos_models.install_hint(model.from_code, model.to_code)}"


def split_markup(text: str) -> list[tuple[str, bool]]:
    """``text`` as consecutive ``(piece, is_markup)``: tags and emphasis runs are markup.

    A ``*``/``_`` run counts as emphasis when it touches a non-space on one
    side, except ``_`` inside a word (``snake_case``), as in CommonMark.
    """
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARKUP_RE.finditer(text):
        if not _is_markup(text, m):
            continue
        if m.start() > pos:
            parts.append((text[pos : m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def _is_markup(text: str, m: re.Match) -> bool:
    token = m.group()
    if token[0] == "\\":
        return False
    if token[0] == "<":
        return not (m.group(1) and m.group(3))  # "</3/>" is not a tag
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    return not (token[0] == "_" and before.isalnum() and after.isalnum())


def _emphasis_runs(text: str) -> Counter:
    return Counter(piece for piece, markup in split_markup(text) if markup and piece[0] in "*_")


def markup_intact(source: str, translation: str) -> bool:
    """Same placeholders (properly nested) and the same emphasis runs as the source."""
    return not inline.markup_problems(source, translation) and _emphasis_runs(source) == _emphasis_runs(translation)


@dataclass
class _Segment:
    """One input segment: outer whitespace kept aside, markup located, result pending."""

    lead: str
    core: str
    trail: str
    parts: list[tuple[str, bool]]
    result: str

    @classmethod
    def parse(cls, text: str) -> _Segment:
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :] if core else ""
        return cls(lead, core, trail, split_markup(core), core)

    @property
    def needs_mt(self) -> bool:
        """Only segments with words go to the model; numbers, symbols and bare markup are kept."""
        return bool(self.text_spans())

    def text_spans(self) -> list[str]:
        return [piece for piece, markup in self.parts if not markup and _has_words(piece)]

    def reassemble(self, translated: dict[str, str]) -> str:
        """Markup in source order, each text span replaced by its own translation.

        A span has no markup, so any the model wrote into its translation is dropped.
        """
        out = []
        for piece, markup in self.parts:
            if markup or not _has_words(piece):
                out.append(piece)
            else:
                text = "".join(p for p, is_markup in split_markup(translated[piece.strip()]) if not is_markup)
                out.append(piece[: len(piece) - len(piece.lstrip())] + text + piece[len(piece.rstrip()) :])
        return "".join(out)

    def render(self) -> str:
        return self.lead + self.result + self.trail


def _has_words(piece: str) -> bool:
    return any(ch.isalpha() for ch in piece)
