"""Fuzzy matching of sentences: the word similarity and the in-memory index that finds
the most similar stored msgids without scoring them all.

The similarity is 2·M / T, where M counts the words two sentences have in
common in the same order (their longest common subsequence, computed
bit-parallel) and T the words in both.  The index keeps, per language pair,
an inverted list per word: a candidate must have a compatible length and
share one of the query's rarest words (prefix filtering), and only
candidates whose shared-word count could reach the threshold are scored.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from typing import Iterable, Iterator

__all__ = ["FuzzyIndex", "TOKEN_RE", "common_words", "position_masks", "similarity", "tokens", "word_keys"]

TOKEN_RE = re.compile(r"</\d+>|<\d+/>|<\d+>|\w+|[^\w\s]")
_TAG_NUMBER_RE = re.compile(r"\d+")
_EPSILON = 1e-9  # slack for float bounds, so that filtering never drops a real match


def tokens(text: str) -> list[str]:
    """The words similarity is measured on."""
    found = TOKEN_RE.findall(text)
    if "<" in text:
        found = [_TAG_NUMBER_RE.sub("#", t, 1) if t[0] == "<" and len(t) > 1 else t for t in found]
    return found


def similarity(a: str, b: str) -> float:
    """2 × common words in order / words in both (see the module docstring), 0..1."""
    words_a, words_b = tokens(a), tokens(b)
    if not words_a and not words_b:
        return 1.0
    return 2 * common_words(words_a, position_masks(words_b), len(words_b)) / (len(words_a) + len(words_b))


def position_masks(words: list) -> dict:
    """Word → bit set of its positions in ``words``, for :func:`common_words`."""
    masks: dict = {}
    for i, word in enumerate(words):
        masks[word] = masks.get(word, 0) | 1 << i
    return masks


def common_words(words: Iterable, masks: dict, size: int) -> int:
    """Length of the longest common subsequence of ``words`` and the ``size`` words
    ``masks`` describes: the bit-vector algorithm of Crochemore et al. (2001), one
    big-integer step per word instead of a row of the dynamic programming table."""
    full = (1 << size) - 1
    v = full
    for word in words:
        u = v & masks.get(word, 0)
        v = ((v + u) | (v - u)) & full
    return size - v.bit_count()


class FuzzyIndex:
    """The distinct sources of one language pair, tokenized, with an inverted index.

    Each word occurrence is a key: a word's first occurrence in a sentence is
    the word itself, the next ones carry a count (see :func:`word_keys`), so that
    shared keys count shared words with their multiplicity.  Sources are
    tuples of key ids; ``base`` maps a key id to the key id of its word, for
    scoring.
    """

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.times: list[int] = []
        self.keys: list[tuple[int, ...]] = []  # per source: its key ids, in word order
        self.position: dict[str, int] = {}
        self.key_ids: dict[str, int] = {}
        self.base: list[int] = []  # key id → key id of the word's first occurrence
        self.postings: list[list[int]] = []  # key id → source positions

    def add(self, source: str, stamp: int) -> None:
        at = self.position.get(source)
        if at is not None:
            self.times[at] = max(self.times[at], stamp)
            return
        at = self.position[source] = len(self.sources)
        self.sources.append(source)
        self.times.append(stamp)
        keys = word_keys(tokens(source))
        get = self.key_ids.get
        ids = [get(key) for key in keys]
        if None in ids:
            ids = [self._new_key(key) if key_id is None else key_id for key, key_id in zip(keys, ids)]
        postings = self.postings
        for key_id in ids:
            postings[key_id].append(at)
        self.keys.append(tuple(ids))

    def _new_key(self, key: str) -> int:
        key_id = self.key_ids[key] = len(self.base)
        word, _, repeat = key.partition(" ")
        self.base.append(self.key_ids[word] if repeat else key_id)
        self.postings.append([])
        return key_id

    def search(self, text: str, threshold: float) -> Iterator[tuple[float, str]]:
        """(score, source) with score ≥ threshold, best first (ties: most recent first).

        With la, lb the lengths in words and m the words shared, the score is at
        most 2·min(la, lb)/(la+lb) and at most 2m/(la+lb): that bounds lb, and
        the fewest words any candidate must share with the query (``need``).  A
        candidate sharing ``need`` of the query's words holds one of any
        la - need + 1 of them (prefix filtering), so only the postings of the
        rarest ones are read.
        """
        query = tokens(text)
        size = len(query)
        if not size:
            return
        get = self.key_ids.get
        words = [get(token, -1 - i) for i, token in enumerate(query)]  # unknown: equal to nothing
        known = [key_id for key_id in map(get, word_keys(query)) if key_id is not None]
        shortest = max(1, math.ceil(threshold * size / (2 - threshold) - _EPSILON))
        longest = math.floor(size * (2 - threshold) / threshold + _EPSILON)
        need = math.ceil(threshold * (size + shortest) / 2 - _EPSILON)
        prefix = len(known) - need + 1
        if prefix <= 0:
            return
        known.sort(key=lambda key_id: len(self.postings[key_id]))
        # Reading one posting list more than the minimum means a candidate must hold two
        # of the words read: far fewer candidates for little more reading.
        read = min(len(known), prefix + 1)
        hits: Counter[int] = Counter()
        for key_id in known[:read]:
            hits.update(self.postings[key_id])
        least = 1 + read - prefix
        query_keys = set(known)
        bounded = []
        for at, count in hits.items():
            if count < least:
                continue
            keys = self.keys[at]
            length = len(keys)
            if shortest <= length <= longest:
                bound = 2 * len(query_keys.intersection(keys)) / (size + length)
                if bound >= threshold - _EPSILON:
                    bounded.append((bound, at))
        bounded.sort(reverse=True)
        masks = position_masks(words)
        base = self.base
        scored: list[tuple[float, int, int]] = []  # a heap of (-score, -time, position)
        for bound, at in bounded:
            while scored and -scored[0][0] > bound + _EPSILON:
                yield self._pop(scored)
            keys = self.keys[at]
            score = 2 * common_words([base[key_id] for key_id in keys], masks, size) / (size + len(keys))
            if score >= threshold:
                heapq.heappush(scored, (-score, -self.times[at], at))
        while scored:
            yield self._pop(scored)

    def _pop(self, heap: list[tuple[float, int, int]]) -> tuple[float, str]:
        score, _, at = heapq.heappop(heap)
        return -score, self.sources[at]


def word_keys(words: list[str]) -> list[str]:
    """Words with repeats told apart (the second "the" is "the 1"): a multiset as a set."""
    seen = dict.fromkeys(words, 0)
    if len(seen) == len(words):
        return words
    keys = []
    for word in words:
        n = seen[word]
        seen[word] = n + 1
        keys.append(f"{word} {n}" if n else word)  # no token holds a space
    return keys
