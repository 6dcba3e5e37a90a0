"""presslate wordpress pull/push: a site that misbehaves (local stubs) and a real WordPress (tests/wordpress_site.py)."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import threading
import time
from pathlib import Path

import pytest
import wordpress_site as wp_site
from click.testing import CliRunner
from system_tools import require_apertium_eng_spa

from presslate import formats
from presslate.catalog.pofile import PoFile
from presslate.cli import main
from presslate.formats import wordpress as wp_format
from presslate.formats.markdown import Options
from presslate.wordpress import wxr

wordpress_site = wp_site.wordpress_site

BLOCKS = (
    '<!-- wp:heading {"level":2} -->\n<h2 class="wp-block-heading">River rises two metres</h2>\n<!-- /wp:heading -->\n\n'
    '<!-- wp:paragraph -->\n<p>The river rose <strong>two metres</strong> overnight. Roads &amp; bridges are closed.</p>\n'
    '<!-- /wp:paragraph -->\n\n<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large">'
    '<img src="https://example.org/flood.jpg" alt="The flooded bridge" class="wp-image-12"/>'
    "<figcaption>Water at the old bridge.</figcaption></figure>\n<!-- /wp:image -->"
)
BLOCK_COMMENTS = [line for line in BLOCKS.split("\n") if line.startswith("<!-- ")]


def _project(root: Path, engine: str = "pseudo") -> Path:
    (root / "presslate.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["es"]\narticles = ["articles/**/*.wp"]\n'
        f'[engine]\nname = "{engine}"\n[build]\ninclude_fuzzy = true\n'
        '[publish]\nmin_reviewed = 0\nallow_machine = true\n', encoding="utf-8")
    return root


def _run(root: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["-C", str(root), *args], env=env, catch_exceptions=False)


def _snapshot(root: Path) -> dict[str, str]:
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and ".presslate" not in p.parts]  # not the lock
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


# -- a site that answers badly ----------------------------------------------------------------


class _Stub(http.server.BaseHTTPRequestHandler):
    status, body, content_type, delay = 200, b"[]", "application/json", 0.0

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    servers = []

    def start(status=200, body=b"[]", content_type="application/json", delay=0.0):
        handler = type("Handler", (_Stub,), {"status": status, "body": body, "content_type": content_type, "delay": delay})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


CREDENTIALS = {"PRESSLATE_WP_USER": "editor", "PRESSLATE_WP_PASSWORD": "abcd efgh ijkl"}


@pytest.mark.parametrize("answer, message", [
    (dict(status=401, body=b'{"code":"incorrect_password","message":"wrong password"}'), "HTTP 401 (wrong password): the site refused"),
    (dict(status=404, body=b"<html>Not Found</html>", content_type="text/html"), "HTTP 404: no WordPress REST API there"),
    (dict(body=b"<!DOCTYPE html><html><body>Welcome</body></html>", content_type="text/html"), "with text/html, not JSON"),
    (dict(delay=3.0), "no answer within 1 s"),
])
@pytest.mark.parametrize("command", ["pull", "push"])
def test_a_site_that_answers_badly_is_exit_2_and_nothing_written(tmp_path, stub, answer, message, command):
    root = _project(tmp_path)
    post = wp_format.Post(id=3, title="River", content=BLOCKS, lang="en", site="", modified_gmt="2024-01-01T00:00:00")
    (root / "articles" / "wordpress").mkdir(parents=True)
    url = stub(**answer)
    post.site = url
    (root / "articles" / "wordpress" / "post-3.wp").write_text(wp_format.dump(post), encoding="utf-8")
    if command == "push":
        assert _run(root, "translate").exit_code == 0
    before = _snapshot(root)
    result = CliRunner().invoke(main, ["-C", str(root), "wordpress", command, "--site", url, "--timeout", "1"], env=CREDENTIALS)
    assert result.exit_code == 2, result.output
    assert message in result.output and "nothing was written" in result.output
    assert _snapshot(root) == before


def test_credentials_come_from_the_environment_only(tmp_path, stub):
    root = _project(tmp_path)
    result = CliRunner().invoke(main, ["-C", str(root), "wordpress", "pull", "--site", stub()],
                                env={"PRESSLATE_WP_USER": "", "PRESSLATE_WP_PASSWORD": ""})
    assert result.exit_code == 2 and "set PRESSLATE_WP_USER and PRESSLATE_WP_PASSWORD" in result.output
    result = CliRunner().invoke(main, ["-C", str(root), "wordpress", "pull", "--site", stub(), "--password", "x"])
    assert result.exit_code == 2 and "No such option" in result.output


# -- a real WordPress ------------------------------------------------------------------------


def _env(site) -> dict:
    return {"PRESSLATE_WP_USER": site.user, "PRESSLATE_WP_PASSWORD": site.app_password}


def _create(site, title: str, content: str = BLOCKS, **extra) -> dict:
    status, post = site.rest("POST", "/wp/v2/posts", {"title": title, "content": content, "status": "publish",
                                                        "excerpt": "Flood warning.", **extra})
    assert status == 201, post
    return post


def _translated_post(site, tmp_path: Path, title: str) -> tuple[Path, dict, dict]:
    """The site emptied but for one new English post ``title``, pulled into a new project and translated:
    (project root, the environment with the site's credentials, the post)."""
    site.clear_posts()
    english = _create(site, title)
    root = _project(tmp_path)
    env = _env(site)
    assert _run(root, "wordpress", "pull", "--site", site.url, env=env).exit_code == 0
    assert _run(root, "translate").exit_code == 0
    return root, env, english


def _pushed_id(root: Path, site, post: dict) -> int:
    """The id of the post push made of ``post``'s Spanish version, as wordpress-links.json records it."""
    links = json.loads((root / "locales" / "wordpress-links.json").read_text())["links"]
    return links[f"{site.url} {post['id']} es"]["post_id"]


def test_pull_translate_push_against_a_real_wordpress(wordpress_site, tmp_path):
    site = wordpress_site
    status, category = site.rest("POST", "/wp/v2/categories", {"name": "Local news", "slug": "local-news"})
    assert status == 201, category
    first = _create(site, "River rises", categories=[category["id"]])
    _create(site, "Bridge closed", "<!-- wp:paragraph -->\n<p>The bridge is closed.</p>\n<!-- /wp:paragraph -->")
    root = _project(tmp_path)
    env = _env(site)

    pulled = _run(root, "wordpress", "pull", "--site", site.url, env=env)
    assert pulled.exit_code == 0, pulled.output
    article = root / "articles" / "wordpress" / f"post-{first['id']}.wp"
    source = wp_format.load(article.read_text(encoding="utf-8"), "a")
    assert source.content == BLOCKS and source.categories == ["Local news"] and source.category_slugs == ["local-news"]
    again = _run(root, "wordpress", "pull", "--site", site.url, env=env)
    assert "0 articles written" in again.output

    assert _run(root, "translate").exit_code == 0
    pushed = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert pushed.exit_code == 0, pushed.output
    assert "2 created, 0 updated, 0 unchanged" in pushed.output
    target = _pushed_id(root, site, first)
    status, spanish = site.rest("GET", f"/wp/v2/posts/{target}?context=edit")
    assert status == 200 and spanish["status"] == "draft"
    assert [line for line in spanish["content"]["raw"].split("\n") if line.startswith("<!-- ")] == BLOCK_COMMENTS
    assert spanish["content"]["raw"] != BLOCKS and spanish["title"]["raw"] != "River rises"
    status, terms = site.rest("GET", f"/wp/v2/categories?include={spanish['categories'][0]}")
    assert terms[0]["slug"] == "local-news-es" and terms[0]["name"] != "Local news"

    twice = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert twice.exit_code == 0 and "0 created, 0 updated, 2 unchanged" in twice.output
    assert site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]["modified_gmt"] == spanish["modified_gmt"]

    # Pulling again does not take presslate's own translations for sources.
    assert _run(root, "wordpress", "pull", "--site", site.url, env=env).exit_code == 0
    assert len(list((root / "articles" / "wordpress").glob("*.wp"))) == 2

    # Someone edits the Spanish post in WordPress; the source changes too: push must not overwrite the edit.
    time.sleep(1.1)  # WordPress keeps modified times to the second
    site.rest("POST", f"/wp/v2/posts/{target}", {"content": spanish["content"]["raw"] + "\n<p>Nota del editor.</p>"})
    site.rest("POST", f"/wp/v2/posts/{first['id']}", {"title": "River rises again"})
    assert "1 article written" in _run(root, "wordpress", "pull", "--site", site.url, env=env).output
    assert _run(root, "translate").exit_code == 0
    conflict = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert conflict.exit_code == 1, conflict.output
    assert "was edited in WordPress" in conflict.output and "not overwritten" in conflict.output
    assert "Nota del editor." in site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]["content"]["raw"]


def test_deleted_post_is_reported_and_its_article_kept(wordpress_site, tmp_path):
    site = wordpress_site
    post = _create(site, "Short-lived")
    root = _project(tmp_path)
    assert _run(root, "wordpress", "pull", "--site", site.url, env=_env(site)).exit_code == 0
    site.rest("DELETE", f"/wp/v2/posts/{post['id']}?force=true")
    result = _run(root, "wordpress", "pull", "--site", site.url, env=_env(site))
    assert result.exit_code == 0 and f"post {post['id']} is no longer on" in result.output
    assert (root / "articles" / "wordpress" / f"post-{post['id']}.wp").is_file()


def test_export_imports_with_the_real_importer(wordpress_site, tmp_path):
    site = wordpress_site
    root = _project(tmp_path)
    source = tmp_path / "in.xml"
    items = (f'<item><title>Harbour fire</title><content:encoded>{wxr.cdata(BLOCKS)}</content:encoded>'
             "<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>900</wp:post_id>"
             "<wp:post_date>2023-03-01 10:00:00</wp:post_date><wp:post_date_gmt>2023-03-01 09:00:00</wp:post_date_gmt>"
             "<wp:post_name>harbour-fire</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
             '<category domain="category" nicename="harbour"><![CDATA[Harbour]]></category>'
             '<category domain="post_tag" nicename="fire"><![CDATA[Fire]]></category></item>')
    source.write_bytes(('<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" '
                        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
                        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>").encode())
    assert _run(root, "wordpress", "import", str(source)).exit_code == 0
    assert _run(root, "translate").exit_code == 0
    out = tmp_path / "out.xml"
    assert _run(root, "wordpress", "export", "--lang", "es", str(out)).exit_code == 0
    site.import_wxr(out)
    status, posts = site.rest("GET", "/wp/v2/posts?context=edit&per_page=100&status=publish,draft")
    by_title = {p["title"]["raw"]: p for p in posts}
    assert "Harbour fire" in by_title
    english = by_title["Harbour fire"]
    found = site.php("echo json_encode(get_posts(['post_status' => 'any', 'meta_key' => 'presslate_source_id', "
                     "'meta_value' => '900', 'fields' => 'ids']));")
    spanish = [p for p in posts if p["id"] in json.loads(found)]
    assert len(spanish) == 1 and english["content"]["raw"] == BLOCKS
    es = spanish[0]
    assert [line for line in es["content"]["raw"].split("\n") if line.startswith("<!-- ")] == BLOCK_COMMENTS
    categories = site.rest("GET", f"/wp/v2/categories?include={','.join(map(str, es['categories']))}")[1]
    tags = site.rest("GET", f"/wp/v2/tags?include={','.join(map(str, es['tags']))}")[1]
    assert [c["slug"] for c in categories] == ["harbour-es"] and [t["slug"] for t in tags] == ["fire-es"]
    meta = site.php("echo json_encode(get_post_meta((int)$args[0]));", str(es["id"]))
    meta = json.loads(meta)
    assert meta["presslate_source_id"] == ["900"] and meta["presslate_lang"] == ["es"]


CLASSIC = ("The storm closed <strong>three roads</strong> in the valley.\n\n"
           "Residents should stay indoors.\nThe school is closed.\n\n<!--more-->\n\n"
           "<h2>Emergency numbers</h2>\nCall the <a href=\"/help\">help line</a> for advice.")


def _tags(content: str) -> list[str]:
    """Every tag and comment, translatable attribute values left out."""
    return sorted(re.sub(r' (alt|title)="[^"]*"', "", tag) for tag in re.findall(r"<[^>]*>", content))


def test_pull_translate_with_apertium_push_against_a_real_wordpress(wordpress_site, tmp_path):
    """Apertium eng-spa end to end: presslate's guarantees, not Apertium's words."""
    require_apertium_eng_spa()
    site = wordpress_site
    site.clear_posts()
    blocks = _create(site, "Storm closes roads")
    classic = _create(site, "Storm: what to do", CLASSIC)
    root = _project(tmp_path)
    env = _env(site)
    assert _run(root, "wordpress", "pull", "--site", site.url, env=env).exit_code == 0
    translated = _run(root, "translate", "--engine", "apertium")
    assert translated.exit_code == 0, translated.output
    for post in (blocks, classic):  # every segment came back from the engine
        article = root / "articles" / "wordpress" / f"post-{post['id']}.wp"
        po = PoFile.parse((root / "locales" / "es" / "LC_MESSAGES" / "wordpress" / f"post-{post['id']}.po").read_bytes())
        msgids = {s.text for s in formats.parse_text(article.read_text(encoding="utf-8"), str(article), Options()).segments()}
        entries = {e.msgid: e for e in po.entries if not e.obsolete}
        assert msgids <= set(entries) and all(entries[m].msgstr and entries[m].fuzzy for m in msgids)
    pushed = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert pushed.exit_code == 0 and "2 created" in pushed.output, pushed.output
    for post, content in ((blocks, BLOCKS), (classic, CLASSIC)):
        target = _pushed_id(root, site, post)
        spanish = site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]["content"]["raw"]
        assert [line for line in spanish.split("\n") if line.startswith("<!-- ")] == \
            [line for line in content.split("\n") if line.startswith("<!-- ")]
        assert _tags(spanish) == _tags(content)  # every tag and comment kept (placeholders may move)
        english_text = [line for line in content.split("\n") if line and not line.startswith("<")]
        assert spanish != content and not set(english_text) & set(spanish.split("\n"))


def test_suggest_takes_a_wordpress_edit_into_the_po_file_and_push_updates_again(wordpress_site, tmp_path):
    site = wordpress_site
    root, env, english = _translated_post(site, tmp_path, "Harbour closes")
    po_path = root / "locales" / "es" / "LC_MESSAGES" / "wordpress" / f"post-{english['id']}.po"
    po = PoFile.parse(po_path.read_bytes())
    reviewed = po.find("Roads & bridges are closed.")  # a translator reviewed this one
    reviewed.msgstr, reviewed.fuzzy = "Carreteras y puentes cerrados.", False
    po_path.write_bytes(po.serialize())
    assert _run(root, "wordpress", "push", "--site", site.url, env=env).exit_code == 0
    target = _pushed_id(root, site, english)
    pushed = site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]
    machine = PoFile.parse(po_path.read_bytes()).find("Water at the old bridge.").msgstr

    # An editor fixes the caption and the reviewed sentence in WordPress, and the title.
    time.sleep(1.1)
    content = pushed["content"]["raw"]
    assert content.count(machine) == 1 and content.count("Carreteras y puentes cerrados.") == 1
    edited = content.replace(machine, "Agua &amp; barro en el puente viejo.").replace(
        "Carreteras y puentes cerrados.", "Carreteras y puentes están cerrados.")
    assert site.rest("POST", f"/wp/v2/posts/{target}", {"content": edited, "title": "Cierra el puerto"})[0] == 200
    blocked = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert blocked.exit_code == 1 and "wordpress suggest" in blocked.output

    before = po_path.read_bytes()
    result = _run(root, "wordpress", "suggest", "--site", site.url, env=env)
    assert result.exit_code == 1, result.output  # the reviewed entry was not changed: reported
    assert "reviewed translation kept" in result.output and "Carreteras y puentes están cerrados." in result.output
    po = PoFile.parse(po_path.read_bytes())
    caption = po.find("Water at the old bridge.")
    assert caption.msgstr == "Agua & barro en el puente viejo." and caption.fuzzy
    assert any(f"edited in WordPress: post {target}" in c for c in caption.translator_comments)
    assert po.find("Harbour closes").msgstr == "Cierra el puerto" and po.find("Harbour closes").fuzzy
    assert po.find("Roads & bridges are closed.").msgstr == "Carreteras y puentes cerrados."  # reviewed: untouched
    assert not po.find("Roads & bridges are closed.").fuzzy and po_path.read_bytes() != before
    still = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert still.exit_code == 1  # an edit is not in the PO file yet: the post stays protected

    # The translator takes the edit into the reviewed entry; suggest then releases the post.
    po.find("Roads & bridges are closed.").msgstr = "Carreteras y puentes están cerrados."
    po_path.write_bytes(po.serialize())
    again = _run(root, "wordpress", "suggest", "--site", site.url, env=env)
    assert again.exit_code == 0 and "1 post push may update again" in again.output, again.output
    pushed_again = _run(root, "wordpress", "push", "--site", site.url, env=env)
    assert pushed_again.exit_code == 0 and "1 updated" in pushed_again.output, pushed_again.output
    now = site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]
    assert now["content"]["raw"] == edited and now["title"]["raw"] == "Cierra el puerto"
    assert "0 updated, 1 unchanged" in _run(root, "wordpress", "push", "--site", site.url, env=env).output


def test_suggest_leaves_a_post_whose_structure_changed(wordpress_site, tmp_path):
    site = wordpress_site
    root, env, english = _translated_post(site, tmp_path, "Ferry cancelled")
    assert _run(root, "wordpress", "push", "--site", site.url, env=env).exit_code == 0
    target = _pushed_id(root, site, english)
    time.sleep(1.1)
    content = site.rest("GET", f"/wp/v2/posts/{target}?context=edit")[1]["content"]["raw"]
    site.rest("POST", f"/wp/v2/posts/{target}", {"content": content + "\n<p>Nota del editor.</p>"})
    before = _snapshot(root)
    result = _run(root, "wordpress", "suggest", "--site", site.url, env=env)
    assert result.exit_code == 1 and "beyond the text of its segments" in result.output, result.output
    assert "0 suggestions written" in result.output and _snapshot(root) == before
    assert _run(root, "wordpress", "push", "--site", site.url, env=env).exit_code == 1
