"""``make demo`` step 1: forget the demo article's catalogs and machine translations.

The example project commits the catalogs of every article except
``articles/2026/night-market-opens.md``, so that ``make demo`` shows machine
translation happening.  To show it again on every run, this removes that
article's POT/PO files (gitignored) and its entries in the MT cache
(``.presslate/memory.sqlite``): without the second step the next run would
fill the entries from the cache instead of from the engine.  A sentence that
another article also holds keeps its cache entry (``status`` uses the cache to
tell that article's machine translations from other fuzzy entries).  Nothing
else in the project is touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from presslate import config as config_mod  # noqa: E402
from presslate.memory.store import Memory  # noqa: E402
from presslate.workflow.articles import load_articles  # noqa: E402

ARTICLE = "2026/night-market-opens"


def reset(root: Path) -> tuple[list[str], int]:
    """Remove the demo article's catalogs under ``root`` and forget its own cached MT; (removed files, forgotten)."""
    cfg = config_mod.load(root)
    shared: set[str] = set()
    msgids: list[str] = []
    for article in load_articles(cfg):
        texts = [seg.text for seg in article.doc.segments()]
        if article.id == ARTICLE:
            msgids = texts
        else:
            shared.update(texts)
    removed = []
    for file in [cfg.template_path(ARTICLE)] + [cfg.po_path(lang, ARTICLE) for lang in cfg.targets]:
        if file.exists():
            file.unlink()
            removed.append(file.relative_to(root).as_posix())
    forgotten = 0
    if (root / ".presslate" / "memory.sqlite").exists():
        with Memory.for_project(root) as memory:
            forgotten = memory.forget_mt(cfg.source, [text for text in msgids if text not in shared])
    return removed, forgotten


def main() -> int:
    removed, forgotten = reset(ROOT)
    print(f"demo: starting articles/{ARTICLE}.md afresh: removed {len(removed)} catalogs, "
          f"forgot {forgotten} cached machine translations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
