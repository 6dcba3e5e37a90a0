"""One running ``apertium -z`` pipeline, fed and read at the same time.

Why: a run used to prepare every segment, then start Apertium (its dictionaries
load in ~0.3 s of CPU), wait for the last byte, and only then restore and repair
the first segment.  Here the pipeline can be started before the run parses its
articles (:meth:`~presslate.engines.apertium.ApertiumEngine.start`), a thread
writes each segment's stream as soon
as it is encoded, and the caller gets each segment's tokens as soon as Apertium
flushes them (``-z`` flushes at every NUL byte), so it restores and repairs
finished segments while Apertium works on later ones.

The tokens are those :func:`~presslate.engines.apertium_stream.split_records`
gives for the whole output (:class:`~presslate.engines.apertium_stream.RecordSplitter`
is the same reader, fed piece by piece).  If an end marker comes back out of
order, or the pipeline ends early, :meth:`Pipeline.records` stops at the last
good segment and says so; the caller translates the rest in fresh processes, as
the batch path does after a misaligned call (``-z`` makes every segment's
output independent of the others).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator

from presslate.engines.apertium_stream import RecordSplitter
from presslate.engines.base import EngineError

_READ = 65536


class Pipeline:
    """``apertium -z -f none [-u] <mode>`` with a writer thread and a reader thread."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self._stderr = tempfile.TemporaryFile()
        # Its own process group, so stop() ends every process of the pipeline, not only the shell running it.
        self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                      start_new_session=True)
        self._blocks: queue.Queue[bytes] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._writer: threading.Thread | None = None
        self._finished = False
        self.clean_tail = True  # nothing but white space after the last end marker (known once records() ends)

    def feed(self, streams: Iterable[str]) -> None:
        """Write ``streams`` (each followed by its end marker ``[eN]`` and a NUL) from a thread, then close
        the input; ``streams`` is consumed in that thread, so it may be a generator that encodes as it goes."""

        def write() -> None:
            stdin, open_ = self._proc.stdin, True
            try:
                for n, stream in enumerate(streams):  # consumed to the end even if the pipeline ended
                    if open_:
                        try:
                            stdin.write(f"{stream}[e{n}]\0".encode("utf-8"))
                        except (OSError, ValueError):  # the pipeline ended (it failed, or the run stopped it)
                            open_ = False
            except Exception:  # ``streams`` hands its own failure to its consumer; the input ends here
                pass
            finally:
                try:
                    stdin.close()
                except (OSError, ValueError):
                    pass

        def read() -> None:
            stdout = self._proc.stdout
            while True:
                block = stdout.read1(_READ)
                self._blocks.put(block)
                if not block:
                    return

        self._writer = threading.Thread(target=write, name="presslate-apertium-writer", daemon=True)
        self._reader = threading.Thread(target=read, name="presslate-apertium-reader", daemon=True)
        self._writer.start()
        self._reader.start()

    def records(self) -> Iterator[list[tuple[str, str]]]:
        """Each segment's tokens as soon as Apertium has flushed it and the next one has begun; the iteration
        ends at the end of the output or at the first end marker out of order (the caller compares how
        many came with how many were fed).  The last segment is given only if nothing but white space
        follows it, as :func:`split_records` wants of a whole output."""
        splitter = RecordSplitter()
        pending = b""
        held = None
        while not splitter.failed:
            block = self._blocks.get()
            if not block:
                if pending:  # output after the last NUL: a segment never flushed
                    records = splitter.feed(pending.decode("utf-8", "replace"))
                    if held is not None and records:
                        yield held
                    held = records[-1] if records else held
                    yield from records[:-1]
                break
            pending += block
            cut = pending.rfind(b"\0")
            if cut < 0:
                continue
            done, pending = pending[: cut + 1], pending[cut + 1 :]
            records = splitter.feed(done.decode("utf-8", "replace"))
            if records:
                if held is not None:
                    yield held
                yield from records[:-1]
                held = records[-1]
        self.clean_tail = splitter.failed or splitter.clean_tail()
        if held is not None and self.clean_tail:
            yield held

    def finish(self) -> None:
        """Wait for the pipeline to end (all its output read); EngineError if it failed."""
        code = self._proc.wait()
        self._join()
        self._finished = True
        if code != 0:
            self._stderr.seek(0)
            message = self._stderr.read().decode("utf-8", "replace").strip()
            raise EngineError(f"apertium {self.command[-1]} failed: {message}")

    def stop(self) -> None:
        """End the pipeline unless it finished, without waiting for its output (a pipeline started ahead
        that the run did not need, or a run stopped half-way), and release its pipes."""
        if not self._finished and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        if not self._finished:
            self._proc.wait()
            if self._proc.stdin is not None and self._writer is None:
                self._proc.stdin.close()
            self._join()
            self._finished = True
        self._stderr.close()

    def _join(self) -> None:
        """Join the threads (they end once the pipeline's output ends) and close the pipes."""
        for thread in (self._writer, self._reader):
            if thread is not None:
                thread.join()
        for stream in (self._proc.stdin, self._proc.stdout):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
