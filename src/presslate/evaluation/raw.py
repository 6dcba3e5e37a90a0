"""The engine without presslate: each block's source text, markup and all, sent as it is.

* Apertium: one ``apertium -u`` process over all blocks (``-f html`` for HTML
  articles, ``-f txt`` otherwise), blocks separated by a paragraph holding an
  unknown word that Apertium copies; if the separators do not come back in
  order, each block gets its own process.
* Argos: CTranslate2 and SentencePiece on the block text, no markup handling.
* Any other engine: its ``translate_batch`` on the raw block text.
"""

from __future__ import annotations

import subprocess

from presslate.engines import Engine, EngineError, get_engine

_SEPARATOR = "ZQXBLOCKEND"


def translate_raw(engine_name: str, options: dict | None, texts: list[str], fmt: str, source: str, target: str) -> list[str]:
    if not texts:
        return []
    engine = get_engine(engine_name, options)
    engine.check_pair(source, target)
    if engine_name == "apertium":
        return _apertium(engine, texts, fmt, source, target)
    if engine_name == "argos":
        return engine.translate_plain(texts, source, target)
    return _generic(engine, texts, source, target)


def _generic(engine: Engine, texts: list[str], source: str, target: str) -> list[str]:
    return engine.translate_batch(texts, source, target)


def _apertium(engine, texts: list[str], fmt: str, source: str, target: str) -> list[str]:
    mode = engine.mode_name(source, target)
    deformatter = "html" if fmt == "html" else "txt"
    flat = [" ".join(t.split()) for t in texts]  # a blank line inside a block would look like a separator
    joined = "".join(f"{t}\n\n{_SEPARATOR}\n\n" for t in flat)
    out = _run(["apertium", "-u", "-f", deformatter, mode], joined)
    pieces = out.split(_SEPARATOR)
    if len(pieces) == len(flat) + 1 and not pieces[-1].strip():
        return [p.strip() for p in pieces[:-1]]
    return [_run(["apertium", "-u", "-f", deformatter, mode], t).strip() for t in flat]


def _run(command: list[str], text: str) -> str:
    proc = subprocess.run(command, input=text.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise EngineError(f"{' '.join(command)} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8", "replace")
