"""One article through presslate's real pipeline, in a throw-away project.

extract → merge → machine translation (fuzzy) → build with fuzzy entries,
exactly as ``presslate translate`` and ``presslate build --include-fuzzy``
run them, in a temporary folder: the user's project, its catalogs and its
translation memory are never read or written (only its presslate.toml and
glossary.toml are read, as settings).
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from presslate import config as config_mod
from presslate.engines import get_engine
from presslate.evaluation.settings import dumps
from presslate.review.glossary import GLOSSARY_NAME

# Keys of [project] the evaluation decides itself: where the article and its files go.
_PLACES = ("targets", "articles", "articles_root", "locales", "output")


@dataclass
class PipelineRun:
    built: str  # the localized article
    config: config_mod.Config
    entries: int = 0  # PO entries (segments) of the article
    machine_translated: int = 0
    repaired: int = 0  # segments whose placeholders the engine's repair step put back
    fell_back: int = 0  # segments left in the source language (MT refused, or build refused it)
    refusals: list[str] = field(default_factory=list)
    memory: dict[str, int] = field(default_factory=lambda: {"exact": 0, "fuzzy": 0, "repaired": 0})  # entries it filled
    archive: int = 0  # translation pairs aligned into the memory before the run (eval --memory)


def project_settings(root: Path | None) -> dict:
    """The settings of the project in ``root`` (its presslate.toml), or {} without one."""
    if root is None or not (root / config_mod.CONFIG_NAME).is_file():
        return {}
    config_mod.load(root)  # a broken presslate.toml is an input error, not an experiment
    import tomllib

    return tomllib.loads((root / config_mod.CONFIG_NAME).read_text(encoding="utf-8"))


def eval_settings(base: dict, source_lang: str, target: str, suffix: str, engine: str | None) -> dict:
    data = copy.deepcopy(base)
    project = data.setdefault("project", {})
    for key in _PLACES:
        project.pop(key, None)
    project.update(source=source_lang, targets=[target], articles=[f"articles/*{suffix}"], articles_root="articles",
                   locales="locales", output="build")
    data.pop("publish", None)
    engine_table = data.setdefault("engine", {})
    if engine:
        engine_table["name"] = engine
    by_language = engine_table.pop("by_language", {}) or {}
    chosen = engine or next((v for k, v in by_language.items() if config_mod.normalize_language(k) == target), None)
    engine_table["name"] = chosen or engine_table.get("name", "argos")
    data.setdefault("build", {})["include_fuzzy"] = True
    data["build"]["min_translated"] = 0
    return data


def run(article: Path, settings: dict, glossary: Path | None = None,
        archive: list[tuple[Path, Path]] | None = None) -> PipelineRun:
    """Translate and build ``article`` with ``settings`` (a presslate.toml as a dict).

    ``archive``: (English, translation) files aligned into the throw-away project's memory first
    (``presslate align``), as a newsroom's earlier articles would be.
    """
    from presslate.catalog.pofile import PoFile
    from presslate.workflow.build import build
    from presslate.workflow.translate import translate

    with tempfile.TemporaryDirectory(prefix="presslate-eval-") as tmp:
        root = Path(tmp)
        (root / "articles").mkdir()
        copy_path = root / "articles" / ("article" + article.suffix.lower())
        shutil.copyfile(article, copy_path)
        if glossary is not None and glossary.is_file():
            shutil.copyfile(glossary, root / GLOSSARY_NAME)
        (root / config_mod.CONFIG_NAME).write_text(dumps(settings), encoding="utf-8")
        cfg = config_mod.load(root)
        target = cfg.targets[0]
        name = cfg.engine_for(target)
        engine = get_engine(name, cfg.engine_options.get(name))
        stored = _align_archive(cfg, target, archive) if archive else 0
        before = getattr(engine, "fallbacks", 0)
        report = translate(cfg, lambda _lang: engine, [target], jobs=1, force=True)
        result = PipelineRun("", cfg, machine_translated=report.machine_translated, archive=stored)
        result.memory = {"exact": report.tm_exact, "fuzzy": report.tm_fuzzy, "repaired": report.tm_repaired}
        result.repaired = getattr(engine, "fallbacks", 0) - before
        po = PoFile.parse(cfg.po_path(target, "article").read_bytes(), "article.po")
        live = [e for e in po.entries if not e.obsolete and e.msgid]
        result.entries = len(live)
        result.fell_back = sum(1 for e in live if not e.msgstr)
        built = build(cfg, [target], include_fuzzy=True, min_translated=0, strict=False, jobs=1, force=True)
        result.refusals = [str(r) for r in built.refusals]
        result.fell_back += len(built.refusals)
        result.built = cfg.output_path(target, copy_path).read_text(encoding="utf-8")
        return result


def _align_archive(cfg: config_mod.Config, target: str, archive: list[tuple[Path, Path]]) -> int:
    from presslate.align.archive import align_into
    from presslate.formats import Options
    from presslate.memory.store import Memory

    options = Options(cfg.source, cfg.segmentation, cfg.front_matter_keys, cfg.notranslate_classes)
    with Memory.for_project(cfg.root) as memory:
        return align_into(memory, archive, cfg.source, target, options).added
