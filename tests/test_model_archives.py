"""`presslate models install` on hostile archives: zip bombs, oversized, encrypted, unreadable members."""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import argos_models
import pytest
from click.testing import CliRunner

argos_models.isolate_argostranslate()

from presslate.cli.models import models as models_cli  # noqa: E402
from presslate.engines import argos_models as models  # noqa: E402

MB = 1_000_000


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return argos_models.build_package(tmp_path_factory.mktemp("built"), version="1.0")


@pytest.fixture(scope="module")
def entries(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    return argos_models.use_packages_dir(monkeypatch, tmp_path / "packages")


def cli(*args: str):
    return CliRunner().invoke(models_cli, list(args))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def member(entries: dict[str, bytes], suffix: str) -> str:
    return next(n for n in entries if n.endswith(suffix))


def patch_headers(path: Path, name: str, *, flag_bits: int = 0, method: int | None = None) -> Path:
    """Set general-purpose flag bits (and the compression method) of ``name`` in its local and central headers.

    Python's zipfile cannot write an encrypted or AES archive; the headers are what a reader sees first.
    """
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        central = zf.start_dir
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    pos = central
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len].decode() == name:
            break
        pos += 46 + name_len + extra_len + comment_len
    else:
        raise AssertionError(f"{name} not in the central directory")
    for flags_at, method_at in ((local + 6, local + 8), (pos + 8, pos + 10)):
        struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | flag_bits)
        if method is not None:
            struct.pack_into("<H", data, method_at, method)
    path.write_bytes(bytes(data))
    return path


def assert_refused(archive: Path, packages: Path, expected: str, *options: str) -> None:
    before = snapshot(packages)
    result = cli("install", *options, str(archive))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert str(archive) in result.output
    assert snapshot(packages) == before  # nothing half-installed, no staging folder left


@pytest.fixture
def installed_first(packages, built) -> Path:
    """A good package installed before each hostile one: it must survive untouched."""
    assert cli("install", str(built)).exit_code == 0
    return packages


def test_zip_bomb_model_is_refused(installed_first, entries, tmp_path):
    bomb = {**entries, member(entries, "/model/model.bin"): bytes(20 * MB)}  # 20 MB of zeros: ~20 KB zipped
    archive = write_zip(tmp_path / "bomb.argosmodel", bomb)
    assert archive.stat().st_size < 1 * MB
    assert_refused(archive, installed_first, "a zip bomb, not a model")


def test_total_unpacked_size_is_bounded_and_the_limit_can_be_raised(packages, built):
    unpacked = sum(i.file_size for i in zipfile.ZipFile(built).infolist())
    assert_refused(built, packages, "more than the 0.5 MB allowed", "--max-size", "0.0005")
    assert unpacked > 500_000
    result = cli("install", "--max-size", "0.002", str(built))
    assert result.exit_code == 0, result.output


def test_default_limit_refuses_a_huge_package_before_reading_it(entries, tmp_path):
    """The 4 GB default, shown on a package whose model.bin header says 5 GB."""
    from presslate.engines import zip_guard

    archive = write_zip(tmp_path / "huge.argosmodel", entries)
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
    for info in infos:
        if info.filename.endswith("model.bin"):
            info.file_size = info.compress_size = 5_000_000_000
    with pytest.raises(zip_guard.ArchiveRefused, match="unpacks to 5.0 GB, more than the 4.0 GB allowed"):
        zip_guard.check_members(infos)


def test_extraction_counts_bytes_and_stops_at_the_limit(entries, tmp_path):
    """Headers are not trusted: even unchecked, extraction stops once the limit is written."""
    from presslate.engines import zip_guard

    archive = write_zip(tmp_path / "big.argosmodel", {"pkg/a.bin": bytes(3 * MB), "pkg/b.bin": bytes(3 * MB)})
    with zipfile.ZipFile(archive) as zf, pytest.raises(zip_guard.ArchiveRefused, match="more than the 4.0 MB allowed"):
        zip_guard.extract(zf, tmp_path / "out", zip_guard.ArchiveLimits(max_total_bytes=4 * MB))
    written = sum(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written <= 4 * MB


@pytest.mark.parametrize("suffix", ["/metadata.json", "/model/model.bin"])
def test_encrypted_member_is_refused(installed_first, entries, tmp_path, suffix):
    archive = write_zip(tmp_path / "locked.argosmodel", entries)
    patch_headers(archive, member(entries, suffix), flag_bits=0x1)
    assert_refused(archive, installed_first, member(entries, suffix) + " is encrypted")


@pytest.mark.skipif(shutil.which("zip") is None, reason="the zip command is not installed")
def test_archive_encrypted_by_the_zip_tool_is_refused(installed_first, built, tmp_path):
    source = tmp_path / "src"
    with zipfile.ZipFile(built) as zf:
        zf.extractall(source)
    archive = tmp_path / "zipcrypto.argosmodel"
    folder = next(source.iterdir()).name
    subprocess.run(["zip", "-q", "-r", "-P", "secret", str(archive), folder], cwd=source, check=True)
    assert_refused(archive, installed_first, "is encrypted")


def test_unreadable_compression_method_is_refused(installed_first, entries, tmp_path):
    archive = write_zip(tmp_path / "aes.argosmodel", entries)
    patch_headers(archive, member(entries, "/metadata.json"), method=99)  # WinZip AES
    assert_refused(archive, installed_first, "uses zip compression method 99")


def test_real_package_is_within_the_default_limits(packages, built):
    archive = models.validate_archive(built)
    assert archive.unpacked_bytes == sum(i.file_size for i in zipfile.ZipFile(built).infolist())
    result = cli("install", str(built))
    assert result.exit_code == 0, result.output
    assert (packages / "translate-en_es-1_0" / "model" / "model.bin").stat().st_size == len(
        zipfile.ZipFile(built).read("translate-en_es-1_0/model/model.bin"))


def test_package_larger_than_the_free_disk_space_is_refused(installed_first, built, monkeypatch):
    real = shutil.disk_usage

    def almost_full(path):
        usage = real(path)
        return usage._replace(free=1000)

    monkeypatch.setattr(models.shutil, "disk_usage", almost_full)
    assert_refused(built, installed_first, "has only 0 MB free")
