"""The WordPress test site (tests/wordpress_site.py) is a real WordPress the WordPress tests can rely on.

Needs the Debian packages wordpress, mariadb-server, php-cli, php-mysql, php-xml and
php-mbstring (skips without them, fails under CI=true); the importer test also needs
../shared (skips without it).
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
import wordpress_site as wp_site
from wordpress_site import SHARED, WordPressSite, WordPressSiteError, require_wordpress

# The fixture, shared by this module's tests (a module attribute, so pytest finds it).
wordpress_site = wp_site.wordpress_site

BLOCKS = (
    "<!-- wp:heading {\"level\":3} -->\n<h3 class=\"wp-block-heading\">Night market “opens” — día 1</h3>\n<!-- /wp:heading -->\n\n"
    "<!-- wp:paragraph -->\n<p>Stalls &amp; <strong>lanterns</strong>, 5&nbsp;km <a href=\"/map?a=1&amp;b=2\">away</a>. 🏮</p>\n"
    "<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n<ul><li>one</li><li>two</li></ul>\n<!-- /wp:list -->"
)


def test_rest_with_application_password_returns_json(wordpress_site):
    request = urllib.request.Request(
        wordpress_site.rest_url("/wp/v2/posts?context=edit"), headers={"Authorization": wordpress_site.auth_header()})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "application/json"
        posts = json.loads(response.read())
    assert isinstance(posts, list)
    # context=edit is only for authenticated editors: it carries the raw content.
    assert all("raw" in post["content"] for post in posts)


def test_block_content_round_trips_byte_for_byte(wordpress_site):
    status, created = wordpress_site.rest("POST", "/wp/v2/posts", {"title": "Blocks", "content": BLOCKS, "status": "draft"})
    assert status == 201, created
    status, post = wordpress_site.rest("GET", f"/wp/v2/posts/{created['id']}?context=edit")
    assert status == 200
    assert post["content"]["raw"] == BLOCKS
    # The same bytes are what the database holds, as PHP inside the site reads them.
    assert wordpress_site.php("echo get_post((int) $args[0])->post_content;", str(created["id"])) == BLOCKS


def test_wrong_application_password_is_refused(wordpress_site):
    status, body = wordpress_site.rest("GET", "/wp/v2/posts?context=edit", password="abcd efgh ijkl mnop qrst uvwx")
    assert status == 401, body
    status, body = wordpress_site.rest("GET", "/wp/v2/users/me", auth=False)
    assert status == 401, body


def test_mu_plugin_registers_post_meta_for_rest(wordpress_site):
    status, created = wordpress_site.rest("POST", "/wp/v2/posts", {"title": "Meta", "meta": {"presslate_lang": "es"}})
    assert status == 201, created
    # Without registration WordPress drops unknown meta silently.
    assert wordpress_site.php("echo json_encode(get_post_meta((int) $args[0], 'presslate_lang'));", str(created["id"])) == "[]"
    wordpress_site.add_mu_plugin("presslate-meta", """
        register_post_meta('post', 'presslate_lang', array('type' => 'string', 'single' => true, 'show_in_rest' => true));
    """)
    try:
        status, updated = wordpress_site.rest("POST", f"/wp/v2/posts/{created['id']}", {"meta": {"presslate_lang": "es"}})
        assert status == 200, updated
        assert updated["meta"]["presslate_lang"] == "es"
        assert wordpress_site.php("echo get_post_meta((int) $args[0], 'presslate_lang', true);", str(created["id"])) == "es"
    finally:
        wordpress_site.remove_mu_plugin("presslate-meta")
    status, post = wordpress_site.rest("GET", f"/wp/v2/posts/{created['id']}?context=edit")
    assert "presslate_lang" not in post["meta"]


def _description(site) -> str:
    status, index = site.rest("GET", "/")
    assert status == 200, index
    return index["description"]


def test_mu_plugin_replaced_takes_effect_on_the_next_request(wordpress_site):
    # The web server caches compiled PHP (opcache): a replaced plugin must still count at once,
    # whether it is replaced within the same second or after the old one was cached (2 s and more).
    probe = "add_filter('option_blogdescription', function () { return '%s'; });"
    seen = []
    for value in ("one", "two", "six"):
        wordpress_site.add_mu_plugin("presslate-probe", probe % value)
        seen.append(_description(wordpress_site))
    time.sleep(2.5)
    seen += [_description(wordpress_site), _description(wordpress_site)]
    wordpress_site.add_mu_plugin("presslate-probe", probe % "ten")
    seen.append(_description(wordpress_site))
    wordpress_site.remove_mu_plugin("presslate-probe")
    seen.append(_description(wordpress_site))
    assert seen == ["one", "two", "six", "six", "six", "ten", ""]


def test_php_failure_is_an_error_with_its_message(wordpress_site):
    with pytest.raises(WordPressSiteError, match="no such thing"):
        wordpress_site.php("throw new RuntimeException('no such thing');")
    assert wordpress_site.php("echo $args[0] . '|' . $args[1];", "a'b", "c d") == "a'b|c d"


def test_importer_imports_a_wxr_file(wordpress_site):
    wxr = SHARED / "corpus" / "dev" / "wordpress" / "valid-wxr-1.1.xml"
    if not wxr.is_file():
        pytest.skip(f"{wxr} is absent (../shared is not beside the repository)")
    titles = (
        "echo json_encode(array_map(function ($p) { return [$p->post_type, $p->post_title]; },"
        " get_posts(array('post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1))));"
    )
    assert ["post", "Hello world!"] not in json.loads(wordpress_site.php(titles))
    output = wordpress_site.import_wxr(wxr)
    assert "All done." in output, output
    # valid-wxr-1.1.xml holds the post "Hello world!" and the page "About".
    imported = json.loads(wordpress_site.php(titles))
    assert ["post", "Hello world!"] in imported
    assert ["page", "About"] in imported

def test_clear_posts_leaves_no_post(wordpress_site):
    assert wordpress_site.rest("POST", "/wp/v2/posts", {"title": "To clear", "status": "publish"})[0] == 201
    assert wordpress_site.rest("POST", "/wp/v2/pages", {"title": "To clear too", "status": "draft"})[0] == 201
    assert wordpress_site.clear_posts() >= 2
    for route in ("/wp/v2/posts?context=edit&status=any", "/wp/v2/pages?context=edit&status=any"):
        status, items = wordpress_site.rest("GET", route)
        assert (status, items) == (200, [])


def test_stop_ends_every_process_and_removes_the_directory():
    require_wordpress()
    site = WordPressSite().start()
    try:
        root, pids = site.root, list(site.pids)
        assert site.processes_alive(), "the database and the web server run while the site is up"
    finally:
        site.stop()
    assert not root.exists()
    assert site.processes_alive() == []
    for pid in pids:
        assert not _running(pid, str(root)), f"process {pid} survived stop()"


def test_failed_start_leaves_nothing_behind(monkeypatch):
    require_wordpress()

    def broken_install(self):
        raise WordPressSiteError("install broke on purpose")

    monkeypatch.setattr(WordPressSite, "_install", broken_install)
    site = WordPressSite()
    with pytest.raises(WordPressSiteError, match="on purpose"):
        site.start()
    assert site.pids, "the database was started before the install step"
    assert not site.root.exists()
    assert site.processes_alive() == []


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_wordpress_skips_or_fails_under_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setattr(wp_site, "WORDPRESS_DIR", tmp_path / "no-wordpress")
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match="WordPress is not installed in .*no-wordpress.*apt-get install wordpress mariadb-server"):
        require_wordpress()


def _running(pid: int, marker: str) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return marker.encode() in cmdline.read()
    except OSError:
        return False
