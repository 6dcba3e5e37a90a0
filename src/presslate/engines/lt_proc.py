"""One ``lt-proc -z`` process per dictionary, kept for the whole run and asked in batches.

Loading a morphological dictionary (``spa-eng.automorf.bin``) costs more
than analysing a batch of words (~60 ms of 70 on the dev articles), and the
repair rules ask it twice per engine call; so the process is started once
and asked again.  ``-z`` makes lt-proc answer each NUL-terminated record
alone and flush it, so an answer never depends on the records asked before
it: the answers are the ones a fresh process gives.
"""

from __future__ import annotations

import atexit
import subprocess
import threading

_processes: dict[str, subprocess.Popen] = {}
_lock = threading.Lock()


def start(path: str) -> None:
    """Start the process for ``path`` now, so it loads its dictionary while the caller does other
    work (the engine run); :func:`analyse` uses it.  Nothing happens when it runs already or cannot start."""
    with _lock:
        _running(path)


def _running(path: str) -> subprocess.Popen | None:
    """The live process for ``path``, started if needed (the caller holds ``_lock``); None if it cannot start."""
    proc = _processes.get(path)
    if proc is None or proc.poll() is not None:
        try:
            proc = subprocess.Popen(["lt-proc", "-z", path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL)
        except OSError:
            return None
        _processes[path] = proc
    return proc


def analyse(path: str, records: list[str]) -> list[str] | None:
    """lt-proc's answer to each record (without its NUL), or None when lt-proc failed.

    A record must not hold a NUL.  A process that failed is dropped; the next call starts a new one.
    """
    if not records:
        return []
    with _lock:
        proc = _running(path)
        if proc is None:
            return None
        answers = _ask(proc, records)
        if answers is None:
            _stop(_processes.pop(path))
        return answers


def _ask(proc: subprocess.Popen, records: list[str]) -> list[str] | None:
    payload = "".join(f"{record}\0" for record in records).encode("utf-8")
    failed: list[BaseException] = []

    def write() -> None:  # in a thread: lt-proc answers while it reads, and a full pipe would block both
        try:
            proc.stdin.write(payload)
            proc.stdin.flush()
        except OSError as exc:
            failed.append(exc)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    data = bytearray()
    while data.count(0) < len(records):
        block = proc.stdout.read1(65536)
        if not block:  # lt-proc ended before answering every record
            break
        data += block
    writer.join()
    if failed or data.count(0) != len(records) or not data.endswith(b"\0"):
        return None
    return data[:-1].decode("utf-8", "replace").split("\0")


def _stop(proc: subprocess.Popen) -> None:
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@atexit.register
def close_all() -> None:
    """End every process (each ends by itself at end of input, as when presslate is killed)."""
    with _lock:
        while _processes:
            _stop(_processes.popitem()[1])
