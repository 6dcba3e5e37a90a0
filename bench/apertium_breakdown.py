"""Where one ``presslate translate`` spends its time, part by part (for bench_apertium_stage.py).

Usage (in a project folder, presslate on PYTHONPATH):
    python bench/apertium_breakdown.py [translate options ...]

Runs the CLI in this process with timers around its parts and prints one JSON
line: for each part, the wall seconds, this process's CPU seconds and the CPU
seconds of the child processes that ended inside it (the apertium pipeline,
the article worker processes).  The parts:

* ``start-up``: the interpreter and the imports of the CLI and the modules
  ``translate`` uses;
* ``articles``: parsing and merging every article (worker processes with -j);
* ``engine``: the apertium pipeline, from its start to its last byte (streamed: the wait for its end, with
  all of its CPU; ``engine span`` is then its wall time from start to end, overlapping the other parts);
* ``engine checks``: ``apertium -l`` and ``dpkg-query`` (the installed pairs);
* ``mt stage, own``: the MT stage less the engine: preparing segments, the MT
  cache, restoring markup, the repair rules (and the lt-proc they ask);
* ``writes``: writing PO files and POTs (fsync included), the run state;
* ``rest``: everything else (configuration, memory, serializing the PO files filled by MT, exit).
"""

from __future__ import annotations

import json
import resource
import sys
import time

_T0_WALL, _T0_CPU = time.perf_counter(), time.process_time()


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


PARTS: dict[str, list[float]] = {}


def _add(part: str, wall: float, cpu: float, children: float) -> None:
    total = PARTS.setdefault(part, [0.0, 0.0, 0.0])
    total[0] += wall
    total[1] += cpu
    total[2] += children


def _timed(owner, attr: str, part: str) -> None:
    function = getattr(owner, attr)

    def timed(*args, **kwargs):
        wall, cpu, children = time.perf_counter(), time.process_time(), _children()
        try:
            return function(*args, **kwargs)
        finally:
            _add(part, time.perf_counter() - wall, time.process_time() - cpu, _children() - children)

    setattr(owner, attr, timed)


def _timed_iterator(owner, attr: str, part: str) -> None:
    """Like _timed for a function that returns an iterator: each step of the iteration is timed."""
    function = getattr(owner, attr)

    def timed(*args, **kwargs):
        iterator = iter(function(*args, **kwargs))
        while True:
            wall, cpu, children = time.perf_counter(), time.process_time(), _children()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                _add(part, time.perf_counter() - wall, time.process_time() - cpu, _children() - children)
            yield item

    setattr(owner, attr, timed)


SPAN: list[float] = []  # when the first streamed pipeline started and the last one ended


def _spanned(pipeline) -> None:
    """Note the wall time from a streamed pipeline's start to its end (it overlaps the other parts)."""
    start, finish = pipeline.__init__, pipeline.finish

    def started(self, *args, **kwargs):
        SPAN.append(time.perf_counter())
        return start(self, *args, **kwargs)

    def finished(self, *args, **kwargs):
        try:
            return finish(self, *args, **kwargs)
        finally:
            SPAN.append(time.perf_counter())

    pipeline.__init__, pipeline.finish = started, finished


def main(argv: list[str]) -> int:
    import presslate.cli as cli
    from presslate.engines import apertium, lt_proc
    from presslate.workflow import state
    from presslate.workflow import translate as workflow

    _add("start-up", time.perf_counter() - _T0_WALL, time.process_time() - _T0_CPU, 0.0)
    _timed_iterator(workflow, "map_batches", "articles")  # the worker processes' CPU counts once they end
    _timed(apertium.ApertiumEngine, "_run", "engine")
    try:  # the streamed path: one pipeline started before parsing, read while the MT stage works
        from presslate.engines import apertium_pipe
    except ImportError:  # before it existed
        apertium_pipe = None
    if apertium_pipe is not None:
        _timed(apertium_pipe.Pipeline, "finish", "engine")  # its processes' CPU counts once they end
        _timed(apertium_pipe.Pipeline, "stop", "engine")
        _spanned(apertium_pipe.Pipeline)
    _timed(apertium.ApertiumEngine, "installed_modes", "engine checks")
    _timed(workflow, "machine_translate", "mt stage")
    _timed(workflow, "write_atomic", "writes")
    _timed(state.RunState, "save", "writes")
    try:
        cli.main(["translate", *argv], standalone_mode=False)
    finally:
        lt_proc.close_all()  # its CPU counts once it has ended: in the MT stage, where it is asked
        counted = sum(total[2] for part, total in PARTS.items() if part != "engine")  # engine: inside the MT stage
        _add("mt stage", 0.0, 0.0, _children() - counted)
    wall, cpu, children = time.perf_counter() - _T0_WALL, time.process_time() - _T0_CPU, _children()
    stage = PARTS.pop("mt stage")
    PARTS["mt stage, own"] = [a - b for a, b in zip(stage, PARTS["engine"])]
    PARTS["rest"] = [wall - sum(p[0] for p in PARTS.values()), cpu - sum(p[1] for p in PARTS.values()),
                     children - sum(p[2] for p in PARTS.values())]
    PARTS["total"] = [wall, cpu, children]
    if len(SPAN) >= 2:  # streamed: the engine ran beside parsing and the MT stage; its CPU is in "engine"
        PARTS["engine span"] = [max(SPAN) - min(SPAN), 0.0, 0.0]
    print(json.dumps({part: {"wall_s": round(w, 3), "cpu_s": round(c, 3), "children_cpu_s": round(k, 3)}
                      for part, (w, c, k) in PARTS.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
