"""WXR (WordPress eXtended RSS) files: read posts from an export, write one the WordPress importer takes.

Reading accepts WXR 1.0 to 1.2 (the ``wp`` namespace ``http://wordpress.org/export/1.N/``), through
:mod:`.xml_reader` (no DTD, no entity expansion).  Posts and pages become
:class:`~presslate.formats.wordpress.Post`; attachments, menu items and other
types are not articles and are left out (and counted).

Writing produces WXR 1.2 as WordPress's exporter does: each value in a CDATA
section, a ``]]>`` inside one split as ``]]]]><![CDATA[>``.  Translations are
linked to their sources the way Polylang's importer reads them: a ``language``
term per language and a ``post_translations`` term per source post whose
description is the PHP-serialized map language → post id.  A site without
Polylang ignores those two taxonomies and still gets the posts, their
categories and tags, and presslate's post meta.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime

from presslate.errors import InputError
from presslate.formats.wordpress import Post
from presslate.wordpress import xml_reader
from presslate.wordpress.xml_reader import Element

_WP_NS = re.compile(r"^http://wordpress\.org/export/1\.[0-2]/$")
_EXCERPT_NS = re.compile(r"^http://wordpress\.org/export/1\.[0-2]/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ARTICLE_TYPES = ("post", "page")
META_SOURCE, META_LANG, META_REVISION = "presslate_source_id", "presslate_lang", "presslate_source_revision"


@dataclass
class WxrFile:
    """What presslate takes from a WXR file."""

    version: str
    site: str
    posts: list[Post]
    skipped: dict[str, int] = field(default_factory=dict)  # post type → items not imported
    duplicates: list[str] = field(default_factory=list)  # "line N: post id M" after the first item with that id


def read(data: bytes, path: str) -> WxrFile:
    """Parse a WXR file; InputError (file:line) if it is not well-formed XML or not WXR."""
    root = xml_reader.parse(xml_reader.decode_bytes(data, path), path)
    if root.tag != "rss":
        raise InputError(path, root.line, f"the root element is <{root.tag}>, not <rss>: not a WXR file")
    channel = root.find("channel")
    if channel is None:
        raise InputError(path, root.line, "no <channel> in <rss>: not a WXR file")
    wp, excerpt = _namespaces(root, channel)
    version_element = channel.find(f"{{{wp}}}wxr_version") if wp else None
    version = version_element.text.strip() if version_element is not None else ""
    if not re.fullmatch(r"1\.[0-2]", version):
        line = version_element.line if version_element is not None else channel.line
        raise InputError(path, line, f"missing or unsupported WXR version {version!r} (presslate reads 1.0 to 1.2)")
    site = channel.child_text(f"{{{wp}}}base_blog_url") or channel.child_text(f"{{{wp}}}base_site_url")
    posts: list[Post] = []
    skipped: dict[str, int] = {}
    seen: dict[int, int] = {}
    duplicates: list[str] = []
    for item in channel.findall("item"):
        kind = item.child_text(f"{{{wp}}}post_type", "post")
        if kind not in ARTICLE_TYPES:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        post = _post(item, wp, excerpt, site, path)
        if post.id in seen:  # WordPress's importer, too, takes the first item with an id
            duplicates.append(f"{path}:{item.line}: post id {post.id} again (first on line {seen[post.id]}); left out")
            continue
        seen[post.id] = item.line
        posts.append(post)
    return WxrFile(version, site.strip(), posts, skipped, duplicates)


def _namespaces(root: Element, channel: Element) -> tuple[str, str]:
    uris = {tag[1:].split("}")[0] for element in [channel, *channel.children]
            for tag in [element.tag, *(c.tag for c in element.children)] if tag.startswith("{")}
    wp = next((u for u in sorted(uris) if _WP_NS.match(u)), "")
    excerpt = next((u for u in sorted(uris) if _EXCERPT_NS.match(u)), "")
    return wp, excerpt


def _post(item: Element, wp: str, excerpt: str, site: str, path: str) -> Post:
    def text(tag: str) -> str:
        return item.child_text(f"{{{wp}}}{tag}")

    raw_id = text("post_id").strip()
    if not raw_id.isdigit():
        raise InputError(path, item.line, f"<item> without a numeric wp:post_id ({raw_id!r})")
    categories, category_slugs, tags, tag_slugs = [], [], [], []
    extra: dict = {}
    for term in item.findall("category"):
        domain, nicename = term.attrs.get("domain", ""), term.attrs.get("nicename", "")
        if domain == "category":
            categories.append(term.text)
            category_slugs.append(nicename)
        elif domain == "post_tag":
            tags.append(term.text)
            tag_slugs.append(nicename)
        elif domain == "language":
            extra["polylang_language"] = nicename
    return Post(
        id=int(raw_id), title=item.child_text("title"), content=item.child_text(f"{{{CONTENT_NS}}}encoded"),
        excerpt=item.child_text(f"{{{excerpt}}}encoded") if excerpt else "", slug=text("post_name"),
        type=text("post_type") or "post", status=text("status") or "draft",
        categories=categories, category_slugs=category_slugs, tags=tags, tag_slugs=tag_slugs,
        modified_gmt=text("post_modified_gmt"), date_gmt=text("post_date_gmt"), date=text("post_date"),
        link=item.child_text("link"), site=site.strip(), author=item.child_text(f"{{{DC_NS}}}creator"), extra=extra,
    )


# -- writing -------------------------------------------------------------------


@dataclass
class Translation:
    """A localized post to export, and the source it translates."""

    post: Post  # the localized version (lang is the target)
    source: Post
    revision: str  # the source revision it was made from (its modified time)


def cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def php_serialize_ids(ids: dict[str, int]) -> str:
    """PHP's ``serialize()`` of a string → int array, as Polylang stores post_translations."""
    body = "".join(f's:{len(k.encode("utf-8"))}:"{k}";i:{v};' for k, v in ids.items())
    return f"a:{len(ids)}:{{{body}}}"


def write(sources: list[Post], translations: list[Translation], source_lang: str, language_names: dict[str, str],
          site: str = "", title: str = "presslate export") -> bytes:
    """A WXR 1.2 file with the source posts and their translations, linked for Polylang."""
    ids: dict[tuple[int, str], int] = {(p.id, source_lang): p.id for p in sources}
    next_id = max([p.id for p in sources] + [0]) + 1
    for t in translations:
        ids[(t.source.id, t.post.lang)] = next_id
        next_id += 1
    langs = [source_lang, *sorted({t.post.lang for t in translations})]
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
           f'xmlns:content="{CONTENT_NS}" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
           f'xmlns:dc="{DC_NS}" xmlns:wp="http://wordpress.org/export/1.2/">',
           "<channel>", f"\t<title>{_escape(title)}</title>", f"\t<link>{_escape(site)}</link>",
           "\t<wp:wxr_version>1.2</wp:wxr_version>",
           f"\t<wp:base_site_url>{_escape(site)}</wp:base_site_url>", f"\t<wp:base_blog_url>{_escape(site)}</wp:base_blog_url>"]
    authors = sorted({p.author for p in sources if p.author})
    out += [f"\t<wp:author><wp:author_login>{cdata(a)}</wp:author_login>"
            f"<wp:author_display_name>{cdata(a)}</wp:author_display_name></wp:author>" for a in authors]
    posts = [(p, None) for p in sources] + [(t.post, t) for t in translations]
    out += _term_definitions(posts, langs, language_names, source_lang)
    groups = _translation_groups(sources, translations, ids, source_lang)
    for slug, description in groups.values():
        out.append(f"\t<wp:term><wp:term_taxonomy>post_translations</wp:term_taxonomy><wp:term_slug>{cdata(slug)}</wp:term_slug>"
                   f"<wp:term_name>{cdata(slug)}</wp:term_name><wp:term_description>{cdata(description)}</wp:term_description></wp:term>")
    for post, translation in posts:
        source = translation.source if translation else post
        out.append(_item(post, translation, ids[(source.id, post.lang or source_lang)], source_lang, language_names,
                         groups.get(source.id)))
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out).encode("utf-8")


def _translation_groups(sources, translations, ids, source_lang) -> dict[int, tuple[str, str]]:
    groups: dict[int, tuple[str, str]] = {}
    by_source: dict[int, dict[str, int]] = {}
    for t in translations:
        by_source.setdefault(t.source.id, {source_lang: t.source.id})[t.post.lang] = ids[(t.source.id, t.post.lang)]
    for source_id, members in by_source.items():
        groups[source_id] = (f"pll_presslate_{source_id}", php_serialize_ids(members))
    return groups


def _term_definitions(posts, langs, language_names, source_lang) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for post, translation in posts:
        for name, slug in zip(post.categories, _slugs(post, translation, "category")):
            if ("category", slug) not in seen:
                seen.add(("category", slug))
                out.append(f"\t<wp:category><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                           f"<wp:category_parent></wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>")
        for name, slug in zip(post.tags, _slugs(post, translation, "post_tag")):
            if ("post_tag", slug) not in seen:
                seen.add(("post_tag", slug))
                out.append(f"\t<wp:tag><wp:tag_slug>{cdata(slug)}</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>")
    for lang in langs:
        slug = polylang_slug(lang)
        locale = lang if "_" in lang else {"en": "en_US"}.get(lang, f"{lang}_{lang.upper()}")
        description = (f'a:3:{{s:6:"locale";s:{len(locale)}:"{locale}";s:3:"rtl";i:0;'
                       f's:9:"flag_code";s:0:"";}}')
        out.append(f"\t<wp:term><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>{cdata(slug)}</wp:term_slug>"
                   f"<wp:term_name>{cdata(language_names.get(lang, lang))}</wp:term_name>"
                   f"<wp:term_description>{cdata(description)}</wp:term_description></wp:term>")
    return out


def polylang_slug(lang: str) -> str:
    """Polylang's language slug: the language code, lower case (``es``, ``pt-br`` for pt_BR)."""
    return lang.lower().replace("_", "-") if "_" in lang else lang.lower()


def _slugs(post: Post, translation: Translation | None, taxonomy: str) -> list[str]:
    """Term slugs of a post: the source's; a translated name gets its own term, slug + language."""
    source = translation.source if translation else post
    names, slugs = (post.categories, source.category_slugs) if taxonomy == "category" else (post.tags, source.tag_slugs)
    source_names = source.categories if taxonomy == "category" else source.tags
    if translation is None:
        return slugs
    return [slug if name == source_name else f"{slug}-{polylang_slug(post.lang)}"
            for name, slug, source_name in zip(names, slugs, source_names)]


def _item(post: Post, translation: Translation | None, post_id: int, source_lang: str, language_names, group) -> str:
    lang = post.lang or source_lang
    status = post.status if translation is None else translation.post.status
    lines = ["\t<item>", f"\t\t<title>{cdata(post.title)}</title>"]
    if translation is None and post.link:
        lines.append(f"\t\t<link>{_escape(post.link)}</link>")
    if post.date_gmt and post.date_gmt != "0000-00-00 00:00:00":
        stamp = datetime.strptime(post.date_gmt.replace("T", " "), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
        lines.append(f"\t\t<pubDate>{format_datetime(stamp)}</pubDate>")
    lines += [f"\t\t<dc:creator>{cdata(post.author)}</dc:creator>",
              f"\t\t<content:encoded>{cdata(post.content)}</content:encoded>",
              f"\t\t<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>",
              f"\t\t<wp:post_id>{post_id}</wp:post_id>",
              f"\t\t<wp:post_date>{cdata(post.date.replace('T', ' '))}</wp:post_date>",
              f"\t\t<wp:post_date_gmt>{cdata(post.date_gmt.replace('T', ' '))}</wp:post_date_gmt>",
              f"\t\t<wp:post_name>{cdata(post.slug)}</wp:post_name>",
              f"\t\t<wp:status>{cdata(status)}</wp:status>",
              "\t\t<wp:post_parent>0</wp:post_parent>",
              f"\t\t<wp:post_type>{cdata(post.type)}</wp:post_type>"]
    for name, slug in zip(post.categories, _slugs(post, translation, "category")):
        lines.append(f'\t\t<category domain="category" nicename="{_escape(slug)}">{cdata(name)}</category>')
    for name, slug in zip(post.tags, _slugs(post, translation, "post_tag")):
        lines.append(f'\t\t<category domain="post_tag" nicename="{_escape(slug)}">{cdata(name)}</category>')
    lines.append(f'\t\t<category domain="language" nicename="{_escape(polylang_slug(lang))}">'
                 f"{cdata(language_names.get(lang, lang))}</category>")
    if group:
        lines.append(f'\t\t<category domain="post_translations" nicename="{group[0]}">{cdata(group[0])}</category>')
    if translation is not None:
        for key, value in ((META_SOURCE, str(translation.source.id)), (META_LANG, lang), (META_REVISION, translation.revision)):
            lines.append(f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                         f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>")
    lines.append("\t</item>")
    return "\n".join(lines)
