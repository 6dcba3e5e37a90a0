"""The HTML tokenizer behind the HTML article format, and behind publish's reading of HTML articles.

It splits a document into tokens that partition it exactly (text, tags with
their attributes' offsets, raw text of ``script``/``style``/``title``…,
comments, doctypes, template tags ``{{ }}``/``{% %}``/``{# #}``), so callers
can keep every byte they do not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Attr", "COMMENT", "DOCTYPE", "RAW", "RAW_TEXT", "TAG", "TEMPLATE", "TEMPLATE_TAG", "TEXT", "Tag", "tokenize"]

# Elements whose content is text up to their end tag (no markup inside).
RAW_TEXT = frozenset("script style xmp iframe noembed noframes textarea title plaintext".split())
_MARKUP = re.compile(r"<[A-Za-z/!?]|\{[{%#]")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*+)")
_ATTR = re.compile(r"""[\s/]*+([^\s/>][^\s/>=]*+)(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+("[^"]*+"|'[^']*+'|[^\s>]*+))?""")
_TAG_END = re.compile(r"[\s/]*+>")
_COMMENT_END = re.compile(r"--!?>")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TEXT, TAG, RAW, COMMENT, DOCTYPE, TEMPLATE_TAG = range(6)


@dataclass(slots=True)
class Attr:
    name: str  # lowercase
    name_end: int
    value_start: int | None  # inside the quotes; None: no value
    value_end: int
    quote: str  # '"', "'" or "" (unquoted)


@dataclass(slots=True)
class Tag:
    name: str  # lowercase
    start: int
    end: int
    closing: bool
    self_closing: bool
    attrs: list[Attr]

    def value(self, text: str, name: str) -> str | None:
        for attr in self.attrs:
            if attr.name == name:
                return "" if attr.value_start is None else text[attr.value_start : attr.value_end]
        return None


def tokenize(text: str):
    """(kind, start, end, tag) for every token; the tokens partition ``text``.

    Every ``<`` followed by a letter, ``/``, ``!`` or ``?`` starts markup
    (an unterminated one runs to the end, as browsers drop it), so text
    tokens never contain anything a browser would read as a tag.
    """
    n = len(text)
    pos = text_start = 0
    while (m := _MARKUP.search(text, pos)) is not None:
        i = m.start()
        kind, end, tag = _markup_at(text, i)
        if kind is None:
            pos = i + 1
            continue
        if i > text_start:
            yield TEXT, text_start, i, None
        yield kind, i, end, tag
        pos = text_start = end
        if kind == TAG and not tag.closing and tag.name in RAW_TEXT:
            close = _raw_end(tag.name).search(text, end) if tag.name != "plaintext" else None
            stop = close.start() if close else n
            if stop > end:
                yield RAW, end, stop, tag
            pos = text_start = stop
    if text_start < n:
        yield TEXT, text_start, n, None


@lru_cache(maxsize=None)
def _raw_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}(?=[\s/>])", re.I)


def _markup_at(text: str, i: int) -> tuple:
    """The markup token starting at ``i`` as (kind, end, tag), or (None, …) for plain text."""
    n = len(text)
    if text.startswith("{", i):
        m = TEMPLATE.match(text, i)
        return (TEMPLATE_TAG, m.end(), None) if m else (None, i, None)
    if text.startswith("<!--", i):
        if text.startswith(">", i + 4) or text.startswith("->", i + 4):  # "<!-->", "<!--->"
            return COMMENT, text.index(">", i + 4) + 1, None
        m = _COMMENT_END.search(text, i + 4)
        return COMMENT, m.end() if m else n, None
    after_slash = text[i + 2 : i + 3]  # "</é…" is a bogus comment, as in browsers (ASCII letters only)
    if text.startswith(("<!", "<?"), i) or (text.startswith("</", i) and not (after_slash.isascii() and after_slash.isalpha())):
        end = text.find(">", i + 2)
        kind = DOCTYPE if text[i : i + 9].upper() == "<!DOCTYPE" else COMMENT
        return kind, end + 1 if end >= 0 else n, None
    name = _TAG_NAME.match(text, i)
    pos = name.end()
    attrs = []
    while (a := _ATTR.match(text, pos)) is not None:
        value = a.group(2)
        if value is None:
            attrs.append(Attr(a.group(1).lower(), a.end(1), None, a.end(), ""))
        else:
            quote = value[0] if value[:1] in ("'", '"') else ""
            start = a.start(2) + len(quote)
            attrs.append(Attr(a.group(1).lower(), a.end(1), start, a.end(2) - len(quote), quote))
        pos = a.end()
    close = _TAG_END.match(text, pos)
    if close is None:
        return COMMENT, n, None  # unterminated tag: browsers drop it
    closing = text.startswith("</", i)
    tag = Tag(name.group(1).lower(), i, close.end(), closing, "/" in close.group(), attrs)
    return TAG, close.end(), tag
