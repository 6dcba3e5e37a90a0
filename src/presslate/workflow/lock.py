"""One writer per project: translate and build take an exclusive lock.

The lock is an ``flock`` on ``.presslate/lock``; the kernel drops it when the
process dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from presslate.config import STATE_DIR
from presslate.errors import PresslateError


class LockedError(PresslateError):
    """Another presslate run holds the project lock."""


@contextmanager
def project_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's lock; wait up to ``wait`` seconds for another run to finish."""
    state = root / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    path = state / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
                    raise LockedError(
                        f"another presslate run (pid {holder}) is working on {root.resolve()}; "
                        "wait for it to finish, or pass --wait SECONDS"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock
