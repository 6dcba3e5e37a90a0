"""The persistent fuzzy index of the translation memory: inverted lists in the memory's SQLite file.

Every ``tm`` row is indexed when it is inserted, in the same transaction, so
the index is never rebuilt per run and stays right with several writing
processes.  Per language pair, ``tm_word`` holds each word of a source (a
repeat carries a count: the second "the" is "the 1", see
:func:`~presslate.memory.fuzzy.word_keys`) and how many rows hold it;
``tm_postings`` lists the rows holding a word, split by the source's length
in words and packed 4 bytes per row id in chunks of at most ``CHUNK`` ids;
``tm_keys`` holds each row's words as ``tm_word`` ids, in order (schema
version 4), so candidates are checked without reading and tokenizing their
sources again.

A search applies the filters of :class:`~presslate.memory.fuzzy.FuzzyIndex`
per candidate length ``lb``: a source of ``lb`` words scoring at least the
threshold ``t`` against a query of ``la`` words shares at least
``need = ⌈t·(la+lb)/2⌉`` of its words, so it holds at least two of the
``la - need + 2`` rarest of them (prefix filtering); only those lists, and
only their chunks of that length, are read.  The candidates found are scored
with the same similarity as before, on their stored word ids (a repeat's id
stands for its word), so the results are the same: every
source with score ≥ ``t``, best first, ties to the most recent, then in
source order.
"""

from __future__ import annotations

import math
import sqlite3
import sys
from array import array
from collections import Counter, defaultdict

from presslate.memory.fuzzy import common_words, position_masks, tokens, word_keys

__all__ = ["CHUNK", "KEYS_SCHEMA", "SCHEMA", "add", "build", "build_keys", "search"]

SCHEMA = """
CREATE TABLE tm_word (           -- the words of each language pair's sources, for fuzzy search
    id INTEGER PRIMARY KEY,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    word TEXT NOT NULL,          -- a word, or a repeat of it: "the 1" is a source's second "the"
    units INTEGER NOT NULL,      -- how many tm rows hold it
    UNIQUE (src_lang, tgt_lang, word)
);
CREATE TABLE tm_postings (       -- the tm rows holding a word, by the length of their source in words
    word_id INTEGER NOT NULL,
    length INTEGER NOT NULL,
    first INTEGER NOT NULL,      -- the first tm id of this chunk
    ids BLOB NOT NULL,           -- tm ids, 4 bytes each, little-endian
    PRIMARY KEY (word_id, length, first)
) WITHOUT ROWID;
"""
KEYS_SCHEMA = """
CREATE TABLE tm_keys (           -- the words of each tm row's source, in order (schema version 4)
    id INTEGER PRIMARY KEY,      -- the tm id
    keys BLOB NOT NULL           -- tm_word ids, 4 bytes each, little-endian
);
"""

CHUNK = 200  # ids per row: 800 bytes, stored without overflow pages
_SQL_CHUNK = 500
_CHEAP = 300  # a word in at most this many rows: its list is always read
_EPSILON = 1e-9  # slack for float bounds, so that filtering never drops a real match
_TYPE = next(code for code in "ILH" if array(code).itemsize == 4)
_SWAP = sys.byteorder == "big"


def _pack(ids: list[int]) -> bytes:
    packed = array(_TYPE, ids)
    if _SWAP:
        packed.byteswap()
    return packed.tobytes()


def _unpack(blob: bytes) -> array:
    ids = array(_TYPE)
    ids.frombytes(blob)
    if _SWAP:
        ids.byteswap()
    return ids


def add(db: sqlite3.Connection, src_lang: str, tgt_lang: str, rows: list[tuple[int, str]]) -> None:
    """Index new ``tm`` rows (id, source) of one language pair; call inside the transaction that inserted them."""
    if not rows:
        return
    if max(tm_id for tm_id, _ in rows) > 0xFFFFFFFF:
        raise ValueError("tm ids above 2**32 cannot be indexed")
    keyed = [(tm_id, word_keys(tokens(source))) for tm_id, source in rows]
    counts: dict[str, int] = defaultdict(int)
    for _, keys in keyed:
        for key in keys:
            counts[key] += 1
    ids, fresh = _word_ids(db, src_lang, tgt_lang, counts)
    db.executemany("INSERT INTO tm_keys VALUES (?, ?)", ((tm_id, _pack([ids[key] for key in keys])) for tm_id, keys in keyed))
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for tm_id, keys in keyed:
        length = len(keys)
        for key in keys:
            groups[ids[key], length].append(tm_id)
    chunks, filled = [], []
    for (word_id, length), members in groups.items():
        # The last chunk is filled up even in a big batch: lists of few rows per chunk cost a search
        # one row read per chunk, and a memory stored in batches would leave one per batch and length.
        last = None if word_id in fresh else db.execute(
            "SELECT first, ids FROM tm_postings WHERE word_id = ? AND length = ? ORDER BY first DESC LIMIT 1",
            (word_id, length)).fetchone()
        if last is not None and len(last[1]) < 4 * CHUNK:
            room = CHUNK - len(last[1]) // 4
            filled.append((last[1] + _pack(members[:room]), word_id, length, last[0]))
            members = members[room:]
        for start in range(0, len(members), CHUNK):
            part = members[start : start + CHUNK]
            chunks.append((word_id, length, part[0], _pack(part)))
    filled.sort(key=lambda row: row[1:])
    db.executemany("UPDATE tm_postings SET ids = ? WHERE word_id = ? AND length = ? AND first = ?", filled)
    chunks.sort()  # in key order: appended to the b-tree rather than scattered through it
    db.executemany("INSERT INTO tm_postings VALUES (?, ?, ?, ?)", chunks)


def _word_ids(db: sqlite3.Connection, src_lang: str, tgt_lang: str,
              counts: dict[str, int]) -> tuple[dict[str, int], set[int]]:
    """The ids of the words counted, whose row counts grow by their ``counts``; new words are added,
    and their ids are also returned apart (they have no postings yet)."""
    words = list(counts)
    known = _known(db, src_lang, tgt_lang, words)
    db.executemany("UPDATE tm_word SET units = units + ? WHERE id = ?",
                   ((counts[word], word_id) for word, (word_id, _) in known.items()))
    new = [word for word in words if word not in known]
    db.executemany("INSERT INTO tm_word (src_lang, tgt_lang, word, units) VALUES (?, ?, ?, ?)",
                   ((src_lang, tgt_lang, word, counts[word]) for word in new))
    added = _known(db, src_lang, tgt_lang, new)
    known.update(added)
    return {word: word_id for word, (word_id, _) in known.items()}, {word_id for word_id, _ in added.values()}


def _known(db: sqlite3.Connection, src_lang: str, tgt_lang: str, words: list[str]) -> dict[str, tuple[int, int]]:
    """word → (id, units) of those of ``words`` the pair's vocabulary has."""
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(words), _SQL_CHUNK):
        chunk = words[start : start + _SQL_CHUNK]
        rows = db.execute(f"SELECT word, id, units FROM tm_word WHERE src_lang = ? AND tgt_lang = ?"
                          f" AND word IN ({', '.join('?' * len(chunk))})", (src_lang, tgt_lang, *chunk))
        found.update((word, (word_id, units)) for word, word_id, units in rows)
    return found


def _tm_batches(db: sqlite3.Connection, batch: int):
    """((src_lang, tgt_lang), [(id, source), …]) for every ``tm`` row, in id order, ``batch`` rows at a time."""
    for src_lang, tgt_lang in db.execute("SELECT DISTINCT src_lang, tgt_lang FROM tm").fetchall():
        last = 0
        while rows := db.execute("SELECT id, source FROM tm WHERE src_lang = ? AND tgt_lang = ? AND id > ?"
                                 " ORDER BY id LIMIT ?", (src_lang, tgt_lang, last, batch)).fetchall():
            yield (src_lang, tgt_lang), rows
            last = rows[-1][0]


def build(db: sqlite3.Connection, batch: int = 20_000) -> None:
    """Index every ``tm`` row (a memory written before the index existed); inside a transaction."""
    for (src_lang, tgt_lang), rows in _tm_batches(db, batch):
        add(db, src_lang, tgt_lang, rows)


def build_keys(db: sqlite3.Connection, batch: int = 20_000) -> None:
    """Fill ``tm_keys`` from ``tm`` and ``tm_word`` (a memory of schema version 3); inside a transaction."""
    loaded, vocabulary = None, {}
    for pair, rows in _tm_batches(db, batch):  # pairs come one after the other: one vocabulary in memory
        if pair != loaded:
            loaded, vocabulary = pair, dict(db.execute("SELECT word, id FROM tm_word WHERE src_lang = ? AND tgt_lang = ?",
                                                       pair))
        db.executemany("INSERT INTO tm_keys VALUES (?, ?)",
                       ((tm_id, _pack([vocabulary[key] for key in word_keys(tokens(source))]))
                        for tm_id, source in rows))


def search(db: sqlite3.Connection, src_lang: str, tgt_lang: str, text: str,
           threshold: float) -> list[tuple[float, str]]:
    """(score, source) of every distinct stored source with score ≥ ``threshold``: best first, ties to the
    most recent source (its latest row), then in source order."""
    own = not db.in_transaction  # one snapshot: another process's write lands wholly or not at all
    if own:
        db.execute("BEGIN")
    try:
        return _search(db, src_lang, tgt_lang, tokens(text), threshold)
    finally:
        if own:
            db.execute("COMMIT")


def _search(db: sqlite3.Connection, src_lang: str, tgt_lang: str, query: list[str],
            threshold: float) -> list[tuple[float, str]]:
    size = len(query)
    if not size:
        return []
    vocabulary = _known(db, src_lang, tgt_lang, word_keys(query))
    known = sorted(vocabulary.values(), key=lambda found: found[1])
    shortest = max(1, math.ceil(threshold * size / (2 - threshold) - _EPSILON))
    longest = math.floor(size * (2 - threshold) / threshold + _EPSILON)
    cheap = sum(units <= _CHEAP for _, units in known)  # short lists: read whenever any list is
    reads: dict[int, int] = {}  # length → how many of the rarest lists are read for it
    least: dict[int, int] = {}  # length → in how many of them a candidate must be
    for length in range(shortest, longest + 1):
        need = math.ceil(threshold * (size + length) / 2 - _EPSILON)
        prefix = len(known) - need + 1  # any `prefix` of the query's words hold one of a match's
        if prefix > 0:
            reads[length] = min(len(known), max(prefix + 1, cheap))
            least[length] = need - (len(known) - reads[length])  # a match shares `need`, some unread
    if not reads:
        return []
    # A tm id has one length, so the lists of all the lengths needing the same number of hits are
    # counted together: one join and one unpacking per list read, not per (tiny) chunk.
    by_least: dict[int, list[bytes]] = defaultdict(list)  # hits needed → per list read, its ids
    for rank in range(max(reads.values())):
        lengths = [length for length, read in reads.items() if read > rank]
        rows = db.execute("SELECT length, ids FROM tm_postings WHERE word_id = ? AND length BETWEEN ? AND ?",
                          (known[rank][0], min(lengths), max(lengths)))
        parts: dict[int, list[bytes]] = defaultdict(list)
        for length, blob in rows:
            if reads.get(length, 0) > rank:
                parts[least[length]].append(blob)
        for hits_needed, blobs in parts.items():
            by_least[hits_needed].append(b"".join(blobs))
    candidates: set[int] = set()
    for hits_needed, lists in by_least.items():
        if hits_needed <= 1:
            candidates.update(_unpack(b"".join(lists)))
        elif hits_needed == 2:
            seen: set[int] = set()
            for blob in lists:
                ids = _unpack(blob)
                candidates.update(seen.intersection(ids))
                seen.update(ids)
        else:
            hits = Counter(_unpack(b"".join(lists)))
            candidates.update(tm_id for tm_id, count in hits.items() if count >= hits_needed)
    return _score(db, src_lang, tgt_lang, query, vocabulary, candidates, threshold)


def _score(db: sqlite3.Connection, src_lang: str, tgt_lang: str, query: list[str],
           vocabulary: dict[str, tuple[int, int]], candidates: set[int], threshold: float) -> list[tuple[float, str]]:
    if not candidates:
        return []
    size = len(query)
    query_keys = {word_id for word_id, _ in vocabulary.values()}
    word_masks = position_masks(query)
    masks = {word_id: word_masks[key.partition(" ")[0]] for key, (word_id, _) in vocabulary.items()}
    words = list(word_masks)  # a candidate's repeats beyond the query's count still match the word:
    for start in range(0, len(words), _SQL_CHUNK // 4):  # "w 1", "w 2", … (no token holds a space)
        part = words[start : start + _SQL_CHUNK // 4]
        rows = db.execute(" UNION ALL ".join(["SELECT id, word FROM tm_word WHERE src_lang = ?1 AND tgt_lang = ?2"
                                              " AND word > ? AND word < ?"] * len(part)),
                          (src_lang, tgt_lang, *(bound for word in part for bound in (word + " ", word + "!"))))
        masks.update((word_id, word_masks[word.partition(" ")[0]]) for word_id, word in rows)
    passed: dict[int, float] = {}
    wanted = list(candidates)
    for start in range(0, len(wanted), _SQL_CHUNK):
        chunk = wanted[start : start + _SQL_CHUNK]
        for tm_id, blob in db.execute(f"SELECT id, keys FROM tm_keys WHERE id IN ({', '.join('?' * len(chunk))})",
                                      chunk):
            keys = _unpack(blob)
            total = size + len(keys)
            if 2 * len(query_keys.intersection(keys)) / total < threshold - _EPSILON:
                continue
            score = 2 * common_words(keys, masks, size) / total
            if score >= threshold:
                passed[tm_id] = score
    best: dict[str, tuple[float, int]] = {}  # source → (score, time of its latest row)
    found = list(passed)
    for start in range(0, len(found), _SQL_CHUNK):
        chunk = found[start : start + _SQL_CHUNK]
        for tm_id, source, stamp in db.execute(
                f"SELECT id, source, time FROM tm WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            if best.get(source, (0.0, stamp))[1] <= stamp:
                best[source] = (passed[tm_id], stamp)
    scored = sorted((-score, -stamp, source) for source, (score, stamp) in best.items())
    return [(-score, source) for score, _, source in scored]
