"""Names the translators of a project kept in English, as its translation memory shows.

A name made of ordinary words ("Community Manager", "Open Science") reads to
:mod:`presslate.review.kept_names` like "Free Software", which translators
translate; the memory's human pairs (reviewed, aligned or TMX rows of the
``tm`` table; never the MT cache) tell them apart.  A name is kept when at
least one pair whose source holds it has it verbatim in its target, and no
pair whose source holds it lacks it in its target.

One look-up per name: the rows holding the name's rarest word come from the
fuzzy index's postings (:mod:`presslate.memory.fuzzy_store`), and only those
rows are read.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from array import array
from collections.abc import Iterable

from presslate.memory.fuzzy import tokens

__all__ = ["cached", "kept_in_english"]

_TYPE = next(code for code in "ILH" if array(code).itemsize == 4)
_SQL_CHUNK = 500


def _ids(blob: bytes) -> array:
    ids = array(_TYPE)
    ids.frombytes(blob)
    if sys.byteorder == "big":  # stored little-endian (fuzzy_store)
        ids.byteswap()
    return ids


def _holds(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def kept_in_english(db: sqlite3.Connection, src_lang: str, tgt_lang: str, names: Iterable[str]) -> set[str]:
    """The ``names`` the memory's human pairs of ``src_lang`` → ``tgt_lang`` keep (see the module doc)."""
    kept = set()
    for name in dict.fromkeys(names):
        words = sorted(set(tokens(name)))
        if len(words) < 2:
            continue
        rows = db.execute(f"SELECT word, id, units FROM tm_word WHERE src_lang = ? AND tgt_lang = ?"
                          f" AND word IN ({', '.join('?' * len(words))})", (src_lang, tgt_lang, *words)).fetchall()
        if len(rows) < len(words):
            continue  # a word of the name is in no pair's source
        word_id = min(rows, key=lambda row: row[2])[1]
        ids = [i for (blob,) in db.execute("SELECT ids FROM tm_postings WHERE word_id = ?", (word_id,))
               for i in _ids(blob)]
        verdicts = set()
        for start in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[start : start + _SQL_CHUNK]
            for source, target in db.execute(f"SELECT source, target FROM tm WHERE id IN ({', '.join('?' * len(chunk))})",
                                             chunk):
                if _holds(source, name):
                    verdicts.add(_holds(target, name))
        if verdicts == {True}:
            kept.add(name)
    return kept


def cached(memory, src_lang: str, tgt_lang: str, names: Iterable[str], seen: dict[tuple[str, str], bool]) -> frozenset[str]:
    """Those of ``names`` a :class:`~presslate.memory.store.Memory`'s translators kept in English, asking it
    once per target language and name while ``seen`` (one run's answers) lives."""
    names = set(names)
    new = [name for name in names if (tgt_lang, name) not in seen]
    if new:
        kept = memory.kept_in_english(src_lang, tgt_lang, new)
        seen.update(((tgt_lang, name), name in kept) for name in new)
    return frozenset(name for name in names if seen[tgt_lang, name])
