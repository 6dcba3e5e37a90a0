"""What every command shares: the project's configuration, language selection, common
options, and the one printer of reports (refusals, skips, summary, exit code)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from presslate import config as config_mod

if TYPE_CHECKING:
    from presslate.report import Report

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
backend_option = click.option(
    "--backend", type=click.Choice(config_mod.BACKENDS), default=None,
    help="Where the work runs: here, or on a Dask cluster (default: [run] backend, else local).",
)
scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --backend dask; default: DASK_SCHEDULER_ADDRESS, "
         "[run] scheduler, else a local cluster of --jobs workers).",
)


def open_backend(cfg: config_mod.Config, backend: str | None, scheduler: str | None, jobs: int):
    """The execution backend as chosen on the command line, in the environment and in presslate.toml."""
    from presslate.workflow.backends import open_backend as open_named
    from presslate.workflow.backends import scheduler_address

    name = backend or ("dask" if scheduler else cfg.backend)
    if scheduler and name != "dask":
        raise click.UsageError("--scheduler needs --backend dask")
    address = scheduler_address(scheduler, cfg.scheduler) if name == "dask" else None
    return open_named(name, jobs, address, cfg.connect_timeout)


def load_config(ctx: click.Context) -> config_mod.Config:
    """presslate.toml of the project folder given with -C (the root command's context object)."""
    return config_mod.load(ctx.obj)


def languages(cfg: config_mod.Config, requested: tuple[str, ...]) -> list[str]:
    """The target languages asked for with --lang (all targets if none); others are a ConfigError."""
    langs = [config_mod.normalize_language(code) for code in requested] or cfg.targets
    unknown = [lang for lang in langs if lang not in cfg.targets]
    if unknown:
        raise config_mod.ConfigError(f"{', '.join(unknown)} not among the project's targets ({', '.join(cfg.targets)})")
    return langs


def print_report(ctx: click.Context, report: Report) -> None:
    """Print what a command did, as its :class:`~presslate.report.Report` says; exit 1 if it failed."""
    for item in report.skipped:
        click.echo(f"{report.SKIPPED} {item}", err=report.SKIPPED_TO_STDERR)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for refusal in report.refusals:
        click.echo(f"{report.REFUSED}{refusal}", err=not report.REFUSALS_TO_STDOUT)
    if report.aborted:
        click.echo(report.aborted, err=True)
    else:
        click.echo(report.summary())
    if report.failed:
        ctx.exit(EXIT_CHECKS_FAILED)
