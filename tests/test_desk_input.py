"""The review desk answers bad save requests with 400 and a message (issue 23, item 11), and a save
that meets a running translate/build says what a desk user can do (item 13)."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest
from example_project import copy_example

from presslate import config as config_mod
from presslate.desk import core
from presslate.desk.core import Desk
from presslate.desk.server import DeskServer
from presslate.workflow.lock import project_lock

UPDATE = "2026/river-flood-update"
ROADS = "Report damaged roads to the council."


@pytest.fixture
def desk(tmp_path: Path):
    root = copy_example(tmp_path / "news")
    server = DeskServer(Desk(config_mod.load(root), None), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, root
    server.shutdown()
    server.server_close()


def post(server: DeskServer, body: bytes) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    connection.request("POST", "/api/save", body=body,
                       headers={"Content-Type": "application/json", "X-Presslate-Token": server.token})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data)


def version(server: DeskServer) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    connection.request("GET", f"/api/article?article={UPDATE}&lang=es")
    data = json.loads(connection.getresponse().read())
    connection.close()
    return data["entries"][ROADS]["version"]


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"article": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b"{" * 50_000,
    b'{"a": ' * 30_000 + b"1" + b"}" * 30_000,
])
def test_deeply_nested_json_is_400_and_the_desk_keeps_serving(desk, body: bytes):
    server, root = desk
    before = (root / f"locales/es/LC_MESSAGES/{UPDATE}.po").read_bytes()
    status, answer = post(server, body)
    assert status == 400 and "nests more than" in answer["message"], answer
    assert (root / f"locales/es/LC_MESSAGES/{UPDATE}.po").read_bytes() == before
    # the desk still answers, and a real save still works
    save = {"article": UPDATE, "lang": "es", "msgid": ROADS, "msgstr": "Informe [de] {carreteras}.",
            "base": version(server), "reviewed": None}
    status, answer = post(server, json.dumps(save).encode())
    assert status == 200, answer


def test_brackets_inside_strings_do_not_count(desk):
    server, _ = desk
    save = {"article": UPDATE, "lang": "es", "msgid": ROADS, "msgstr": "[" * 5000 + "{" * 5000,
            "base": version(server), "reviewed": None}
    status, answer = post(server, json.dumps(save).encode())
    assert status == 200, answer


def test_a_locked_save_tells_the_desk_user_to_save_again(desk, monkeypatch):
    server, root = desk
    monkeypatch.setattr(core, "LOCK_WAIT", 0.2)
    save = {"article": UPDATE, "lang": "es", "msgid": ROADS, "msgstr": "Informe.", "base": version(server),
            "reviewed": True}
    with project_lock(root):
        status, answer = post(server, json.dumps(save).encode())
    assert status == 423
    message = answer["message"]
    assert "--wait" not in message  # the desk has no such option
    assert "another presslate run" in message and "save it again" in message
    status, _ = post(server, json.dumps(save).encode())
    assert status == 200
