"""Live template and script constructs in written files: what a site generator or a browser would run.

Reusable by any test that builds or publishes: :func:`live_constructs` lists
every construct in a tree (``build/``, ``site/``) that the allowed sources do
not account for, as ``path:line: construct``; an empty list means the outputs
hold nothing runnable beyond what the sources themselves hold.

    allowed = constructs_in_tree(project / "articles")
    assert live_constructs(project / "build", allowed) == []
    assert live_constructs(project / "site", allowed) == []
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html import unescape
from pathlib import Path

# Hugo shortcodes and Go templates ({{< >}}, {{% %}}, {{ }}, {{- -}}), Liquid/Jinja/Django tags
# ({% %}, {%- -%}), Jinja comments ({# #}); an opener without its closer counts on its own.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#]", re.S)
# Script: elements that run or embed, event handler attributes in a tag, script and HTML data URLs.
_SCRIPT = re.compile(
    r"<(?:script|iframe|object|embed|frame|base)\b[^>]*>?"
    r"|<[A-Za-z][^<>]*?\son[a-z]+\s*=[^<>]*>?"
    r"|(?:javascript|vbscript)\s*:[^\s\"'<>)]*"
    r"|data:text/html[^\s\"'<>)]*",
    re.I,
)
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".html", ".htm", ".txt", ".xml", ".json", ".po"})


def constructs(text: str) -> list[tuple[int, str]]:
    """(line, construct) of every template or script construct in ``text``, whitespace-normalised.

    Template code counts as a page shows it too (``&#123;{`` and ``{{&lt;`` are ``{{``, ``{{<``:
    a client-side template would run them); a tag counts only as typed (``&lt;script>`` is text).
    """
    found = []
    for pattern, shown in ((_TEMPLATE, unescape(text)), (_SCRIPT, text)):
        for m in pattern.finditer(shown):
            found.append((shown.count("\n", 0, m.start()) + 1, " ".join(m.group().split())))
    return sorted(found)


def constructs_in_tree(root: Path) -> Counter:
    """How often each construct occurs in the text files under ``root`` (the sources: what is allowed)."""
    allowed: Counter = Counter()
    for path in _files(root):
        allowed.update(construct for _, construct in constructs(path.read_text(encoding="utf-8", errors="replace")))
    return allowed


def live_constructs(root: Path, allowed: Iterable[str] | Counter = ()) -> list[str]:
    """``path:line: construct`` for each construct in a file under ``root`` that ``allowed`` does not cover.

    ``allowed`` is a construct list or a :class:`Counter` (e.g. :func:`constructs_in_tree` of the
    sources): a file may hold each allowed construct as often as it is allowed, since one output
    file renders one source article.
    """
    allowed = allowed if isinstance(allowed, Counter) else Counter(allowed)
    found = []
    for path in _files(root):
        budget = Counter(allowed)
        for line, construct in constructs(path.read_text(encoding="utf-8", errors="replace")):
            if budget[construct] > 0:
                budget[construct] -= 1
            else:
                found.append(f"{path.relative_to(root).as_posix()}:{line}: {construct}")
    return found


def _files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
