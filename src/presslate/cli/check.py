"""presslate check: the quality checks over the PO files."""

from __future__ import annotations

import json

import click

from presslate.cli.common import EXIT_CHECKS_FAILED, languages, load_config, print_report
from presslate.config import CONFIG_NAME


@click.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Only this target language (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only this article, e.g. articles/2026/storm.md (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--require-reviewed", is_flag=True, help="Untranslated and fuzzy entries are errors too.")
@click.pass_context
def check(ctx, langs, articles, as_json, require_reviewed) -> None:
    """Check translations: placeholders, links, URLs, numbers, glossary, punctuation…

    Prints file:line: [check] findings; exits 1 if any finding is an error.
    Example: presslate check --lang es --require-reviewed
    """
    from presslate.catalog.pofile import read_po
    from presslate.review import glossary as glossary_mod
    from presslate.review.qa import CheckReport, Settings, check_file
    from presslate.workflow.articles import load_articles

    cfg = load_config(ctx)
    targets = languages(cfg, langs)
    settings = Settings.from_table(cfg.check, CONFIG_NAME)
    glossary = glossary_mod.for_project(cfg.root)
    report = CheckReport()
    for article in load_articles(cfg, list(articles) or None):
        segments: dict = {}
        for segment in article.doc.segments():
            segments.setdefault(segment.text, []).append(segment)
        for lang in targets:
            po_path = cfg.po_path(lang, article.id)
            po = read_po(po_path, cfg)
            if po is None:
                continue
            report.catalogs += 1
            report.refusals += check_file(po, cfg.reference(po_path), cfg.source, lang, glossary, settings,
                                          require_reviewed, fmt=article.doc.format, segments=segments)
    if not as_json:
        print_report(ctx, report)
        return
    click.echo(json.dumps([f.to_dict() for f in report.refusals], indent=2, ensure_ascii=False))
    if report.failed:
        ctx.exit(EXIT_CHECKS_FAILED)


COMMANDS = (check,)
