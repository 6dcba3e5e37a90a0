"""A real, throw-away WordPress for tests: MariaDB + WordPress 6.1 + ``php -S``.

Everything lives in one temporary directory: a MariaDB data directory served on a
private Unix socket (no TCP), a private document root whose files are symlinks into
Debian's ``/usr/share/wordpress`` (with our own ``wp-config.php`` and ``wp-content``),
and the PHP built-in web server on a free port of 127.0.0.1. Nothing system-wide is
read or written: Debian's ``wp-config.php`` (which wants ``/etc/wordpress/config-<host>.php``)
is never loaded, because ``ABSPATH`` is set to the private document root by an
``auto_prepend_file`` before WordPress starts.

Use the ``wordpress_site`` fixture (module-scoped; import it into the test module) or
``WordPressSite`` as a context manager. Debian packages needed: ``wordpress``,
``mariadb-server``, ``php-cli``, ``php-mysql``, ``php-xml``, ``php-mbstring``; tests skip
with the reason when one is missing, and fail instead under CI=true.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import wordpress_php as scripts
from system_tools import skip_or_fail

WORDPRESS_DIR = Path("/usr/share/wordpress")
SHARED = Path(__file__).resolve().parents[2] / "shared"
IMPORTER_DIR = SHARED / "vendor" / "wordpress-importer"
PHP_EXTENSIONS = ("mysqli", "xml", "mbstring")
APT_PACKAGES = "wordpress mariadb-server php-cli php-mysql php-xml php-mbstring"


class WordPressSiteError(RuntimeError):
    """The site could not start, or a PHP script run in it failed."""


def _which(*names: str) -> str | None:
    for name in names:
        for folder in (None, "/usr/sbin", "/usr/bin"):
            found = shutil.which(name, path=folder)
            if found:
                return found
    return None


def missing_requirements() -> list[str]:
    """What this machine lacks to run a WordPress site (empty when nothing)."""
    missing = []
    php = _which("php")
    if php is None:
        missing.append("php is not installed")
    else:
        modules = subprocess.run([php, "-m"], capture_output=True, text=True).stdout.lower().split()
        missing += [f"the PHP extension {ext} is not loaded" for ext in PHP_EXTENSIONS if ext not in modules]
    if _which("mariadbd", "mysqld") is None:
        missing.append("mariadbd is not installed")
    if _which("mariadb-install-db", "mysql_install_db") is None:
        missing.append("mariadb-install-db is not installed")
    if not (WORDPRESS_DIR / "wp-settings.php").is_file():
        missing.append(f"WordPress is not installed in {WORDPRESS_DIR}")
    return missing


def require_wordpress() -> None:
    """Skip the test (fail it under CI=true) when a package the site needs is missing."""
    missing = missing_requirements()
    if missing:
        skip_or_fail(f"{'; '.join(missing)} (apt-get install {APT_PACKAGES})")


@pytest.fixture(scope="module")
def wordpress_site():
    """A running WordPress, shared by the tests of one module and stopped after them."""
    require_wordpress()
    with WordPressSite() as site:
        yield site


def _die_with_parent() -> None:
    # Linux: the child gets SIGKILL when the test process dies, so no server outlives a crashed run.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_dir() -> str | None:
    """Where the site's directory goes: RAM (/dev/shm) when it has room, as MariaDB's many
    fsyncs make a disk-backed start several seconds slower; else /tmp. Both are short paths,
    which keeps the socket under the 108-byte limit of Unix socket paths."""
    for base in ("/dev/shm", "/tmp"):
        try:
            stat = os.statvfs(base)
        except OSError:
            continue
        if stat.f_bavail * stat.f_frsize >= 512 * 2**20 and os.access(base, os.W_OK):
            return base
    return None


class WordPressSite:
    """One WordPress with its own MariaDB, web server and temporary directory.

    After ``start()`` (or entering the ``with`` block): ``url`` is the site's address
    (``http://127.0.0.1:PORT``, no trailing slash), ``user`` the administrator's login,
    ``password`` its login password, ``app_password`` an application password of that
    user for REST basic auth, ``root`` the temporary directory, ``pids`` every process id
    the site started. ``stop()`` ends them all and removes ``root``.
    """

    def __init__(self, *, title: str = "presslate test site", user: str = "admin") -> None:
        self.title = title
        self.user = user
        self.password = secrets.token_urlsafe(12)
        self.app_password = ""
        self.user_id = 0
        self.url = ""
        self.port = 0
        self.root = Path()
        self.pids: list[int] = []
        self._db_password = secrets.token_urlsafe(12)
        self._servers: list[subprocess.Popen] = []
        self._php = _which("php") or "php"
        self._scripts = 0

    # -- paths ------------------------------------------------------------------------------
    @property
    def docroot(self) -> Path:
        """The site's document root: symlinks into /usr/share/wordpress, its own wp-config.php and wp-content."""
        return self.root / "docroot"

    @property
    def mu_plugins(self) -> Path:
        """wp-content/mu-plugins of this site (see add_mu_plugin)."""
        return self.docroot / "wp-content" / "mu-plugins"

    @property
    def socket_path(self) -> Path:
        """MariaDB's private Unix socket (root has no password; WordPress's user is ``wordpress``)."""
        return self.root / "mysql.sock"

    @property
    def server_log(self) -> Path:
        """The PHP web server's request log and PHP errors of web requests."""
        return self.root / "server.log"

    @property
    def debug_log(self) -> Path:
        """WordPress's WP_DEBUG_LOG (notices, warnings, deprecations) of requests and scripts."""
        return self.root / "debug.log"

    # -- life cycle -------------------------------------------------------------------------
    def __enter__(self) -> WordPressSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> WordPressSite:
        """Create the database and the site, start the web server and wait until REST answers."""
        self.root = Path(tempfile.mkdtemp(prefix="presslate-wp-", dir=_base_dir()))
        try:
            self._start_database()
            self._make_docroot()
            self._write_config(_free_port())
            self._create_database()
            self._install()
            self._start_web_server()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop every process the site started (by pid) and remove its temporary directory."""
        for proc in reversed(self._servers):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self._servers = []
        if self.root != Path() and self.root.is_dir():
            shutil.rmtree(self.root, ignore_errors=True)

    # -- what tests use ---------------------------------------------------------------------
    def rest_url(self, path: str = "/") -> str:
        """The URL of REST route PATH, e.g. ``rest_url("/wp/v2/posts")`` (query string allowed)."""
        return f"{self.url}/wp-json/{path.lstrip('/')}"

    def auth_header(self, password: str | None = None) -> str:
        """``Basic …`` for the administrator with PASSWORD (default: the application password)."""
        pair = f"{self.user}:{self.app_password if password is None else password}"
        return "Basic " + base64.b64encode(pair.encode()).decode("ascii")

    def rest(self, method: str, path: str, body: Any = None, *, password: str | None = None, auth: bool = True) -> tuple[int, Any]:
        """Call REST route PATH; BODY is sent as JSON. Returns (HTTP status, decoded JSON or text)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.rest_url(path), data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        if auth:
            request.add_header("Authorization", self.auth_header(password))
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        text = raw.decode("utf-8")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def php(self, code: str, *args: str, timeout: float = 120) -> str:
        """Run PHP statements CODE inside this WordPress (loaded, administrator logged in).

        ARGS reach the script as ``$args`` (a list of strings), which spares quoting. Returns
        what the script printed; raises WordPressSiteError when it exits non-zero.
        """
        script = (
            "require ABSPATH . 'wp-load.php';\n"
            f"wp_set_current_user({self.user_id});\n"
            "$args = array_slice($argv, 1);\n"
            f"{scripts.php_source(code)}\n"
        )
        return self._run_php(script, *args, timeout=timeout)

    def clear_posts(self) -> int:
        """Delete every post, page, attachment and revision (any type, any status); returns how many."""
        return int(self.php(scripts.CLEAR_POSTS))

    def add_mu_plugin(self, name: str, code: str) -> Path:
        """Install must-use plugin NAME (``mu-plugins/NAME.php``) from PHP source CODE.

        It is loaded by every later request and ``php()`` call; writing NAME again replaces it.
        """
        path = self.mu_plugins / f"{name}.php"
        path.write_text("<?php\n" + scripts.php_source(code) + "\n", encoding="utf-8")
        return path

    def remove_mu_plugin(self, name: str) -> None:
        """Uninstall the must-use plugin NAME."""
        (self.mu_plugins / f"{name}.php").unlink(missing_ok=True)

    def import_wxr(self, path: str | Path, *, create_users: bool = False, timeout: float = 300) -> str:
        """Import the WXR file PATH with the official WordPress importer; returns what it printed.

        Authors of the file are mapped to the administrator, or created as users when
        CREATE_USERS. Attachments are not fetched. Skips the test when ../shared (where
        the importer plugin lives) is absent.
        """
        if not (IMPORTER_DIR / "wordpress-importer.php").is_file():
            pytest.skip(f"the WordPress importer is not in {IMPORTER_DIR} (../shared is absent)")
        script = scripts.importer(IMPORTER_DIR / "wordpress-importer.php", self.user_id)
        return self._run_php(script, str(Path(path).resolve()), "1" if create_users else "0", timeout=timeout)

    def processes_alive(self) -> list[int]:
        """Pids of running processes whose command line names this site's directory."""
        alive = []
        marker = str(self.root).encode()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if marker in (entry / "cmdline").read_bytes():
                        alive.append(int(entry.name))
                except OSError:
                    continue
        return alive

    # -- set-up steps ----------------------------------------------------------------------
    def _spawn(self, argv: list[str], log: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        self.pids.append(proc.pid)
        self._servers.append(proc)
        return proc

    def _run(self, argv: list[str], timeout: float, what: str) -> str:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        self.pids.append(proc.pid)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise WordPressSiteError(f"{what} did not finish within {timeout} s") from None
        stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if proc.returncode != 0:
            # WordPress 6.1 on PHP 8.2 prints dozens of deprecation notices: keep the message readable.
            stderr = "\n".join(line for line in stderr.splitlines() if "Deprecated: " not in line)
            raise WordPressSiteError(f"{what} exited {proc.returncode}:\n{stderr}\n{stdout}".rstrip())
        return stdout

    def _run_php(self, script: str, *args: str, timeout: float) -> str:
        self._scripts += 1
        path = self.root / "php" / f"script-{self._scripts}.php"
        path.parent.mkdir(exist_ok=True)
        path.write_text("<?php\n" + script, encoding="utf-8")
        argv = [self._php, "-d", f"auto_prepend_file={self.root / 'prepend.php'}", "-d", "display_errors=stderr", str(path), *args]
        return self._run(argv, timeout, f"PHP script {path.name}")

    def _start_database(self) -> None:
        install_db = _which("mariadb-install-db", "mysql_install_db") or "mariadb-install-db"
        daemon = _which("mariadbd", "mysqld") or "mariadbd"
        as_root = ["--user=root"] if os.geteuid() == 0 else []
        datadir = self.root / "db"
        self._run([install_db, "--no-defaults", f"--datadir={datadir}", "--auth-root-authentication-method=normal",
                   "--skip-test-db", "--skip-name-resolve", "--innodb-log-file-size=4M", *as_root], 120, "mariadb-install-db")
        proc = self._spawn([daemon, "--no-defaults", f"--datadir={datadir}", f"--socket={self.socket_path}",
                            "--skip-networking", f"--pid-file={self.root / 'mariadbd.pid'}", "--skip-log-bin",
                            "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=4M", "--innodb-flush-log-at-trx-commit=0",
                            f"--log-error={self.root / 'mariadbd.err'}", *as_root], self.root / "mariadbd.out")
        deadline = time.monotonic() + 60
        while not self.socket_path.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (self.root / "mariadbd.err").read_text(errors="replace") if (self.root / "mariadbd.err").exists() else ""
                raise WordPressSiteError(f"mariadbd did not start (exit {proc.poll()}):\n{log[-3000:]}")
            time.sleep(0.02)

    def _make_docroot(self) -> None:
        self.docroot.mkdir()
        for entry in WORDPRESS_DIR.iterdir():
            if entry.name not in {"wp-config.php", "wp-content", ".htaccess"}:
                (self.docroot / entry.name).symlink_to(entry)
        content = self.docroot / "wp-content"
        for name in ("mu-plugins", "plugins", "themes", "uploads", "languages"):
            (content / name).mkdir(parents=True)
        for theme in (WORDPRESS_DIR / "wp-content" / "themes").iterdir():
            (content / "themes" / theme.name).symlink_to(theme)
        (self.mu_plugins / "presslate-test-site.php").write_text(scripts.NO_MAIL_PLUGIN, encoding="utf-8")
        (self.root / "router.php").write_text(scripts.ROUTER, encoding="utf-8")

    def _write_config(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        (self.root / "prepend.php").write_text(scripts.prepend(self.docroot, port), encoding="utf-8")
        (self.docroot / "wp-config.php").write_text(scripts.wp_config(
            url=self.url, socket_path=self.socket_path, db_password=self._db_password,
            content_dir=self.docroot / "wp-content", debug_log=self.debug_log), encoding="utf-8")

    def _create_database(self) -> None:
        script = scripts.CREATE_DATABASE
        self._run_php(script, str(self.socket_path), self._db_password, timeout=60)

    def _install(self) -> None:
        script = scripts.INSTALL
        answer = json.loads(self._run_php(script, self.title, self.user, self.password, timeout=120))
        self.user_id = int(answer["user_id"])
        self.app_password = answer["app_password"]

    def _start_web_server(self) -> None:
        for attempt in range(5):
            if attempt:
                self._write_config(_free_port())  # the port was taken meanwhile: WP_HOME follows the new one
            proc = self._spawn([self._php, "-d", f"auto_prepend_file={self.root / 'prepend.php'}", "-d", "opcache.revalidate_freq=0",
                                "-S", f"127.0.0.1:{self.port}", "-t", str(self.docroot), str(self.root / "router.php")],
                               self.server_log)
            if self._wait_for_rest(proc):
                return
            if proc.poll() is None:
                break
        log = self.server_log.read_text(errors="replace") if self.server_log.exists() else ""
        raise WordPressSiteError(f"WordPress REST did not answer at {self.rest_url()}:\n{log[-3000:]}")

    def _wait_for_rest(self, proc: subprocess.Popen, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.rest_url("/"), timeout=5) as response:
                    if response.status == 200 and "namespaces" in json.loads(response.read()):
                        return True
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        return False
