"""One writer per project: translate and build take an exclusive lock.

The lock is an ``flock`` on ``.presslate/lock``; the kernel drops it when the
last descriptor of the locked file is closed, so it lives exactly as long as
the run that took it:

* a process forked while the lock is held (``--jobs`` worker processes) closes
  its inherited copy of the descriptor at once (``os.register_at_fork``), so a
  worker that outlives a killed run never keeps the project locked; closing
  is all it does (an ``LOCK_UN`` would release the parent's lock too);
* the kernel releases it when the holder dies, even by SIGKILL.

The file holds the holder's pid, for the message another run prints.
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

_HELD: set[int] = set()  # descriptors of the locks this process holds


class LockedError(PresslateError):
    """Another presslate run holds the project lock.

    ``who`` says who holds it ("another presslate run (pid 123) is working on
    /news"); the message adds what a command-line user can do about it.
    """

    def __init__(self, who: str, advice: str = "wait for it to finish, or pass --wait SECONDS"):
        super().__init__(f"{who}; {advice}")
        self.who = who


def _forget_in_child() -> None:
    """In a forked child: close the inherited lock descriptors (the parent keeps its lock)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def project_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project's lock; wait up to ``wait`` seconds for another run to finish.

    ``wait`` is None for a command without a ``--wait`` option: it does not wait, and its message
    does not offer the option.
    """
    state = root / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    path = state / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    _HELD.add(fd)
    try:
        deadline = time.monotonic() + (wait or 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
                    raise _locked(holder, path, root, wait is not None) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)  # closing releases the flock


def _locked(holder: str, path: Path, root: Path, can_wait: bool) -> LockedError:
    """Who holds the lock, saying so when the pid in the file is gone.

    A holder that is gone while its lock is still held means processes it
    started kept the lock (worker processes of a presslate older than this
    one inherited it); they are named, found through ``/proc`` where there is one.
    """
    alive = True
    if holder.isdigit():
        try:
            os.kill(int(holder), 0)
        except ProcessLookupError:
            alive = False
        except PermissionError:
            pass  # it runs, as another user
    if alive:
        who = f"another presslate run (pid {holder or 'unknown'}) is working on {root.resolve()}"
        return LockedError(who) if can_wait else LockedError(who, "wait for it to finish, then run this command again")
    left = _processes_holding(path)
    named = f"process {', '.join(left)}" if left else "a process"
    return LockedError(
        f"{path.resolve()} is still locked although the presslate run that took it (pid {holder}) is no longer "
        f"running: {named} it started still holds the lock",
        f"end {'them' if len(left) > 1 else 'it'}{' (kill ' + ' '.join(left) + ')' if left else ''} and run again",
    )


def _processes_holding(path: Path) -> list[str]:
    """Pids of the processes with ``path`` open (Linux /proc; empty elsewhere or when hidden)."""
    target = os.path.realpath(path)
    found = []
    for entry in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(entry) == target and entry.parts[2] != str(os.getpid()):
                found.append(entry.parts[2])
        except OSError:
            continue
    return sorted(set(found), key=int)
