"""Build small but real Argos Translate packages whose model copies its input.

No Argos model can be downloaded in tests or CI, so the engine and the model
manager are tested on packages made here: a SentencePiece model trained on a
few lines (with byte fallback, so any text tokenizes) and a CTranslate2
Transformer whose weights are set by hand so that it returns its input
token for token.  A copy model turns "did placeholders and markup survive
the real engine path?" into an exact string comparison.

How the copy works (one residual vector of ``d_model`` dimensions):

* dims ``[0, 2B)`` hold a token code: the ``B`` bits of the token id as ±1,
  followed by their negation (so every code sums to zero and has the same
  norm, which keeps LayerNorm a constant scaling);
* dims ``[2B, 2B + 4F)`` hold a position code: for ``F`` frequencies
  ``pi / 2**j``, ``(cos, sin, -cos, -sin)`` of the position.  Two positions'
  codes have the largest dot product only when they are equal (some
  frequency turns a cosine from +1 to -1), with a margin of 4;
* encoder input = token code + position code; decoder input embeddings are
  zero, so decoder step ``k`` carries only position ``k``;
* head 0 of the first decoder layer's cross-attention matches the query's
  position against the keys' positions (sharpened by a large query scale)
  and moves the matched source token code into the residual stream;
* the output projection is the token codes, so the logits peak on the
  copied token; the source EOS (``add_source_eos``) ends decoding.

Every other weight is small seeded noise: it does not disturb the copy but
keeps layers distinct (no aliasing), so the base-size model costs what a real
one does and makes a fair benchmark.
"""

from __future__ import annotations

import atexit
import io
import json
import math
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Lines to train the test tokenizer on: enough distinct characters that the
# usual ones (including tag and emphasis punctuation) become pieces; anything
# else falls back to bytes.
TRAINING_LINES = [
    "Read <1>the report</1> and <2/>, then *look* at **this** and _that_.",
    "The quick brown fox jumps over the lazy dog; 0123456789 times!",
    "Breaking news: the city council approved the new budget on Monday.",
    "Officials said the snake_case names in config files will not change.",
    "«Quotes», ‘single’, “double”, em—dash, ellipsis… and café, naïve, 東京.",
    "Questions? Ask (politely) at https://example.com/help or #channel @team.",
    "Prices rose 3.5% in May, up from 2.1% [sic] a year earlier {draft}.",
    "El consejo aprobó el presupuesto; la ciudad celebró con música.",
]


@dataclass(frozen=True)
class ModelSize:
    """Shape of a copy model; ``TINY`` for tests, ``BASE`` like a real Argos model."""

    layers: tuple[int, int]
    d_model: int
    heads: int
    ffn: int
    vocab: int  # SentencePiece size asked for; the model vocabulary is padded to it
    max_positions: int
    quantization: str | None


NOISE = 1e-3  # scale of the weights that play no part in copying

TINY = ModelSize(layers=(1, 1), d_model=64, heads=1, ffn=64, vocab=400, max_positions=1024, quantization=None)
BASE = ModelSize(layers=(6, 6), d_model=512, heads=8, ffn=2048, vocab=32000, max_positions=1024, quantization="int8")


def train_sentencepiece(lines: list[str], vocab_size: int, model_path: Path) -> list[str]:
    """Train a unigram model on ``lines``; return its pieces in id order.

    ``hard_vocab_limit=False`` lets a small corpus produce fewer pieces than
    asked; identity normalization makes decode(encode(text)) == text.
    """
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
    )
    model_path.write_bytes(buffer.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _position_codes(count: int, frequencies: int) -> np.ndarray:
    positions = np.arange(count, dtype=np.float64)[:, None]
    angles = positions * (np.pi / 2.0 ** np.arange(frequencies))[None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    return np.stack([cos, sin, -cos, -sin], axis=2).reshape(count, 4 * frequencies)


def _token_codes(count: int, bits: int) -> np.ndarray:
    ids = np.arange(count)[:, None]
    signs = ((ids >> np.arange(bits)[None, :]) & 1) * 2.0 - 1.0
    return np.concatenate([signs, -signs], axis=1)


def copy_model_spec(
    pieces: list[str],
    size: ModelSize,
    *,
    remap: dict[str, str] | None = None,
    target_prefix: str = "",
):
    """A ``TransformerSpec`` that copies its input.

    ``remap={"a": "b"}`` swaps two pieces in the output: a model that is
    otherwise perfect but damages what it is given, for testing fallbacks.
    ``target_prefix`` adds that token to the vocabulary and shifts decoder
    positions by one, so the copy starts after the forced prefix token.
    """
    from ctranslate2.specs import TransformerSpec

    vocab = pieces + ([target_prefix] if target_prefix else [])
    vocab += [f"<pad{i}>" for i in range(size.vocab - len(vocab))]
    d, heads = size.d_model, size.heads
    head_dim = d // heads
    bits = max(1, math.ceil(math.log2(len(vocab))))
    freqs = max(1, math.ceil(math.log2(size.max_positions)))
    code_dims, pos_dims = 2 * bits, 4 * freqs
    if code_dims + pos_dims > d or max(code_dims, pos_dims) > head_dim:
        raise ValueError(f"d_model={d} with {heads} heads is too small for {len(vocab)} tokens")
    tok = slice(0, code_dims)
    pos = slice(code_dims, code_dims + pos_dims)
    rng = np.random.default_rng(1234)

    def filler(*shape: int) -> np.ndarray:
        return (NOISE * rng.standard_normal(shape)).astype(np.float32)

    def layer_norm(spec, gamma: float = 1.0) -> None:
        spec.gamma = np.full(d, gamma, dtype=np.float32)
        spec.beta = np.zeros(d, dtype=np.float32)

    def attention(spec, self_attention: bool) -> None:
        layer_norm(spec.layer_norm)
        if self_attention:
            spec.linear[0].weight = filler(3 * d, d)
        else:
            spec.linear[0].weight = filler(d, d)
            spec.linear[1].weight = filler(2 * d, d)
        spec.linear[-1].weight = filler(d, d)

    def ffn(spec) -> None:
        layer_norm(spec.layer_norm)
        spec.linear_0.weight = filler(size.ffn, d)
        spec.linear_1.weight = filler(d, size.ffn)

    token_codes = np.zeros((len(vocab), d), dtype=np.float32)
    token_codes[:, tok] = _token_codes(len(vocab), bits)
    positions = np.zeros((size.max_positions, d), dtype=np.float32)
    positions[:, pos] = _position_codes(size.max_positions, freqs)

    spec = TransformerSpec.from_config(size.layers, heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.scale_embeddings = decoder.scale_embeddings = False
    encoder.embeddings[0].weight = token_codes
    encoder.position_encodings.encodings = positions
    decoder.embeddings.weight = np.zeros_like(token_codes)
    decoder.position_encodings.encodings = np.roll(positions, 1, axis=0) if target_prefix else positions
    for layer in encoder.layer:
        attention(layer.self_attention, self_attention=True)
        ffn(layer.ffn)
    for layer in decoder.layer:
        attention(layer.self_attention, self_attention=True)
        attention(layer.attention, self_attention=False)
        ffn(layer.ffn)
    layer_norm(encoder.layer_norm)

    # Scales that make attention and output nearly one-hot.  Inputs of every
    # LayerNorm are zero-mean with a fixed norm, so each LayerNorm divides by
    # a known sigma; the closest wrong position or token scores 4 units lower.
    # Each code's squared norm: token 2B, position 2F.  A margin of 4 is
    # scaled to 40 (softmax weight e**-40 for the runner-up).
    sigma_query = math.sqrt(2 * freqs / d)
    sigma_memory = math.sqrt((2 * bits + 2 * freqs) / d)
    sigma_output = math.sqrt((2 * freqs + 2 * bits / sigma_memory**2) / d)
    query_scale = 10 * sigma_query * sigma_memory * math.sqrt(head_dim)
    output_gain = 10 * sigma_output * sigma_memory

    copy = decoder.layer[0].attention
    eye = np.eye(max(code_dims, pos_dims), dtype=np.float32)
    copy.linear[0].weight[:pos_dims, pos] += query_scale * eye[:pos_dims, :pos_dims]
    copy.linear[1].weight[:pos_dims, pos] += eye[:pos_dims, :pos_dims]
    copy.linear[1].weight[d : d + code_dims, tok] += eye[:code_dims, :code_dims]
    copy.linear[2].weight[tok, :code_dims] += eye[:code_dims, :code_dims]
    layer_norm(decoder.layer_norm, gamma=output_gain)

    projection = token_codes.copy()
    index = {piece: i for i, piece in enumerate(vocab)}
    for source_piece, target_piece in (remap or {}).items():
        projection[index[target_piece]] = token_codes[index[source_piece]]
        projection[index[source_piece]] = token_codes[index[target_piece]]
    # Without remap the projection equals the source embeddings and is stored once.
    decoder.projection.weight = projection

    spec.config.add_source_eos = True
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=size.quantization)
    return spec


def build_package_dir(
    folder: Path,
    *,
    from_code: str = "en",
    to_code: str = "es",
    version: str = "1.0",
    size: ModelSize = TINY,
    lines: list[str] | None = None,
    remap: dict[str, str] | None = None,
    target_prefix: str = "",
) -> Path:
    """Write an unpacked Argos package into ``folder`` (created); return it."""
    model_dir = folder / "model"
    model_dir.mkdir(parents=True)
    pieces = train_sentencepiece(lines or TRAINING_LINES, size.vocab, folder / "sentencepiece.model")
    copy_model_spec(pieces, size, remap=remap, target_prefix=target_prefix).save(str(model_dir))
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_code.upper(),
        "to_code": to_code,
        "to_name": to_code.upper(),
        "type": "translate",
        "code": f"translate-{from_code}_{to_code}",
        "target_prefix": target_prefix,
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return folder


def zip_package(folder: Path, archive: Path) -> Path:
    """Zip ``folder`` as an ``.argosmodel``: the folder itself is the single top-level entry."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def build_package(directory: Path, name: str | None = None, **options) -> Path:
    """Build ``translate-FROM_TO-VERSION.argosmodel`` in ``directory``; options as :func:`build_package_dir`."""
    from_code, to_code = options.get("from_code", "en"), options.get("to_code", "es")
    version = options.get("version", "1.0")
    name = name or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    folder = build_package_dir(directory / f"{name}.src" / name, **options)
    return zip_package(folder, directory / f"{name}.argosmodel")


_home: Path | None = None


def argos_environment(home: Path) -> dict[str, str]:
    """Environment variables that keep argostranslate's packages, settings and caches inside ``home``.

    On import argostranslate creates folders under ``$HOME``, reads a user
    ``settings.json`` and fixes ``ARGOS_*`` settings for the process, so these
    must be set before it is first imported (or in a child's environment).
    The package index points at the discard port: a lookup is refused at once.
    """
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(home / "packages"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }


def isolate_argostranslate() -> Path:
    """Give argostranslate a private temporary home before anything imports it; return it.

    Tests must touch none of the user's Argos files.  Each test then points
    the settings at its own packages folder with :func:`use_packages_dir`.
    """
    global _home
    if _home is None:
        _home = Path(tempfile.mkdtemp(prefix="presslate-argos-home-"))
        atexit.register(shutil.rmtree, _home, ignore_errors=True)
        os.environ.update(argos_environment(_home))
    return _home


def use_packages_dir(monkeypatch, folder: Path) -> Path:
    """Make argostranslate (and so presslate.engines.argos_models) use ``folder`` for this test."""
    from argostranslate import settings

    folder.mkdir(parents=True, exist_ok=True)
    (folder.parent / "downloads").mkdir(exist_ok=True)
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setattr(settings, "package_dirs", [folder])
    monkeypatch.setattr(settings, "local_package_index", folder.parent / "index.json")
    monkeypatch.setattr(settings, "downloads_dir", folder.parent / "downloads")
    return folder
