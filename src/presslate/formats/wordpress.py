"""WordPress posts as articles: ``*.wp`` files, front matter plus the post content as WordPress stores it.

A post pulled from a site (or imported from a WXR file) is written as::

    ---
    title: "Hello world!"
    excerpt: ""
    slug: "hello-world"
    categories: ["News"]
    tags: ["flood", "river"]
    wordpress: {"site": "https://news.example.org", "type": "post", "id": 12, ...}
    lang: en
    ---
    <!-- wp:paragraph -->
    <p>The post content, byte for byte.</p>
    <!-- /wp:paragraph -->

Everything after the closing ``---`` line is the raw ``post_content``: block
comments such as ``<!-- wp:image {"id":12} -->`` are HTML comments, so the
HTML format keeps them as skeleton and translates only the text between them.
Text outside every element is translated too, cut into paragraphs at blank
lines as WordPress's ``wpautop()`` does for classic-editor posts, and
shortcodes are placeholders (see :mod:`.wp_autop`).
``title``, ``excerpt``, ``slug`` and every category and tag name are
translatable front matter; ``wordpress`` (ids, modified time, link, term
slugs) is metadata, never translated.  Every value is written as a JSON
string, which is YAML too, so any title reads back exactly.

:func:`dump` writes a :class:`Post`, :func:`load` reads one back (a source or
a localized version), :func:`parse` is the format's entry point.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from presslate.document import Document, Placeholder, Segment
from presslate.errors import InputError
from presslate.formats import html, wp_autop
from presslate.formats.front_matter import split_front_matter
from presslate.formats.markdown import Options

SUFFIX = ".wp"
KEYS = ["title", "excerpt", "slug", "categories", "tags"]
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_NOT_YAML_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Post:
    """One WordPress post (or page) with what presslate needs to translate it and put it back."""

    id: int
    title: str
    content: str
    excerpt: str = ""
    slug: str = ""
    type: str = "post"
    status: str = "draft"
    categories: list[str] = field(default_factory=list)  # names (translatable)
    category_slugs: list[str] = field(default_factory=list)  # the source terms, in the same order
    tags: list[str] = field(default_factory=list)
    tag_slugs: list[str] = field(default_factory=list)
    modified_gmt: str = ""
    date_gmt: str = ""
    date: str = ""
    link: str = ""
    site: str = ""
    author: str = ""
    lang: str = ""  # the article language (the project's source, or a target in a localized version)
    extra: dict = field(default_factory=dict)  # other metadata kept as read (Polylang language, …)

    def metadata(self) -> dict:
        data = {"site": self.site, "type": self.type, "id": self.id, "status": self.status,
                "date": self.date, "date_gmt": self.date_gmt, "modified_gmt": self.modified_gmt, "link": self.link,
                "author": self.author, "category_slugs": self.category_slugs, "tag_slugs": self.tag_slugs}
        data.update(self.extra)
        return data


def quote(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON syntax, every non-printable escaped)."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def dump(post: Post) -> str:
    """The article text of ``post``: front matter, then the content exactly as WordPress stores it."""
    meta = json.dumps(post.metadata(), ensure_ascii=True, sort_keys=False)
    head = [
        f"title: {quote(post.title)}",
        f"excerpt: {quote(post.excerpt)}",
        f"slug: {quote(post.slug)}",
        f"categories: {_flow_list(post.categories)}",
        f"tags: {_flow_list(post.tags)}",
        f"wordpress: {meta}",
        f"lang: {post.lang}",
    ]
    return "---\n" + "\n".join(head) + "\n---\n" + post.content


def _split(text: str, path: str) -> tuple[list[str], int, int]:
    """Lines, the index of the first body line and the offset where the content starts."""
    lines = _LINE.findall(text)
    if not lines or lines[0] != "---\n":
        raise InputError(path, 1, "a WordPress article (*.wp) starts with a '---' front matter line; "
                         "write it with `presslate wordpress pull` or `import`")
    for end, line in enumerate(lines[1:], start=1):
        if line == "---\n":
            return lines, end + 1, sum(len(x) for x in lines[: end + 1])
    raise InputError(path, 1, "the front matter of this WordPress article is never closed with a '---' line")


def load(text: str, path: str) -> Post:
    """The post an article (source or localized) holds; InputError (file:line) if it is not one."""
    lines, body_line, body_start = _split(text, path)
    try:
        data = YAML(typ="safe", pure=True).load(StringIO("".join(lines[1 : body_line - 1])))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, mark.line + 2 if mark else 1, f"malformed front matter: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("wordpress"), dict):
        raise InputError(path, 2, "front matter without a 'wordpress' mapping: not a post written by presslate")
    meta = dict(data["wordpress"])
    known = {"site", "type", "id", "status", "date", "date_gmt", "modified_gmt", "link", "author", "category_slugs", "tag_slugs"}
    try:
        post = Post(
            id=int(meta.get("id")), title=_text(data, "title"), content=text[body_start:],
            excerpt=_text(data, "excerpt"), slug=_text(data, "slug"),
            categories=_names(data, "categories"), tags=_names(data, "tags"),
            **{k: meta[k] for k in known - {"id"} if k in meta},
            lang=str(data.get("lang") or ""), extra={k: v for k, v in meta.items() if k not in known},
        )
    except (TypeError, ValueError) as exc:
        raise InputError(path, 2, f"front matter: {exc}") from None
    if len(post.categories) != len(post.category_slugs) or len(post.tags) != len(post.tag_slugs):
        raise InputError(path, 2, "front matter: categories or tags no longer match the term slugs under 'wordpress'; "
                         "translate the names, do not add or remove them")
    return post


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, not {value!r}")
    return value


def _names(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} must be a list of names, not {value!r}")
    return value


def _shift(segment: Segment, lines: int) -> None:
    """Move a body segment (and those nested in its placeholders) below the front matter."""
    segment.line += lines
    for atom in segment.atoms:
        if isinstance(atom, Placeholder):
            for part in (atom.open or []) + (atom.close or []):
                if isinstance(part, Segment):
                    _shift(part, lines)


def parse(text: str, path: str, options: Options) -> Document:
    """Front matter segments (title, excerpt, slug, term names), then the content as HTML."""
    lines, body_line, body_start = _split(text, path)
    front = split_front_matter(lines, path, KEYS)
    line = 1
    for part in front.parts:
        if isinstance(part, Segment):
            part.line = line
            line += part.source.count("\n")
        else:
            line += part.count("\n") if isinstance(part, str) else 0
    body = html.parse(text[body_start:], path, options, loose_text=True)
    body.parts = wp_autop.paragraphs(body.parts, options)
    for part in body.parts:
        if isinstance(part, Segment):
            _shift(part, body_line)
    return Document(front.parts + body.parts, path, "wordpress")
