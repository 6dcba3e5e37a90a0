"""presslate align: an archive of existing translations into the memory, or one article's PO file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from presslate.cli.common import EXIT_CHECKS_FAILED, languages, load_config, print_report, wait_option


@click.command("align")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-l", "--lang", default=None, help="Language of the translations (default: the project's only target).")
@click.option("--po", "article", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Instead of the memory: write this project article's PO file from its translation (PATHS: that file).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Pairs below this confidence stay out of the memory (default 0.5).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable counts.")
@wait_option
@click.pass_context
def align(ctx, paths: tuple[Path, ...], lang: str | None, article: Path | None, min_confidence: float | None,
          as_json: bool, wait: float) -> None:
    """Align existing translations into the translation memory.

    PATHS is an English article and its translation (EN_FILE ES_FILE), or
    folders of pairs laid out as for eval (<slug>/en.* beside <slug>/es.*).
    Blocks are paired by structure, then sentences by length and shared
    numbers, names, links and code; each pair goes into the memory marked
    "aligned from FILE" with its confidence.  Aligning the same files again
    changes nothing.  Exit 1 when a pair looks like no translation of its
    article (few blocks paired).

    Example: presslate align archive/   |   presslate align --po articles/2026/storm.md old/storm.es.md
    """
    from presslate.align import archive
    from presslate.memory.store import Memory
    from presslate.workflow.lock import project_lock

    cfg = load_config(ctx)
    if lang:
        target = languages(cfg, (lang,))[0]
    elif len(cfg.targets) == 1:
        target = cfg.targets[0]
    else:
        raise click.UsageError(f"the project has several targets ({', '.join(cfg.targets)}): pass --lang")
    if article is not None:
        if len(paths) != 1 or not paths[0].is_file():
            raise click.UsageError("--po ARTICLE takes one translation file: presslate align --po ARTICLE ES_FILE")
        from presslate.align.gettextize import gettextize

        with project_lock(cfg.root, wait):
            report = gettextize(cfg, article, paths[0], target)
        if as_json:
            click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
            if report.failed:
                ctx.exit(EXIT_CHECKS_FAILED)
            return
        print_report(ctx, report)
        return
    pairs = _pairs(paths, cfg.source, target)
    threshold = archive.THRESHOLD if min_confidence is None else min_confidence
    from presslate.formats import Options

    options = Options(cfg.source, cfg.segmentation, cfg.front_matter_keys, cfg.notranslate_classes)
    if len(pairs) > 1 and not as_json:
        with click.progressbar(length=len(pairs), label="aligning", file=sys.stderr) as bar:
            alignments = archive.align_all(pairs, cfg.source, target, options, lambda: bar.update(1))
    else:
        alignments = archive.align_all(pairs, cfg.source, target, options)
    with project_lock(cfg.root, wait), Memory.for_project(cfg.root) as memory:
        report = archive.store(memory, alignments, cfg.source, target, threshold)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for problem in report.poorly_paired:
            click.echo(f"warning: {problem}", err=True)
        click.echo(f"aligned {report.pairs} article pair(s): {report.units} translation pairs found, "
                   f"{report.added} added to the memory, {report.known} already there, "
                   f"{report.low_confidence} below confidence {threshold} left out, "
                   f"{report.markup_refused} whose markup did not map")
    if report.poorly_paired:
        ctx.exit(EXIT_CHECKS_FAILED)


def _pairs(paths: tuple[Path, ...], source: str, target: str) -> list[tuple[Path, Path]]:
    from presslate.align.archive import find_pairs

    if len(paths) == 2 and all(p.is_file() for p in paths):
        return [(paths[0], paths[1])]
    if not all(p.is_dir() for p in paths):
        raise click.UsageError("give EN_FILE ES_FILE, or folders of <slug>/en.* + es.* pairs")
    found = [(en, es) for folder in paths for _, en, es in find_pairs(folder, source, target)]
    if not found:
        raise click.UsageError(f"no {source}.*/{target}.* article pairs under {', '.join(map(str, paths))}")
    return found


COMMANDS = (align,)
