"""``make demo`` step 1: forget the demo article's catalogs and machine translations.

The example project commits the catalogs of every article except
``articles/2026/night-market-opens.md``, so that ``make demo`` shows machine
translation happening.  To show it again on every run, this removes that
article's POT/PO files (gitignored) and its entries in the MT cache
(``.presslate/memory.sqlite``): without the second step the next run would
fill the entries from the cache instead of from the engine.  Nothing else in
the project is touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from presslate import config as config_mod  # noqa: E402
from presslate.memory.store import Memory  # noqa: E402
from presslate.workflow.articles import parse_article  # noqa: E402

ARTICLE = "2026/night-market-opens"


def main() -> int:
    cfg = config_mod.load(ROOT)
    path = ROOT / "articles" / f"{ARTICLE}.md"
    msgids = [seg.text for seg in parse_article(cfg, ARTICLE, path).doc.segments()]
    removed = []
    for file in [cfg.template_path(ARTICLE)] + [cfg.po_path(lang, ARTICLE) for lang in cfg.targets]:
        if file.exists():
            file.unlink()
            removed.append(file.relative_to(ROOT).as_posix())
    forgotten = 0
    if (ROOT / ".presslate" / "memory.sqlite").exists():
        with Memory.for_project(ROOT) as memory:
            forgotten = memory.forget_mt(cfg.source, msgids)
    print(f"demo: starting {path.relative_to(ROOT)} afresh: removed {len(removed)} catalogs, "
          f"forgot {forgotten} cached machine translations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
