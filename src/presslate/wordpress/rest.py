"""The WordPress REST API (``/wp-json/wp/v2``) over urllib: basic auth with an application password.

The user and application password come from the environment only
(``PRESSLATE_WP_USER``, ``PRESSLATE_WP_PASSWORD``), never from the command
line (where ``ps`` shows it) or presslate.toml (which is committed).  Every
failure is a :class:`SiteError` saying what to check: a rejected password
(401/403), no REST API at that address (404), an HTML page where JSON was
expected, no answer within the timeout.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from presslate.errors import ConfigError, PresslateError

USER_VARIABLE, PASSWORD_VARIABLE = "PRESSLATE_WP_USER", "PRESSLATE_WP_PASSWORD"
PAGE_SIZE = 100  # the most WordPress returns per page


class SiteError(PresslateError):
    """The site did not answer as a WordPress REST API does; nothing was written."""


def credentials() -> tuple[str, str]:
    user, password = os.environ.get(USER_VARIABLE, ""), os.environ.get(PASSWORD_VARIABLE, "")
    if not user or not password:
        raise ConfigError(f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to a WordPress user and one of its application "
                          "passwords (Users → Profile → Application Passwords); they are read from the environment only")
    return user, password


def normalize_site(url: str) -> str:
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"--site {url!r}: give the site's address, e.g. https://news.example.org")
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path.rstrip("/"), "", ""))


class Client:
    def __init__(self, site: str, user: str, password: str, timeout: float = 30.0):
        self.site = normalize_site(site)
        self.timeout = timeout
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        self.requests = 0

    def url(self, route: str, params: dict | None = None) -> str:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        return f"{self.site}/wp-json/{route.lstrip('/')}" + (f"?{query}" if query else "")

    def call(self, method: str, route: str, params: dict | None = None, body: dict | None = None) -> tuple[Any, dict]:
        """(decoded JSON, response headers) of one request; SiteError on anything else."""
        url = self.url(route, params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": self.auth, "Accept": "application/json", "User-Agent": "presslate"})
        if data is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw, headers, status = response.read(), dict(response.headers), response.status
        except urllib.error.HTTPError as error:
            raise self._http_error(method, url, error.code, error.read()) from None
        except (TimeoutError, socket.timeout):
            raise SiteError(f"{method} {url}: no answer within {self.timeout:g} s; is the site up? (nothing was written)") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise SiteError(f"{method} {url}: no answer within {self.timeout:g} s; is the site up? (nothing was written)") from None
            raise SiteError(f"{method} {url}: cannot connect ({reason}); check --site (nothing was written)") from None
        return self._json(method, url, status, raw, headers), {k.lower(): v for k, v in headers.items()}

    @staticmethod
    def _json(method: str, url: str, status: int, raw: bytes, headers: dict) -> Any:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            kind = headers.get("Content-Type") or headers.get("content-type") or "unknown type"
            raise SiteError(f"{method} {url}: answered HTTP {status} with {kind}, not JSON: is this a WordPress site "
                            "with its REST API enabled? (nothing was written)") from None

    @staticmethod
    def _http_error(method: str, url: str, code: int, raw: bytes) -> SiteError:
        try:
            detail = json.loads(raw.decode("utf-8")).get("message", "")
        except (UnicodeDecodeError, ValueError, AttributeError):
            detail = ""
        detail = f" ({detail})" if detail else ""
        if code in (401, 403):
            return SiteError(f"{method} {url}: HTTP {code}{detail}: the site refused {USER_VARIABLE}/{PASSWORD_VARIABLE}; "
                             "use an application password of a user who may edit posts (nothing was written)")
        if code == 404:
            return SiteError(f"{method} {url}: HTTP 404{detail}: no WordPress REST API there; check --site "
                             "(nothing was written)")
        return SiteError(f"{method} {url}: HTTP {code}{detail} (nothing was written)")

    def get_all(self, route: str, params: dict) -> list[dict]:
        """Every item of a collection, page by page."""
        items: list[dict] = []
        page = 1
        while True:
            data, headers = self.call("GET", route, {**params, "per_page": PAGE_SIZE, "page": page})
            if not isinstance(data, list):
                raise SiteError(f"GET {self.url(route)}: expected a list of items, got {type(data).__name__}")
            items += data
            total = int(headers.get("x-wp-totalpages") or 1)
            if page >= total or not data:
                return items
            page += 1
