"""The spool's work per article does not grow with the project (issue 25: translate growth exponent ≤ 1.05).

* Pending msgids are handed back a slice at a time; reading a slice costs SQLite the same whatever
  the number of rows still to come (it sorted every pending row of the language for each slice,
  so a first translate grew with the square of the project).  Counted in SQLite virtual-machine
  steps (``set_progress_handler``), not in seconds.
* The garbage collections between batches do not scan again what the run held before the spool
  opened (frozen, ``gc.freeze``), and after ``close`` those objects are collected as before.
* Items come back in the order added, work and data apart, from any number of interleaved readers.
"""

from __future__ import annotations

import gc
import sqlite3

import pytest

from presslate.workflow import spool as spool_mod
from presslate.workflow.spool import Spool

STEP = 100  # SQLite VM instructions per progress-handler call


@pytest.fixture
def counted(monkeypatch):
    """Spools whose SQLite connection counts its VM steps: yields a function giving the count so far."""
    connections: list[sqlite3.Connection] = []
    steps = [0]
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1), STEP)
        connections.append(db)
        return db

    monkeypatch.setattr(spool_mod.sqlite3, "connect", connect)
    return lambda: steps[0]


def msgid(lang: str, n: int) -> str:
    return f"Sentence {n} of the archive, in {lang} order."


def fill_spool(spool: Spool, rows: int) -> None:
    for start in range(0, rows, 20):  # as _collect_work adds them: one article's msgids per language in turn
        for lang in ("es", "fr"):
            spool.add_pending(lang, ((msgid(lang, n), "markdown", (), ()) for n in range(start, min(start + 20, rows))))


def slice_steps(counted, rows: int, size: int) -> int:
    """VM steps to read every pending slice of one language, the spool holding ``rows`` per language."""
    with Spool() as spool:
        fill_spool(spool, rows)
        before = counted()
        got = [row[0] for part in spool.pending("es", size) for row in part]
        assert got == [msgid("es", n) for n in range(rows)]
        return counted() - before


def test_reading_pending_slices_grows_linearly_with_the_rows(counted):
    small, large = slice_steps(counted, 600, 50), slice_steps(counted, 6000, 50)
    # Ten times the rows: about ten times the steps (B-tree depth adds a little); sorting every
    # remaining row for each slice made it a hundred times.
    assert large < 20 * small, (small, large)


def test_pending_slices_keep_first_asked_order_with_rows_done_between_slices():
    with Spool() as spool:
        fill_spool(spool, 30)
        spool.add_pending("es", [(msgid("es", 3), "html", {"Harbour"}, ())])  # asked again: keeps its place
        seen = []
        for part in spool.pending("es", 7):
            numbers = [int(row[0].split()[1]) for row in part]
            seen += numbers
            spool.done("es", [msgid("es", k) for k in range(numbers[-1] + 1, numbers[-1] + 4)])  # the next three go
        assert seen == [*range(0, 7), *range(10, 17), *range(20, 27)]
        assert [row[0] for part in spool.pending("fr", 8) for row in part] == [msgid("fr", n) for n in range(30)]
    with Spool() as spool:
        fill_spool(spool, 5)
        spool.add_pending("es", [(msgid("es", 3), "html", {"Harbour"}, ())])
        rows = [row for part in spool.pending("es", 100) for row in part]
        assert [row[0] for row in rows] == [msgid("es", n) for n in range(5)]
        assert rows[3][1:] == ("html", False, {"Harbour"}, set())


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the garbage collector frees it


def in_a_generation(obj) -> bool:
    return any(o is obj for generation in range(3) for o in gc.get_objects(generation))


def test_objects_held_before_the_spool_are_not_scanned_by_its_collections():
    if gc.get_freeze_count():
        pytest.skip("this process froze objects itself; the spool leaves them alone then")
    held = Node()
    with Spool() as spool:
        for n in range(3):
            spool.add_item({"n": n}, work=n)
        assert [item["n"] for item in spool.items()] == [0, 1, 2]
        assert not in_a_generation(held)  # no collection between batches visits it
    assert gc.get_freeze_count() == 0 and in_a_generation(held)
    del held
    assert gc.collect() >= 1  # after the run, a cycle it held is freed as before


def test_a_frozen_caller_is_left_frozen():
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with Spool() as spool:
            spool.add_item("x")
            assert list(spool.items()) == ["x"]
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_items_and_work_come_back_in_order_for_interleaved_readers():
    with Spool() as spool:
        assert list(spool.items()) == [] and list(spool.items(work=True)) == []
        for n in range(600):
            spool.add_item({"n": n, "text": "x" * (n % 50)}, work=("work", n) if n % 3 else None)
        data, work = spool.items(), spool.items(work=True)
        for n in range(600):
            assert next(work) == (("work", n) if n % 3 else None)
            assert next(data) == {"n": n, "text": "x" * (n % 50)}
        assert next(data, "end") == "end" and next(work, "end") == "end"
        first, second = spool.items(), spool.items()
        assert [next(first), next(first), next(second), next(first), next(second)] == [
            {"n": n, "text": "x" * n} for n in (0, 1, 0, 2, 1)]
        spool.add_item("late")
        assert list(spool.items())[-1] == "late" and len(list(spool.items(work=True))) == 601
