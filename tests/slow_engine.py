"""A pseudo engine that takes its time and logs what it does, for the cluster tests.

Workers import it by name (``slow_engine``): the test process's ``sys.path``,
which holds this folder, is passed on to LocalCluster worker processes.
Each line of the log is ``load PID`` (an engine was built in that process),
``start PID N`` (a call of N segments began there) or ``call PID N`` (it finished).
"""

from __future__ import annotations

import os
import time

from presslate.engines.pseudo import PseudoEngine


class SlowEngine(PseudoEngine):
    name = "slow"

    def __init__(self, delay: float = 0.0, log: str | None = None, expansion: float = 0.3) -> None:
        super().__init__(expansion)
        self.delay = delay
        self.log = log
        self._write(f"load {os.getpid()}")

    def identity(self, source: str, target: str) -> str:
        return f"slow:1:{self.expansion}"

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        self._write(f"start {os.getpid()} {len(segments)}")
        time.sleep(self.delay * len(segments))
        out = super().translate_batch(segments, source, target)
        self._write(f"call {os.getpid()} {len(segments)}")
        return out

    def _write(self, line: str) -> None:
        if self.log:
            with open(self.log, "a", encoding="utf-8") as f:
                f.write(line + "\n")


def log_lines(path) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8") as f:
            return [line.split() for line in f]
    except FileNotFoundError:
        return []
