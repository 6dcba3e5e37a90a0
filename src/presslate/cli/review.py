"""presslate review: the local review desk for translators."""

from __future__ import annotations

import click

from presslate.cli.common import languages, load_config

TRANSLATOR_ENV = "PRESSLATE_TRANSLATOR"


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--token", default=None, help="Secret every request must carry (generated and printed if --host is not loopback).")
@click.option("--translator", envvar=TRANSLATOR_ENV, show_envvar=True, default=None, metavar='"NAME <EMAIL>"',
              help="Who reviews: the Last-Translator every save writes (default: $PRESSLATE_TRANSLATOR; "
                   "neither: Last-Translator is left as it is).")
@click.pass_context
def review(ctx, langs, host, port, token, translator) -> None:
    """Serve the review desk: source and translation side by side, edit and mark entries reviewed.

    Filter entries by state, search source and translation (one article or
    all), take a memory or machine suggestion, keep translator comments; every
    action has a key (press ? in the desk).  GET /api/entries serves the same
    list as JSON.

    Writes through the same PO layer as the other commands and refuses to
    overwrite an entry that changed on disk.  A save that changes a file
    rewrites that entry and, in the header, PO-Revision-Date (now) and
    Last-Translator (--translator, else $PRESSLATE_TRANSLATOR); nothing else.
    Example: presslate review --lang es --translator "Ana Pérez <ana@example.org>"
    """
    from presslate.desk.core import Desk, translator_identity
    from presslate.desk.server import DeskServer, is_loopback

    if translator is not None:
        try:
            translator = translator_identity(translator)
        except ValueError as exc:
            source = ctx.get_parameter_source("translator")
            where = f"{TRANSLATOR_ENV}=" if source == click.core.ParameterSource.ENVIRONMENT else "--translator "
            raise click.UsageError(f"{where}{translator!r}: {exc}") from None
    cfg = load_config(ctx)
    desk = Desk(cfg, languages(cfg, langs), translator)
    try:
        server = DeskServer(desk, host, port, token)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if not is_loopback(host) and server.generated_token:
        click.echo(f"--host {host} is not loopback: generated token {server.token} (every request must carry it)")
    click.echo(f"presslate review: {server.url}  (Ctrl+C to stop)")
    click.echo(f"saves write Last-Translator: {translator}" if translator else
               f"saves leave Last-Translator as it is (no --translator or ${TRANSLATOR_ENV})")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = (review,)
