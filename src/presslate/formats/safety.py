"""A translation may not add markup: its markup is compared with its source segment's.

A PO file comes from outside (a translator, a vendor, an MT engine), so a
msgstr is untrusted.  Markup of the source lives in the document model behind
placeholders; anything markup-like a msgstr brings itself — a tag, an event
handler, a ``javascript:``/``data:`` URL, a link target — and its source
segment does not have is reported here, and ``build`` then keeps the source
text and exits 1.  A sanitizer would not do: it keeps a link whose target was
changed to another site, so the comparison is with the source, not with a
list of allowed tags.

* HTML: a translation is plain text (its ``<`` and ``&`` are escaped when
  written), so a tag in it could never reach a page as markup; it is still
  refused, with tags spelled as character references (``&lt;script&gt;``),
  and references in general, which would show literally.
* Markdown is written as typed, so tags (raw HTML, autolinks) and URLs (link
  and image destinations, reference definitions, bare URLs that GFM renderers
  link) of the translation must all appear in the source segment.  They are
  found by pattern, not by markdown-it, which would miss markup split over
  segments: a segment is a sentence, so its square brackets must balance as
  in the source (``[click`` here, ``](https://…)`` in the next sentence), and
  a tag counts even without its ``>``.  Links markdown-it would drop as
  unsafe (``javascript:``) count too, as other renderers may accept them.
* Plain text: tags (a CMS may publish the text as HTML).
* Every format: template code.  Hugo expands shortcodes (``{{< youtube >}}``
  becomes an iframe, ``{{< gist >}}`` a script) and Jekyll runs Liquid over
  the whole page, so a translation may not hold more template delimiters
  (``{{``, ``{%``, ``{#`` and their closers) than its source; the source's
  own template code is a placeholder or, where it is literal text, counted.
  Markdown and plain text are also read with their escapes and character
  references decoded (``&#123;{`` shows as ``{{`` on the page, where a
  client-side template would run it).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from html import unescape

from presslate.inline import TAG_RE

_TAG = re.compile(
    r"""<(?:/?[A-Za-z][^\s<>/"']*(?:[^<>"']|"[^"]*"|'[^']*')*>?|!--.*?(?:-->|\Z)|[!?][^<>]*>?)""", re.S
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>?\Z")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s<>/]*)")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_URL_ATTRIBUTES = frozenset(
    "href src action formaction srcset poster data cite background codebase longdesc ping xlink:href".split()
)
_TARGETS = {
    "link": ("a link", "to"),
    "image": ("an image", "from"),
    "definition": ("a link definition", "for"),
    "url": ("the URL", ""),
}
_INVISIBLE = re.compile(r"[\x00-\x20]+")  # browsers ignore these inside a URL scheme
# Without these (placeholder tags aside) a translation cannot carry markup: tags and
# references in HTML; link and image destinations ("]("), reference definitions
# ("]:") and bare URLs in Markdown (autolinks are read as tags).
_HTML_HINT = re.compile("[<&]")
_LINK_HINT = re.compile(r"\][(:]|://|www\.", re.I)
_DESTINATION = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]+|www\.[^\s<>()\[\]]+", re.I)
_BRACKET = re.compile(r"(?<!\\)[\[\]]")
# Template delimiters of Go/Hugo ({{ }}, {{< >}}, {{% %}}, {{- -}}) and Liquid/Jinja/Django
# ({{ }}, {% %}, {%- -%}, {# #}); a construct split over two sentences still counts in each.
_TEMPLATE_DELIMITER = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_TEMPLATE_CODE = re.compile(r"\{[{%#].*?[}%#]\}", re.S)
_TEMPLATE_HINT = re.compile(r"[{}&\\]")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def html_problems(source: str, translation: str) -> list[str]:
    """Markup an HTML translation adds, typed or spelled with character references."""
    if not _HTML_HINT.search(TAG_RE.sub("", translation)):
        return []
    typed = _tags(translation)
    problems = [_describe_tag(tag, "HTML") for tag in _added_tags(typed, _tags(source))]
    smuggled = _added_tags(_tags(unescape(translation)), _tags(unescape(source)) + typed)
    problems += [_describe_tag(tag, "HTML", " spelled with character references") for tag in smuggled]
    references = _added(_REFERENCE.findall(translation), _REFERENCE.findall(source))
    if references and not smuggled:
        problems.append(
            f"character references {', '.join(references)} would show literally; type the characters themselves"
        )
    return problems


def text_problems(source: str, translation: str) -> list[str]:
    """Tags a plain-text translation adds."""
    if "<" not in TAG_RE.sub("", translation):
        return []
    return [_describe_tag(tag, "HTML") for tag in _added_tags(_tags(translation), _tags(source))]


def markdown_problems(source: str, translation: str) -> list[str]:
    """Raw HTML, links and images a Markdown translation adds, or starts for the next sentence."""
    bare = TAG_RE.sub("", translation)
    problems = []
    if "<" in bare:
        problems += [_describe_tag(tag, "raw HTML") for tag in _added_tags(_tags(translation), _tags(source))]
    if _brackets(translation) != _brackets(source):
        problems.append("square brackets are unbalanced (a link may not start in one sentence and end in another)")
    if _LINK_HINT.search(bare):
        added = _added(_markdown_targets(translation), _markdown_targets(source))
        problems += [_describe_target(kind, url) for kind, url in added]
    return list(dict.fromkeys(problems))  # "](<javascript:…>)" is a destination and an autolink


def template_problems(source: str, translation: str, decoded: bool = True) -> list[str]:
    """Template code (Hugo shortcodes, Go templates, Liquid/Jinja tags) a translation adds.

    ``decoded``: also compare the texts with backslash escapes and character
    references decoded, as a Markdown renderer shows them.
    """
    bare = TAG_RE.sub("", translation)
    if not _TEMPLATE_HINT.search(bare):
        return []
    source = TAG_RE.sub("", source)
    problems = _template_added(source, bare, "")
    if decoded and not problems:
        problems = _template_added(_decode(source), _decode(bare), " spelled with escapes or character references")
    return problems


def _template_added(source: str, translation: str, spelling: str) -> list[str]:
    if not _added(_TEMPLATE_DELIMITER.findall(translation), _TEMPLATE_DELIMITER.findall(source)):
        return []
    code = _added(_TEMPLATE_CODE.findall(translation), _TEMPLATE_CODE.findall(source))
    shown = [c if len(c) <= 60 else c[:57] + "..." for c in code]
    what = (f"template code {', '.join(shown)}" if code else
            "template delimiters " + " ".join(_added(_TEMPLATE_DELIMITER.findall(translation),
                                                     _TEMPLATE_DELIMITER.findall(source))))
    return [f"adds {what}{spelling} not in the source (a site generator would run it); "
            "keep only the source's template code, as its placeholders"]


def _decode(text: str) -> str:
    return unescape(_MARKDOWN_ESCAPE.sub(r"\1", text))


# -- helpers -------------------------------------------------------------------


def _added(have: list, allowed: list) -> list:
    """Items of ``have`` beyond those in ``allowed`` (as multisets), in order of first appearance."""
    extra = Counter(have) - Counter(allowed)
    return [item for item in dict.fromkeys(have) if extra[item]]


def _tags(text: str) -> list[str]:
    return _TAG.findall(text)


def _added_tags(have: list[str], allowed: list[str]) -> list[str]:
    """Added tags, leaving out the end tags of added start tags (one message for ``<b>…</b>``)."""
    added = _added(have, allowed)
    opened = {_name(tag) for tag in added if not tag.startswith("</")}
    return [tag for tag in added if not (tag.startswith("</") and _name(tag) in opened)]


def _name(tag: str) -> str:
    m = _TAG_NAME.match(tag)
    return m.group(1).lower() if m else ""


def _describe_tag(tag: str, what: str, spelling: str = "") -> str:
    """``adds HTML <img src=x onerror=…> not in the source (event handler onerror, …)``."""
    if autolink := _AUTOLINK.match(tag):
        return _describe_target("link", autolink.group(1))
    details = []
    name = _TAG_NAME.match(tag)
    for m in _ATTRIBUTE.finditer(tag, name.end() if name else len(tag)):
        attribute, value = m.group(1).lower(), (m.group(2) or "").strip("\"'")
        if attribute.startswith("on"):
            details.append(f"event handler {attribute}")
        elif attribute in _URL_ATTRIBUTES:
            details.append(_describe_url(attribute, value))
        elif attribute == "style":
            details.append("style attribute")
        else:
            details.append(f"attribute {attribute}")
    excerpt = tag if len(tag) <= 60 else tag[:57] + "..."
    return f"adds {what} {excerpt}{spelling} not in the source" + (f" ({', '.join(details)})" if details else "")


def _describe_target(kind: str, url: str) -> str:
    what, preposition = _TARGETS[kind]
    if scheme := _dangerous_scheme(url):
        return f"adds {what} with a {scheme} URL ({url}) not in the source"
    return " ".join(filter(None, ("adds", what, preposition, url, "not in the source")))


def _describe_url(attribute: str, url: str) -> str:
    if scheme := _dangerous_scheme(url):
        return f"{scheme} URL in {attribute}"
    return f"link target {url}" if attribute == "href" else f"{attribute} {url}"


def _dangerous_scheme(url: str) -> str | None:
    """``javascript:``, ``vbscript:`` or ``data:`` however the URL spells it, else None."""
    scheme = _INVISIBLE.sub("", unescape(url)).lower().partition(":")[0]
    return f"{scheme}:" if scheme in ("javascript", "vbscript", "data") else None


@lru_cache(maxsize=4096)  # a source msgid is checked again for every language
def _markdown_targets(text: str) -> list[tuple[str, str]]:
    """(kind, URL) of every link or image destination, reference definition and bare URL in ``text``.

    Read with patterns rather than a parser: half a link (``](https://…)``,
    its ``[`` in another sentence) and a destination inside a link title
    segment count too, and bare URLs become links in GFM renderers.
    """
    found = []
    taken: list[tuple[int, int]] = []
    for m in _DESTINATION.finditer(text):
        opening = _opening_bracket(text, m.start())
        found.append(("image" if text[opening - 1 : opening] == "!" else "link", m.group(1).strip("<>")))
        taken.append(m.span(1))
    for m in _DEFINITION.finditer(text):
        found.append(("definition", m.group(1).strip("<>")))
        taken.append(m.span(1))
    for m in _BARE_URL.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(("url", m.group()))
    return found


def _opening_bracket(text: str, close: int) -> int:
    """Index of the ``[`` that the ``]`` at ``close`` closes (0 if none)."""
    depth = 0
    for m in reversed(list(_BRACKET.finditer(text, 0, close))):
        if m.group() == "]":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return m.start()
    return 0


def _brackets(text: str) -> tuple[int, int]:
    """Unescaped ``]`` without a ``[`` before them, and ``[`` left open."""
    unmatched = depth = 0
    for m in _BRACKET.finditer(text):
        if m.group() == "[":
            depth += 1
        elif depth:
            depth -= 1
        else:
            unmatched += 1
    return unmatched, depth
