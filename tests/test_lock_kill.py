"""The project lock lives exactly as long as the run that took it (issue 23, item 3).

A `build -j 2` or `translate -j 2` killed with SIGKILL while its worker
processes run must leave the project free for the next command at once, and
its workers must not linger.  Also: a process forked while the lock is held
does not keep it, and a lock whose holder pid is gone says so.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslate.workflow.lock import LockedError, project_lock

REPO = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("PRESSLATE_LOCK_KILLS", "4"))  # per command
GRACE = 30.0  # seconds a worker may take to notice its parent died (generous: a loaded machine)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to watch workers")

_spec = importlib.util.spec_from_file_location("gen_project", REPO / "bench" / "gen_project.py")
gen_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_project)


def cli(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "presslate", "-C", str(root), *args]


def children(pid: int) -> dict[int, str]:
    """{pid: start time} of the live child processes of ``pid``."""
    found: dict[int, str] = {}
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update((int(c), "") for c in task.read_text().split())
        except OSError:
            continue
    return {child: start for child in found if (start := start_time(child))}


def start_time(pid: int) -> str:
    """The process's start time (ticks since boot), or "" if it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return ""
    return "" if fields[0] in ("Z", "X") else fields[19]


def survivors(workers: dict[int, str]) -> list[int]:
    """The workers still running (same pid and start time: not a recycled pid)."""
    return [pid for pid, start in workers.items() if start_time(pid) == start]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lockkill") / "news"
    gen_project.generate(root, 240, ["es", "fr"], "pseudo")
    done = subprocess.run(cli(root, "translate", "-j", "1"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.parametrize("command", ["build", "translate"])
def test_sigkill_of_a_parallel_run_leaves_no_lock_and_no_worker(project: Path, command: str):
    rng = random.Random(23)
    kills, locked, lingered = 0, [], []
    for _ in range(KILLS * 3):
        if kills == KILLS:
            break
        run = subprocess.Popen(cli(project, command, "-j", "2", "--force"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        workers: dict[int, str] = {}
        try:
            deadline = time.monotonic() + 120
            while run.poll() is None and len(workers) < 2 and time.monotonic() < deadline:
                workers.update(children(run.pid))
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.5))  # kill at varied moments of the workers' work
            workers.update(children(run.pid))
            if run.poll() is not None or not survivors(workers):
                continue  # the run finished first: this round is no kill with workers running
            run.send_signal(signal.SIGKILL)
            run.wait()
            kills += 1

            # The next command starts at once: no --wait, and it is not told another run is working.
            following = subprocess.run(cli(project, command, "-j", "1", "-l", "es"),
                                       capture_output=True, text=True, timeout=600)
            if following.returncode != 0:
                locked.append(following.stderr.strip())

            # No worker survives its parent for long.
            deadline = time.monotonic() + GRACE
            while survivors(workers) and time.monotonic() < deadline:
                time.sleep(0.05)
            if survivors(workers):
                lingered.append(survivors(workers))
        finally:
            run.kill()
            run.wait()
            for pid in survivors(workers):  # leave nothing behind, failing or not
                os.kill(pid, signal.SIGKILL)
    assert kills >= 2, "the runs finished before their workers could be killed; make the project bigger"
    assert not locked, f"{len(locked)} of {kills} kills left the project locked: {locked[0]}"
    assert not lingered, f"{len(lingered)} of {kills} kills left workers running: {lingered}"


def _hold_forever(ready) -> None:
    ready.set()
    time.sleep(600)


def test_a_process_forked_under_the_lock_does_not_keep_it(tmp_path: Path):
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    with project_lock(tmp_path):
        child = context.Process(target=_hold_forever, args=(ready,), daemon=True)
        child.start()
        assert ready.wait(60)
    try:
        with project_lock(tmp_path):  # the child still runs, and the lock is free
            assert child.is_alive()
    finally:
        child.kill()
        child.join()


def test_a_lock_whose_holder_is_gone_says_so(tmp_path: Path):
    # A stray process holds the lock; the pid in the file is that of a process that has ended.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    state = tmp_path / ".presslate"
    state.mkdir()
    (state / "lock").write_text(str(gone.pid))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'r+'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(600)", str(state / "lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as caught:
            with project_lock(tmp_path):
                pass
        message = str(caught.value)
        assert f"pid {gone.pid}" in message and "no longer running" in message
        assert str(holder.pid) in message  # the process that really holds it is named
    finally:
        holder.kill()
        holder.wait()


def test_a_live_holder_is_named(tmp_path: Path):
    with project_lock(tmp_path):
        with pytest.raises(LockedError) as caught:
            with project_lock(tmp_path):
                pass
    assert f"(pid {os.getpid()}) is working on" in str(caught.value)
    assert "no longer running" not in str(caught.value)


def test_only_commands_with_a_wait_option_offer_it(tmp_path: Path):
    from click.testing import CliRunner

    from presslate import config as config_mod
    from presslate.cli import main

    (tmp_path / config_mod.CONFIG_NAME).write_text(config_mod.render_config("en", ["es"], "pseudo"))
    tmx = tmp_path / "vendor.tmx"
    tmx.write_text("<tmx/>")
    with project_lock(tmp_path):
        build = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
        memory = CliRunner().invoke(main, ["-C", str(tmp_path), "memory", "import", "--tmx", str(tmx)])
    assert build.exit_code == 2 and "pass --wait SECONDS" in build.output
    assert memory.exit_code == 2 and "another presslate run" in memory.output
    assert "--wait" not in memory.output and "run this command again" in memory.output
