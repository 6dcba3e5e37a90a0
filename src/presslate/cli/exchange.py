"""Exchange with CAT tools: the translation memory as TMX, PO files as XLIFF."""

from __future__ import annotations

from pathlib import Path

import click

from presslate.cli.common import languages, load_config, print_report
from presslate.workflow.lock import project_lock


@click.group()
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
    from presslate.memory.store import Memory
    from presslate.memory.tmx import export_tmx

    cfg = load_config(ctx)
    target = languages(cfg, (lang,))[0] if lang else None
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
    from presslate.memory.store import Memory
    from presslate.memory.tmx import import_tmx

    cfg = load_config(ctx)
    with project_lock(cfg.root), Memory.for_project(cfg.root) as mem:
        count = import_tmx(mem, path)
    click.echo(f"imported {count} translation units from {path}")


@click.command("export")
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
    from presslate.catalog.xliff import export_xliff

    cfg = load_config(ctx)
    report = export_xliff(cfg, dest, languages(cfg, langs), list(articles) or None)
    print_report(ctx, report)


@click.command("import")
@click.option("--xliff", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="XLIFF 2.0 file exported by presslate and edited in a CAT tool.")
@click.pass_context
def import_(ctx, path: Path) -> None:
    """Copy the translations of an XLIFF 2.0 file back into its PO files.

    Stale units (the English changed since the export) and refused ones
    (placeholders do not match) are listed and left alone; exit code 1 if
    there are any. Example: presslate import --xliff from-translator/es/2026/storm.xlf
    """
    from presslate.catalog.xliff_import import import_xliff

    cfg = load_config(ctx)
    with project_lock(cfg.root):
        report = import_xliff(cfg, path)
    print_report(ctx, report)


COMMANDS = (memory, export, import_)
