"""Command line: parse options, call the workflow, print results.

Exit codes: 0 ok, 1 checks failed (a translation was refused), 2 usage or
input error (nothing was written).

Each command imports the workflow modules it needs when it runs, so start-up
(and ``--help``) does not pay for formats, checks or Jinja2 it never uses.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from contextlib import ExitStack
from pathlib import Path

import click

from presslate import __version__
from presslate import config as config_mod
from presslate.cli_glossary import glossary
from presslate.cli_models import models
from presslate.engines import ENGINE_NAMES, EngineError, get_engine
from presslate.errors import PresslateError
from presslate.fileio import write_atomic
from presslate.lock import project_lock

EXIT_CHECKS_FAILED = 1
EXIT_INPUT_ERROR = 2

jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="number of cores",
    help="Articles processed in parallel (the output is the same for any value).",
)
force_option = click.option("--force", is_flag=True, help="Redo every article, even those unchanged since the last run.")
wait_option = click.option(
    "--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
    help="Wait this long for another presslate run on the project to finish.",
)


class _Group(click.Group):
    """Turns presslate's own errors into a one-line message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (PresslateError, EngineError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="presslate")
@click.option(
    "-C", "--project", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Project folder (the one holding presslate.toml).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Localize articles through gettext PO files and offline machine translation."""
    ctx.obj = root


def _config(ctx: click.Context) -> config_mod.Config:
    return config_mod.load(ctx.obj)


def _languages(cfg: config_mod.Config, requested: tuple[str, ...]) -> list[str]:
    langs = [config_mod.normalize_language(code) for code in requested] or cfg.targets
    unknown = [lang for lang in langs if lang not in cfg.targets]
    if unknown:
        raise config_mod.ConfigError(f"{', '.join(unknown)} not among the project's targets ({', '.join(cfg.targets)})")
    return langs


main.add_command(models)
main.add_command(glossary)


@main.command()
@click.option("--source", default="en", show_default=True, help="Language the articles are written in.")
@click.option("--target", "targets", multiple=True, required=True, help="A language to translate into (repeatable).")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default="argos", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing presslate.toml.")
@click.pass_context
def init(ctx: click.Context, source: str, targets: tuple[str, ...], engine: str, force: bool) -> None:
    """Write presslate.toml for a new project.

    Example: presslate init --source en --target es --target fr
    """
    root: Path = ctx.obj
    path = root / config_mod.CONFIG_NAME
    if path.exists() and not force:
        raise config_mod.ConfigError(f"{path} already exists (use --force to overwrite)")
    source_code = config_mod.normalize_language(source)
    target_codes = [config_mod.normalize_language(t) for t in targets]
    text = config_mod.render_config(source_code, target_codes, engine)
    config_mod.from_dict(root, tomllib.loads(text))  # the file we write must load
    write_atomic(path, text.encode("utf-8"))
    click.echo(f"wrote {path} (source {source_code}, targets {', '.join(target_codes)}, engine {engine})")


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), help="Override the configured engine.")
@click.option("--no-mt", is_flag=True,
              help="Only update the PO files (and fill from the translation memory); new entries stay empty.")
@jobs_option
@force_option
@wait_option
@click.argument("articles", nargs=-1)
@click.pass_context
def translate(ctx, langs, engine, no_mt, jobs, force, wait, articles) -> None:
    """Extract segments, update PO files, machine-translate new entries (marked fuzzy).

    Example: presslate translate --lang es articles/2026/storm.md
    """
    from presslate import project

    if no_mt and engine:
        raise click.UsageError("--engine and --no-mt exclude each other")
    cfg = _config(ctx)
    targets = _languages(cfg, langs)
    loaded: dict[str, object] = {}

    def engine_for(lang: str):
        name = engine or cfg.engine_for(lang)
        if name not in loaded:
            loaded[name] = get_engine(name, cfg.engine_options.get(name))
        return loaded[name]

    names = [] if no_mt else sorted({engine or cfg.engine_for(lang) for lang in targets})
    bars: list = []

    with ExitStack() as stack:
        stack.enter_context(project_lock(cfg.root, wait))

        def on_start(total: int) -> None:
            if sys.stderr.isatty() and total:
                label = f"machine-translating ({', '.join(names)})"
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr)))

        report = project.translate(
            cfg, None if no_mt else engine_for, targets, list(articles) or None,
            progress=lambda n: bars[0].update(n) if bars else None, on_start=on_start, jobs=jobs, force=force,
        )
    m = report.merge
    rate = report.machine_translated / report.mt_seconds if report.mt_seconds > 0 else 0.0
    click.echo(
        f"{report.articles} articles ({report.skipped} unchanged), {len(targets)} languages: {m.kept} kept, "
        f"{m.fuzzy} fuzzy from source changes, {m.new} new, {m.obsoleted} obsolete; memory: {report.tm_exact} exact, "
        f"{report.tm_fuzzy} fuzzy; "
        + (f"{report.mt_cached} from the MT cache; {report.machine_translated} machine-translated by "
           f"{', '.join(names)} in {report.mt_seconds:.1f}s ({rate:.1f} segments/s), {report.fallbacks} fallbacks; "
           if names else "no machine translation (--no-mt); ")
        + f"{len(report.written)} files written"
    )


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Review progress per article and language, in entries and source words.

    Columns: reviewed, machine (unreviewed MT), changed (fuzzy because the
    English changed), untranslated, obsolete; the percentage of words
    reviewed; and the number of `presslate check` errors and warnings.
    Example: presslate status --json
    """
    from presslate import glossary as glossary_mod
    from presslate import project, qa

    cfg = _config(ctx)
    settings = qa.Settings.from_table(cfg.check, config_mod.CONFIG_NAME)
    glossary = glossary_mod.for_project(cfg.root)

    def findings(po, path, lang, fmt):
        return qa.check_file(po, path, cfg.source, lang, glossary, settings, fmt=fmt)

    rows = project.status(cfg, _languages(cfg, langs), findings)
    total = project.status_total(rows)
    if as_json:
        click.echo(json.dumps({"rows": [r.to_dict() for r in rows], "total": total.to_dict()}, indent=2,
                              ensure_ascii=False))
        return
    states = project.STATES
    click.echo(f"{'article':<36} {'lang':<6} " + " ".join(f"{s:>14}" for s in states) + f" {'reviewed':>8} {'checks':>9}")
    for r in rows + [total]:
        cells = " ".join(f"{f'{r.entries[s]}/{r.words[s]}w':>14}" for s in states)
        click.echo(f"{r.article:<36} {r.lang:<6} {cells} {r.percent_reviewed:>7.0f}% {f'{r.errors}E {r.warnings}W':>9}")


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--include-fuzzy/--reviewed-only", default=None, help="Also use machine translations not yet reviewed.")
@click.option("--min-translated", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Skip an article/language below this percentage of translated words.")
@click.option("--strict", is_flag=True, help="Write nothing if any translation is refused.")
@jobs_option
@force_option
@wait_option
@click.pass_context
def build(ctx, langs, include_fuzzy, min_translated, strict, jobs, force, wait) -> None:
    """Write localized articles to <output>/<lang>/ from the PO files.

    Example: presslate build --lang es --include-fuzzy
    """
    from presslate import project

    cfg = _config(ctx)
    with project_lock(cfg.root, wait):
        report = project.build(
            cfg, _languages(cfg, langs),
            cfg.include_fuzzy if include_fuzzy is None else include_fuzzy,
            cfg.min_translated if min_translated is None else min_translated,
            strict, jobs=jobs, force=force,
        )
    for line in report.skipped:
        click.echo(f"skipped {line}")
    for refusal in report.refusals:
        click.echo(f"refused {refusal}", err=True)
    if strict and report.refusals:
        click.echo(f"--strict: {len(report.refusals)} translations refused; nothing written", err=True)
        ctx.exit(EXIT_CHECKS_FAILED)
    click.echo(f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.skipped)} skipped")
    if report.refusals:
        ctx.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable); the source is always published.")
@click.option("--min-reviewed", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Publish a version only if this percentage of its words is reviewed ([publish] min_reviewed).")
@click.option("--allow-machine/--reviewed-only", default=None,
              help="Fill unreviewed parts with machine translations, with a visible notice.")
@click.option("--force", is_flag=True, help="Write into a non-empty output folder presslate did not create.")
@wait_option
@click.pass_context
def publish(ctx, langs, min_reviewed, allow_machine, force, wait) -> None:
    """Write the multilingual static site: pages, language switchers, hreflang, sitemap.

    Example: presslate publish --min-reviewed 80 --allow-machine
    """
    from presslate.publish import publish_site

    cfg = _config(ctx)
    with project_lock(cfg.root, wait):
        report = publish_site(
            cfg, _languages(cfg, langs) if langs else None,
            min_reviewed=min_reviewed, allow_machine=allow_machine, force=force,
        )
    for skipped in report.skipped:
        click.echo(f"not published {skipped}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for refusal in report.refusals:
        click.echo(f"refused {refusal}", err=True)
    click.echo(
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.skipped)} versions not published"
    )
    if report.refusals:
        ctx.exit(EXIT_CHECKS_FAILED)


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only this article, e.g. articles/2026/storm.md (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--require-reviewed", is_flag=True, help="Untranslated and fuzzy entries are errors too.")
@click.pass_context
def check(ctx, langs, articles, as_json, require_reviewed) -> None:
    """Check translations: placeholders, links, URLs, numbers, glossary, punctuation…

    Prints file:line: [check] findings; exits 1 if any finding is an error.
    Example: presslate check --lang es --require-reviewed
    """
    from presslate import glossary as glossary_mod
    from presslate import project, qa

    cfg = _config(ctx)
    targets = _languages(cfg, langs)
    settings = qa.Settings.from_table(cfg.check, config_mod.CONFIG_NAME)
    glossary = glossary_mod.for_project(cfg.root)
    findings: list = []
    catalogs = 0
    for article in project.load_articles(cfg, list(articles) or None):
        for lang in targets:
            po_path = cfg.po_path(lang, article.id)
            po = project.read_po(po_path, cfg)
            if po is None:
                continue
            catalogs += 1
            findings += qa.check_file(po, cfg.reference(po_path), cfg.source, lang, glossary, settings,
                                      require_reviewed, fmt=article.doc.format)
    errors = sum(f.severity == "error" for f in findings)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{catalogs} catalogs checked: {errors} errors, {len(findings) - errors} warnings")
    if errors:
        ctx.exit(EXIT_CHECKS_FAILED)


@main.group()
def memory() -> None:
    """The translation memory (.presslate/memory.sqlite): exchange it with CAT tools as TMX 1.4b."""


@memory.command("export")
@click.option("--tmx", "path", type=click.Path(dir_okay=False, path_type=Path), required=True, help="TMX file to write.")
@click.option("-l", "--lang", default=None, help="Only this target language.")
@click.pass_context
def memory_export(ctx, path: Path, lang: str | None) -> None:
    """Write every reviewed translation to a TMX file (for OmegaT, Trados, memoQ…).

    Example: presslate memory export --tmx newsroom-es.tmx --lang es
    """
    from presslate.memory import Memory
    from presslate.tmx import export_tmx

    cfg = _config(ctx)
    target = _languages(cfg, (lang,))[0] if lang else None
    with Memory.for_project(cfg.root) as mem:
        count = export_tmx(mem, path, src_lang=cfg.source, tgt_lang=target)
    click.echo(f"wrote {count} translation units to {path}")


@memory.command("import")
@click.option("--tmx", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="TMX file to read.")
@click.pass_context
def memory_import(ctx, path: Path) -> None:
    """Add the translation units of a TMX file to the memory (all or nothing).

    Example: presslate memory import --tmx vendor-delivery.tmx
    """
    from presslate.memory import Memory
    from presslate.tmx import import_tmx

    cfg = _config(ctx)
    with project_lock(cfg.root), Memory.for_project(cfg.root) as mem:
        count = import_tmx(mem, path)
    click.echo(f"imported {count} translation units from {path}")


@main.command("export")
@click.option("--xliff", "dest", type=click.Path(path_type=Path), required=True,
              help="Folder (gets <lang>/<article id>.xlf) or one .xlf/.xliff file (one --article, one --lang).")
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only this article, e.g. articles/2026/storm.md (repeatable).")
@click.pass_context
def export(ctx, dest: Path, langs, articles) -> None:
    """Write the PO files as XLIFF 2.0 for a CAT tool, one document per article and language.

    States: untranslated → initial, fuzzy → translated, reviewed → reviewed.
    Example: presslate export --xliff to-translator/ --lang es
    """
    from presslate.xliff import export_xliff

    cfg = _config(ctx)
    report = export_xliff(cfg, dest, _languages(cfg, langs), list(articles) or None)
    for reason in report.skipped:
        click.echo(f"skipped {reason}", err=True)
    click.echo(report.summary())


@main.command("import")
@click.option("--xliff", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="XLIFF 2.0 file exported by presslate and edited in a CAT tool.")
@click.pass_context
def import_(ctx, path: Path) -> None:
    """Copy the translations of an XLIFF 2.0 file back into its PO files.

    Stale units (the English changed since the export) and refused ones
    (placeholders do not match) are listed and left alone; exit code 1 if
    there are any. Example: presslate import --xliff from-translator/es/2026/storm.xlf
    """
    from presslate.xliff import import_xliff

    cfg = _config(ctx)
    with project_lock(cfg.root):
        report = import_xliff(cfg, path)
    for result in report.stale + report.refused:
        click.echo(str(result), err=True)
    click.echo(report.summary())
    if report.stale or report.refused:
        ctx.exit(EXIT_CHECKS_FAILED)
