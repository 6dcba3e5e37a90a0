"""Command line: parse options, call the workflow, print results.

Exit codes: 0 ok, 1 checks failed (a translation was refused), 2 usage or
input error (nothing was written).

One module per command group registers its commands here.  Each command
imports the workflow modules it needs when it runs, so start-up (and
``--help``) does not pay for formats, checks or Jinja2 it never uses.
"""

from __future__ import annotations

from pathlib import Path

import click

from presslate import __version__
from presslate.cli import align, check, evaluate, exchange, glossary, publish, review, wordpress, workflow
from presslate.cli.common import EXIT_INPUT_ERROR
from presslate.cli.models import models
from presslate.engines import EngineError
from presslate.errors import PresslateError


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


for _module in (workflow, publish, check, exchange, glossary, review, evaluate, wordpress, align):
    for _command in _module.COMMANDS:
        main.add_command(_command)
main.add_command(models)
