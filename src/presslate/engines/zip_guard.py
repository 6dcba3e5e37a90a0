"""What a model archive may unpack to, checked before and while extracting.

An ``.argosmodel`` is a zip file from a download or a colleague.  Before
anything is read from it, every member is checked: not encrypted (Argos
packages never are; Python's zipfile would stop with a password error), a
compression method zipfile reads, a total unpacked size under a limit, and no
big member compressed far more than model weights ever are (a few MB of
zeros unpacking to gigabytes: a zip bomb).  Headers can lie, so
:func:`extract` also counts the bytes it writes and stops at the declared
size of each member and at the limit for the whole archive.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from presslate.errors import PresslateError

GB = 1_000_000_000
MB = 1_000_000
_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds for one archive.

    Argos packages unpack to 100–400 MB, their model weights barely
    compress (about 1.1:1) and their vocabularies about 5:1, so the defaults
    leave a wide margin while refusing a bomb long before the disk fills.
    """

    max_total_bytes: int = 4 * GB
    max_ratio: int = 100  # uncompressed : compressed, for members of at least ratio_floor bytes
    ratio_floor: int = 1 * MB


DEFAULT_LIMITS = ArchiveLimits()


class ArchiveRefused(PresslateError):
    """The archive is not safe to unpack; the message says why (the caller adds the file name)."""


def check_members(infos: list[zipfile.ZipInfo], limits: ArchiveLimits = DEFAULT_LIMITS) -> int:
    """Refuse encrypted, unreadable, over-compressed or oversized members; return the total unpacked size."""
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"{info.filename} is encrypted; Argos packages never are, so this file is not one "
                                 "(download the package again)")
        if info.compress_type not in _READABLE:
            raise ArchiveRefused(f"{info.filename} uses zip compression method {info.compress_type}, which presslate "
                                 "cannot read; Argos packages use deflate")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and ratio > limits.max_ratio:
            raise ArchiveRefused(f"{info.filename} would unpack {info.compress_size} bytes to {info.file_size} "
                                 f"({ratio:.0f}:1, more than {limits.max_ratio}:1): a zip bomb, not a model")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise ArchiveRefused(f"unpacks to {_size(total)}, more than the {_size(limits.max_total_bytes)} allowed "
                             "(Argos packages unpack to under 1 GB); if this package is genuine, raise the limit "
                             "with `presslate models install --max-size GB`")
    return total


def extract(zf: zipfile.ZipFile, destination: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
    """Unpack every member of ``zf`` (checked names) under ``destination``, counting what is written."""
    written = 0
    root = destination.resolve()
    for info in zf.infolist():
        target = destination.joinpath(*PurePosixPath(info.filename).parts)
        if not target.resolve().is_relative_to(root):
            raise ArchiveRefused(f"unsafe path {info.filename!r} in archive")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with zf.open(info) as source, open(target, "wb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                written += len(chunk)
                if size > info.file_size:
                    raise ArchiveRefused(f"{info.filename} unpacks to more than the {info.file_size} bytes its header "
                                         "says: the archive is damaged or forged")
                if written > limits.max_total_bytes:
                    raise ArchiveRefused(f"unpacks to more than the {_size(limits.max_total_bytes)} allowed")
                out.write(chunk)


def _size(count: int) -> str:
    return f"{count / GB:.1f} GB" if count >= GB else f"{count / MB:.1f} MB"
