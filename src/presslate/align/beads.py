"""Two sequences paired in order at least total cost: the dynamic programming behind block and sentence alignment.

A *bead* takes a few items from each side: 1–1, 2–1 or 1–2 (a pair, priced by
the caller) or 1–0 and 0–1 (an item left unpaired, a gap at a fixed cost).
:func:`best_beads` finds the cheapest sequence of beads that uses every item
of both sides, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Bead", "STEPS", "best_beads"]

# The bead shapes (English items, translated items), in the order ties are settled: the first found stays.
STEPS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


@dataclass(slots=True)
class Bead:
    en: range  # indices of the English items it takes
    es: range
    cost: float  # its own cost
    value: Any = None  # what the pair cost gave beside the cost (None for a gap)

    @property
    def paired(self) -> bool:
        return bool(self.en) and bool(self.es)


def best_beads(n: int, m: int, pair_cost: Callable[[int, int, int, int], tuple[float, Any]], gap: float,
               band: int | None = None) -> list[Bead]:
    """The beads, in order, that pair ``n`` English with ``m`` translated items at least total cost.

    ``pair_cost(i, a, j, b)`` prices pairing English items ``i:a`` with translated items ``j:b``
    and returns (cost, value); a gap costs ``gap``.  With ``band``, a cell further than
    ``band + |n - m|`` from the diagonal is never reached (nothing is priced there).
    """
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float, Any] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    width = None if band is None else band + abs(n - m)
    for i in range(n + 1):
        if width is None:
            columns = range(m + 1)
        else:
            centre = i * m // n if n else 0
            columns = range(max(0, centre - width), min(m, centre + width) + 1)
        for j in columns:
            here = best[i][j]
            if here == inf:
                continue
            for di, dj in STEPS:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                cost, value = pair_cost(i, a, j, b) if di and dj else (gap, None)
                if here + cost < best[a][b]:
                    best[a][b] = here + cost
                    back[a][b] = (i, j, cost, value)
    beads: list[Bead] = []
    a, b = n, m
    while a or b:
        i, j, cost, value = back[a][b]
        beads.append(Bead(range(i, a), range(j, b), cost, value))
        a, b = i, j
    beads.reverse()
    return beads
