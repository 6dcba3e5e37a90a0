"""presslate publish: the multilingual static site."""

from __future__ import annotations

import click

from presslate.cli.common import languages, load_config, print_report, wait_option
from presslate.workflow.lock import project_lock


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable); the source is always published.")
@click.option("--min-reviewed", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Publish a version only if this percentage of its words is reviewed ([publish] min_reviewed).")
@click.option("--allow-machine/--reviewed-only", default=None,
              help="Fill unreviewed parts with machine translations, with a visible notice.")
@click.option("--force", is_flag=True, help="Write into a non-empty output folder presslate did not create.")
@wait_option
@click.pass_context
def publish(ctx, langs, min_reviewed, allow_machine, force, wait) -> None:
    """Write the multilingual static site: pages, language switchers, hreflang, sitemap.

    Example: presslate publish --min-reviewed 80 --allow-machine
    """
    from presslate.site.publish import publish_site

    cfg = load_config(ctx)
    with project_lock(cfg.root, wait):
        report = publish_site(
            cfg, languages(cfg, langs) if langs else None,
            min_reviewed=min_reviewed, allow_machine=allow_machine, force=force,
        )
    print_report(ctx, report)


COMMANDS = (publish,)
