"""Argos Translate model packages: list, validate, install, remove.

Packages live where argostranslate's settings say (``ARGOS_PACKAGES_DIR``,
else its data directory), so presslate and other Argos users share them.
argostranslate reads that setting once, when first imported, which is why
it is imported inside the functions here and never at module level.

argostranslate's own ``install_from_path`` extracts any zip straight into the
packages directory.  Here an archive is checked first (one top-level folder,
metadata, CTranslate2 model, SentencePiece tokenizer, no unsafe paths, no
encrypted members, a bounded unpacked size: :mod:`.zip_guard`), then
extracted into a hidden staging folder inside the packages directory and
renamed into place, so a bad or interrupted install never touches the
packages already installed.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import sys
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from presslate.engines.zip_guard import DEFAULT_LIMITS, ArchiveLimits, ArchiveRefused, check_members, extract
from presslate.errors import PresslateError

INDEX_TIMEOUT = 5.0  # seconds; offline, `install en es` must fail at once
DOWNLOAD_TIMEOUT = 30.0  # seconds without data before a download gives up
REQUIRED_FIELDS = ("package_version", "from_code", "to_code")
_STAGING_PREFIX = ".presslate-"
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_FOLDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ModelError(PresslateError):
    """A model cannot be installed, found or removed; the message says what to do."""


@dataclass(frozen=True)
class InstalledModel:
    """One installed translation package, as argostranslate describes it."""

    code: str  # e.g. "translate-en_es"
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    target_prefix: str
    path: Path

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        return self.path / "sentencepiece.model"

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "from": self.from_code,
            "to": self.to_code,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "version": self.version,
            "size_bytes": self.size_bytes(),
            "path": str(self.path),
        }


@dataclass(frozen=True)
class PackageArchive:
    """What validation learnt about an ``.argosmodel`` file."""

    path: Path
    folder: str
    metadata: dict
    unpacked_bytes: int = 0


def packages_dir() -> Path:
    """Where packages are installed (argostranslate's ``ARGOS_PACKAGES_DIR``)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def install_hint(source: str = "FROM", target: str = "TO") -> str:
    return (
        f"install one with `presslate models install {source} {target}` (downloads from the Argos "
        f"package index), or offline from a file: `presslate models install PATH.argosmodel`"
    )


def installed() -> list[InstalledModel]:
    """Installed translation packages, sorted by language pair."""
    from argostranslate import package, settings

    found = []
    for directory in settings.package_dirs:
        if not Path(directory).is_dir():
            continue
        for path in Path(directory).iterdir():
            if path.name.startswith(".") or not (path / "metadata.json").is_file():
                continue
            try:
                pkg = package.Package(path)
            except (OSError, ValueError, AttributeError) as exc:
                raise ModelError(f"{path}: unreadable package metadata ({exc}); remove the folder") from exc
            if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
                continue
            found.append(
                InstalledModel(
                    code=pkg.code or package.argospm_package_name(pkg),
                    from_code=pkg.from_code,
                    to_code=pkg.to_code,
                    from_name=pkg.from_name,
                    to_name=pkg.to_name,
                    version=str(pkg.package_version),
                    target_prefix=pkg.target_prefix,
                    path=path,
                )
            )
    return sorted(found, key=lambda m: (m.from_code, m.to_code, m.path.name))


def find(source: str, target: str) -> InstalledModel | None:
    """The installed package for a pair; ``es_MX`` falls back to ``es``."""
    models = installed()
    for src in _candidates(source):
        for tgt in _candidates(target):
            for model in models:
                if model.from_code == src and model.to_code == tgt:
                    return model
    return None


def _candidates(code: str) -> list[str]:
    base = re.split(r"[-_]", code, maxsplit=1)[0]
    return [code] if base == code else [code, base]


def validate_archive(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> PackageArchive:
    """Check an ``.argosmodel`` without extracting it; raise :class:`ModelError` saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            folder = _single_folder(path, names)
            unpacked = check_members(zf.infolist(), limits)  # before reading any member
            files = {n[len(folder) + 1 :] for n in names if not n.endswith("/") and "/" in n}
            if "metadata.json" not in files:
                raise ModelError(f"{path}: missing {folder}/metadata.json")
            metadata = _read_metadata(path, zf.read(f"{folder}/metadata.json"))
    except ArchiveRefused as exc:
        raise ModelError(f"{path}: {exc}") from exc
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
        raise ModelError(f"{path}: damaged zip archive ({exc})") from exc
    _check_layout(path, folder, files)
    return PackageArchive(path, folder, metadata, unpacked)


def _single_folder(path: Path, names: list[str]) -> str:
    for name in names:
        parts = PurePosixPath(name).parts
        if "\\" in name or name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise ModelError(f"{path}: unsafe path {name!r} in archive")
    tops = sorted({name.split("/", 1)[0] for name in names})
    loose = [n for n in names if "/" not in n]
    if len(tops) != 1 or loose:
        found = ", ".join(tops) or "nothing"
        raise ModelError(f"{path}: an Argos package holds exactly one top-level folder; found: {found}")
    if not _FOLDER_NAME.match(tops[0]):
        raise ModelError(f"{path}: unusable package folder name {tops[0]!r}")
    return tops[0]


def _read_metadata(path: Path, raw: bytes) -> dict:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from exc
    if not isinstance(metadata, dict):
        raise ModelError(f"{path}: metadata.json must hold a JSON object")
    missing = [f for f in REQUIRED_FIELDS if not isinstance(metadata.get(f), str) or not metadata[f].strip()]
    if missing:
        raise ModelError(f"{path}: metadata.json lacks required field(s): {', '.join(missing)}")
    for field in ("from_code", "to_code"):
        if not _LANGUAGE_CODE.match(metadata[field]):
            raise ModelError(f"{path}: metadata.json {field} {metadata[field]!r} is not a language code")
    if metadata.get("type", "translate") != "translate":
        raise ModelError(f"{path}: a {metadata['type']!r} package cannot translate; presslate needs a translate package")
    return metadata


def _check_layout(path: Path, folder: str, files: set[str]) -> None:
    if not any(f.startswith("model/") for f in files):
        raise ModelError(f"{path}: missing {folder}/model/ (the CTranslate2 model directory)")
    if "model/model.bin" not in files:
        raise ModelError(f"{path}: {folder}/model/ is not a CTranslate2 model (no model.bin)")
    vocab = {PurePosixPath(f).stem for f in files if f.startswith("model/") and f.endswith((".txt", ".json"))}
    if "shared_vocabulary" not in vocab and not {"source_vocabulary", "target_vocabulary"} <= vocab:
        raise ModelError(f"{path}: {folder}/model/ has no vocabulary files (shared_vocabulary or source/target_vocabulary)")
    if "sentencepiece.model" not in files:
        if "bpe.model" in files:
            raise ModelError(f"{path}: BPE packages are not supported; presslate needs a SentencePiece package")
        raise ModelError(f"{path}: missing {folder}/sentencepiece.model (the tokenizer)")


def install_file(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> InstalledModel:
    """Validate and install an ``.argosmodel``, replacing any package for the same pair."""
    archive = validate_archive(Path(path), limits)
    from argostranslate import package

    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(root).free
    if archive.unpacked_bytes > free:
        raise ModelError(f"{archive.path}: unpacks to {archive.unpacked_bytes // 1_000_000} MB but {root} has only "
                         f"{free // 1_000_000} MB free")
    pair = (archive.metadata["from_code"], archive.metadata["to_code"])
    with package.package_lock:
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "install-", dir=root))
        try:
            _extract(archive, staging, limits)
            _check_tokenizer(archive, staging / archive.folder)
            target = root / archive.folder
            replaced = [m.path for m in installed() if (m.from_code, m.to_code) == pair and m.path.parent == root]
            if target.exists() and target not in replaced:
                raise ModelError(f"{target} already exists and is not a {pair[0]} → {pair[1]} package; remove it first")
            for number, old in enumerate(replaced):
                old.rename(staging / f"replaced-{number}")
            try:
                (staging / archive.folder).rename(target)
            except OSError:
                for number, old in enumerate(replaced):
                    (staging / f"replaced-{number}").rename(old)
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _forget_argos_language_cache()
    model = next((m for m in installed() if m.path == target), None)
    if model is None:
        raise ModelError(f"{target}: installed but not readable as an Argos translate package")
    return model


def _extract(archive: PackageArchive, staging: Path, limits: ArchiveLimits) -> None:
    try:
        with zipfile.ZipFile(archive.path) as zf:
            extract(zf, staging, limits)
    except ArchiveRefused as exc:
        raise ModelError(f"{archive.path}: {exc}") from exc
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise ModelError(f"{archive.path}: cannot extract ({exc})") from exc


def _check_tokenizer(archive: PackageArchive, folder: Path) -> None:
    import sentencepiece

    try:
        sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{archive.path}: sentencepiece.model is not a SentencePiece model ({exc})") from exc


def _forget_argos_language_cache() -> None:
    """argostranslate caches installed languages; clear it if it was loaded (never import it here)."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()


def remove(source: str, target: str) -> InstalledModel:
    """Uninstall the package for a pair through argostranslate."""
    from argostranslate import package

    model = next((m for m in installed() if (m.from_code, m.to_code) == (source, target)), None)
    if model is None:
        raise ModelError(f"no Argos model for {source} → {target} is installed (see `presslate models list`)")
    package.uninstall(package.Package(model.path))
    return model


def install_pair(source: str, target: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> InstalledModel:
    """Download the pair's package from the Argos index, then install it like a file."""
    from argostranslate import package, settings

    _fetch_index(settings.remote_package_index, Path(settings.local_package_index), source, target)
    available = [p for p in package.get_available_packages() if p.type == "translate" and (p.from_code, p.to_code) == (source, target)]
    if not available:
        raise ModelError(f"the Argos package index has no model for {source} → {target}")
    with _socket_timeout(DOWNLOAD_TIMEOUT):
        try:
            downloaded = available[0].download()
        except Exception as exc:  # argostranslate raises a bare Exception when all links fail
            raise ModelError(f"download of {source} → {target} failed ({exc}); {_offline_hint(source, target)}") from exc
    try:
        return install_file(downloaded, limits)
    finally:
        downloaded.unlink(missing_ok=True)


def _fetch_index(url: str, destination: Path, source: str, target: str) -> None:
    """Fetch the index in a daemon thread so an unanswered DNS lookup cannot block either."""
    import urllib.request  # 35 ms: only `install FROM TO` needs it

    outcome: dict = {}

    def fetch() -> None:
        try:
            with urllib.request.urlopen(url, timeout=INDEX_TIMEOUT) as response:
                outcome["data"] = response.read()
        except Exception as exc:  # any failure means "offline" to the user
            outcome["error"] = exc

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(INDEX_TIMEOUT + 1)
    if "data" not in outcome:
        reason = outcome.get("error", f"no answer within {INDEX_TIMEOUT:g} s")
        raise ModelError(f"cannot reach the Argos package index at {url} ({reason}); {_offline_hint(source, target)}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(outcome["data"])


def _offline_hint(source: str, target: str) -> str:
    return (
        f"to install offline, copy a translate-{source}_{target} .argosmodel file to this machine "
        f"and run `presslate models install PATH.argosmodel`"
    )


@contextmanager
def _socket_timeout(seconds: float):
    """argostranslate downloads with urllib and no timeout; bound each socket wait."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)
