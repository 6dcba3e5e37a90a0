"""``make demo``'s first step (tools/demo_reset.py) on a copy of the example project."""

from __future__ import annotations

import importlib.util

from example_project import DEMO_ARTICLE, REPO, copy_example

from presslate import config as config_mod
from presslate.memory.store import Memory
from presslate.workflow.articles import parse_article

spec = importlib.util.spec_from_file_location("demo_reset", REPO / "tools" / "demo_reset.py")
demo_reset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(demo_reset)


def test_reset_forgets_only_the_demo_articles_own_machine_translations(tmp_path):
    root = copy_example(tmp_path / "news", demo=True)
    cfg = config_mod.load(root)
    demo = [seg.text for seg in parse_article(cfg, DEMO_ARTICLE, root / "articles" / f"{DEMO_ARTICLE}.md").doc.segments()]
    own, shared = demo[1], demo[2]
    other = root / "articles" / "2026" / "river-flood-warning.md"
    other.write_text(other.read_text(encoding="utf-8") + f"\n{shared}\n", encoding="utf-8")
    catalogs = [cfg.template_path(DEMO_ARTICLE)] + [cfg.po_path(lang, DEMO_ARTICLE) for lang in cfg.targets]
    for file in catalogs:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    with Memory.for_project(root) as memory:
        memory.store_mt("pseudo", "en", "es", [(own, "[own]"), (shared, "[shared]")])
        memory.record_mt("pseudo", "en", "es", [(own, "[own]", own), (shared, "[shared]", shared)])

    removed, forgotten = demo_reset.reset(root)

    assert sorted(removed) == sorted(file.relative_to(root).as_posix() for file in catalogs)
    assert not any(file.exists() for file in catalogs) and other.exists()
    assert forgotten == 1
    with Memory.for_project(root) as memory:
        assert memory.machine_outputs("en", "es", [own, shared]) == {shared: {"[shared]"}}
        assert memory.cached_mt("pseudo", "en", "es", [own, shared]) == {shared: "[shared]"}
