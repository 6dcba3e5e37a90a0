"""Commands over the project's articles: init, translate, status, build."""

from __future__ import annotations

import json
import sys
import tomllib
from contextlib import ExitStack
from pathlib import Path

import click

from presslate import config as config_mod
from presslate.cli.common import (
    EXIT_CHECKS_FAILED,
    backend_option,
    force_option,
    jobs_option,
    languages,
    load_config,
    open_backend,
    print_report,
    scheduler_option,
    wait_option,
)
from presslate.engines import ENGINE_NAMES, get_engine
from presslate.fileio import WriteConflict, write_atomic
from presslate.report import counted
from presslate.workflow.lock import project_lock


@click.command()
@click.option("--source", default="en", show_default=True, help="Language the articles are written in.")
@click.option("--target", "targets", multiple=True, required=True, help="A language to translate into (repeatable).")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default=None,
              help="Machine translation engine [default: argos if it has a model for every target, "
                   "else apertium if it has every pair, else argos].")
@click.option("--force", is_flag=True, help="Overwrite an existing presslate.toml.")
@click.pass_context
def init(ctx: click.Context, source: str, targets: tuple[str, ...], engine: str | None, force: bool) -> None:
    """Write presslate.toml for a new project.

    Example: presslate init --source en --target es --target fr
    """
    root: Path = ctx.obj
    path = root / config_mod.CONFIG_NAME
    if path.exists() and not force:
        raise config_mod.ConfigError(f"{path} already exists (use --force to overwrite)")
    before = path.read_bytes() if path.is_file() else None  # what --force overwrites, and nothing else
    source_code = config_mod.normalize_language(source)
    target_codes = [config_mod.normalize_language(t) for t in targets]
    config_mod.from_dict(root, tomllib.loads(config_mod.render_config(source_code, target_codes)))  # input errors first
    why = ""
    if engine is None:
        from presslate.engines.availability import default_engine

        engine, why = default_engine(source_code, target_codes)
    text = config_mod.render_config(source_code, target_codes, engine)
    config_mod.from_dict(root, tomllib.loads(text))  # the file we write must load
    try:
        write_atomic(path, text.encode("utf-8"), expected=before)
    except WriteConflict:
        click.echo(f"not written: {path} was saved by someone while init ran; left as it is", err=True)
        ctx.exit(EXIT_CHECKS_FAILED)
    click.echo(f"wrote {path} (source {source_code}, targets {', '.join(target_codes)}, engine {engine})")
    if why:
        click.echo(f"engine {engine}: {why}")


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), help="Override the configured engine.")
@click.option("--no-mt", is_flag=True,
              help="Only update the PO files (and fill from the translation memory); new entries stay empty.")
@jobs_option
@force_option
@wait_option
@backend_option
@scheduler_option
@click.argument("articles", nargs=-1)
@click.pass_context
def translate(ctx, langs, engine, no_mt, jobs, force, wait, backend, scheduler, articles) -> None:
    """Extract segments, update PO files, machine-translate new entries (marked fuzzy).

    Example: presslate translate --lang es articles/2026/storm.md
    """
    from presslate.workflow.translate import translate as translate_project

    if no_mt and engine:
        raise click.UsageError("--engine and --no-mt exclude each other")
    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    loaded: dict[str, object] = {}

    def engine_for(lang: str):
        name = engine or cfg.engine_for(lang)
        if name not in loaded:
            loaded[name] = get_engine(name, cfg.engine_options.get(name))
        return loaded[name]

    names = [] if no_mt else sorted({engine or cfg.engine_for(lang) for lang in targets})
    bars: list = []

    with ExitStack() as stack:
        # Connected before the lock is taken: an unreachable scheduler leaves the project untouched.
        runner = stack.enter_context(open_backend(cfg, backend, scheduler, jobs))
        stack.enter_context(project_lock(cfg.root, wait))

        def on_start(total: int) -> None:
            if sys.stderr.isatty() and total:
                label = f"machine-translating ({', '.join(names)})"
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr)))

        report = translate_project(
            cfg, None if no_mt else engine_for, targets, list(articles) or None,
            progress=lambda n: bars[0].update(n) if bars else None, on_start=on_start, jobs=jobs, force=force,
            backend=runner,
        )
    click.echo(translate_summary(report, len(targets), names))
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for path in report.remerged:
        click.echo(f"{cfg.reference(path)}: saved by someone during the run; their entries were kept and merged")
    for conflict in report.conflicts:
        click.echo(f"not written: {conflict}", err=True)
    if report.conflicts:
        ctx.exit(EXIT_CHECKS_FAILED)


def translate_summary(report, languages: int, names: list[str]) -> str:
    """What translate did, every empty entry accounted for: filled from memory, by the engine, or left empty."""
    m, filled = report.merge, report.filled
    to_fill = sum(filled.values())
    rate = report.machine_translated / report.mt_seconds if report.mt_seconds > 0 else 0.0
    if names:
        machine = (f"{filled['machine']} machine-translated ({report.mt_cached} from the MT cache, "
                   f"{counted(report.machine_translated, 'sentence')} machine-translated by {', '.join(names)} in "
                   f"{report.mt_seconds:.1f}s, {rate:.1f} segments/s, {counted(report.fallbacks, 'fallback')})")
        why = "the engine's output broke the markup or lost a name and was dropped; the next run tries again"
    else:
        machine = "no machine translation (--no-mt)"
        why = "--no-mt; the next run with an engine fills them"
    empty = f", {filled['empty']} left empty ({why})" if filled["empty"] else ", 0 left empty"
    return (
        f"{counted(report.articles, 'article')} ({report.skipped} unchanged), {counted(languages, 'language')}: "
        f"{m.kept} kept, {m.fuzzy} fuzzy from source changes, {m.new} new, {m.obsoleted} obsolete; "
        f"memory: {report.tm_exact} exact, {report.tm_fuzzy} fuzzy"
        + (f" ({report.tm_repaired} with numbers, dates or names carried over); " if report.tm_repaired else "; ")
        + f"{counted(to_fill, 'empty entry', 'empty entries')} to fill: {filled['memory']} from memory, {machine}{empty}; "
        + (f"{counted(report.retranslated, 'machine translation')} redone for a glossary change; "
           if report.retranslated else "")
        + f"{counted(len(report.written), 'file')} written"
    )


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Review progress per article and language, in entries and source words.

    Columns: reviewed; edited (a person's translation, not yet marked
    reviewed); aligned (the archive's translation that `presslate align`
    paired with this English, not reviewed); machine (unreviewed MT);
    changed (fuzzy because the English changed); refused (marked reviewed,
    but build refuses it and uses the English); untranslated; obsolete; the percentage of the article's words
    reviewed ("no text" if it has none); and `presslate check` errors and warnings.
    Example: presslate status --json
    """
    from presslate.review import glossary as glossary_mod
    from presslate.review import qa
    from presslate.review import status as review_status
    from presslate.review.check_cache import CheckCache, settings_digest
    from presslate.review.progress import format_percent
    from presslate.workflow.articles import parse_article

    cfg = load_config(ctx)
    settings = qa.Settings.from_table(cfg.check, config_mod.CONFIG_NAME)
    glossary = glossary_mod.for_project(cfg.root)

    def findings(po, path, lang, fmt):
        return qa.check_file(po, path, cfg.source, lang, glossary, settings, fmt=fmt)

    def parse(article_id, path):
        return parse_article(cfg, article_id, path).doc

    def read(path):
        return path.read_bytes() if path.is_file() else None

    cache = CheckCache(cfg.root, settings_digest(read(cfg.root / config_mod.CONFIG_NAME),
                                                 read(cfg.root / glossary_mod.GLOSSARY_NAME)))
    rows = review_status.status(cfg, languages(cfg, langs), parse, findings, cache)
    total = review_status.status_total(rows)
    if as_json:
        click.echo(json.dumps({"rows": [r.to_dict() for r in rows], "total": total.to_dict()}, indent=2,
                              ensure_ascii=False))
        return
    states = review_status.STATES
    click.echo(f"{'article':<36} {'lang':<6} " + " ".join(f"{s:>14}" for s in states) + f" {'reviewed':>8} {'checks':>9}")
    for r in rows + [total]:
        cells = " ".join(f"{f'{r.entries[s]}/{r.words[s]}w':>14}" for s in states)
        click.echo(f"{r.article:<36} {r.lang:<6} {cells} {format_percent(r.percent_reviewed):>8} {f'{r.errors}E {r.warnings}W':>9}")
    if total.entries["aligned"]:
        click.echo(f"aligned: {counted(total.entries['aligned'], 'entry', 'entries')} "
                   f"({counted(total.words['aligned'], 'word')}) from the aligned archive, not reviewed: "
                   "a program paired them; a translator confirms or edits each")


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--include-fuzzy/--reviewed-only", default=None, help="Also use machine translations not yet reviewed.")
@click.option("--min-translated", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Skip an article/language below this percentage of translated words.")
@click.option("--strict", is_flag=True, help="Write nothing if any translation is refused.")
@jobs_option
@force_option
@wait_option
@backend_option
@scheduler_option
@click.pass_context
def build(ctx, langs, include_fuzzy, min_translated, strict, jobs, force, wait, backend, scheduler) -> None:
    """Write localized articles to <output>/<lang>/ from the PO files.

    Example: presslate build --lang es --include-fuzzy
    """
    from presslate.workflow.build import build as build_project

    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    with open_backend(cfg, backend, scheduler, jobs) as runner, project_lock(cfg.root, wait):
        report = build_project(
            cfg, targets,
            cfg.include_fuzzy if include_fuzzy is None else include_fuzzy,
            cfg.min_translated if min_translated is None else min_translated,
            strict, jobs=jobs, force=force, backend=runner,
        )
    print_report(ctx, report)


COMMANDS = (init, translate, status, build)
