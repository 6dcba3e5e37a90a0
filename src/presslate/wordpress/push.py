"""presslate wordpress push: localized versions → posts on the site, linked to their sources.

Each version that passes the publish policy becomes a post (a draft unless
``--status publish``) with the source's block markup and the translated title,
excerpt, slug and terms, plus presslate's post meta (source post id, language,
source revision: kept by the site only where a plugin registers it, see
docs/wordpress.md) and, where the site runs Polylang with its REST fields
(``lang``, ``translations``), Polylang's own link.  The link is recorded in
``wordpress-links.json``.  A linked post edited in WordPress since presslate
wrote it is not overwritten but reported (exit 1); a version whose post
already holds it is not written again, so pushing twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presslate.config import Config
from presslate.formats.wordpress import Post
from presslate.report import Report, counted, refused_summary
from presslate.wordpress.links import Links, digest
from presslate.wordpress.project import LocalizedPost
from presslate.wordpress.rest import Client
from presslate.wordpress.wxr import META_LANG, META_REVISION, META_SOURCE, polylang_slug

BATCH = 100


@dataclass
class PushReport(Report):
    SKIPPED = "not pushed"

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list = field(default_factory=list)
    refusals: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.refusals or self.conflicts)

    def summary(self) -> str:
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.conflicts:
            text += f", {counted(len(self.conflicts), 'post')} edited in WordPress left as they are (exit 1)"
        return text + refused_summary(len(self.refusals))


def push(config: Config, client: Client, versions: list[LocalizedPost], status: str, report: PushReport) -> None:
    site = client.site
    links = Links(config)
    mine = [v for v in versions if v.source.site == site]
    for other in sorted({v.source.site for v in versions} - {site}):
        report.skipped.append(f"posts pulled from {other or 'a WXR file'}: not this site ({site})")
    linked = [links.get(site, v.source.id, v.post.lang) for v in mine]
    current = current_posts(client, [link["post_id"] for link in linked if link], "id,modified_gmt")
    sources = current_posts(client, sorted({v.source.id for v in mine}), "id,lang")  # read (and auth) before writing
    polylang = any("lang" in item for item in sources.values())
    terms = _Terms(client)
    for version, link in zip(mine, linked):
        name = f"{version.source_path.name} [{version.post.lang}]"
        if link is not None:
            now = current.get(link["post_id"])
            if now is None:
                report.conflicts.append(name)
                report.warnings.append(f"{name}: its post {link['post_id']} is gone from {site} (deleted or trashed); "
                                       f"not recreated: remove its line from {links.path.name} to push it as a new post")
                continue
            if now.get("modified_gmt") != link["modified_gmt"]:
                report.conflicts.append(name)
                report.warnings.append(f"{name}: post {link['post_id']} was edited in WordPress (modified "
                                       f"{now.get('modified_gmt')} GMT, after presslate's push of {link['modified_gmt']}); "
                                       "not overwritten: run `presslate wordpress suggest` to take the edit into the PO file, "
                                       "or trash the post to push again")
                continue
        if version.source.id not in sources:
            report.skipped.append(f"{name}: its source post {version.source.id} is not on {site} any more")
            continue
        payload = _payload(version, status)
        wanted = digest(payload)
        if link is not None and link["digest"] == wanted:
            report.unchanged.append(name)
            continue
        body = {k: v for k, v in payload.items() if not k.endswith("_named")}
        body["categories"] = terms.ids("categories", version.post.categories, version.source.category_slugs,
                                       version.source.categories, version.post.lang)
        body["tags"] = terms.ids("tags", version.post.tags, version.source.tag_slugs, version.source.tags, version.post.lang)
        if polylang:
            body["lang"] = polylang_slug(version.post.lang)
            body["translations"] = {polylang_slug(config.source): version.source.id}
        if link is None:
            data, _ = client.call("POST", "wp/v2/posts", body=body)
            report.created.append(name)
        else:
            data, _ = client.call("POST", f"wp/v2/posts/{link['post_id']}", body=body)
            report.updated.append(name)
        links.set(site, version.source.id, version.post.lang,
                  {"post_id": data["id"], "modified_gmt": data.get("modified_gmt"), "digest": wanted,
                   "source_revision": version.source.modified_gmt})


def _payload(version: LocalizedPost, status: str) -> dict:
    post: Post = version.post
    return {"title": post.title, "content": post.content, "excerpt": post.excerpt, "slug": post.slug, "status": status,
            "categories_named": post.categories, "tags_named": post.tags,
            "meta": {META_SOURCE: str(version.source.id), META_LANG: post.lang, META_REVISION: version.source.modified_gmt}}


def current_posts(client: Client, ids: list[int], fields: str) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for item in client.get_all("wp/v2/posts", {"context": "edit", "include": ",".join(map(str, chunk)),
                                                   "status": "publish,future,draft,pending,private", "_fields": fields}):
            found[item["id"]] = item
    return found


class _Terms:
    """Term ids for translated names: the source's term when the name is unchanged, else a term per language."""

    def __init__(self, client: Client):
        self.client = client
        self.cache: dict[tuple[str, str], int] = {}

    def ids(self, taxonomy: str, names: list[str], slugs: list[str], source_names: list[str], lang: str) -> list[int]:
        out = []
        for name, slug, source_name in zip(names, slugs, source_names):
            wanted = slug if name == source_name else f"{slug}-{polylang_slug(lang)}"
            out.append(self.term(taxonomy, name, wanted))
        return out

    def term(self, taxonomy: str, name: str, slug: str) -> int:
        if (taxonomy, slug) not in self.cache:
            found, _ = self.client.call("GET", f"wp/v2/{taxonomy}", {"slug": slug, "_fields": "id"})
            if found:
                self.cache[(taxonomy, slug)] = found[0]["id"]
            else:
                data, _ = self.client.call("POST", f"wp/v2/{taxonomy}", body={"name": name, "slug": slug})
                self.cache[(taxonomy, slug)] = data["id"]
        return self.cache[(taxonomy, slug)]
