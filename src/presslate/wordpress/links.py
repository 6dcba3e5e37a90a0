"""Which WordPress post holds each pushed translation: ``<locales>/wordpress-links.json``.

presslate keeps its links in the project (commit the file with the PO files):
a REST site drops post meta that no plugin registered, so the site cannot be
relied on to hold them.  Each link records the post, its modified time right
after presslate wrote it, and a digest of what was written; a post whose
modified time moved on was edited in WordPress, and push leaves it alone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from presslate.config import Config
from presslate.errors import InputError
from presslate.fileio import write_atomic

FILE_NAME = "wordpress-links.json"


def key(site: str, source_id: int, lang: str) -> str:
    return f"{site} {source_id} {lang}"


def digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class Links:
    def __init__(self, config: Config):
        self.path = config.root / config.locales / FILE_NAME
        self.read_as: bytes | None = self.path.read_bytes() if self.path.is_file() else None
        try:
            data = json.loads(self.read_as) if self.read_as is not None else {"links": {}}
            self.links: dict[str, dict] = dict(data["links"])
        except (ValueError, KeyError, TypeError):
            raise InputError(str(self.path), None, "not a presslate WordPress links file; restore it from version control") from None

    def get(self, site: str, source_id: int, lang: str) -> dict | None:
        return self.links.get(key(site, source_id, lang))

    def target_ids(self, site: str) -> set[int]:
        return {link["post_id"] for k, link in self.links.items() if k.split(" ")[0] == site}

    def set(self, site: str, source_id: int, lang: str, link: dict) -> None:
        self.links[key(site, source_id, lang)] = link
        self.save()

    def save(self) -> None:
        data = (json.dumps({"links": dict(sorted(self.links.items()))}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        write_atomic(Path(self.path), data, expected=self.read_as)
        self.read_as = data
