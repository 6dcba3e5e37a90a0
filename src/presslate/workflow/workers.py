"""Worker processes that never outlive the run that started them.

``--jobs`` runs articles in a ``ProcessPoolExecutor``.  If the run is killed
(SIGKILL, OOM killer), its workers would wait for work forever, orphaned: each
worker therefore asks the kernel to kill it when its parent dies (Linux
``prctl(PR_SET_PDEATHSIG)``), and checks right after that the parent is
still the one that started it (it may have died before the request).  Where
there is no ``prctl``, a watchdog thread polls the parent pid instead.

Workers only compute; the parent alone writes, so a killed worker loses nothing.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.5


def pool(jobs: int):
    """A ProcessPoolExecutor of ``jobs`` workers that die with this process."""
    from concurrent.futures import ProcessPoolExecutor  # 30 ms to import: only when there is work to share

    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when ``parent`` ends."""
    if not _request_death_signal():
        threading.Thread(target=_watch, args=(parent,), name="presslate-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _request_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
