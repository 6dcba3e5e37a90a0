"""Skip a test when a system tool it needs is missing, except under CI=true.

CI installs every Debian package the suite uses (``.ci/run``), so there a
missing tool is a failure of the set-up, not a reason to skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from presslate.engines import apertium


def skip_or_fail(reason: str) -> None:
    """Skip with REASON on a developer's machine; fail under CI=true."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def require_apertium_eng_spa() -> None:
    """Apertium with its English→Spanish mode (Debian ``apertium-eng-spa``)."""
    if shutil.which("apertium") is None:
        skip_or_fail("apertium is not installed (apt-get install apertium apertium-eng-spa)")
    if not any(mode["mode"] == "eng-spa" for mode in apertium.installed_modes()):
        skip_or_fail("apertium mode eng-spa is not installed (apt-get install apertium-eng-spa)")


def record_popen(monkeypatch) -> list[subprocess.Popen]:
    """Every process the test starts from now on (``subprocess.Popen`` patched to keep each one)."""
    procs: list[subprocess.Popen] = []
    real = subprocess.Popen

    class Keeping(real):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            procs.append(self)

    monkeypatch.setattr(subprocess, "Popen", Keeping)
    return procs
