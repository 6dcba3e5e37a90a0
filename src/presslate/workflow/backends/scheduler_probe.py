"""Is there a Dask scheduler at this address?  Asked within ``connect_timeout``, before any Dask client.

``distributed`` trusts whoever answers on the port: a service that says
nothing keeps its handshake waiting past any timeout, and one that speaks
another protocol (an HTTP server answering its handshake) has its first bytes
read as a frame length, which ends in an allocation of exabytes.  A Dask
server greets first, without waiting for the client: one message, an 8-byte
little-endian length, then a frame table (count, lengths) and the frames.
This module reads that greeting itself, within the deadline, and checks its
shape, so anything else is a clear :class:`ClusterError` naming the address.

Only plain ``tcp://`` addresses (and bare ``host:port``, which Dask reads as
tcp) are probed; others (``tls://``, ``ucx://``, ``inproc://``) go to Dask as given.
"""

from __future__ import annotations

import socket
import struct
import time

from presslate.workflow.backends import ClusterError

DEFAULT_PORT = 8786  # Dask's scheduler port
MAX_GREETING = 1 << 20  # a handshake is a few hundred bytes
MAX_FRAMES = 64
CHECK = "check --scheduler, DASK_SCHEDULER_ADDRESS or [run] scheduler in presslate.toml"


def tcp_endpoint(address: str) -> tuple[str, int] | None:
    """(host, port) of a tcp address, or None for another transport; ClusterError if malformed."""
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "tcp", address
    if scheme != "tcp":
        return None
    rest = rest.split("/", 1)[0]
    if rest.startswith("["):  # [IPv6]:port
        host, _, tail = rest[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ""
    elif rest.count(":") == 1:
        host, port_text = rest.split(":")
    else:
        host, port_text = rest, ""
    try:
        port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        port = -1
    if not host or not 0 < port < 65536:
        raise ClusterError(f"{address!r} is not a Dask scheduler address (like tcp://10.0.0.5:8786); {CHECK}")
    return host, port


def probe(address: str, timeout: float) -> None:
    """Return if a Dask server greets us at ``address`` within ``timeout`` seconds; else ClusterError."""
    endpoint = tcp_endpoint(address)
    if endpoint is None:
        return
    deadline = time.monotonic() + timeout
    try:
        conn = socket.create_connection(endpoint, timeout=timeout)
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g}s ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or check --scheduler / DASK_SCHEDULER_ADDRESS"
        ) from None
    try:
        with conn:
            head = _read(conn, 8, deadline)
            (size,) = struct.unpack("<Q", head)
            if not 16 <= size <= MAX_GREETING:
                _not_dask(address, head)
            _check_frames(address, head + _read(conn, size, deadline))
    except TimeoutError:
        raise ClusterError(
            f"{address} answered nothing within {timeout:g}s: not a Dask scheduler, which greets first "
            f"(or a very slow one: raise [run] connect_timeout); {CHECK}"
        ) from None
    except OSError as exc:
        raise ClusterError(f"{address} closed the connection before a Dask handshake ({exc}): not a Dask "
                           f"scheduler; {CHECK}") from None


def _read(conn: socket.socket, count: int, deadline: float) -> bytes:
    data = bytearray()
    while len(data) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        conn.settimeout(left)
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise ConnectionResetError("end of stream")
        data += chunk
    return bytes(data)


def _check_frames(address: str, message: bytes) -> None:
    """The greeting's frame table must describe the bytes that follow it."""
    body = message[8:]
    (count,) = struct.unpack_from("<Q", body)
    table = 8 * (1 + count)
    if not 1 <= count <= MAX_FRAMES or table > len(body):
        _not_dask(address, message)
    lengths = struct.unpack_from(f"<{count}Q", body, 8)
    if sum(lengths) < len(body) - table or lengths[0] > len(body) - table:  # later frames may follow the message
        _not_dask(address, message)


def _not_dask(address: str, first: bytes) -> None:
    raise ClusterError(f"{address} is not a Dask scheduler: its first bytes {first[:16]!r} are not a Dask "
                       f"handshake; {CHECK}")
