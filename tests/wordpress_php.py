"""The small PHP files of the WordPress test site (tests/wordpress_site.py), as text.

Values that vary (paths, passwords, names) reach the scripts as command-line arguments
(``$argv``) where possible; the few baked into a file go through ``php_string``.
"""

from __future__ import annotations

import secrets
from pathlib import Path


def php_string(value: str | Path) -> str:
    """VALUE as a single-quoted PHP string literal."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def php_source(code: str) -> str:
    """CODE without its leading ``<?php`` tag, if it has one."""
    code = code.strip()
    if code.startswith("<?php"):
        code = code[len("<?php"):]
    return code


def prepend(docroot: Path, port: int) -> str:
    """``auto_prepend_file`` of every script and request: ABSPATH is the private docroot, so
    WordPress loads our wp-config.php, never Debian's (which wants /etc/wordpress/config-<host>.php)."""
    return (
        "<?php\n"
        f"if (!defined('ABSPATH')) {{ define('ABSPATH', {php_string(str(docroot) + '/')}); }}\n"
        "if (PHP_SAPI === 'cli') {\n"
        f"    $_SERVER['HTTP_HOST'] = '127.0.0.1:{port}';\n"
        "    $_SERVER['SERVER_NAME'] = '127.0.0.1';\n"
        f"    $_SERVER['SERVER_PORT'] = '{port}';\n"
        "    $_SERVER['REQUEST_URI'] = '/';\n"
        "}\n"
    )


# php -S runs the router before each request (auto_prepend_file does not reach it).
ROUTER = (
    "<?php\n"
    "require_once __DIR__ . '/prepend.php';\n"
    "// Existing files are served as they are; every other path goes to WordPress (pretty permalinks).\n"
    "$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');\n"
    "if ($path !== '/' && file_exists($_SERVER['DOCUMENT_ROOT'] . $path)) { return false; }\n"
    "$_SERVER['SCRIPT_NAME'] = '/index.php';\n"
    "$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';\n"
    "require $_SERVER['DOCUMENT_ROOT'] . '/index.php';\n"
)

# No e-mail leaves a test site (wp_install would try to send one).
NO_MAIL_PLUGIN = "<?php\nadd_filter('pre_wp_mail', '__return_false');\n"

_SALTS = ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")


def wp_config(*, url: str, socket_path: Path, db_password: str, content_dir: Path, debug_log: Path) -> str:
    """The site's own wp-config.php."""
    salts = "".join(f"define('{key}', '{secrets.token_hex(32)}');\n" for key in _SALTS)
    return (
        "<?php\n"
        "define('DB_NAME', 'wordpress');\n"
        "define('DB_USER', 'wordpress');\n"
        f"define('DB_PASSWORD', {php_string(db_password)});\n"
        f"define('DB_HOST', {php_string(f'localhost:{socket_path}')});\n"
        "define('DB_CHARSET', 'utf8mb4');\n"
        "define('DB_COLLATE', '');\n"
        f"{salts}"
        "$table_prefix = 'wp_';\n"
        "define('WP_ENVIRONMENT_TYPE', 'local');  // application passwords over plain HTTP\n"
        f"define('WP_HOME', {php_string(url)});\n"
        f"define('WP_SITEURL', {php_string(url)});\n"
        f"define('WP_CONTENT_DIR', {php_string(content_dir)});\n"
        f"define('WP_CONTENT_URL', {php_string(url + '/wp-content')});\n"
        "define('WP_DEBUG', true);\n"
        "// Web requests keep PHP messages out of responses; scripts print them on stderr.\n"
        "define('WP_DEBUG_DISPLAY', PHP_SAPI === 'cli' ? null : false);\n"
        "define('WP_DISABLE_FATAL_ERROR_HANDLER', true);  // the real error, not a 'critical error' page\n"
        f"define('WP_DEBUG_LOG', {php_string(debug_log)});\n"
        "define('DISABLE_WP_CRON', true);\n"
        "define('AUTOMATIC_UPDATER_DISABLED', true);\n"
        "define('WP_HTTP_BLOCK_EXTERNAL', true);\n"
        "require_once ABSPATH . 'wp-settings.php';\n"
    )


# argv: socket, password of the database user. Waits until MariaDB accepts connections.
CREATE_DATABASE = (
    "mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);\n"
    "for ($try = 0; ; $try++) {\n"
    "    try { $db = new mysqli('localhost', 'root', '', '', 0, $argv[1]); break; }\n"
    "    catch (mysqli_sql_exception $e) { if ($try > 300) { throw $e; } usleep(100000); }\n"
    "}\n"
    "$db->query('CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');\n"
    "$db->query(\"CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '\" . $db->real_escape_string($argv[2]) . \"'\");\n"
    "$db->query(\"GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost'\");\n"
)

# argv: site title, administrator login, its password. Prints {"user_id", "app_password"} as JSON.
INSTALL = (
    "define('WP_INSTALLING', true);\n"
    "require ABSPATH . 'wp-load.php';\n"
    "require_once ABSPATH . 'wp-admin/includes/upgrade.php';\n"
    "$result = wp_install($argv[1], $argv[2], $argv[2] . '@example.org', false, '', wp_slash($argv[3]));\n"
    "global $wp_rewrite;\n"
    "$wp_rewrite->set_permalink_structure('/%postname%/');\n"
    "flush_rewrite_rules(false);\n"
    "// An empty site: no sample post, page, comment or privacy-policy draft.\n"
    "foreach (get_posts(array('post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1)) as $post) {\n"
    "    wp_delete_post($post->ID, true);\n"
    "}\n"
    "$app = WP_Application_Passwords::create_new_application_password($result['user_id'], array('name' => 'presslate tests'));\n"
    "if (is_wp_error($app)) { fwrite(STDERR, $app->get_error_message()); exit(1); }\n"
    "echo json_encode(array('user_id' => $result['user_id'], 'app_password' => $app[0]));\n"
)


def importer(plugin: Path, user_id: int) -> str:
    """Runs the official importer as its admin screen would; argv: WXR file, '1' to create users.

    The screen's author step is ``$_POST['imported_authors']``: every author of the file,
    mapped to the current user unless users may be created."""
    return (
        "define('WP_LOAD_IMPORTERS', true);\n"
        "require ABSPATH . 'wp-load.php';\n"
        "require_once ABSPATH . 'wp-admin/includes/admin.php';\n"
        f"require {php_string(plugin)};\n"
        f"wp_set_current_user({int(user_id)});\n"
        "$file = $argv[1];\n"
        "if ($argv[2] !== '1') { add_filter('import_allow_create_users', '__return_false'); }\n"
        "$importer = new WP_Import();\n"
        "$importer->fetch_attachments = false;\n"
        "$data = $importer->parse($file);\n"
        "if (!is_wp_error($data)) {\n"
        "    $importer->get_authors_from_import($data);\n"
        "    $_POST['imported_authors'] = array_keys($importer->authors);\n"
        "    $_POST['user_map'] = array();\n"
        "}\n"
        "$importer->import($file);\n"
    )


# Every post, page, attachment and revision, deleted for good; prints how many.
CLEAR_POSTS = (
    "$any = array('post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids');\n"
    "$ids = array_merge(get_posts($any), get_posts(array_merge($any, array('post_type' => array('revision', 'attachment')))));\n"
    "foreach ($ids as $id) { wp_delete_post($id, true); }\n"
    "echo count($ids);\n"
)
