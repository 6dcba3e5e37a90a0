"""presslate review: the local review desk for translators."""

from __future__ import annotations

import click

from presslate.cli.common import languages, load_config


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--token", default=None, help="Secret every request must carry (generated and printed if --host is not loopback).")
@click.pass_context
def review(ctx, langs, host, port, token) -> None:
    """Serve the review desk: source and translation side by side, edit and mark entries reviewed.

    Writes through the same PO layer as the other commands (one entry's bytes
    per save) and refuses to overwrite an entry that changed on disk.
    Example: presslate review --lang es
    """
    from presslate.desk.core import Desk
    from presslate.desk.server import DeskServer, is_loopback

    cfg = load_config(ctx)
    desk = Desk(cfg, languages(cfg, langs))
    try:
        server = DeskServer(desk, host, port, token)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if not is_loopback(host) and server.generated_token:
        click.echo(f"--host {host} is not loopback: generated token {server.token} (every request must carry it)")
    click.echo(f"presslate review: {server.url}  (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = (review,)
