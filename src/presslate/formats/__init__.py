"""Document formats: each parses an article into a :class:`~presslate.document.Document`."""

from __future__ import annotations

from pathlib import Path

from presslate.document import Document
from presslate.errors import InputError
from presslate.formats import markdown
from presslate.formats.markdown import Options

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown"}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        raise InputError(str(path), None, f"unsupported article type {suffix!r} (supported: {', '.join(SUFFIXES)})") from None


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of an article; invalid bytes are an error naming the line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(path, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def parse_text(text: str, path: str, options: Options) -> Document:
    """Parse article text; the format follows the file suffix."""
    format_of(path)
    return markdown.parse(text, path, options)


def problems(source: str, translation: str, fmt: str) -> list[str]:
    """Format-level structure checks for a translation (placeholders are checked by the segment)."""
    return markdown.structure_problems(source, translation)


__all__ = ["Document", "Options", "decode", "format_of", "parse_text", "problems"]
