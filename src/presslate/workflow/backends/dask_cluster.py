"""The Dask backend: articles and MT chunks as tasks on a ``dask.distributed`` cluster.

Imported only when ``[run] backend = "dask"`` (or ``--backend dask``) is chosen.

* Articles go to the workers in batches, with the bytes of every file a task
  reads (article, PO files), so workers need presslate and the engines, not
  the project folder.  Results come back in input order.
* MT goes in chunks of segments per language pair.  Every worker holds its
  engines in :class:`EnginePlugin` (registered with ``Client.register_plugin``),
  built once per worker and engine settings, so a model is loaded once per
  worker, not once per task, and stays loaded for the next run on a
  long-lived cluster.  The client stores each chunk in the MT cache as it
  arrives, so a worker killed mid-run costs at most the chunks it was running.
* A worker that returns another engine identity than the client's (another
  model version) stops the run: the cache key would lie.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from presslate.engines import engine_class
from presslate.workflow.backends import Chunk, ClusterError
from presslate.workflow.backends.scheduler_probe import probe

MT_CHUNK = 256  # segments per MT task at most: big enough for batching, small enough to lose little
MT_MIN_CHUNK = 8
ARTICLES_PER_TASK = 64


@dataclass(frozen=True)
class EngineSpec:
    """How a worker builds an engine: registry name, implementing class, options as JSON."""

    name: str
    module: str
    cls: str
    options: str  # json.dumps(options, sort_keys=True): hashable and the same on every worker

    @classmethod
    def of(cls, engine, options: dict | None) -> EngineSpec:
        module, class_name = engine_class(engine.name)
        return cls(engine.name, module, class_name, json.dumps(options or {}, sort_keys=True))

    def build(self):
        return getattr(import_module(self.module), self.cls)(**json.loads(self.options))


class EnginePlugin(WorkerPlugin):
    """A worker's engines, one per :class:`EngineSpec`, built on first use and kept."""

    name = "presslate-engines"
    idempotent = True  # registered again by every run: a long-lived cluster keeps its loaded models

    def __init__(self) -> None:
        self.engines: dict[EngineSpec, object] = {}
        self.loads: Counter = Counter()  # engines built on this worker, by name
        self.chunks: Counter = Counter()  # MT chunks this worker translated, by engine name
        self.segments: Counter = Counter()  # segments in them

    def setup(self, worker) -> None:
        self.engines = {}
        self.loads = Counter()
        self.chunks = Counter()
        self.segments = Counter()
        self._lock = threading.Lock()

    def teardown(self, worker) -> None:
        self.engines.clear()

    def engine(self, spec: EngineSpec):
        with self._lock:
            if spec not in self.engines:
                self.engines[spec] = spec.build()
                self.loads[spec.name] += 1
            return self.engines[spec]

    def count(self, spec: EngineSpec, segments: int) -> None:
        with self._lock:
            self.chunks[spec.name] += 1
            self.segments[spec.name] += segments


def translate_chunk(spec: EngineSpec, texts: list[str], source: str, lang: str) -> tuple[list[str], int, str]:
    """On a worker: (translations, engine fallbacks, engine identity) of one chunk."""
    plugin = get_worker().plugins[EnginePlugin.name]
    engine = plugin.engine(spec)
    before = getattr(engine, "fallbacks", 0)
    outputs = engine.translate_batch(texts, source, lang)
    plugin.count(spec, len(texts))
    return outputs, getattr(engine, "fallbacks", 0) - before, engine.identity(source, lang)


def run_batch(function, items: list) -> list:
    """On a worker: ``function`` over a batch of argument tuples."""
    return [function(*item) for item in items]


def engine_loads(dask_worker) -> dict[str, int]:
    """For ``client.run``: how often each engine was built on that worker."""
    plugin = dask_worker.plugins.get(EnginePlugin.name)
    return dict(plugin.loads) if plugin else {}


def engine_work(dask_worker) -> dict[str, dict[str, int]]:
    """For ``client.run``: MT chunks and segments that worker translated, by engine name."""
    plugin = dask_worker.plugins.get(EnginePlugin.name)
    if plugin is None:
        return {"chunks": {}, "segments": {}}
    return {"chunks": dict(plugin.chunks), "segments": dict(plugin.segments)}


class DaskBackend:
    name = "dask"
    ships_files = True  # tasks get the bytes of the files they read

    def __init__(self, client: Client, cluster: LocalCluster | None = None):
        self.client = client
        self.cluster = cluster
        client.register_plugin(EnginePlugin())

    @classmethod
    def connect(cls, address: str | None, jobs: int, timeout: float) -> DaskBackend:
        """A client of the scheduler at ``address``, or of a new LocalCluster of ``jobs`` worker processes."""
        if address is None:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=logging.ERROR)
            return cls(Client(cluster), cluster)
        probe(address, timeout)  # within the timeout, something that speaks Dask, before Dask's client trusts it
        try:
            client = Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address} within {timeout:g}s ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or check --scheduler / DASK_SCHEDULER_ADDRESS"
            ) from None
        return cls(client)

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, function, items: list) -> list:
        if not items:
            return []
        size = max(1, min(ARTICLES_PER_TASK, -(-len(items) // (4 * self.workers()))))
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        futures = self.client.map(run_batch, [function] * len(batches), batches, pure=False)
        try:
            results = self.client.gather(futures)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"the cluster lost an article task ({exc}); nothing was written, run again") from None
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                raise ClusterError(f"workers died on an article task ({exc}); nothing was written, run again") from None
            raise  # the article's own error (InputError with file and line), as the local backend raises it
        finally:
            self.client.cancel(futures)
        return [result for batch in results for result in batch]

    def translate(self, engine, options: dict | None, texts: list[str], source: str, lang: str) -> Iterator[Chunk]:
        if not texts:
            return
        spec = EngineSpec.of(engine, options)
        expected = engine.identity(source, lang)
        size = max(MT_MIN_CHUNK, min(MT_CHUNK, -(-len(texts) // (4 * self.workers()))))
        starts = {}
        for start in range(0, len(texts), size):
            future = self.client.submit(translate_chunk, spec, texts[start : start + size], source, lang, pure=False)
            starts[future] = start
        failed: list[BaseException] = []
        try:
            for future in as_completed(list(starts)):
                try:
                    outputs, fallbacks, identity = future.result()
                except Exception as exc:  # a chunk lost with its worker, or the engine failed there
                    failed.append(exc)
                    continue
                if identity != expected:
                    raise ClusterError(
                        f"a worker translates {source}→{lang} with {identity}, this machine with {expected}; "
                        "install the same engine and model everywhere"
                    )
                yield Chunk(starts[future], outputs, fallbacks)
        finally:
            self.client.cancel(list(starts))
        if failed:
            exc = failed[0]
            raise ClusterError(
                f"{len(failed)} of {len(starts)} MT chunks for {source}→{lang} failed on the cluster "
                f"({type(exc).__name__}: {exc}); the finished ones are in the MT cache, no PO file was written: run again"
            )
