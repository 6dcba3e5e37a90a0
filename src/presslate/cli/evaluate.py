"""presslate eval: translation quality against human references."""

from __future__ import annotations

import json
from pathlib import Path

import click

from presslate.cli.common import EXIT_CHECKS_FAILED
from presslate.engines import ENGINE_NAMES


@click.command("eval")
@click.option("--source", "source", type=click.Path(path_type=Path), help="The article in the source language.")
@click.option("--reference", type=click.Path(path_type=Path), help="Its human translation (same format).")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), help="Engine to measure (default: the project's, or argos).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override a presslate.toml setting for this run (repeatable; VALUE is TOML).")
@click.option("--from", "source_lang", default="en", show_default=True, help="Source language.")
@click.option("--to", "target", default="es", show_default=True, help="Target language of the reference.")
@click.option("--check", is_flag=True, help="Exit 1 unless pipeline chrF >= raw on every pair and all links and code are kept.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--memory", "memory", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of earlier en.*/es.* pairs aligned into the run's memory first (never the pair evaluated; repeatable).")
@click.option("--chronological", is_flag=True,
              help="With --memory: only pairs whose folder name (YYYY-MM-DD-slug) sorts before the evaluated pair's.")
@click.argument("pairs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
def eval_(ctx, source, reference, engine, overrides, source_lang, target, check, as_json, memory, chronological,
          pairs) -> None:
    """Score the pipeline and the raw engine against human translations (chrF, BLEU, markup).

    Runs the real pipeline (extract, MT, build with fuzzy) in a temporary
    project; the project's files are never touched.  PAIRS are folders with
    en.*/es.* article pairs; or give one pair with --source/--reference.

    Example: presslate eval --source en.md --reference es.md --engine apertium --set project.segmentation=paragraph
    """
    from presslate import evaluation
    from presslate.evaluation import report

    if bool(source) != bool(reference):
        raise click.UsageError("--source and --reference go together")
    if bool(source) == bool(pairs):
        raise click.UsageError("give --source and --reference, or folders of pairs (not both)")
    if chronological and not memory:
        raise click.UsageError("--chronological goes with --memory")
    options = dict(project=ctx.obj, source_lang=source_lang, target=target, memory=list(memory) or None,
                   chronological=chronological)
    if source:
        result = evaluation.evaluate(source, reference, engine, list(overrides), **options)
    else:
        results = [evaluation.evaluate_pairs(folder, engine, list(overrides), **options) for folder in pairs]
        result = evaluation.merge(results)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.table(result))
        if memory:
            counts = result.to_dict()["total"]["memory"]
            click.echo(f"from the memory ({sum(p.archive for p in result.pairs)} aligned pairs stored over the runs): "
                       f"{counts['exact']} exact, {counts['fuzzy']} fuzzy ({counts['repaired']} repaired)")
        extra = report.details(result)
        if extra:
            click.echo(extra)
        click.echo(report.LEGEND)
    if check and not result.goal_met():
        ctx.exit(EXIT_CHECKS_FAILED)


COMMANDS = (eval_,)
