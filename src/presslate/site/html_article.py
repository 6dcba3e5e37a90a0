"""What a page takes from an HTML article: its content, title, date, description and local URLs."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from presslate.formats.html_tokens import COMMENT, DOCTYPE, RAW, TAG, TEXT, Attr, tokenize
from presslate.site.links import SRCSET, STYLE, URL
from presslate.site.sources import parse_date

# Attributes of an HTML article whose URLs point at their published copies, and what their values hold;
# an inline style's CSS url() on any element too.
_URL_ATTRIBUTES = {"a": {"href": URL}, "area": {"href": URL}, "img": {"src": URL, "srcset": SRCSET},
                   "source": {"src": URL, "srcset": SRCSET}, "track": {"src": URL}, "audio": {"src": URL},
                   "video": {"src": URL, "poster": URL}, "embed": {"src": URL}}
# Head elements skipped before the content of an HTML article that has no <body>, <main> or <article> tag.
_HEAD_TAGS = frozenset("html head title meta link base".split())


@dataclass
class HtmlArticle:
    """What a page takes from an HTML article; offsets are into its text."""

    start: int  # the content: text[start:end]
    end: int
    title: str
    date: dt.date | None
    meta: dict[str, str]  # <meta name|property> → content, first of each
    dropped: list[tuple[int, int]] = field(default_factory=list)  # the <h1> the page shows as its title
    urls: list[tuple[str, Attr]] = field(default_factory=list)  # (URL, SRCSET or STYLE, attribute) in the content
    # The content's own dateline: the first <time> of the article's date, as (start, end) of its text, or
    # None; the end is None when the element holds markup besides text, or its datetime is more than a date.
    dateline: tuple[int, int | None] | None = None
    heading: str = ""  # the text of the dropped <h1>


def read_html_article(text: str) -> HtmlArticle:
    """Title, date, description and content of an HTML article.

    * Content: the inside of the first ``<main>``, else of the first
      ``<article>``, else of ``<body>``; with none of them, the document after
      its head (doctype, ``<html>``, ``<head>``, ``<title>``, ``<meta>``,
      ``<link>``, ``<base>``), up to ``</body>`` or ``</html>``.
    * Title: ``<title>``, else the first ``<h1>`` of the content.  That
      ``<h1>`` is dropped from the content either way: the page shows the
      title as its heading, as for a Markdown article's leading ``# heading``.
    * Description: ``<meta name="description">`` (or ``og:description``).
    * Date: ``<meta name="date">``, else ``<meta property="article:published_time">``,
      else the first ``<time datetime>``; ISO 8601.  ``<meta name="author">`` shows in the byline.
    """
    tokens = list(tokenize(text))
    meta: dict[str, str] = {}
    title: str | None = None
    time_value: str | None = None
    first: dict[str, int] = {}  # element → index of its first start tag
    foreign = 0  # inside <svg> or <math>, whose <title> is not the page's
    for i, (kind, _start, _end, tag) in enumerate(tokens):
        if kind != TAG:
            continue
        if tag.name in ("svg", "math") and not tag.self_closing:
            foreign += -1 if tag.closing else 1
        if tag.closing:
            continue
        first.setdefault(tag.name, i)
        if tag.name == "title" and title is None and not foreign:
            raw = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1][0] == RAW else None
            title = collapse(html.unescape(text[raw[1] : raw[2]])) if raw else ""
        elif tag.name == "meta":
            name = (tag.value(text, "name") or tag.value(text, "property") or "").strip().lower()
            content = tag.value(text, "content")
            if name and content is not None:
                meta.setdefault(name, collapse(html.unescape(content)))
        elif tag.name == "time" and time_value is None and tag.value(text, "datetime"):
            time_value = html.unescape(tag.value(text, "datetime"))
    if "description" not in meta and meta.get("og:description"):
        meta["description"] = meta["og:description"]

    name = next((n for n in ("main", "article", "body") if n in first), None)
    if name is not None:
        begin = first[name] + 1
        stop = _element_end(tokens, first[name], name)
    else:
        begin = 0
        while begin < len(tokens) and _head_token(text, tokens[begin]):
            begin += 1
        stop = next((i for i in range(begin, len(tokens)) if tokens[i][0] == TAG and tokens[i][3].closing
                     and tokens[i][3].name in ("body", "html")), len(tokens))
    start = tokens[begin][1] if begin < len(tokens) else len(text)
    end = tokens[stop][1] if stop < len(tokens) else len(text)

    article = HtmlArticle(start, end, title or "", None, meta)
    heading = next((i for i in range(begin, stop) if tokens[i][0] == TAG and tokens[i][3].name == "h1"
                    and not tokens[i][3].closing), None)
    if heading is not None:
        close = _element_end(tokens, heading, "h1")
        close_end = tokens[close][2] if close < len(tokens) else len(text)
        article.heading = collapse(html.unescape("".join(
            text[s:e] for kind, s, e, _tag in tokens[heading + 1 : close] if kind == TEXT)))
        article.title = article.title or article.heading
        article.dropped.append((tokens[heading][1], min(close_end, end)))
    for kind, _s, _e, tag in tokens[begin:stop]:
        if kind == TAG and not tag.closing:
            kinds = _URL_ATTRIBUTES.get(tag.name, {})
            article.urls += [(STYLE if a.name == "style" else kinds[a.name], a) for a in tag.attrs
                             if (a.name in kinds or a.name == "style") and a.value_start is not None]
    article.urls = [(k, a) for k, a in article.urls if not any(s <= a.value_start < e for s, e in article.dropped)]
    article.date = parse_date(meta.get("date")) or parse_date(meta.get("article:published_time")) or parse_date(time_value)
    article.dateline = _dateline(text, tokens, begin, stop, article)
    return article


def _dateline(text: str, tokens: list, begin: int, stop: int, article: HtmlArticle) -> tuple[int, int | None] | None:
    """Where the content shows the article's date itself (a byline's ``<time>``), so the page does not repeat it."""
    if article.date is None:
        return None
    for i in range(begin, stop):
        kind, start, _end, tag = tokens[i]
        if kind != TAG or tag.name != "time" or tag.closing or tag.self_closing or any(s <= start < e for s, e in article.dropped):
            continue
        value = html.unescape(tag.value(text, "datetime") or "").strip()
        if parse_date(value) != article.date:
            continue
        close = _element_end(tokens, i, "time")
        inner = tokens[i + 1 : close]
        plain_date = len(value) == 10 and close < stop and all(t[0] == TEXT for t in inner)
        return tokens[i][2], (tokens[close][1] if plain_date else None)
    return None


def _element_end(tokens: list, index: int, name: str) -> int:
    """Index of the end tag closing the element that starts at ``tokens[index]`` (nesting counted),
    else of the enclosing ``</body>``/``</html>``, else ``len(tokens)``."""
    depth = 0
    for i in range(index + 1, len(tokens)):
        kind, _start, _end, tag = tokens[i]
        if kind != TAG or tag.self_closing:
            continue
        if tag.name == name:
            if not tag.closing:
                depth += 1
            elif depth == 0:
                return i
            else:
                depth -= 1
        elif tag.closing and tag.name in ("body", "html"):
            return i
    return len(tokens)


def _head_token(text: str, token: tuple) -> bool:
    """Whether ``token`` belongs to a document's head (or is blank), before its content."""
    kind, start, end, tag = token
    if kind == TEXT:
        return not text[start:end].strip()
    return kind in (DOCTYPE, COMMENT) or (kind in (TAG, RAW) and tag.name in _HEAD_TAGS)


def collapse(value: str) -> str:
    return " ".join(value.split())
