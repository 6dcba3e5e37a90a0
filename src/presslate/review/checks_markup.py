"""Checks of review state and of what a translation may not change or add: markup, links, URLs, raw HTML."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from presslate import inline
from presslate.formats import problems as format_problems
from presslate.formats import segment_problems
from presslate.review.checks import ERROR, WARNING, Pair, differences, register, unmatched

# -- review state -------------------------------------------------------------------


@register("untranslated", WARNING, "no translation yet (an error with --require-reviewed)")
def _untranslated(pair: Pair) -> list[str]:
    return [] if pair.msgstr else ["not translated yet"]


@register("fuzzy", WARNING, "marked fuzzy: not reviewed yet (an error with --require-reviewed)")
def _fuzzy(pair: Pair) -> list[str]:
    return ["marked fuzzy: machine-translated or outdated, not reviewed yet"] if "fuzzy" in pair.flags else []


# -- markup, links, URLs, unsafe HTML -----------------------------------------------


@lru_cache(maxsize=256)
def _format_problems(msgid: str, msgstr: str, fmt: str) -> tuple[str, ...]:
    return tuple(format_problems(msgid, msgstr, fmt))


@register("markup", ERROR, "what build refuses: placeholders <1>…</1>, <2/> each once and nested, "
                         "raw HTML behind them still nested, and the article format's rules "
                         "(emphasis, no markup or template code the source lacks)")
def _markup(pair: Pair) -> list[str]:
    return (inline.markup_problems(pair.msgid, pair.msgstr) + list(_format_problems(pair.msgid, pair.msgstr, pair.fmt))
            + segment_problems(pair.segments, pair.msgstr))


_MD_LINK_RE = re.compile(
    r"\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REF_LINK_RE = re.compile(r"\]\[([^\[\]\n]+)\]")
HTML_TAG_RE = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_EVENT_ATTR_RE = re.compile(r"\son[a-z]+\s*=", re.I)
_SCRIPT_URL_RE = re.compile(r"\b(?:javascript|vbscript):(?!\s)|\bdata:[\w.+-]+/[\w.+-]+[;,]", re.I)


def split_links(text: str) -> tuple[list[str], str]:
    """Markdown link and image destinations and reference labels in ``text``, and the text
    with them blanked out: the URL check leaves them to this one.  An autolink
    ``<https://…>`` is a URL written in the text, for the URL check; raw HTML, with its
    href and src, is for the unsafe-markup check."""
    found: list[tuple[int, int, str]] = []
    for m in _MD_LINK_RE.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1).strip("<>")))
    for m in _REF_LINK_RE.finditer(text):
        found.append((m.start(1), m.end(1), f"[{' '.join(m.group(1).lower().split())}]"))
    found.sort()
    masked = list(text)
    for start, end, _ in found:
        masked[start:end] = " " * (end - start)
    return [target for _, _, target in found], "".join(masked)


@register("links", ERROR, "Markdown link and image targets in the translation are those of the source")
def _link_targets(pair: Pair) -> list[str]:
    if _format_problems(pair.msgid, pair.msgstr, pair.fmt):
        return []  # reported by markup

    def targets(text: str) -> list[str]:  # a script URL is for unsafe-markup
        return [t for t in split_links(text)[0] if not _SCRIPT_URL_RE.match(html.unescape(t))]

    return differences(targets(pair.msgid), targets(pair.msgstr), "link targets")


URL_RE = re.compile(r"(?<![\w@/.])(?:(?:https?|ftps?)://|www\.|mailto:)[^\s<>\"'`]+", re.I)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OPENING = {")": "(", "]": "["}


def _urls(text: str) -> list[str]:
    text = split_links(HTML_TAG_RE.sub(" ", text))[1]
    urls = []
    for m in URL_RE.finditer(text):
        url = m.group()
        # Punctuation after a URL ends the sentence; a closing bracket belongs to it only if it opened inside.
        while url and (url[-1] in ".,;:!?*_"
                       or (url[-1] in _OPENING and url.count(_OPENING[url[-1]]) < url.count(url[-1]))):
            url = url[:-1]
        urls.append(url)
    rest = URL_RE.sub(" ", text)
    return urls + EMAIL_RE.findall(rest)


@register("urls", ERROR, "URLs and e-mail addresses written in the text are unchanged")
def _url_check(pair: Pair) -> list[str]:
    return differences(_urls(pair.msgid), _urls(pair.msgstr), "URLs/e-mails")


@register("unsafe-markup", ERROR, "no raw HTML, on*= handlers or javascript:/data: URLs that the source lacks")
def _unsafe_markup(pair: Pair) -> list[str]:
    if _format_problems(pair.msgid, pair.msgstr, pair.fmt):
        return []  # reported by markup

    def tags(text: str) -> list[str]:
        return [" ".join(tag.split()) for tag in HTML_TAG_RE.findall(text)]

    def schemes(text: str) -> list[str]:
        return [m.lower() for m in _SCRIPT_URL_RE.findall(html.unescape(text))]

    added = unmatched(tags(pair.msgid), tags(pair.msgstr))[1]
    handlers = [tag for tag in added if _EVENT_ATTR_RE.search(tag)]
    plain = [tag for tag in added if tag not in handlers]
    schemes_added = unmatched(schemes(pair.msgid), schemes(pair.msgstr))[1]
    return ([f"event-handler attribute in {tag}" for tag in handlers]
            + ([f"raw HTML not in the source: {' '.join(plain)}"] if plain else [])
            + [f"script or data URL not in the source: {scheme}…" for scheme in schemes_added])
