"""presslate.toml: the project's languages, paths, engine and extraction settings.

Language codes are validated and normalized with Babel: ``es-MX``, ``es_mx``
and ``es_MX`` are the same locale.  PO files and their ``Language`` header use
the gettext form (``es_MX``); published output uses BCP 47 (``es-MX``).
"""

from __future__ import annotations

import json
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from presslate.errors import ConfigError, InputError

CONFIG_NAME = "presslate.toml"
STATE_DIR = ".presslate"  # run state, translation memory and the lock, inside the project folder
SEGMENTATION_MODES = ("sentence", "paragraph")
# [mt] on/off rules (presslate.workflow.mt_prep)
MT_RULES = ("dates", "numbers", "quote_pairs", "headline_lists", "keep_names", "name_modifiers")


def valid_article_id(article_id: str) -> bool:
    """Parts joined by '/', of letters and digits of any script (with their combining marks: an id is NFC,
    so é is one letter, and हिन्दी keeps its vowel signs), '.', '_' and '-'.  No part starts with '.' or
    '-' (so none is hidden, '..', or read as an option) and nothing else passes (spaces, control
    characters, '\\'), so no id can point outside locales/ or build/."""
    for part in article_id.split("/"):
        if not part or not (part[0].isalnum() or part[0] == "_"):
            return False
        if not all(c.isalnum() or c in "_.-" or unicodedata.category(c).startswith("M") for c in part[1:]):
            return False
    return True


def normalize_language(code: str) -> str:
    """gettext form of a language code (``es-mx`` → ``es_MX``), or ConfigError."""
    try:
        return str(Locale.parse(code.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(f"unknown language code {code!r} (use codes like es, es_MX, pt_BR)") from None


def same_locale(a: str, b: str) -> bool:
    """Whether two gettext codes name one locale once CLDR's likely subtags fill in what
    they leave out: ``es`` and ``es_ES``, ``pt`` and ``pt_BR``; not ``es`` and ``es_MX``."""
    return _full_locale(a) == _full_locale(b)


def _full_locale(code: str) -> tuple[str, str, str]:
    from babel.core import get_global

    locale = Locale.parse(code)
    likely = get_global("likely_subtags")
    script, territory = locale.script, locale.territory
    for key in ([f"{locale.language}_{script}"] if script else []) + [locale.language]:
        found = _locale_or_none(likely.get(key))
        if found is not None:
            script, territory = script or found.script, territory or found.territory
            break
    return locale.language, script or "", territory or ""


def bcp47(code: str) -> str:
    """BCP 47 form (``es_MX`` → ``es-MX``) for HTML lang attributes and output folders."""
    return code.replace("_", "-")


@lru_cache(maxsize=256)
def og_locale(code: str, declared: str | None = None) -> str:
    """Open Graph form (``language_TERRITORY``) of a language code, gettext or BCP 47.

    * A code with a territory keeps it: ``es_MX`` → ``es_MX``, ``pt-BR`` → ``pt_BR``.
    * A code without one keeps ``declared`` (what the article already says,
      e.g. its ``<meta property="og:locale">``) when that names the same
      language and the code has no script either: ``en`` with ``en_GB`` → ``en_GB``.
    * Otherwise the territory comes from CLDR's likely subtags (Babel):
      ``es`` → ``es_ES``, ``en`` → ``en_US``, ``pt`` → ``pt_BR``, ``ar`` → ``ar_EG``,
      ``zh_Hant`` → ``zh_TW``.  The script is dropped (Open Graph has no
      place for it); a language CLDR gives no territory stays bare.
    """
    locale = _locale_or_none(code)
    if locale is None:
        return code.replace("-", "_")
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    own = _locale_or_none(declared) if declared and not locale.script else None
    if own is not None and own.language == locale.language and own.territory:
        return f"{own.language}_{own.territory}"
    from babel.core import get_global

    likely = get_global("likely_subtags")
    for key in ([f"{locale.language}_{locale.script}"] if locale.script else []) + [locale.language]:
        found = _locale_or_none(likely.get(key))
        if found is not None and found.territory:
            return f"{locale.language}_{found.territory}"
    return locale.language


def _locale_or_none(code: str | None) -> Locale | None:
    try:
        return Locale.parse(code.strip().replace("-", "_")) if code and code.strip() else None
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@dataclass
class Config:
    root: Path
    source: str = "en"
    targets: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=lambda: ["articles/**/*.md"])
    articles_root: str = "articles"
    locales: str = "locales"
    output: str = "build"
    segmentation: str = "sentence"
    front_matter_keys: list[str] = field(default_factory=lambda: ["title", "description", "summary"])
    notranslate_classes: list[str] = field(default_factory=lambda: ["notranslate"])
    engine: str = "argos"
    engine_by_language: dict[str, str] = field(default_factory=dict)
    engine_options: dict[str, dict] = field(default_factory=dict)
    include_fuzzy: bool = False
    min_translated: float = 0.0
    fingerprint: str = ""  # the settings as read, for deciding what a run must redo
    memory_threshold: float = 0.75  # similarity for a fuzzy translation-memory match
    memory_exact_fuzzy: bool = False  # mark exact memory matches fuzzy (for review) too
    check: dict = field(default_factory=dict)  # the raw [check] table; presslate.review.checks validates it
    mt_repair: tuple[str, ...] | None = None  # [mt] repair: enabled output repair rules; None = the defaults
    protect_names: bool | None = None  # [mt] protect_names; None = the default (presslate.workflow.mt_prep)
    headings: str | None = None  # [style] headings: sentence | title | keep; None = from the target language
    mt_rules: dict[str, bool] = field(default_factory=dict)  # [mt] dates/numbers/quote_pairs/headline_lists as set
    quote_style: str | None = None  # [style] quotes: cldr | curly; None = the default (presslate.engines.quote_pairs)
    backend: str = "local"  # [run] backend: where translate/build run (presslate.workflow.backends)
    scheduler: str | None = None  # [run] scheduler: a Dask scheduler address; None starts a local cluster
    connect_timeout: float = 10.0  # [run] connect_timeout: seconds to reach the scheduler

    def engine_for(self, lang: str) -> str:
        """The engine that machine-translates into ``lang``."""
        return self.engine_by_language.get(lang, self.engine)

    # -- paths ------------------------------------------------------------

    def article_paths(self) -> list[Path]:
        found: set[Path] = set()
        for pattern in self.articles:
            found.update(p for p in self.root.glob(pattern) if p.is_file())
        return sorted(found)

    def article_id(self, path: Path) -> str:
        """Article id: the path below the articles root, without suffix, '/'-separated."""
        rel = _below(path, self.root / self.articles_root)
        if rel is None:
            raise ConfigError(f"{path} is outside the articles root {self.articles_root!r}")
        article_id = unicodedata.normalize("NFC", Path(rel).with_suffix("").as_posix())
        if not valid_article_id(article_id):
            raise ConfigError(f"{path}: article path {article_id!r} must use letters (of any script), digits, "
                              "'.', '_', '-' and '/', each part starting with a letter, digit or '_'")
        return article_id

    def template_path(self, article_id: str) -> Path:
        return self._inside(self.root / self.locales, "templates", article_id + ".pot")

    def po_path(self, lang: str, article_id: str) -> Path:
        return self._inside(self.root / self.locales, lang, "LC_MESSAGES", article_id + ".po")

    def output_path(self, lang: str, article_path: Path) -> Path:
        rel = _below(article_path, self.root / self.articles_root)
        if rel is None:
            raise ConfigError(f"{article_path} is outside the articles root {self.articles_root!r}")
        return self._inside(self.root / self.output, bcp47(lang), *rel.split(os.sep))

    def reference(self, path: Path) -> str:
        """How PO references name an article: relative to the project root."""
        rel = _below(path, self.root)
        if rel is None:
            raise ConfigError(f"{path} is outside the project {self.root}")
        return Path(rel).as_posix()

    @staticmethod
    def _inside(base: Path, *parts: str) -> Path:
        path = base.joinpath(*parts)
        if _below(path, base) is None:
            raise ConfigError(f"{path} would be outside {base}")
        return path


def _below(path: Path, folder: Path) -> str | None:
    """Where ``path`` lies below ``folder`` once symlinks are resolved ("" for the folder
    itself), or None if it lies elsewhere.  Strings, and folders resolved once per process:
    a run asks this for thousands of files in a few folders."""
    real, base = _real(os.fspath(path)), _real(os.fspath(folder))
    if real == base:
        return ""
    prefix = base if base.endswith(os.sep) else base + os.sep
    return real[len(prefix):] if real.startswith(prefix) else None


def _real(text: str) -> str:
    """``os.path.realpath``, from the cached resolution of the file's folder."""
    folder, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return os.path.realpath(text)
    return os.path.join(_real_folder(os.path.join(os.getcwd(), folder)), name)  # the key never depends on the cwd


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def load(root: Path) -> Config:
    """Read ``presslate.toml`` in ``root``; every problem is a ConfigError/InputError."""
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} in {root.resolve()}; run `presslate init` first")
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), getattr(exc, "lineno", None), f"invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "invalid UTF-8") from None
    return from_dict(root, data, str(path), text)


def from_dict(root: Path, data: dict, where: str = CONFIG_NAME, text: str | None = None) -> Config:
    """The Config of presslate.toml's ``data``; ``text``, the file as written, gives errors their line."""
    from presslate.config_schema import validate

    validate(data, where, text)
    project = data.get("project", {})
    engine = data.get("engine", {})
    build = data.get("build", {})
    front = data.get("front_matter", {})
    # Where a run executes never changes its output, so [run] is not part of the fingerprint.
    cfg = Config(root=root, fingerprint=json.dumps({k: v for k, v in data.items() if k != "run"}, sort_keys=True, default=str))
    cfg.source = normalize_language(_get(project, "source", str, cfg.source, where))
    cfg.targets = [normalize_language(t) for t in _get(project, "targets", list, [], where)]
    if not cfg.targets:
        raise ConfigError(f"{where}: [project] targets must list at least one language")
    for i, target in enumerate(cfg.targets):
        if same_locale(target, cfg.source):
            raise ConfigError(f"{where}: the source language {cfg.source} is also a target ({target})")
        twin = next((t for t in cfg.targets[:i] if same_locale(t, target)), None)
        if twin is not None:
            same = f"{target} twice" if twin == target else f"{twin} and {target}, which name one locale"
            raise ConfigError(f"{where}: [project] targets lists {same}; list each language once")
    cfg.articles = _get(project, "articles", list, cfg.articles, where)
    cfg.articles_root = _get(project, "articles_root", str, cfg.articles_root, where)
    cfg.locales = _get(project, "locales", str, cfg.locales, where)
    cfg.output = _get(project, "output", str, cfg.output, where)
    cfg.segmentation = _get(project, "segmentation", str, cfg.segmentation, where)
    if cfg.segmentation not in SEGMENTATION_MODES:
        raise ConfigError(f"{where}: segmentation must be one of {', '.join(SEGMENTATION_MODES)}")
    cfg.front_matter_keys = _get(front, "translatable", list, cfg.front_matter_keys, where)
    cfg.notranslate_classes = _get(data.get("html", {}), "notranslate_classes", list, cfg.notranslate_classes, where)
    cfg.engine = _get(engine, "name", str, cfg.engine, where)
    by_language = _get(engine, "by_language", dict, {}, where)
    cfg.engine_by_language = {normalize_language(k): v for k, v in by_language.items()}
    cfg.engine_options = {k: v for k, v in engine.items() if isinstance(v, dict) and k != "by_language"}
    memory = data.get("memory", {})
    cfg.memory_threshold = float(_get(memory, "threshold", (int, float), cfg.memory_threshold, where))
    if not 0 < cfg.memory_threshold <= 1:
        raise ConfigError(f"{where}: [memory] threshold must be between 0 and 1 (e.g. 0.75)")
    cfg.memory_exact_fuzzy = _get(memory, "exact_fuzzy", bool, cfg.memory_exact_fuzzy, where)
    cfg.check = _get(data, "check", dict, {}, where)
    _read_mt(cfg, data, where)
    _read_run(cfg, data, where)
    cfg.include_fuzzy = _get(build, "include_fuzzy", bool, cfg.include_fuzzy, where)
    cfg.min_translated = float(_get(build, "min_translated", (int, float), cfg.min_translated, where))
    return cfg


def _read_mt(cfg: Config, data: dict, where: str) -> None:
    """[mt] repair / protect_names and [style] headings, checked against what presslate knows."""
    from presslate.engines.quote_pairs import QUOTE_STYLES
    from presslate.engines.repair import RULES
    from presslate.headline import HEADING_STYLES

    mt = _get(data, "mt", dict, {}, where)
    known = ("repair", "protect_names", *MT_RULES)
    for key in mt:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} in [mt] (known: {', '.join(known)})")
    if "repair" in mt:
        rules = _get(mt, "repair", list, [], where)
        for rule in rules:
            if not isinstance(rule, str) or rule not in RULES:
                raise ConfigError(f"{where}: [mt] repair: unknown rule {rule!r} (known: {', '.join(RULES)}; [] for none)")
        cfg.mt_repair = tuple(dict.fromkeys(rules))
    if "protect_names" in mt:
        cfg.protect_names = _get(mt, "protect_names", bool, False, where)
    for key in MT_RULES:
        if key in mt:
            cfg.mt_rules[key] = _get(mt, key, bool, False, where)
    style = _get(data, "style", dict, {}, where)
    for key in style:
        if key not in ("headings", "quotes"):
            raise ConfigError(f"{where}: unknown key {key!r} in [style] (known: headings, quotes)")
    if "quotes" in style:
        value = _get(style, "quotes", str, "", where)
        if value not in QUOTE_STYLES:
            raise ConfigError(f"{where}: [style] quotes must be one of {', '.join(QUOTE_STYLES)}, not {value!r}")
        cfg.quote_style = value
    if "headings" in style:
        value = _get(style, "headings", str, "", where)
        if value not in HEADING_STYLES:
            raise ConfigError(f"{where}: [style] headings must be one of {', '.join(HEADING_STYLES)}, not {value!r}")
        cfg.headings = value


BACKENDS = ("local", "dask")  # presslate.workflow.backends implements them


def _read_run(cfg: Config, data: dict, where: str) -> None:
    """[run] backend / scheduler / connect_timeout."""
    run = _get(data, "run", dict, {}, where)
    for key in run:
        if key not in ("backend", "scheduler", "connect_timeout"):
            raise ConfigError(f"{where}: unknown key {key!r} in [run] (known: backend, scheduler, connect_timeout)")
    cfg.backend = _get(run, "backend", str, cfg.backend, where)
    if cfg.backend not in BACKENDS:
        raise ConfigError(f"{where}: [run] backend must be one of {', '.join(BACKENDS)}, not {cfg.backend!r}")
    if "scheduler" in run:
        cfg.scheduler = _get(run, "scheduler", str, "", where) or None
    cfg.connect_timeout = float(_get(run, "connect_timeout", (int, float), cfg.connect_timeout, where))
    if cfg.connect_timeout <= 0:
        raise ConfigError(f"{where}: [run] connect_timeout must be a positive number of seconds")


def _get(table: dict, key: str, kind, default, where: str):
    value = table.get(key, default)
    if not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else "number"
        raise ConfigError(f"{where}: {key} must be a {name}, not {value!r}")
    return value


def render_config(source: str, targets: list[str], engine: str = "argos") -> str:
    """The presslate.toml that ``presslate init`` writes, with every key shown."""
    target_list = ", ".join(f'"{t}"' for t in targets)
    return f"""# presslate project settings; see presslate's docs/configuration.md.
[project]
source = "{source}"
targets = [{target_list}]
articles = ["articles/**/*.md"]   # globs, relative to this file; also *.html, *.htm, *.txt
articles_root = "articles"        # article ids are paths below this folder
locales = "locales"               # PO files: locales/<lang>/LC_MESSAGES/<article-id>.po
output = "build"                  # presslate build writes build/<lang>/<article path>
segmentation = "sentence"         # or "paragraph": one PO entry per block

[front_matter]
translatable = ["title", "description", "summary"]

[html]
notranslate_classes = ["notranslate"]  # besides translate="no"

[engine]
name = "{engine}"                 # argos, apertium or pseudo
# by_language = {{ fr = "pseudo" }}  # another engine for some targets

[mt]                              # what happens around the engine call (docs/engines.md)
# repair = ["compounds", "quotes", "inverted", "spaces"]   # output repair rules; [] for none
# protect_names = false           # true: multi-word names found in the articles stay untranslated
# dates = true                    # dates and clock times written in the target's CLDR form
# numbers = true                  # 80,000 / 4.5% written with the target's grouping and decimal marks
# quote_pairs = true              # the source's quotations restored as a pair, target's marks and punctuation
# headline_lists = true           # Title Case runs that are not headings (related stories) sent in sentence case
# keep_names = true               # names a newsroom keeps in English (people, publications, products) stay untranslated
# name_modifiers = true           # "the Debian project" sent as "the project of Debian" to Romance targets

[style]
# headings = "sentence"           # sentence | title | keep; default: title for English, sentence otherwise
# quotes = "cldr"                 # quotation marks of quote_pairs: cldr (« » in es, „ “ in de) | curly (“ ”)

[memory]
threshold = 0.75                  # reuse a reviewed translation of a sentence this similar (fuzzy)
exact_fuzzy = false               # true: exact matches also wait for review

[build]
include_fuzzy = false             # also use machine translations not yet reviewed
min_translated = 0                # skip article/language pairs below this percentage

[run]
backend = "local"                 # or "dask": run on a Dask cluster (pip install 'presslate[dask]')
# scheduler = "tcp://10.0.0.5:8786"  # none: the dask backend starts a local cluster of --jobs workers
"""


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
