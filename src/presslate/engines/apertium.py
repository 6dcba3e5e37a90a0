"""Apertium, the rule-based MT system Debian packages, as a presslate engine.

Why it is built this way (measured with apertium 3.8.3 and apertium-eng-spa 0.8.1):

* Starting the pipeline costs ~0.17 s, so a whole batch goes through one
  ``apertium -z -f none`` process.  ``-z`` flushes every stage at each NUL
  byte, so no segment can lend words to its neighbour, and every segment ends
  with a numbered superblank ``[eN]`` that Apertium copies verbatim; their
  order is checked and a batch that comes back misaligned is split in halves.
* ``-f none`` means we write Apertium's stream format ourselves: the txt
  deformatter translates ``@user`` (``@usuario``) and ``C:\\path``
  (``C:\\lima``), and the html one duplicates a link whose words the transfer
  reorders.
* A placeholder span (``<1>…</1>``) or an emphasis becomes a word-bound blank
  (``[[0]]Rainbow Railroad[[/]]``) that Apertium attaches to each word, so it
  moves with its words.  Pieces that must not be translated (URLs, paths,
  handles, ``<2/>``…) become an unknown word (``ZQX3``) that Apertium copies
  and moves like a name, or a superblank when glued to a word.
* One pipeline per run, streamed (:mod:`apertium_pipe`): started before the
  articles are parsed (:meth:`ApertiumEngine.start`), fed by a thread, and
  read segment by segment, so restoring and repairing overlap with Apertium.
* A span that comes back split (``<1>Ferrocarril</1> de <1>Arco iris</1>``) is
  merged; when that cannot give well-nested markup, the segment is translated
  piece by piece between its markup instead, counted in ``fallbacks``.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator

from presslate.engines.apertium_modes import find_mode, installed_modes, iso639_3
from presslate.engines.apertium_stream import Segment, split_records
from presslate.engines.base import EngineError

_LOCK = threading.Lock()  # the installed modes and the pipelines started ahead, asked from start()'s threads


def _install_hint(source: str, target: str) -> str:
    return f"sudo apt-get install apertium apertium-{iso639_3(source)}-{iso639_3(target)}"


class ApertiumEngine:
    """Translates with the ``apertium`` command and a Debian pair package (``apertium-eng-spa``)."""

    name = "apertium"

    MARKUP_MODES = ("wordbound", "html")

    # Starting the pipeline costs more than translating a few hundred segments, so the local backend gives
    # it this many per call (workflow.backends; ~4 s of work on 2 cores) and cuts the result into its chunks.
    call_segments = 8192

    def __init__(self, mark_unknown: bool = False, markup: str = "wordbound") -> None:
        if markup not in self.MARKUP_MODES:
            raise EngineError(f"[engine.apertium] markup must be one of {', '.join(self.MARKUP_MODES)}, not {markup!r}")
        self.mark_unknown = mark_unknown
        self.markup = markup  # "html": placeholders as HTML through -f html (see apertium_html), measured worse
        self.fallbacks = 0
        self._modes: list[dict] | None = None
        self._started: dict[tuple[str, ...], object] = {}  # command → a Pipeline started ahead (apertium_pipe)
        self._starting: list[threading.Thread] = []  # start()'s threads, joined before a pipeline is used

    def installed_modes(self) -> list[dict]:
        """:func:`installed_modes`, asked once per engine: it runs apertium and dpkg-query."""
        with _LOCK:  # start() asks from a thread
            if self._modes is None:
                self._modes = installed_modes()
            return self._modes

    def identity(self, source: str, target: str) -> str:
        mode = self._mode(source, target)
        identity = f"apertium:{mode['mode']}:{mode['version'] or 'unpackaged'}"
        identity += ":html" if self.markup == "html" else ""
        return identity + ":marked" if self.mark_unknown else identity

    def check_pair(self, source: str, target: str) -> None:
        self._mode(source, target)

    def mode_name(self, source: str, target: str) -> str:
        """The installed ``apertium`` mode for the pair (e.g. ``eng-spa``), for callers that run it raw."""
        return self._mode(source, target)["mode"]

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        mode = self._mode(source, target)["mode"]
        if self.markup == "html":
            from presslate.engines import apertium_html

            results = apertium_html.translate(mode, segments)
            failed = [i for i, result in enumerate(results) if result is None]
            self.fallbacks += len(failed)
            for i, result in zip(failed, self._wordbound(mode, [segments[i] for i in failed])):
                results[i] = result
            return results
        return self._wordbound(mode, segments)

    def _wordbound(self, mode: str, segments: list[str]) -> list[str]:
        plans = [Segment(text) for text in segments]
        results = self._translate(mode, plans)
        failed = [i for i, result in enumerate(results) if result is None]
        if failed:
            self.fallbacks += len(failed)
            for i, result in zip(failed, self._piecewise(mode, [plans[i] for i in failed])):
                results[i] = result
        return results

    def _command(self, mode: str) -> list[str]:
        return ["apertium", "-z", "-f", "none", *([] if self.mark_unknown else ["-u"]), mode]

    def start(self, source: str, target: str) -> None:
        """Start the pipeline :meth:`translate_stream` will use, in a thread (finding the installed modes
        runs two commands), so its dictionaries load while the run parses its articles.  Nothing is
        started when the pair is not installed (``check_pair`` says why later)."""
        if self.markup == "wordbound":
            thread = threading.Thread(target=self._start, args=(source, target), name="presslate-apertium-start",
                                      daemon=True)
            thread.start()
            self._starting.append(thread)

    def _start(self, source: str, target: str) -> None:
        try:
            command = tuple(self._command(self._mode(source, target)["mode"]))
            with _LOCK:
                if command not in self._started:
                    from presslate.engines.apertium_pipe import Pipeline

                    self._started[command] = Pipeline(list(command))
        except (EngineError, OSError):  # the run says what is wrong when it needs the engine
            pass

    def _started_pipeline(self, command: list[str]):
        """The pipeline started ahead for ``command`` (taken: it serves one stream), or None."""
        while self._starting:
            self._starting.pop().join()
        return self._started.pop(tuple(command), None)

    def close(self) -> None:
        """Stop pipelines started ahead and never used."""
        while self._starting:
            self._starting.pop().join()
        while self._started:
            self._started.popitem()[1].stop()

    def translate_stream(self, segments: list[str], source: str, target: str,
                         size: int) -> Iterator[tuple[int, list[str], int]]:
        """What :meth:`translate_batch` returns, as it comes: (start, translations of ``segments[start:start +
        size]``, fallbacks among them) for consecutive slices of ``size``, each as soon as Apertium has them."""
        mode = self._mode(source, target)["mode"]
        if not segments:
            return
        if self.markup != "wordbound":
            before = self.fallbacks
            results = self.translate_batch(segments, source, target)
            for start in range(0, len(segments), size):
                yield start, results[start : start + size], self.fallbacks - before if start == 0 else 0
            return
        from presslate.engines.apertium_pipe import Pipeline

        command = self._command(mode)
        pipe = self._started_pipeline(command) or Pipeline(command)
        plans: queue.SimpleQueue = queue.SimpleQueue()

        def streams() -> Iterator[str]:  # in the pipeline's writer thread
            try:
                for text in segments:
                    plan = Segment(text)
                    plans.put(plan)
                    if plan.translatable:
                        yield plan.stream
            except Exception as exc:  # raised where the plans are read, not lost in the thread
                plans.put(exc)
                raise

        try:
            pipe.feed(streams())
            records = pipe.records()
            rest: list | None = None  # tokens of the segments after a misaligned or missing one, from new calls
            results: list[str | None] = []
            failed: list = []
            start = 0
            for i in range(len(segments)):
                plan = plans.get()
                if isinstance(plan, Exception):
                    raise plan
                if not plan.translatable:
                    results.append(plan.source)
                else:
                    tokens = next(records, None) if rest is None else None
                    if tokens is None and rest is None:
                        pipe.stop()
                        rest = self._rest(mode, plans, i, plan, len(segments))
                    if tokens is None:
                        tokens = rest.pop(0)
                    results.append(None if tokens is None else plan.restore(tokens))
                    if results[-1] is None:
                        failed.append((len(results) - 1, plan))
                if len(results) == size or i == len(segments) - 1:
                    if failed:
                        self.fallbacks += len(failed)
                        for (j, _), piece in zip(failed, self._piecewise(mode, [p for _, p in failed])):
                            results[j] = piece
                    yield start, results, len(failed)
                    start += len(results)
                    results, failed = [], []
            if rest is None:
                pipe.finish()
        finally:
            pipe.stop()

    def _rest(self, mode: str, plans: queue.SimpleQueue, i: int, plan, count: int) -> list:
        """Tokens (or None) of ``plan`` and every later translatable segment, by the batch path: the streamed
        output lost its order or ended early at segment ``i``."""
        later = []
        while len(later) < count - i - 1:
            later.append(plans.get())
            if isinstance(later[-1], Exception):  # encoding failed: no more plans come
                raise later[-1]
        for later_plan in later:
            plans.put(later_plan)
        streams = [p.stream for p in [plan, *later] if p.translatable]
        return self._run(mode, streams)

    def _mode(self, source: str, target: str) -> dict:
        if shutil.which("apertium") is None:
            raise EngineError(f"Apertium is not installed; install it with: {_install_hint(source, target)}")
        mode = find_mode(self.installed_modes(), source, target)
        if mode is None:
            installed = ", ".join(m["mode"] for m in self.installed_modes()) or "none"
            raise EngineError(
                f"no Apertium mode translates {source} to {target} (installed: {installed}); "
                f"install the pair with: {_install_hint(source, target)} "
                f"(Debian ships both directions in one package, named in either order; "
                f"`apt-cache search apertium-` lists them)"
            )
        return mode

    def _translate(self, mode: str, plans: list[Segment]) -> list[str | None]:
        """Each plan's translation, its source when it has nothing to translate, None when it failed."""
        records = iter(self._run(mode, [plan.stream for plan in plans if plan.translatable]))
        results: list[str | None] = []
        for plan in plans:
            if not plan.translatable:
                results.append(plan.source)
                continue
            tokens = next(records)
            results.append(None if tokens is None else plan.restore(tokens))
        return results

    def _piecewise(self, mode: str, plans: list[Segment]) -> list[str]:
        """Translate the text between each segment's markup separately; the markup stays in source order.

        A piece Apertium cannot translate alone (a lone "will" comes back empty) stays as it was.
        """
        layouts = [plan.pieces() for plan in plans]
        texts = [text for layout in layouts for text, translate in layout if translate]
        translated = iter(self._translate(mode, [Segment(text) for text in texts]))
        results = []
        for layout in layouts:
            out = []
            for text, translate in layout:
                piece = next(translated) if translate else None
                out.append(text if piece is None else piece)
            results.append("".join(out))
        return results

    def _run(self, mode: str, streams: list[str]) -> list[list[tuple[str, str]] | None]:
        """One apertium process for all streams; halves the batch while the output is misaligned."""
        if not streams:
            return []
        command = self._command(mode)
        payload = "".join(f"{stream}[e{i}]\0" for i, stream in enumerate(streams))
        proc = subprocess.run(command, input=payload.encode("utf-8"), capture_output=True)
        if proc.returncode != 0:
            raise EngineError(f"apertium {mode} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
        records = split_records(proc.stdout.decode("utf-8", "replace"), len(streams))
        if records is not None:
            return records
        if len(streams) == 1:
            return [None]
        half = len(streams) // 2
        return self._run(mode, streams[:half]) + self._run(mode, streams[half:])
