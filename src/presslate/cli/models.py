"""`presslate models`: manage the Argos Translate models the argos engine uses.

Kept apart from the main CLI so that commands which never translate do not
import argostranslate (it reads ``ARGOS_PACKAGES_DIR`` once, on import).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from presslate.engines.zip_guard import DEFAULT_LIMITS, GB


class ModelsError(click.ClickException):
    """A usage or input error: printed as ``Error: …``, exit status 2."""

    exit_code = 2


@click.group("models")
def models() -> None:
    """List, install and remove Argos Translate models (language pairs)."""


@models.command("list")
@click.option("--engine", type=click.Choice(["argos", "apertium"]), help="Only this engine's models.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_models(engine: str | None, as_json: bool) -> None:
    """Installed Argos language pairs (versions, sizes on disk) and Apertium modes."""
    from presslate.engines import argos_models as store
    from presslate.engines.apertium_modes import installed_modes

    installed = _run(store.installed) if engine in (None, "argos") else []
    modes = installed_modes() if engine in (None, "apertium") else []
    if as_json:
        items = [{"engine": "argos", **m.to_json()} for m in installed] + [{"engine": "apertium", **m} for m in modes]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if engine in (None, "argos"):
        _print_argos(installed)
    if engine in (None, "apertium"):
        if modes:
            click.echo("Apertium modes:")
            for mode in modes:
                package = f"{mode['package']} {mode['version']}" if mode["package"] else "(not from a Debian package)"
                click.echo(f"  {mode['source']} → {mode['target']}  {mode['mode']}  {package}")
        else:
            click.echo("No Apertium modes installed (e.g. sudo apt-get install apertium apertium-eng-spa).")


def _print_argos(installed) -> None:
    from presslate.engines import argos_models as store

    if not installed:
        click.echo(f"No Argos models installed in {store.packages_dir()}; {store.install_hint()}.")
        return
    click.echo("Argos Translate models:")
    rows = [
        (f"{m.from_code} → {m.to_code}", m.version, _human_size(m.size_bytes()), f"{m.from_name} → {m.to_name}", str(m.path))
        for m in installed
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        click.echo("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])


@models.command("install")
@click.argument("args", nargs=-1, required=True, metavar="PATH.argosmodel | FROM TO")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_LIMITS.max_total_bytes / GB,
              show_default=True, metavar="GB", help="Refuse a package that unpacks to more than this many GB.")
def install(args: tuple[str, ...], max_size: float) -> None:
    """Install a model from a local .argosmodel file, or download FROM TO from the Argos index."""
    from presslate.engines import argos_models as store

    limits = replace(DEFAULT_LIMITS, max_total_bytes=int(max_size * GB))
    if len(args) == 1:
        path = Path(args[0])
        if not path.exists():
            raise ModelsError(f"{path}: no such file; give a PATH.argosmodel, or two language codes (FROM TO) to download")
        model = _run(store.install_file, path, limits)
    elif len(args) == 2:
        model = _run(store.install_pair, *args, limits)
    else:
        raise click.UsageError("give PATH.argosmodel, or FROM TO (e.g. `presslate models install en es`)")
    click.echo(f"Installed {model.from_code} → {model.to_code} {model.version} in {model.path}")


@models.command("remove")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
def remove(source: str, target: str) -> None:
    """Uninstall the model for a language pair."""
    from presslate.engines import argos_models as store

    model = _run(store.remove, source, target)
    click.echo(f"Removed {model.from_code} → {model.to_code} {model.version} from {model.path}")


def _run(function, *args):
    from presslate.engines import argos_models as store  # imported by a models command only (~6 ms)

    try:
        return function(*args)
    except store.ModelError as exc:
        raise ModelsError(str(exc)) from exc


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
