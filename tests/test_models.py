"""Model management: package validation, install/list/remove through the CLI group."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import argos_models
import pytest
from click.testing import CliRunner

argos_models.isolate_argostranslate()

from presslate.cli.models import models as models_cli  # noqa: E402
from presslate.engines import argos_models as models  # noqa: E402

SRC = Path(models.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Two versions of a real en→es package, built once for the module."""
    root = tmp_path_factory.mktemp("built")
    return {version: argos_models.build_package(root, version=version) for version in ("1.0", "1.1")}


@pytest.fixture(scope="module")
def entries(built) -> dict[str, bytes]:
    """The members of the good 1.0 archive, to derive broken ones from."""
    with zipfile.ZipFile(built["1.0"]) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    return argos_models.use_packages_dir(monkeypatch, tmp_path / "packages")


def cli(*args: str):
    return CliRunner().invoke(models_cli, list(args))


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` (hidden ones too) with a hash of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in sorted(folder.rglob("*"))
    }


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def rename_top(members: dict[str, bytes], top: str) -> dict[str, bytes]:
    return {top + "/" + name.split("/", 1)[1]: data for name, data in members.items()}


def without(members: dict[str, bytes], *suffixes: str) -> dict[str, bytes]:
    return {name: data for name, data in members.items() if not name.endswith(suffixes)}


def with_metadata(members: dict[str, bytes], **changes) -> dict[str, bytes]:
    name = next(n for n in members if n.endswith("/metadata.json"))
    metadata = json.loads(members[name])
    for key, value in changes.items():
        if value is None:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    return {**members, name: json.dumps(metadata).encode()}


def broken_archives(members: dict[str, bytes]) -> dict[str, tuple[object, str]]:
    """name → (archive contents or raw bytes, expected message fragment)."""
    metadata = next(n for n in members if n.endswith("/metadata.json"))
    top = metadata.split("/")[0]
    return {
        "not a zip": (b"this is not a zip archive", "not a zip archive"),
        "two top-level folders": ({**members, **rename_top(members, "second")}, "exactly one top-level folder"),
        "loose top-level file": ({**members, "README.md": b"hi"}, "exactly one top-level folder"),
        "empty archive": ({}, "exactly one top-level folder"),
        "no metadata": (without(members, "/metadata.json"), "missing " + top + "/metadata.json"),
        "metadata not json": ({**members, metadata: b"{nope"}, "not valid JSON"),
        "metadata not an object": ({**members, metadata: b"[]"}, "JSON object"),
        "no package_version": (with_metadata(members, package_version=None), "package_version"),
        "empty to_code": (with_metadata(members, to_code=""), "to_code"),
        "bad language code": (with_metadata(members, from_code="../x"), "not a language code"),
        "not a translate package": (with_metadata(members, type="sbd"), "translate package"),
        "no model dir": (
            {n: d for n, d in members.items() if "/model/" not in n},
            "missing " + top + "/model/",
        ),
        "no model.bin": (without(members, "/model/model.bin"), "no model.bin"),
        "no vocabulary": (without(members, "_vocabulary.json"), "no vocabulary files"),
        "no tokenizer": (without(members, "/sentencepiece.model"), "sentencepiece.model"),
        "bpe tokenizer": (
            {**without(members, "/sentencepiece.model"), top + "/bpe.model": b"x"},
            "BPE packages are not supported",
        ),
        "path traversal": ({**members, top + "/../evil.txt": b"evil"}, "unsafe path"),
        "absolute path": ({**members, "/tmp/evil.txt": b"evil"}, "unsafe path"),
        "hidden folder": (rename_top(members, ".hidden"), "unusable package folder name"),
        "broken tokenizer": ({**members, top + "/sentencepiece.model": b"garbage"}, "not a SentencePiece model"),
    }


BROKEN = list(broken_archives({"pkg/metadata.json": b"{}"}))


@pytest.mark.parametrize("case", BROKEN)
def test_broken_package_is_rejected_and_installed_ones_untouched(case, packages, built, entries, tmp_path):
    assert cli("install", str(built["1.0"])).exit_code == 0
    before = snapshot(packages)
    contents, expected = broken_archives(entries)[case]
    archive = tmp_path / "broken.argosmodel"
    if isinstance(contents, bytes):
        archive.write_bytes(contents)
    else:
        write_zip(archive, contents)

    with pytest.raises(models.ModelError) as error:
        models.install_file(archive)
    assert expected in str(error.value)
    assert str(archive) in str(error.value)

    result = cli("install", str(archive))
    assert result.exit_code == 2
    assert expected in result.output
    assert snapshot(packages) == before  # no staging leftovers, nothing replaced
    assert not (tmp_path / "evil.txt").exists()


def test_validate_accepts_the_built_package(built):
    archive = models.validate_archive(built["1.0"])
    assert archive.folder == "translate-en_es-1_0"
    assert (archive.metadata["from_code"], archive.metadata["to_code"]) == ("en", "es")


def test_built_test_package_is_small(built):
    assert built["1.0"].stat().st_size < 1_000_000


def test_install_list_remove(packages, built):
    result = cli("list", "--engine", "argos")
    assert result.exit_code == 0
    assert "No Argos models installed" in result.output
    assert "presslate models install PATH.argosmodel" in result.output
    assert json.loads(cli("list", "--engine", "argos", "--json").output) == []

    result = cli("install", str(built["1.0"]))
    assert result.exit_code == 0, result.output
    assert "Installed en → es 1.0" in result.output
    assert (packages / "translate-en_es-1_0" / "model" / "model.bin").is_file()

    result = cli("list", "--engine", "argos")
    assert result.exit_code == 0
    assert "en → es" in result.output and "1.0" in result.output and "KB" in result.output
    [entry] = json.loads(cli("list", "--engine", "argos", "--json").output)
    assert entry["from"] == "en" and entry["to"] == "es" and entry["version"] == "1.0"
    assert entry["code"] == "translate-en_es"
    assert entry["size_bytes"] == sum(f.stat().st_size for f in (packages / "translate-en_es-1_0").rglob("*") if f.is_file())
    assert entry["path"] == str(packages / "translate-en_es-1_0")

    result = cli("remove", "en", "es")
    assert result.exit_code == 0, result.output
    assert "Removed en → es 1.0" in result.output
    assert json.loads(cli("list", "--engine", "argos", "--json").output) == []
    assert list(packages.iterdir()) == []

    result = cli("remove", "en", "es")
    assert result.exit_code == 2
    assert "no Argos model for en → es is installed" in result.output


def test_newer_package_replaces_the_installed_pair(packages, built):
    assert cli("install", str(built["1.0"])).exit_code == 0
    result = cli("install", str(built["1.1"]))
    assert result.exit_code == 0, result.output
    assert [(m.version, m.path.name) for m in models.installed()] == [("1.1", "translate-en_es-1_1")]
    assert sorted(p.name for p in packages.iterdir()) == ["translate-en_es-1_1"]


def test_packages_of_other_tools_are_listed_through_argostranslate(packages, built):
    """A package unzipped by argostranslate itself is found (the API is shared)."""
    from argostranslate import package

    package.install_from_path(built["1.0"])
    [model] = models.installed()
    assert (model.from_code, model.to_code, model.version) == ("en", "es", "1.0")


def test_install_usage_errors(packages, tmp_path):
    result = cli("install")
    assert result.exit_code == 2
    result = cli("install", "en", "es", "fr")
    assert result.exit_code == 2
    assert "PATH.argosmodel, or FROM TO" in result.output
    result = cli("install", str(tmp_path / "missing.argosmodel"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_offline_install_fails_at_once_with_a_hint(packages, monkeypatch):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    started = time.monotonic()
    result = cli("install", "en", "es")
    assert time.monotonic() - started < 3
    assert result.exit_code == 2
    assert "cannot reach the Argos package index" in result.output
    assert "presslate models install PATH.argosmodel" in result.output
    assert list(packages.iterdir()) == []


def test_unanswered_index_request_times_out(packages, monkeypatch):
    """A host that accepts the connection but never answers still fails fast."""
    from argostranslate import settings

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        monkeypatch.setattr(settings, "remote_package_index", f"http://127.0.0.1:{server.getsockname()[1]}/index.json")
        monkeypatch.setattr(models, "INDEX_TIMEOUT", 0.5)
        started = time.monotonic()
        result = cli("install", "en", "es")
        assert time.monotonic() - started < 3
    assert result.exit_code == 2
    assert "cannot reach the Argos package index" in result.output


@pytest.fixture
def package_index(tmp_path, built):
    """A local Argos package index (loopback HTTP) offering en→es 1.1."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "pkg.argosmodel").write_bytes(built["1.1"].read_bytes())
    server = HTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    entry = {
        "package_version": "1.1",
        "argos_version": "1.0",
        "from_code": "en",
        "from_name": "English",
        "to_code": "es",
        "to_name": "Spanish",
        "links": [base + "pkg.argosmodel"],
    }
    (site / "index.json").write_text(json.dumps([entry]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_install_pair_from_the_package_index(packages, package_index, monkeypatch):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", package_index + "index.json")
    result = cli("install", "en", "es")
    assert result.exit_code == 0, result.output
    assert "Installed en → es 1.1" in result.output
    assert [m.version for m in models.installed()] == ["1.1"]
    assert list(settings.downloads_dir.iterdir()) == []  # the download is not kept

    result = cli("install", "en", "de")
    assert result.exit_code == 2
    assert "has no model for en → de" in result.output


def test_argostranslate_is_imported_lazily_and_follows_argos_packages_dir(tmp_path):
    """ARGOS_PACKAGES_DIR is read when argostranslate is first imported, so presslate must not import it early."""
    code = (
        "import sys\n"
        "import presslate.engines.argos_models, presslate.cli.models, presslate.engines.argos\n"
        "assert 'argostranslate' not in sys.modules, 'imported too early'\n"
        "from presslate.engines import get_engine\n"
        "engine = get_engine('argos')\n"
        "assert 'argostranslate' not in sys.modules, 'engine construction imported it'\n"
        "print(presslate.engines.argos_models.packages_dir())\n"
    )
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "elsewhere"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "elsewhere")
