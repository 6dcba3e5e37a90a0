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
@click.option("--force", is_flag=True, help="Overwrite the file even if it holds pairs the memory does not have.")
@click.pass_context
def memory_export(ctx, path: Path, lang: str | None, force: bool) -> None:
    """Write every translation in the memory to a TMX file (for OmegaT, Trados, memoQ…).

    A file already there that is not TMX, or holds pairs the memory does not
    have (a delivery not imported yet), is left as it is (exit code 1) unless
    --force. Example: presslate memory export --tmx newsroom-es.tmx --lang es
    """
    from presslate.fileio import WriteConflict
    from presslate.memory.store import Memory
    from presslate.memory.tmx import export_tmx, overwrite_problem

    cfg = load_config(ctx)
    target = languages(cfg, (lang,))[0] if lang else None
    with Memory.for_project(cfg.root) as mem:
        before = path.read_bytes() if path.is_file() else None
        problem = None if force else overwrite_problem(mem, path)
        if problem:
            click.echo(f"{problem}; nothing written", err=True)
            ctx.exit(1)
        try:
            count = export_tmx(mem, path, src_lang=cfg.source, tgt_lang=target, **({} if force else {"expected": before}))
        except WriteConflict:
            click.echo(f"{path}: changed by someone while the export ran; nothing written: export again", err=True)
            ctx.exit(1)
    click.echo(f"wrote {count} translation {'unit' if count == 1 else 'units'} to {path}")


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
    click.echo(f"imported {count} translation {'unit' if count == 1 else 'units'} from {path}")


@click.command("export")
@click.option("--xliff", "dest", type=click.Path(path_type=Path), required=True,
              help="Folder (gets <lang>/<article id>.xlf) or one .xlf/.xliff file (one --article, one --lang).")
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only this article, e.g. articles/2026/storm.md (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite documents at the destination even if they hold translations "
                                            "not imported yet.")
@click.pass_context
def export(ctx, dest: Path, langs, articles, force: bool) -> None:
    """Write the PO files as XLIFF 2.0 for a CAT tool, one document per article and language.

    States: untranslated → initial, fuzzy → translated, reviewed → reviewed.
    A document already there that holds translations not imported yet is not
    overwritten (exit code 1, nothing written) unless --force.
    Example: presslate export --xliff to-translator/ --lang es
    """
    from presslate.catalog.xliff_export import export_xliff

    cfg = load_config(ctx)
    report = export_xliff(cfg, dest, languages(cfg, langs), list(articles) or None, force=force)
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
