"""align.beads.best_beads, the dynamic programming behind block and sentence alignment: the cheapest sequence of beads."""

from __future__ import annotations

import random

from presslate.align.beads import STEPS, best_beads


def all_sequences(n: int, m: int, i: int = 0, j: int = 0):
    """Every sequence of bead shapes that uses all items of both sides, in order (brute force)."""
    if (i, j) == (n, m):
        yield []
        return
    for di, dj in STEPS:
        if i + di <= n and j + dj <= m:
            for rest in all_sequences(n, m, i + di, j + dj):
                yield [(i, i + di, j, j + dj), *rest]


def test_the_beads_are_the_cheapest_sequence_and_use_every_item_once_in_order():
    rng = random.Random(7)
    for _ in range(60):
        n, m = rng.randint(0, 4), rng.randint(0, 4)
        prices = {}

        def pair_cost(i, a, j, b):
            key = (i, a, j, b)
            prices.setdefault(key, round(rng.uniform(0, 10), 2))
            return prices[key], f"value {key}"

        gap = rng.choice([0.5, 3.0, 8.0])
        beads = best_beads(n, m, pair_cost, gap)
        assert [k for b in beads for k in b.en] == list(range(n)) and [k for b in beads for k in b.es] == list(range(m))
        total = sum(b.cost for b in beads)
        cheapest = min(sum(pair_cost(*s)[0] if s[1] > s[0] and s[3] > s[2] else gap for s in seq)
                       for seq in all_sequences(n, m))
        assert abs(total - cheapest) < 1e-9
        for bead in beads:
            if bead.paired:
                assert bead.value == f"value {(bead.en.start, bead.en.stop, bead.es.start, bead.es.stop)}"
            else:
                assert bead.value is None and bead.cost == gap and len(bead.en) + len(bead.es) == 1


def test_a_merge_and_a_gap_are_taken_when_they_are_cheapest():
    def pair_cost(i, a, j, b):  # English 0 and 1 are one translated sentence; English 2 has none
        return (0.0 if (i, a, j, b) == (0, 2, 0, 1) else 9.0), None

    beads = best_beads(3, 1, pair_cost, gap=1.0)
    assert [(list(b.en), list(b.es)) for b in beads] == [([0, 1], [0]), ([2], [])]


def test_a_band_prices_no_pair_far_off_the_diagonal():
    priced = []

    def pair_cost(i, a, j, b):
        priced.append((i, j))
        return (1.0 if a - i + b - j == 2 else 5.0), None

    beads = best_beads(30, 30, pair_cost, gap=5.0, band=2)
    assert [(list(b.en), list(b.es)) for b in beads] == [([k], [k]) for k in range(30)]
    assert priced and max(abs(i - j) for i, j in priced) <= 2
