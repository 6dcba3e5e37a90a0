"""Extract, update and check presslate's UI catalogs (the labels of published pages).

    python tools/update_ui_catalogs.py           # extract from the templates, update every .po
    python tools/update_ui_catalogs.py --check   # change nothing; exit 1 if a catalog is stale,
                                                 # incomplete or does not compile

Strings are extracted with Babel as babel.cfg says, into
src/presslate/site/locale/presslate.pot; each language's catalog is
src/presslate/site/locale/<lang>/LC_MESSAGES/presslate.po.  The .po files are the
package data: presslate compiles them in memory when it publishes, so there is
no .mo file to keep in sync.  The English catalog copies the msgids, because
the templates are written in English.

Files are only rewritten when something other than their date and version
headers changed, so running this twice (or after a release) changes nothing.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from presslate import __version__

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src" / "presslate" / "site" / "locale"
DOMAIN = "presslate"
LANGUAGES = ("en", "es", "fr", "de", "pt", "ar")
_VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Project-Id-Version): .*\\n"\n', re.M)
_HEADER = "# Translations template for PROJECT.\n# This file is distributed under the same license as the PROJECT project.\n#"
_AUTHORS = "presslate contributors"


def extract() -> Catalog:
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    template = Catalog(domain=DOMAIN, header_comment=_HEADER, project="presslate", version=__version__,
                       last_translator=_AUTHORS, language_team=_AUTHORS, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def updated(template: Catalog, lang: str) -> Catalog:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, header_comment=_HEADER, project="presslate",
                          version=__version__, last_translator=_AUTHORS, language_team=_AUTHORS, fuzzy=False)
    catalog.update(copy.deepcopy(template))  # update() adopts the template's message objects
    if lang == "en":
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
    return catalog


def serialize(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def problems(catalog: Catalog, lang: str) -> list[str]:
    """Why the catalog is not ready to ship: untranslated, fuzzy, bad placeholders, no compile."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            found.append(f"{lang}: untranslated: {message.id!r}")
        elif message.fuzzy:
            found.append(f"{lang}: fuzzy: {message.id!r}")
    for message, errors in catalog.check():
        found.extend(f"{lang}: {message.id!r}: {error}" for error in errors)
    write_mo(BytesIO(), catalog)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    template = extract()
    outputs = {LOCALE_DIR / f"{DOMAIN}.pot": serialize(template)}
    report: list[str] = []
    for lang in LANGUAGES:
        catalog = updated(template, lang)
        outputs[LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"] = serialize(catalog)
        report.extend(problems(catalog, lang))
    stale = [path for path, data in outputs.items()
             if not path.exists() or _VOLATILE.sub(b"", path.read_bytes()) != _VOLATILE.sub(b"", data)]
    for path in stale:
        rel = path.relative_to(ROOT)
        if args.check:
            report.append(f"{rel}: out of date; run tools/update_ui_catalogs.py")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(outputs[path])
            print(f"updated {rel}")
    for line in report:
        print(line, file=sys.stderr)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
