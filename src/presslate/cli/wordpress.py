"""presslate wordpress: posts in and out of WordPress (REST API or WXR files)."""

from __future__ import annotations

from pathlib import Path

import click

from presslate.cli.common import languages, load_config, print_report, wait_option

into_option = click.option("--into", "folder", metavar="FOLDER", default=None,
                           help="Folder below the articles root for the posts (default: wordpress).")
policy_options = [
    click.option("--min-reviewed", type=click.FloatRange(0, 100), default=None, metavar="PCT",
                 help="Only versions with this percentage of words reviewed ([publish] min_reviewed)."),
    click.option("--allow-machine/--reviewed-only", default=None,
                 help="Fill unreviewed parts with machine translations ([publish] allow_machine)."),
]


def _policy(function):
    for option in reversed(policy_options):
        function = option(function)
    return function


@click.group()
def wordpress() -> None:
    """WordPress: pull posts, push translated drafts, import and export WXR files."""


@wordpress.command("import")
@click.argument("wxr_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@into_option
@wait_option
@click.pass_context
def import_wxr(ctx, wxr_file: Path, folder, wait) -> None:
    """Posts and pages of a WXR export file (WXR 1.0 to 1.2) become articles.

    Example: presslate wordpress import export.xml
    """
    from presslate.wordpress import wxr
    from presslate.wordpress.project import StoreReport, folder_of, store_posts
    from presslate.workflow.lock import project_lock

    cfg = load_config(ctx)
    parsed = wxr.read(wxr_file.read_bytes(), str(wxr_file))
    report = StoreReport()
    for kind, count in sorted(parsed.skipped.items()):
        report.skipped.append(f"{count} {kind} item{'s' if count != 1 else ''} left out (only posts and pages are articles)")
    report.warnings.extend(parsed.duplicates)
    with project_lock(cfg.root, wait):
        store_posts(cfg, folder_of(cfg, folder), parsed.posts, report)
    print_report(ctx, report)


@wordpress.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-l", "--lang", "langs", multiple=True, help="Target language (repeatable; default: every target).")
@_policy
@click.pass_context
def export_wxr(ctx, out: Path, langs, min_reviewed, allow_machine) -> None:
    """A WXR file of the WordPress articles and their translations, linked for Polylang.

    Versions that pass the publish policy are exported; the WordPress importer
    (Tools → Import → WordPress) creates them on any site.

    Example: presslate wordpress export --lang es translated.xml
    """
    from presslate.fileio import write_atomic
    from presslate.site.ui import language_name
    from presslate.wordpress import wxr
    from presslate.wordpress.project import localized_posts
    from presslate.wordpress.report import ExportReport

    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    report = ExportReport(out)
    sources, versions = localized_posts(cfg, targets, report, min_reviewed, allow_machine)
    translations = [wxr.Translation(v.post, v.source, v.source.modified_gmt) for v in versions]
    names = {lang: language_name(lang) for lang in [cfg.source, *targets]}
    site = next((p.site for p in sources if p.site), "")
    data = wxr.write(sources, translations, cfg.source, names, site)
    report.sources, report.translations = len(sources), len(translations)
    write_atomic(out, data)
    print_report(ctx, report)


site_option = click.option("--site", required=True, metavar="URL", help="The WordPress site, e.g. https://news.example.org.")
timeout_option = click.option("--timeout", type=click.FloatRange(1), default=30, show_default=True, metavar="SECONDS",
                              help="Seconds to wait for each answer of the site.")


def _client(site: str, timeout: float):
    from presslate.wordpress.rest import Client, credentials

    user, password = credentials()
    return Client(site, user, password, timeout)


@wordpress.command("pull")
@site_option
@into_option
@timeout_option
@wait_option
@click.pass_context
def pull_posts(ctx, site, folder, timeout, wait) -> None:
    """New and changed posts of a site become articles (REST API, context=edit).

    The user and application password come from PRESSLATE_WP_USER and
    PRESSLATE_WP_PASSWORD. A post deleted on the site is reported; its article stays.

    Example: PRESSLATE_WP_USER=editor PRESSLATE_WP_PASSWORD=... presslate wordpress pull --site https://news.example.org
    """
    from presslate.wordpress.project import StoreReport, folder_of
    from presslate.wordpress.pull import pull
    from presslate.workflow.lock import project_lock

    cfg = load_config(ctx)
    client = _client(site, timeout)
    report = StoreReport()
    with project_lock(cfg.root, wait):
        pull(cfg, client, folder_of(cfg, folder), report)
    print_report(ctx, report)


@wordpress.command("push")
@site_option
@click.option("-l", "--lang", "langs", multiple=True, help="Target language (repeatable; default: every target).")
@click.option("--status", type=click.Choice(["draft", "pending", "publish"]), default="draft", show_default=True,
              help="Status of the posts presslate writes.")
@_policy
@timeout_option
@wait_option
@click.pass_context
def push_posts(ctx, site, langs, status, min_reviewed, allow_machine, timeout, wait) -> None:
    """Localized versions that pass the publish policy become posts, linked to their sources.

    A post edited in WordPress since presslate pushed it is not overwritten (exit 1):
    `presslate wordpress suggest` takes its edits into the PO files.

    Example: presslate wordpress push --site https://news.example.org --lang es
    """
    from presslate.wordpress.project import localized_posts
    from presslate.wordpress.push import PushReport, push
    from presslate.workflow.lock import project_lock

    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    client = _client(site, timeout)
    report = PushReport()
    with project_lock(cfg.root, wait):
        _, versions = localized_posts(cfg, targets, report, min_reviewed, allow_machine)
        push(cfg, client, versions, status, report)
    print_report(ctx, report)


@wordpress.command("suggest")
@site_option
@click.option("-l", "--lang", "langs", multiple=True, help="Target language (repeatable; default: every target).")
@timeout_option
@wait_option
@click.pass_context
def suggest_edits(ctx, site, langs, timeout, wait) -> None:
    """Edits made in WordPress to pushed translations become suggestions in the PO files.

    A machine (fuzzy) or empty entry takes the edited text, stays fuzzy and
    says where it came from; a reviewed entry is never changed (reported,
    exit 1). A post whose markup or blocks changed is reported and left alone.
    Once every edit of a post is in its PO file, push may update that post again.

    Example: presslate wordpress suggest --site https://news.example.org --lang es
    """
    from presslate.wordpress.suggest import SuggestReport, suggest
    from presslate.workflow.lock import project_lock

    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    client = _client(site, timeout)
    report = SuggestReport()
    with project_lock(cfg.root, wait):
        suggest(cfg, client, targets, report)
    print_report(ctx, report)


COMMANDS = (wordpress,)
