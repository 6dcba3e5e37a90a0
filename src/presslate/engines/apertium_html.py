"""The other way to give Apertium markup: as HTML, through its own ``-f html`` deformatter.

This is the ``[engine.apertium] markup = "html"`` setting, kept so the choice
can be measured again (``presslate eval --set engine.apertium.markup=html``).
Placeholders become HTML elements (``<1>…</1>`` → ``<span data-p="1">…</span>``,
``<2/>`` → ``<img data-p="2">``), text is escaped, one ``apertium -u -f html``
process translates the batch, and the elements are read back as placeholders.
Apertium's HTML deformatter turns every tag into a *superblank* that stays
where it was while the words around it are reordered, so "the <b>red</b> car"
comes back as "el <b>coche</b> rojo"; the default (``markup = "wordbound"``)
binds each span to its words instead.  A result whose placeholders do not
come back well nested is None, and the engine translates it its default way.
"""

from __future__ import annotations

import html
import re
import subprocess

from presslate.engines.base import EngineError
from presslate.inline import TAG_RE, markup_problems

_SEPARATOR = '<hr data-s="{}">'
_OUT = re.compile(r'<span data-p="(\d+)">|</span>|<img data-p="(\d+)">')
_SPLIT = re.compile(r'\s*<hr data-s="(\d+)">\s*')
_EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")


def encode(text: str) -> str:
    out, pos, stack = [], 0, []
    for m in TAG_RE.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        closing, number, empty = m.groups()
        if empty:
            out.append(f'<img data-p="{number}">')
        elif closing:
            out.append("</span>")
            if stack:
                stack.pop()
        else:
            out.append(f'<span data-p="{number}">')
            stack.append(number)
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def decode(output: str) -> str | None:
    """Apertium's HTML back to placeholder text; None when the elements do not nest."""
    out, pos, stack = [], 0, []
    for m in _OUT.finditer(output):
        out.append(html.unescape(output[pos : m.start()]))
        if m.group(1):
            out.append(f"<{m.group(1)}>")
            stack.append(m.group(1))
        elif m.group(2):
            out.append(f"<{m.group(2)}/>")
        else:
            if not stack:
                return None
            out.append(f"</{stack.pop()}>")
        pos = m.end()
    out.append(html.unescape(output[pos:]))
    text = "".join(out)
    # The deformatter leaves a blank on the inside of an element; put it outside.
    text = re.sub(r"(<\d+>)(\s+)", r"\2\1", text)
    text = re.sub(r"(\s+)(</\d+>)", r"\2\1", text)
    return " ".join(text.split()) if "\n" not in text else text


def translate(mode: str, segments: list[str]) -> list[str | None]:
    """Each segment's translation through ``-f html``, or None where its markup did not survive."""
    if not segments:
        return []
    payload = "".join(f"{encode(s)}\n{_SEPARATOR.format(i)}\n" for i, s in enumerate(segments))
    pieces = _SPLIT.split(_run(mode, payload))
    texts = pieces[0::2]
    numbers = pieces[1::2]
    if numbers != [str(i) for i in range(len(segments))] or texts[-1].strip():
        texts = [_run(mode, encode(s)) for s in segments]  # misaligned: one process each
    results: list[str | None] = []
    for source, raw in zip(segments, texts):
        result = decode(raw.strip())
        intact = result is not None and not markup_problems(source, result) and _emphasis(source) == _emphasis(result)
        results.append(result if intact else None)
    return results


def _emphasis(text: str) -> list[str]:
    return sorted(_EMPHASIS.findall(TAG_RE.sub(" ", text)))


def _run(mode: str, text: str) -> str:
    proc = subprocess.run(["apertium", "-u", "-f", "html", mode], input=text.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise EngineError(f"apertium {mode} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8", "replace")
