"""`presslate glossary suggest`: names found in the articles, to accept into glossary.toml."""

from __future__ import annotations

import json

import click

from presslate.cli.common import EXIT_CHECKS_FAILED
from presslate.fileio import WriteConflict, write_atomic
from presslate.workflow.lock import project_lock


@click.group("glossary")
def glossary() -> None:
    """The project glossary (glossary.toml): suggestions of names to protect."""


@glossary.command("suggest")
@click.option("--min-count", type=click.IntRange(1), default=1, show_default=True,
              help="Only names found at least this many times.")
@click.option("--accept", "accepted", multiple=True, metavar="NAME",
              help="Add this name to [do_not_translate] in glossary.toml (repeatable).")
@click.option("--accept-all", is_flag=True, help="Add every suggestion listed (after --min-count).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def suggest(ctx: click.Context, min_count: int, accepted: tuple[str, ...], accept_all: bool, as_json: bool) -> None:
    """Multi-word capitalised names in mid-sentence (organisations, publications, places).

    An engine translates them word by word ("Rainbow Railroad" → "Ferrocarril
    de Arco iris") unless glossary.toml lists them as do-not-translate.
    Names already in the glossary are not suggested.

    Example: presslate glossary suggest --min-count 2 --accept "Rainbow Railroad"
    """
    from presslate import config as config_mod
    from presslate.review import glossary as glossary_mod
    from presslate.review import names
    from presslate.workflow.articles import load_articles

    cfg = config_mod.load(ctx.obj)
    current = glossary_mod.for_project(cfg.root)
    segments = [
        (seg.text, f"{article.reference}:{seg.line}")
        for article in load_articles(cfg)
        for seg in article.doc.segments()
        if seg.translatable
    ]
    found = [s for s in names.suggest(segments, current) if s.count >= min_count]
    to_add = [s.name for s in found] if accept_all else []
    to_add += [" ".join(name.split()) for name in accepted]
    if any(not name for name in to_add):
        raise click.BadParameter("a name must not be empty", param_hint="--accept")
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in found], indent=2, ensure_ascii=False))
    else:
        for s in found:
            click.echo(f"{s.count:>4}  {s.name}  ({', '.join(s.places)}{', …' if s.count > len(s.places) else ''})")
        click.echo(f"{len(found)} names suggested; accept with --accept NAME or --accept-all")
    if to_add:
        path = cfg.root / glossary_mod.GLOSSARY_NAME
        already = [n for n in to_add if n in current.do_not_translate]
        with project_lock(cfg.root):
            for attempt in (1, 2):  # someone may save glossary.toml meanwhile: add the names to their version
                data = path.read_bytes() if path.is_file() else None
                text = _universal_newlines(data.decode("utf-8")) if data is not None else ""
                updated = names.add_do_not_translate(text, to_add, str(path))
                try:
                    if updated != text:
                        write_atomic(path, updated.encode("utf-8"), expected=data)
                    break
                except WriteConflict:
                    if attempt == 2:
                        click.echo(f"not written: {path} keeps changing on disk (someone is saving it); "
                                   "nothing was added: run the command again", err=True)
                        ctx.exit(EXIT_CHECKS_FAILED)
        added = len(dict.fromkeys(n for n in to_add if n not in already))
        message = f"added {added} names to {path}" + (f" ({len(already)} already listed)" if already else "")
        click.echo(message, err=as_json)


def _universal_newlines(text: str) -> str:
    """As ``Path.read_text`` gives it: CRLF and CR read as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


COMMANDS = (glossary,)
