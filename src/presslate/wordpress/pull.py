"""presslate wordpress pull: new and changed posts of a site → articles.

One listing of every post (id and modified time only) tells what changed
since the last pull and what was deleted on the site; only changed posts are
then fetched whole (``context=edit``: the raw content as stored, block
comments included).  Translations presslate pushed (linked in
``wordpress-links.json``, or carrying its post meta or a Polylang language
other than the source) are not pulled as sources.  A post deleted on the site
is reported; its article stays.
"""

from __future__ import annotations

from pathlib import Path

from presslate.config import Config
from presslate.formats.wordpress import Post
from presslate.wordpress.links import Links
from presslate.wordpress.project import StoreReport, existing, store_posts
from presslate.wordpress.rest import Client
from presslate.wordpress.wxr import META_SOURCE, polylang_slug

BATCH = 100


def pull(config: Config, client: Client, folder: Path, report: StoreReport) -> None:
    site = client.site
    listing = client.get_all("wp/v2/posts", {"context": "edit", "status": "publish,future,draft,pending,private",
                                             "_fields": "id,modified_gmt,meta,lang", "orderby": "id", "order": "asc"})
    pushed = Links(config).target_ids(site)
    source_lang = polylang_slug(config.source)
    wanted = {p["id"]: p for p in listing if p["id"] not in pushed and not (p.get("meta") or {}).get(META_SOURCE)
              and p.get("lang") in (None, "", source_lang)}
    have = {post.id: post for _, _, post in existing(folder).values() if post.site == site and post.type == "post"}
    changed = [i for i, p in wanted.items() if i not in have or have[i].modified_gmt != p.get("modified_gmt")]
    report.unchanged.extend(folder / f"post-{i}.wp" for i in wanted if i not in changed)
    for post_id in sorted(set(have) - set(wanted)):
        report.deleted_upstream.append(str(post_id))
        report.skipped.append(f"post {post_id} is no longer on {site} (deleted, or not a source post); "
                              f"its article {config.reference(folder)}/post-{post_id}.wp is kept")
    raw: list[dict] = []
    for start in range(0, len(changed), BATCH):
        ids = changed[start : start + BATCH]
        raw += client.get_all("wp/v2/posts", {"context": "edit", "include": ",".join(map(str, ids)),
                                              "status": "publish,future,draft,pending,private"})
    terms = {"categories": _terms(client, "categories", raw), "tags": _terms(client, "tags", raw)}
    posts = [_post(item, site, terms) for item in raw]
    store_posts(config, folder, posts, report)


def _terms(client: Client, taxonomy: str, raw: list[dict]) -> dict[int, dict]:
    ids = sorted({i for item in raw for i in item.get(taxonomy) or []})
    found: dict[int, dict] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for term in client.get_all(f"wp/v2/{taxonomy}", {"include": ",".join(map(str, chunk)), "_fields": "id,name,slug"}):
            found[term["id"]] = term
    return found


def _raw(item: dict, field: str) -> str:
    value = item.get(field)
    return value.get("raw", "") if isinstance(value, dict) else (value or "")


def _post(item: dict, site: str, terms: dict) -> Post:
    categories = [terms["categories"][i] for i in item.get("categories") or [] if i in terms["categories"]]
    tags = [terms["tags"][i] for i in item.get("tags") or [] if i in terms["tags"]]
    extra = {"polylang_language": item["lang"]} if item.get("lang") else {}
    return Post(
        id=int(item["id"]), title=_raw(item, "title"), content=_raw(item, "content"), excerpt=_raw(item, "excerpt"),
        slug=item.get("slug") or "", type=item.get("type") or "post", status=item.get("status") or "draft",
        categories=[t["name"] for t in categories], category_slugs=[t["slug"] for t in categories],
        tags=[t["name"] for t in tags], tag_slugs=[t["slug"] for t in tags],
        modified_gmt=item.get("modified_gmt") or "", date_gmt=item.get("date_gmt") or "", date=item.get("date") or "",
        link=item.get("link") or "", site=site, author=str(item.get("author") or ""), extra=extra,
    )
