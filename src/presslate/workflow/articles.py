"""The project's articles, parsed; work shared across worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from presslate import formats
from presslate.config import Config, select_articles
from presslate.document import Document
from presslate.formats import Options


@dataclass
class Article:
    path: Path
    id: str
    reference: str
    doc: Document


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
    from presslate.workflow.workers import pool as worker_pool

    with worker_pool(jobs) as pool:  # workers that end with this process, killed or not
        return list(pool.map(function, *zip(*items), chunksize=max(1, len(items) // (jobs * 8))))
