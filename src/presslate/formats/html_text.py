"""Text in HTML articles: characters decoded with how the source spelled them (character
references), and translations encoded back so that unchanged text keeps those spellings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from html.entities import html5

from babel import Locale, UnknownLocaleError

from presslate.config import og_locale
from presslate.document import Atom, Segment, Text
from presslate.formats.common import SpelledText

__all__ = ["ATTRIBUTE_CONTEXTS", "Context", "DirectionalTemplate", "Encoder", "HtmlSegment", "OgLocaleTemplate", "TEXT_CONTEXT",
           "TITLE_CONTEXT", "decode_text"]

# -- character references ------------------------------------------------------

_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_LEGACY_LIMIT = max(len(name) for name in html5 if not name.endswith(";"))


def decode_text(raw: str, attribute: bool = False) -> tuple[str, dict[int, str]]:
    """Characters of HTML text and the spelling of those written as references.

    Follows HTML's rules, including legacy names without ``;`` (``&copy 2024``),
    which inside attribute values stay literal before ``=`` or a letter/digit.
    """
    if "&" not in raw:
        return raw, {}
    out: list[str] = []
    spelled: dict[int, str] = {}
    length = pos = 0
    for m in _CHARREF.finditer(raw):
        ref = m.group()
        chars, used = _reference(ref, attribute, raw[m.end() : m.end() + 1])
        if not used:
            continue
        literal = raw[pos : m.start()]
        out.append(literal)
        length += len(literal)
        spelled[length] = ref[:used]
        for extra in range(1, len(chars)):
            spelled[length + extra] = ""
        rest = ref[used:]
        out.append(chars + rest)
        length += len(chars) + len(rest)
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), spelled


def _reference(ref: str, attribute: bool, after: str) -> tuple[str, int]:
    """What a reference decodes to and how many of its characters it uses (0: not one)."""
    if ref[1] == "#":
        return unescape(ref), len(ref)
    name = ref[1:]
    if name.endswith(";") and name in html5:
        return html5[name], len(ref)
    for size in range(min(len(name), _LEGACY_LIMIT), 1, -1):  # legacy names, without ";"
        if name[:size] in html5:
            following = name[size : size + 1] or after
            if attribute and (following == "=" or following.isalnum()):
                return "", 0
            return html5[name[:size]], size + 1
    return "", 0


# -- writing translations --------------------------------------------------------

_MARKS = re.compile(r"(</?\d+/?>|\n)")  # what Segment.render expands after encoding


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: four fixed contexts
class Context:
    """Where a segment's text goes: which characters must be escaped and what may not appear."""

    escapes: dict[str, str]  # character → canonical reference
    forbidden: re.Pattern[str]  # markup the written text may not contain
    attribute: bool = False
    quoted: bool = True

    def safe(self, written: str, text: str) -> bool:
        """Whether ``written`` reads back as exactly ``text`` here, and as nothing more."""
        if self.forbidden.search(written):
            return False
        return "&" not in written or decode_text(written, self.attribute)[0] == text


TEXT_CONTEXT = Context({"&": "&amp;", "<": "&lt;"}, re.compile(r"<[A-Za-z/!?]"))
TITLE_CONTEXT = Context({"&": "&amp;", "<": "&lt;"}, re.compile(r"(?i)</title"))
ATTRIBUTE_CONTEXTS = {
    '"': Context({"&": "&amp;", '"': "&quot;"}, re.compile('"'), attribute=True),
    "'": Context({"&": "&amp;", "'": "&#39;"}, re.compile("'"), attribute=True),
    "": Context({"&": "&amp;"}, re.compile(r"[\s\"'=<>`]"), attribute=True, quoted=False),
}


class Encoder:
    """``Segment.encode`` for HTML: a translation's text written as HTML for its context.

    Each character the source wrote as a reference (or had to escape) is
    written as the source wrote it, occurrence by occurrence, so the
    identity render gives back the source spelling; a character the source
    did not have gets the canonical escape.  If the result would not decode
    back to exactly the translator's text (a literal ``&`` of the source
    now followed by ``lt;``), that piece is escaped canonically instead.
    An unquoted attribute value that needs quotes gets double quotes.
    """

    def __init__(self, context: Context, atoms: list[Atom]):
        self.context = context
        self.texts = [a for a in atoms if isinstance(a, Text)]
        self._tables: dict[Context, tuple[re.Pattern[str], dict[str, list[str]]]] = {}

    def __call__(self, translation: str) -> str:
        written = self._write(translation, self.context)
        if written is None:  # unquoted attribute value that now needs quotes
            return '"' + self._write(translation, ATTRIBUTE_CONTEXTS['"']) + '"'
        return written

    def _table(self, context: Context) -> tuple[re.Pattern[str], dict[str, list[str]]]:
        """The characters to spell (escaped or source-spelled ones) and their source spellings in order."""
        if context not in self._tables:
            chars = set(context.escapes)
            for atom in self.texts:
                if isinstance(atom, SpelledText):
                    chars.update(atom.text[i] for i in atom.spelled)
            pattern = re.compile("[" + re.escape("".join(sorted(chars))) + "]")
            spellings: dict[str, list[str]] = {c: [] for c in chars}
            for atom in self.texts:
                spelled = atom.spelled if isinstance(atom, SpelledText) else {}
                for m in pattern.finditer(atom.text):
                    spellings[m.group()].append(spelled.get(m.start(), m.group()))
            self._tables[context] = pattern, spellings
        return self._tables[context]

    def _write(self, translation: str, context: Context) -> str | None:
        if not context.quoted and ("\n" in translation or not translation):
            return None
        pattern, spellings = self._table(context)
        pending = {c: iter(s) for c, s in spellings.items()}
        escapes = context.escapes

        def spell(m: re.Match[str]) -> str:
            c = m.group()
            return next(pending[c], escapes.get(c, c))

        def escape(m: re.Match[str]) -> str:
            return escapes.get(m.group(), m.group())

        parts = _MARKS.split(translation)
        for k in range(0, len(parts), 2):
            text = parts[k]
            written = pattern.sub(spell, text)
            if not context.safe(written, text):
                written = pattern.sub(escape, text)
                if not context.safe(written, text):
                    return None
            parts[k] = written
        return "".join(parts)


class HtmlSegment(Segment):
    """A segment whose text atoms hold decoded characters.

    Its source is therefore the msgid written back through ``encode``, so
    even an untranslated segment is rendered through the same path as a
    translation, placeholders and all.
    """

    def render(self, translation: str | None, lookup=None) -> str:
        return super().render(self.text if translation is None else translation, lookup)

    @property
    def source(self) -> str:
        return self.render(None)


class DirectionalTemplate(str):
    """A :class:`LanguageSlot` template that also sets ``dir``.

    ``Document.render`` only passes the language code, so the template itself
    picks its right-to-left variant from Babel's ``character_order``.
    """

    rtl: str

    def __new__(cls, ltr: str, rtl: str) -> DirectionalTemplate:
        template = super().__new__(cls, ltr)
        template.rtl = rtl
        return template

    def format(self, *args, **kwargs) -> str:
        lang = kwargs["lang"]
        return str.format(self.rtl if _right_to_left(lang) else str(self), lang=lang)


class OgLocaleTemplate(str):
    """A :class:`LanguageSlot` template for ``<meta property="og:locale" content>``.

    It formats to the target's Open Graph locale (``es`` → ``es_ES``, see
    :func:`presslate.config.og_locale`); ``declared`` is the article's own
    value, which a language without a territory keeps (``en`` stays ``en_GB``).
    """

    declared: str

    def __new__(cls, declared: str) -> OgLocaleTemplate:
        template = super().__new__(cls, "{lang}")
        template.declared = declared
        return template

    def format(self, *args, **kwargs) -> str:
        return og_locale(kwargs["lang"], self.declared)


@lru_cache(maxsize=None)
def _right_to_left(lang: str) -> bool:
    try:
        return Locale.parse(lang.replace("-", "_")).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        return False
