"""The project's articles: which ones, parsed, with their PO files; work shared across processes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from presslate import formats
from presslate.catalog.pofile import PoFile, PoSyntaxError
from presslate.config import Config
from presslate.document import Document
from presslate.errors import ConfigError, InputError
from presslate.formats import Options


@dataclass
class Article:
    path: Path
    id: str
    reference: str
    doc: Document


_RAW_TAG = re.compile(r"</?\d+/?>|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_DOTTED = re.compile(r"\D\.\D")  # pocount drops "a.m"-like tokens
_WORD = re.compile(r"\w+(?:(?:(?<=[^\W\d_])['’.:·](?=[^\W\d_])|(?<=\d)[.,;'’](?=\d))\w+)*")


def word_count(text: str) -> int:
    """Source words as translate-toolkit's pocount counts them.

    Tags and placeholders removed, then Unicode (UAX #29-like) words: "6.4",
    "it's" and "snake_case" are one word, "two-year" is two.  It agrees with
    pocount on 97% of 9,240 real msgids; the rest differ by one word.
    """
    return len(_WORD.findall(_DOTTED.sub(" ", _RAW_TAG.sub("", text))))


def select_articles(config: Config, only: list[str] | None = None) -> list[tuple[str, Path]]:
    """(article id, path) of every article, or of the named ones; ids must be unique."""
    paths = config.article_paths()
    if only:
        wanted = {config.root / name for name in only}
        missing = [str(p) for p in wanted if not p.is_file()]
        if missing:
            raise InputError(missing[0], None, "no such article")
        paths = sorted(wanted)
    seen: dict[str, Path] = {}
    for path in paths:
        article_id = config.article_id(path)
        if article_id in seen:
            raise ConfigError(f"{path} and {seen[article_id]} would share the article id {article_id!r}")
        seen[article_id] = path
    return [(article_id, path) for article_id, path in seen.items()]


def parse_article(config: Config, article_id: str, path: Path, data: bytes | None = None) -> Article:
    reference = config.reference(path)
    text = formats.decode(path.read_bytes() if data is None else data, reference)
    options = Options(config.source, config.segmentation, config.front_matter_keys, config.notranslate_classes)
    return Article(path, article_id, reference, formats.parse_text(text, reference, options))


def load_articles(config: Config, only: list[str] | None = None) -> list[Article]:
    """Parse every article (or the named ones); the first bad one raises InputError."""
    return [parse_article(config, article_id, path) for article_id, path in select_articles(config, only)]


def run_parallel(function, items: list, jobs: int) -> list:
    """``[function(*item) for item in items]``, in worker processes when it pays.

    Results come back in input order, so output never depends on ``jobs``.
    """
    if jobs <= 1 or len(items) < 2 * jobs:
        return [function(*item) for item in items]
    from concurrent.futures import ProcessPoolExecutor  # 30 ms to import: only when there is work to share

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(function, *zip(*items), chunksize=max(1, len(items) // (jobs * 8))))


def read_po(path: Path, config: Config) -> PoFile | None:
    if not path.exists():
        return None
    try:
        return PoFile.parse(path.read_bytes(), config.reference(path))
    except PoSyntaxError as exc:
        raise InputError(exc.path, exc.line, exc.message + " (fix the PO file, e.g. with msgfmt -c, and run again)") from None
