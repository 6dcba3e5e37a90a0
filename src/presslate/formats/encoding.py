"""An article's bytes as text: UTF-8 only, with a clear error for everything else.

A UTF-8 byte order mark is kept as the text's first character (U+FEFF), so
the built article starts with the same three bytes; :func:`split_bom` lets a
format parse what follows it (front matter, ``<!DOCTYPE``) as if it were not
there.  A file in UTF-16 or UTF-32 is refused with what to do, rather than
reported as "invalid UTF-8".

A NUL character is refused too: a PO file cannot carry it (msgfmt ends the
string there, so ``"a\\0b"`` is looked up as ``"a"``), Markdown and HTML
parsers replace it with U+FFFD, so its paragraph could not be found in the
source and would ship untranslated.  Other control characters go through
(the PO file escapes them, XLIFF and TMX export spell them out).
"""

from __future__ import annotations

from presslate.errors import InputError

BOM = "\ufeff"

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SNIFF = 64  # bytes looked at to recognise UTF-16/32 written without a byte order mark


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of an article (a byte order mark kept); anything else is an :class:`InputError`."""
    wide = _wide_encoding(data)
    if wide:
        raise InputError(path, None, f"file is {wide}; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(path, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError(path, line, f"NUL character (byte 0x00) at column {column}; a PO file cannot hold it, "
                                     "remove it from the article")
    return text


def split_bom(text: str) -> tuple[str, str]:
    """``(bom, rest)``: the byte order mark the text starts with (or ``""``) and the text after it."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _wide_encoding(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the bytes are that (by byte order mark, or by NUL bytes in ASCII text)."""
    for mark, name in _WIDE_BOMS:
        if data.startswith(mark):
            return name
    head = data[:_SNIFF]
    if len(head) < 4 or b"\0" not in head:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        usable = len(head) - len(head) % width
        units = [head[i : i + width] for i in range(0, usable, width)]
        if all(u.count(0) == width - 1 and (u[0] or u[-1]) for u in units):
            return f"{name} (without a byte order mark)"
    return None
