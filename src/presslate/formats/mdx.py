"""MDX articles (Docusaurus, Next.js, Astro, Gatsby): Markdown in which code runs.

An ``.mdx`` file is parsed, extracted and rendered exactly as Markdown
(:mod:`presslate.formats.markdown`); what differs is what a translation may
carry.  In MDX, ``{…}`` anywhere in the text is a JavaScript expression the
site's build evaluates, a line starting with ``import`` or ``export`` is an
ECMAScript module statement, and ``<Component …>`` is JSX.  So, beyond the
Markdown checks (which already refuse tags the source lacks, JSX included),
a translation may not have more unescaped braces than its source — literal
braces are written ``\\{`` and ``\\}`` in MDX — nor start a line with an
``import``/``export`` statement its source does not.
"""

from __future__ import annotations

import re

from presslate.document import Document
from presslate.formats import markdown
from presslate.formats.markdown import Options

_BRACE = re.compile(r"(?<!\\)[{}]")
_ESM = re.compile(r"^[ \t]*(?:import|export)\b", re.M)


def parse(text: str, path: str, options: Options) -> Document:
    doc = markdown.parse(text, path, options)
    doc.format = "mdx"
    return doc


def problems(source: str, translation: str) -> list[str]:
    """What an MDX translation adds that the site's build would run."""
    found = []
    for brace in "{}":
        added = _BRACE.findall(translation).count(brace) - _BRACE.findall(source).count(brace)
        if added > 0:
            found.append(f"“{brace}” the source does not have: in MDX braces hold JavaScript that runs when "
                         "the site is built; write a literal brace as \\{ or \\}")
    if len(_ESM.findall(translation)) > len(_ESM.findall(source)):
        found.append("a line starts with import/export, which MDX runs as a JavaScript module statement; "
                     "reword it or indent it")
    return found
