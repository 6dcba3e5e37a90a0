"""Where a run's work happens: on this machine (``local``) or on a Dask cluster (``dask``).

A backend does two things for :mod:`presslate.workflow.translate` and
:mod:`presslate.workflow.build`: ``map`` runs a per-article function over a
list of argument tuples and returns the results in input order, and
``translate`` sends prepared segments to the engine in chunks and yields each
chunk's output as it arrives (in any order; ``Chunk.start`` says where it
belongs).  The caller alone writes files, the MT cache and the run state, so the
output never depends on the backend.

The local backend is today's behaviour: worker processes for ``--jobs`` and one
engine in this process.  The Dask backend lives in :mod:`.dask_cluster` and is
imported only when chosen, so the base install never imports dask.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from presslate.config import BACKENDS  # validated in config, implemented here
from presslate.engines.base import EngineError
from presslate.errors import PresslateError
from presslate.workflow.articles import run_parallel

# Local engine calls grow from MT_FIRST_CALL segments towards MT_CALL_SECONDS of work each (at most
# MT_MAX_CALL): every call ends when its slowest token batch does, so small calls leave CTranslate2
# workers idle (whole `translate` vs raw CTranslate2, 2 cores: 32 first / 2 s 18.6 s vs 12.5 s on 219
# real segments, 24.9 s vs 18.8 s on 907; bench/bench_translate_argos.py --sweep, docs/speed.md),
# while the progress bar still moves and a killed run loses at most one call's results.
MT_FIRST_CALL = 256
MT_MAX_CALL = 1024
MT_CALL_SECONDS = 10.0

# Segments per chunk of an engine that streams (``translate_stream``: Apertium): the caller restores, repairs
# and caches each chunk while the engine works on the next ones, so the smaller, the less is left after the
# engine's last segment (the output does not depend on it: every segment is translated and repaired alone).
STREAM_CHUNK = 64

# Articles per ``map`` call in :func:`map_batches`: the caller holds one batch of results at a time, so a
# run's memory does not grow with the project (30,000 articles held at once took 3 GB in `translate`).
MAP_BATCH = 256


class ClusterError(PresslateError):
    """The cluster cannot be reached or lost work; the message says what was kept and what to do."""


@dataclass(frozen=True)
class Chunk:
    """One engine call's output: translations of ``texts[start:start + len(outputs)]``."""

    start: int
    outputs: list[str]
    fallbacks: int = 0  # segments the engine itself repaired (Argos markup fallback)


class LocalBackend:
    """Articles in ``jobs`` worker processes, MT in this process: presslate's default."""

    name = "local"
    ships_files = False  # workers read the project's files themselves

    def __init__(self, jobs: int = 1):
        self.jobs = jobs

    def map(self, function, items: list) -> list:
        return run_parallel(function, items, self.jobs)

    @contextmanager
    def mapping(self, count: int) -> Iterator[Callable[[Callable, list], list]]:
        """A ``map`` for ``count`` items taken in several calls: one set of worker processes for all of them."""
        if self.jobs <= 1 or count < 2 * self.jobs:
            yield lambda function, items: [function(*item) for item in items]
            return
        from presslate.workflow.workers import pool as worker_pool

        with worker_pool(self.jobs) as pool:  # workers that end with this process, killed or not
            yield lambda function, items: list(pool.map(function, *zip(*items),
                                                        chunksize=max(1, len(items) // (self.jobs * 8))))

    def translate(self, engine, options: dict | None, texts: list[str], source: str, lang: str) -> Iterator[Chunk]:
        if getattr(engine, "translate_stream", None):
            for start, outputs, fallbacks in engine.translate_stream(texts, source, lang, STREAM_CHUNK):
                yield Chunk(start, outputs, fallbacks)
            return
        if getattr(engine, "call_segments", None):
            yield from _fixed_calls(engine, texts, source, lang)
            return
        start, size = 0, MT_FIRST_CALL
        while start < len(texts):
            chunk = texts[start : start + size]
            before = getattr(engine, "fallbacks", 0)
            began = time.perf_counter()
            outputs = engine.translate_batch(chunk, source, lang)
            rate = len(chunk) / max(time.perf_counter() - began, 1e-3)
            yield Chunk(start, outputs, getattr(engine, "fallbacks", 0) - before)
            start += len(chunk)
            size = max(1, min(MT_MAX_CALL, round(rate * MT_CALL_SECONDS)))

    def close(self) -> None:
        return None


def _fixed_calls(engine, texts: list[str], source: str, lang: str) -> Iterator[Chunk]:
    """For an engine whose start-up costs more than a call's work (Apertium): calls of up to
    ``engine.call_segments`` segments, each yielded in chunks of MT_FIRST_CALL, then MT_MAX_CALL segments.

    The chunks are what the caller caches and repairs together, and their sizes depend on nothing
    but the number of segments, so the output never depends on the machine's speed.
    """
    bounds = [0]
    while bounds[-1] < len(texts):
        bounds.append(min(len(texts), bounds[-1] + (MT_FIRST_CALL if len(bounds) == 1 else MT_MAX_CALL)))
    first = 0
    while first < len(bounds) - 1:
        last = first + 1  # the call's chunks are bounds[first:last + 1]
        while last < len(bounds) - 1 and bounds[last + 1] - bounds[first] <= engine.call_segments:
            last += 1
        before = getattr(engine, "fallbacks", 0)
        outputs = engine.translate_batch(texts[bounds[first] : bounds[last]], source, lang)
        fallbacks = getattr(engine, "fallbacks", 0) - before
        for i in range(first, last):
            start = bounds[i]
            yield Chunk(start, outputs[start - bounds[first] : bounds[i + 1] - bounds[first]],
                        fallbacks if i == first else 0)
        first = last


@contextmanager
def engines_started(engine_for, source: str, langs: list[str]) -> Iterator[None]:
    """Start now each engine of ``langs`` that can start ahead (``start``: Apertium's pipeline loads its
    dictionaries while the run parses its articles), and stop at the end what it did not use (``close``).

    An engine that cannot be made yet (EngineError) is left to the check after parsing, which says why.
    """
    started = []
    try:
        for lang in langs if engine_for is not None else ():
            try:
                engine = engine_for(lang)
            except EngineError:
                continue
            if hasattr(engine, "start") and hasattr(engine, "close") and engine not in started:
                engine.start(source, lang)
                started.append(engine)
        yield
    finally:
        for engine in started:
            engine.close()


def scheduler_address(option: str | None, configured: str | None) -> str | None:
    """--scheduler, else DASK_SCHEDULER_ADDRESS, else ``[run] scheduler``; None starts a local cluster."""
    return option or os.environ.get("DASK_SCHEDULER_ADDRESS") or configured or None


@contextmanager
def open_backend(name: str, jobs: int = 1, scheduler: str | None = None,
                 timeout: float = 10.0) -> Iterator[LocalBackend]:
    """The backend ``name``, connected (dask: to ``scheduler``, or a LocalCluster of ``jobs`` workers)."""
    if name == "local":
        yield LocalBackend(jobs)
        return
    if name != "dask":
        raise ClusterError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    try:
        from presslate.workflow.backends.dask_cluster import DaskBackend
    except ImportError as exc:
        raise ClusterError(f"backend dask needs the dask extra: pip install 'presslate[dask]' ({exc})") from None
    backend = DaskBackend.connect(scheduler, jobs, timeout)
    try:
        yield backend
    finally:
        backend.close()


def map_batches(backend, function, items: list, paths: Callable[[tuple], list] | None = None) -> Iterator[tuple]:
    """(item, ``function(*item)``) for each item, in order, computed MAP_BATCH items at a time.

    ``paths(item)``: the files the task reads, shipped with it when the backend wants them
    (``ships_files``), read batch by batch too.
    """
    mapping = getattr(backend, "mapping", None)
    with mapping(len(items)) if mapping else nullcontext(backend.map) as map_:
        for start in range(0, len(items), MAP_BATCH):
            if start:
                gc.collect()  # the last batch's catalogs (PO entries point back to their file: cycles, freed only by gc)
            batch = items[start : start + MAP_BATCH]
            if backend.ships_files and paths is not None:
                batch = [item + (read_inputs(paths(item)),) for item in batch]
            yield from zip(batch, map_(function, batch))


def read_inputs(paths) -> dict:
    """{path: bytes or None}: the files a shipped task would otherwise read on its worker."""
    from presslate.workflow.state import read_or_none

    return {path: read_or_none(path) for path in paths}
