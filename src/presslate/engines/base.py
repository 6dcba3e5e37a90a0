"""The one small interface every machine-translation engine implements.

Segments reach an engine as msgids: plain text with presslate's inline
placeholders (``<1>…</1>`` around a link's text, ``<2/>`` for inline code,
a shortcode or an image) and visible Markdown emphasis (``*``, ``**``, ``_``).
An engine must return, for each input, a string holding exactly the same
placeholders, each once and properly nested (see :mod:`presslate.inline`).
"""

from __future__ import annotations

from typing import Protocol


class EngineError(Exception):
    """An engine cannot run; the message tells the user what to do."""


class Engine(Protocol):
    name: str

    def identity(self, source: str, target: str) -> str:
        """Engine name plus model/version, e.g. ``argos:translate-en_es-1.9``.

        Used as the MT cache key and written to the catalog, so it must change
        whenever the output for the same input could change.
        """

    def check_pair(self, source: str, target: str) -> None:
        """Raise :class:`EngineError` (with install instructions) if the pair is unsupported."""

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        """Translate all segments, results in input order, placeholders intact."""
