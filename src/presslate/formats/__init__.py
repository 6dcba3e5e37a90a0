"""Document formats: each parses an article into a :class:`~presslate.document.Document`.

A format module offers ``parse(text, path, options)``; :func:`problems` adds
its checks of a translation beyond placeholders, among them that the
translation carries no markup its source did not (:mod:`.safety`), and
:func:`segment_problems` those that need the source markup behind the
placeholders, which the msgid does not show (:mod:`.tag_nesting`).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path

from presslate.document import Document, Segment
from presslate.errors import InputError
from presslate.formats import encoding, markdown, mdx, safety, tag_nesting
from presslate.formats.markdown import Options

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",  # Markdown whose braces and import/export lines are code (see .mdx)
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".wp": "wordpress",  # a WordPress post: front matter and the content as WordPress stores it
}


def _module(fmt: str):
    """The format's module, imported on first use (a Markdown site never loads the HTML parser)."""
    return import_module(f"presslate.formats.{fmt}")


def _markdown_problems(source: str, translation: str) -> list[str]:
    return markdown.structure_problems(source, translation) + safety.markdown_problems(source, translation)


def _mdx_problems(source: str, translation: str) -> list[str]:
    return _markdown_problems(source, translation) + mdx.problems(source, translation)


_PROBLEMS = {"markdown": _markdown_problems, "mdx": _mdx_problems, "html": safety.html_problems,
             "text": safety.text_problems, "wordpress": safety.html_problems}
# An HTML translation is written as text (its "&" escaped), so only what it types counts there.
_DECODED = {"markdown": True, "mdx": True, "html": False, "text": True, "wordpress": False}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        raise InputError(str(path), None, f"unsupported article type {suffix!r} (supported: {', '.join(SUFFIXES)})") from None


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of an article; anything else is an error naming the line (see :mod:`.encoding`)."""
    return encoding.decode(data, path)


def parse_text(text: str, path: str, options: Options) -> Document:
    """Parse article text; the format follows the file suffix.

    A byte order mark is skeleton before everything else: the format parses
    the text after it (so front matter and ``<!DOCTYPE`` are recognised) and
    the rendered article starts with it again.
    """
    bom, rest = encoding.split_bom(text)
    doc = _module(format_of(path)).parse(rest, path, options)
    if bom:
        doc.parts.insert(0, bom)
    return doc


def problems(source: str, translation: str, fmt: str) -> list[str]:
    """Format-level checks for a translation (placeholders are checked by the segment)."""
    return _PROBLEMS[fmt](source, translation) + safety.template_problems(source, translation, _DECODED[fmt])


def segment_problems(segments: Iterable[Segment], translation: str) -> list[str]:
    """Checks of a translation against the source markup of every segment with its msgid:
    raw HTML tags behind ``<n/>`` placeholders must still nest."""
    found: list[str] = []
    for segment in segments:
        found += [p for p in tag_nesting.nesting_problems(segment, translation) if p not in found]
    return found


__all__ = ["Document", "Options", "decode", "format_of", "parse_text", "problems", "segment_problems"]
