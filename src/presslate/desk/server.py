"""The review desk's HTTP server: the standard library's ThreadingHTTPServer, Jinja2 pages, JSON API.

Routes (all GET except the save):

``/``                          start page: articles × languages with % reviewed
``/edit?article=ID&lang=L``    the desk for one article in one language
``/static/desk.js|editor.js|keys.js|desk.css``  the page's own scripts and style (no CDN, no build step)
``/api/overview``              the start page's figures as JSON
``/api/article?article=&lang=`` one article's segments and entries as JSON
``/api/entries?lang=&article=&state=&q=&offset=&limit=``  the entries a filter and a search select, with their
                               state and suggestions, and the counts per state (``article``
                               left out: every article, 200 entries a page); the page's one source
``POST /api/check``            the checks of a text being typed: ``{article, lang, msgid, msgstr}``
``POST /api/save``             one entry: ``{article, lang, msgid, msgstr, base, reviewed, comments}``

Security: the server binds 127.0.0.1 unless told otherwise.  Each run has a
token.  A POST must carry it in the ``X-Presslate-Token`` header with a JSON
body, which a page on another site cannot send (CSRF).  On a non-loopback
address every request must carry it too (``?token=`` once, then a
SameSite=Strict cookie, or the header).  On loopback the ``Host`` header must
name the loopback address, so a page using DNS rebinding cannot read the desk.
Requests can only name articles and languages of the project's configuration
(see :meth:`Desk.resolve`) and the files of ``STATIC``; no path comes from a URL.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import secrets
import sys
import threading
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from presslate.desk.core import Desk, NotFound, SaveError, SaveRequest
from presslate.desk.listing import BadFilter
from presslate.errors import PresslateError
from presslate.workflow.lock import LockedError

PAGE_SIZE = 200  # entries (with suggestions and checks) on one page of the all-articles view
STATIC = {"desk.js": "text/javascript; charset=utf-8", "editor.js": "text/javascript; charset=utf-8",
          "keys.js": "text/javascript; charset=utf-8", "desk.css": "text/css; charset=utf-8"}
MAX_BODY = 1 << 20  # a save is one entry; a megabyte is plenty
MAX_DEPTH = 4  # a save is one flat JSON object; deeper nesting is refused before parsing (no RecursionError)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
COOKIE = "presslate_desk"
HEADER = "X-Presslate-Token"
_SECURITY_HEADERS = {
    # Inline styles are allowed because Chromium copies a dragged chip as styled HTML (and reports a
    # CSP violation otherwise); scripts stay 'self' only, and the page inserts text, never HTML.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class DeskServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its desk, its token and whom to let in."""

    daemon_threads = True

    def __init__(self, desk: Desk, host: str = "127.0.0.1", port: int = 8765, token: str | None = None):
        self.desk = desk
        self.generated_token = not token  # off loopback, the caller must print it
        self.token = token or secrets.token_urlsafe(18)
        self.token_for_reading = not is_loopback(host)  # off loopback, GETs need the token too
        self.loopback = is_loopback(host)
        self.templates = Environment(loader=PackageLoader("presslate.desk", "templates"),
                                     autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.write_lock = threading.Lock()  # one save at a time inside this process (the flock is per project)
        family_host = host.strip("[]")
        if ":" in family_host:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__((family_host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        query = f"?{urlencode({'token': self.token})}" if self.token_for_reading else ""
        return f"http://{shown}:{port}/{query}"

    def allowed_host(self, header: str | None) -> bool:
        """On loopback, the Host header must be a loopback name with our port (DNS rebinding)."""
        if not self.loopback:
            return True
        if not header:
            return False
        host, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        return is_loopback(host) and port == str(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: DeskServer
    protocol_version = "HTTP/1.1"
    server_version = "presslate-review"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        if getattr(self.server, "verbose", False):
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    # -- plumbing -----------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in {**_SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: dict, extra: dict | None = None) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=utf-8", extra)

    def _error(self, status: int, message: str) -> None:
        if self.path.startswith("/api/"):
            self._json(status, {"error": HTTPStatus(status).phrase.lower(), "message": message})
        else:
            self._send(status, f"{status} {HTTPStatus(status).phrase}: {message}\n".encode(), "text/plain; charset=utf-8")

    def _token_given(self, query: dict) -> tuple[str | None, bool]:
        """The token the request carries, and whether it came in the URL."""
        header = self.headers.get(HEADER)
        if header:
            return header, False
        if "token" in query:
            return query["token"][0], True
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        return (cookie[COOKIE].value if COOKIE in cookie else None), False

    def _valid(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.server.token.encode())

    def _admit(self, query: dict, writing: bool) -> dict | None:
        """None if the request may not proceed (an answer was sent); else headers to add."""
        if not self.server.allowed_host(self.headers.get("Host")):
            self._error(403, "unexpected Host header; open the URL presslate review printed")
            return None
        token, in_url = self._token_given(query)
        if writing:
            if not self._valid(self.headers.get(HEADER)):
                self._error(403, f"a save needs the {HEADER} header with this desk's token")
                return None
            return {}
        if self.server.token_for_reading and not self._valid(token):
            self._error(401, "this desk needs its token: open the URL presslate review printed (…?token=…)")
            return None
        if in_url and self._valid(token):
            return {"Set-Cookie": f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"}
        return {}

    # -- GET ----------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        extra = self._admit(query, writing=False)
        if extra is None:
            return
        desk = self.server.desk
        try:
            if parts.path == "/":
                self._page("overview.html", extra, overview=desk.overview())
            elif parts.path == "/edit":
                article = _one(query, "article") if query.get("article", [""]) != [""] else ""
                lang = _one(query, "lang")
                if article:
                    path, po_path = desk.resolve(article, lang)
                    reference, po = desk.config.reference(path), desk.config.reference(po_path)
                else:
                    lang, reference, po = desk.language(lang), "every article", ""
                self._page("desk.html", extra, article=article, lang=lang, reference=reference, po=po)
            elif parts.path == "/api/overview":
                self._json(200, desk.overview(), extra)
            elif parts.path == "/api/article":
                self._json(200, desk.article(_one(query, "article"), _one(query, "lang")), extra)
            elif parts.path == "/api/entries":
                article = _one(query, "article") if query.get("article", [""]) != [""] else None
                state = _one(query, "state") if "state" in query else None
                q = _one(query, "q") if "q" in query else None
                offset = _count(query, "offset", 0)
                limit = _count(query, "limit", PAGE_SIZE if article is None else None)
                self._json(200, desk.entries(_one(query, "lang"), article, state, q, offset, limit), extra)
            elif parts.path.startswith("/static/") and parts.path[len("/static/"):] in STATIC:
                name = parts.path[len("/static/"):]
                body = resources.files("presslate.desk").joinpath("static", name).read_bytes()
                self._send(200, body, STATIC[name], extra)
            elif parts.path == "/favicon.ico":
                self._send(204, b"", "image/x-icon", extra)
            else:
                self._error(404, "no such page")
        except NotFound as exc:
            self._error(404, str(exc))
        except BadFilter as exc:
            self._error(400, str(exc))
        except PresslateError as exc:
            self._error(500, str(exc))

    def _page(self, name: str, extra: dict, **context) -> None:
        html = self.server.templates.get_template(name).render(token=self.server.token, **context)
        self._send(200, html.encode(), "text/html; charset=utf-8", extra)

    # -- POST ---------------------------------------------------------------------

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        if self._admit({}, writing=True) is None:
            return
        if parts.path not in ("/api/save", "/api/check"):
            self._error(404, "no such API")
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            self._error(415, "send the save as application/json")
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._error(411, "Content-Length needed")
            return
        if not 0 <= length <= MAX_BODY:
            self._error(413, "request too large")
            return
        try:
            text = self.rfile.read(length).decode("utf-8")
            if nests_deeper(text, MAX_DEPTH):
                raise ValueError(f"a save is one flat JSON object; this body nests more than {MAX_DEPTH} levels deep")
            body = json.loads(text)
            if parts.path == "/api/check":
                self._check(body)
                return
            request = SaveRequest(
                article=_text(body, "article"), lang=_text(body, "lang"), msgid=_text(body, "msgid"),
                msgstr=_text(body, "msgstr"), base=_text(body, "base"), reviewed=body.get("reviewed"),
                comments=_lines(body, "comments"),
            )
            if request.reviewed not in (True, False, None):
                raise ValueError("reviewed must be true, false or null")
        except (ValueError, UnicodeDecodeError, AttributeError) as exc:
            self._error(400, f"bad save request: {exc}")
            return
        try:
            with self.server.write_lock:
                self._json(200, self.server.desk.save(request))
        except SaveError as exc:
            self._json(exc.status, exc.payload)
        except NotFound as exc:
            self._error(404, str(exc))
        except LockedError as exc:
            # The desk user has no --wait to pass: say what they can do, the editor text is still theirs.
            self._json(423, {"error": "locked", "message": f"Not saved yet: {exc.who}. Your text is still "
                             "in the editor: save it again (Save or Mark reviewed) in a moment."})
        except PresslateError as exc:
            self._error(500, str(exc))


    def _check(self, body: dict) -> None:
        """The checks of a text being typed (nothing is written)."""
        try:
            judged = self.server.desk.check(_text(body, "article"), _text(body, "lang"), _text(body, "msgid"),
                                            _text(body, "msgstr"))
        except NotFound as exc:
            self._error(404, str(exc))
            return
        except PresslateError as exc:
            self._error(500, str(exc))
            return
        self._json(200, judged)


def nests_deeper(text: str, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than ``limit`` (brackets in strings do not count)."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _one(query: dict, key: str) -> str:
    values = query.get(key)
    if not values or len(values) != 1:
        raise NotFound(f"give exactly one {key}=")
    return values[0]


def _count(query: dict, key: str, default: int | None) -> int | None:
    """A whole-number query parameter (``offset``, ``limit``); BadFilter (400) if it is not one."""
    if key not in query:
        return default
    value = _one(query, key)
    if not value.isdigit() or (key == "limit" and int(value) == 0):
        raise BadFilter(f"{key}={value!r}: give a whole number" + (" above 0" if key == "limit" else ""))
    return int(value)


def _lines(body: dict, key: str) -> list[str] | None:
    value = body.get(key)
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{key} must be a list of strings or null")
    return value


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value
