"""Writing the site: every new or changed file is staged, then all move into place together.

A publish reads and renders article after article without keeping the site
in memory, yet writes nothing until every input was read and every page
rendered: each file whose bytes differ from the one on disk is written to
``.presslate-staging/`` inside the output folder, and only when the whole
site rendered are the staged files renamed into place (the same file system,
so each rename is atomic), files an earlier run wrote and this one did not
removed (as listed in the manifest that run left), and the manifest written.
An error before that (a bad article, a broken template) removes the staging
folder and leaves the site as it was.

A file is identified by a fingerprint ``[sha256, size, mtime_ns]``: a later
run takes a file as unchanged when its size and modification time match, and
otherwise compares the bytes' hash, so a deleted or hand-edited page is noticed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from presslate.errors import ConfigError, InputError
from presslate.fileio import write_atomic
from presslate.site.policy import PublishReport

MANIFEST = ".presslate-site.json"
STAGING = ".presslate-staging"


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SiteWriter:
    """The output folder of one publish: what it holds, what this run stages, the manifest."""

    def __init__(self, root: Path, force: bool, report: PublishReport):
        self.root = root
        self._root_text = os.fspath(root)
        self.report = report
        self.staging = root / STAGING
        if self.staging.is_dir() and not self.staging.is_symlink():  # left by a run that was killed
            shutil.rmtree(self.staging)
        manifest = root / MANIFEST
        self.previous: list[str] = []
        if manifest.is_file():
            try:
                self.previous = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            except (ValueError, KeyError, TypeError):
                raise InputError(str(manifest), None, "not a presslate site manifest; delete it and publish with --force") from None
        elif root.is_dir() and any(root.iterdir()) and not force:
            raise ConfigError(f"{root} holds files presslate did not write; choose another [publish] output "
                              "or use --force to publish into it")
        self.files: dict[str, list] = {}  # every file of the new site: relative path → fingerprint
        self.staged: set[str] = set()
        self.refreshed = 0  # fingerprints whose modification time :meth:`holds` brought up to date

    def holds(self, rel: str, fingerprint: list | None) -> bool:
        """Whether the output folder holds ``rel`` with the bytes of ``fingerprint`` (from an earlier run)."""
        if not fingerprint:
            return False
        path = os.path.join(self._root_text, rel)  # strings: a no-op publish asks this for every file
        try:
            st = os.stat(path)
        except OSError:
            return False
        sha, size, mtime = fingerprint
        if st.st_size != size:
            return False
        if st.st_mtime_ns == mtime:
            return True
        try:
            with open(path, "rb") as handle:
                same = file_sha(handle.read()) == sha
        except OSError:
            return False
        if same:
            fingerprint[2] = st.st_mtime_ns
            self.refreshed += 1
        return same

    def keep(self, rel: str, fingerprint: list) -> None:
        """``rel`` stays as it is (checked with :meth:`holds`)."""
        if self._claim(rel, fingerprint[0]) is None:
            self.files[rel] = fingerprint

    def put(self, rel: str, data: bytes) -> list:
        """``rel`` of the new site holds ``data``: staged unless the folder already has it; its fingerprint."""
        sha = file_sha(data)
        known = self._claim(rel, sha)
        if known is not None:
            return known
        path = self.root / rel
        try:
            st = path.stat()
            same = st.st_size == len(data) and path.read_bytes() == data
        except OSError:
            same = False
        if same:
            self.files[rel] = [sha, st.st_size, st.st_mtime_ns]
        else:
            staged = self.staging / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            with open(staged, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            self._staged(rel, sha)
        return self.files[rel]

    def put_stream(self, rel: str, chunks) -> list:
        """Like :meth:`put`, for a file made of text pieces (a big index or sitemap)."""
        staged = self.staging / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        with open(staged, "wb") as handle:
            for chunk in chunks:
                data = chunk.encode("utf-8")
                h.update(data)
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        sha = h.hexdigest()
        known = self._claim(rel, sha)
        path = self.root / rel
        if known is None:
            try:
                st = path.stat()
                same = st.st_size == staged.stat().st_size and file_sha(path.read_bytes()) == sha
            except OSError:
                same = False
            if not same:
                self._staged(rel, sha)
                return self.files[rel]
            self.files[rel] = known = [sha, st.st_size, st.st_mtime_ns]
        staged.unlink()
        return known

    def _claim(self, rel: str, sha: str) -> list | None:
        """The fingerprint ``rel`` already has in the new site (None: not yet); two different files are an error."""
        known = self.files.get(rel)
        if known is not None and known[0] != sha:
            raise ConfigError(f"two files of the site would be {rel}; rename one of the articles")
        return known

    def _staged(self, rel: str, sha: str) -> None:
        staged = self.staging / rel
        target = self.root / rel
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.chmod(staged, mode)
        st = staged.stat()  # a rename keeps the modification time
        self.files[rel] = [sha, st.st_size, st.st_mtime_ns]
        self.staged.add(rel)

    def abandon(self) -> None:
        """Nothing of this run reaches the site."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> None:
        """Move the staged files into place, remove what the previous run wrote and this one did not,
        and write the manifest."""
        for rel in sorted(self.staged):
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / rel, target)
        shutil.rmtree(self.staging, ignore_errors=True)
        resolved_root = self.root.resolve()
        for rel in sorted(set(self.previous) - set(self.files)):
            path = self.root / rel
            if path.resolve().is_relative_to(resolved_root) and path.is_file():
                path.unlink()
                self.report.removed.append(path)
                _remove_empty_parents(path.parent, resolved_root)
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self.root / MANIFEST, (json.dumps({"files": sorted(self.files)}, indent=1) + "\n").encode("utf-8"))
        for rel in sorted(self.files):
            (self.report.written if rel in self.staged else self.report.unchanged).append(self.root / rel)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
