"""--scheduler pointing at a TCP service that is not Dask (issue 23, item 9): the command ends
within [run] connect_timeout with exit 2 and a message naming the address, and writes nothing."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from presslate import config as config_mod
from presslate.workflow.backends import ClusterError

try:
    import distributed  # noqa: F401
except ImportError:  # CI installs the dask extra, so there the tests always run
    if os.environ.get("CI"):
        raise
    pytest.skip("dask is not installed (pip install -e '.[dask]')", allow_module_level=True)

BOUND = 120  # seconds: a command still running then has hung (the configured timeout is 2 s)


class _Server:
    """A TCP service on 127.0.0.1 that answers each connection with ``reply(conn)``."""

    def __init__(self, reply):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reply = reply
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        with conn:
            try:
                self.reply(conn)
                self.stop.wait(BOUND)  # then keep the connection open, saying nothing more
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.sock.close()


def silent(conn):
    return None


def huge_length(conn):
    conn.sendall(struct.pack("<Q", 1 << 62) + b"\0" * 64)


def random_bytes(conn):
    conn.sendall(os.urandom(4096))


def bad_frame_table(conn):  # a plausible length, then a frame table that does not add up
    conn.sendall(struct.pack("<QQQ", 24, 1, 1 << 40) + b"\0" * 8)


def hang_up(conn):
    conn.shutdown(socket.SHUT_RDWR)


class _Http(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.md").write_text("# Storm\n\nThe river rose.\n")
    text = config_mod.render_config("en", ["es"], "pseudo") + "connect_timeout = 2\n"
    (root / config_mod.CONFIG_NAME).write_text(text)
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_against(root: Path, address: str, command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presslate", "-C", str(root), command, "--scheduler", address],
                          capture_output=True, text=True, timeout=BOUND)


@pytest.mark.parametrize("reply", [silent, huge_length, random_bytes, bad_frame_table, hang_up])
@pytest.mark.parametrize("command", ["translate", "build"])
def test_a_service_that_is_not_dask_is_exit_2(project: Path, reply, command: str):
    server = _Server(reply)
    before = files(project)
    try:
        result = run_against(project, f"tcp://127.0.0.1:{server.port}", command)
    finally:
        server.close()
    assert result.returncode == 2, result.stderr
    assert f"tcp://127.0.0.1:{server.port}" in result.stderr and "not a Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
    assert files(project) == before


def test_an_http_server_is_exit_2(project: Path):
    http = ThreadingHTTPServer(("127.0.0.1", 0), _Http)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    port = http.server_address[1]
    try:
        result = run_against(project, f"127.0.0.1:{port}", "build")  # a bare host:port is tcp to Dask
    finally:
        http.shutdown()
        http.server_close()
    assert result.returncode == 2, result.stderr
    assert f"127.0.0.1:{port}" in result.stderr and "not a Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_scheduler_addresses_are_parsed():
    from presslate.workflow.backends.scheduler_probe import tcp_endpoint

    assert tcp_endpoint("tcp://10.0.0.5:8786") == ("10.0.0.5", 8786)
    assert tcp_endpoint("10.0.0.5:9000") == ("10.0.0.5", 9000)
    assert tcp_endpoint("tcp://[::1]:8786") == ("::1", 8786)
    assert tcp_endpoint("tcp://scheduler") == ("scheduler", 8786)
    assert tcp_endpoint("tls://10.0.0.5:8786") is None  # left to Dask, which needs its certificates
    for bad in ("tcp://host:port", "tcp://:8786", "tcp://host:70000"):
        with pytest.raises(ClusterError, match="not a Dask scheduler address"):
            tcp_endpoint(bad)
