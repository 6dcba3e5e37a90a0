"""Pseudo-localization: a deterministic fake translation for testing the pipeline.

It makes untranslated text easy to spot (accented letters, brackets) and
shows whether layouts survive longer languages (~30% expansion), without any
model.  Placeholder tags, HTML entities and backslash escapes are copied
unchanged, exactly as a real engine must.
"""

from __future__ import annotations

import re

from presslate import __version__

_ACCENTED = str.maketrans(
    "abcdeghiklnoprstuwyzABCDEGHIKLNOPRSTUWYZ",
    "àƀçðéĝĥîķļñöþŕšţûŵýžÀßÇÐÉĜĤÎĶĻÑÖÞŘŠŢÛŴÝŽ",
)
# Pieces that must pass through untouched: tags, entities, escapes, URLs.
_PROTECTED = re.compile(r"</?\d+/?>|&#?\w+;|\\.|https?://\S+")


class PseudoEngine:
    name = "pseudo"

    def __init__(self, expansion: float = 0.3) -> None:
        self.expansion = expansion

    def identity(self, source: str, target: str) -> str:
        return f"pseudo:{__version__}:{self.expansion}"

    def check_pair(self, source: str, target: str) -> None:
        return None  # any pair: the output does not depend on the languages

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        return [self._translate(text) for text in segments]

    def _translate(self, text: str) -> str:
        out = []
        pos = 0
        for m in _PROTECTED.finditer(text):
            out.append(text[pos : m.start()].translate(_ACCENTED))
            out.append(m.group())
            pos = m.end()
        out.append(text[pos:].translate(_ACCENTED))
        letters = sum(ch.isalpha() for ch in text)
        padding = "~" * max(1, round(letters * self.expansion))
        # Keep leading/trailing whitespace outside the brackets.
        body = "".join(out)
        stripped = body.strip()
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()) :]
        return f"{lead}[{stripped} {padding}]{trail}"
