"""A pseudo engine that lets a test act as a translator while ``translate`` is machine-translating.

``EditingEngine.during_call`` (set by the test) runs inside every
``translate_batch`` call, before the output is returned: the moment a
translator saving in Poedit would race a real run.  Registered as
``editing`` by the tests that use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from presslate.catalog.pofile import PoFile
from presslate.engines.pseudo import PseudoEngine


class EditingEngine(PseudoEngine):
    name = "editing"
    during_call: Callable[[], None] | None = None

    def identity(self, source: str, target: str) -> str:
        return f"editing:1:{self.expansion}"

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        hook, EditingEngine.during_call = EditingEngine.during_call, None  # once
        if hook:
            hook()
        return super().translate_batch(segments, source, target)


def save_as_poedit(path: Path, msgid: str, msgstr: str) -> bytes:
    """What Poedit does on save: the whole file rewritten, one entry edited and no longer fuzzy,
    the revision date set.  Returns the bytes written."""
    po = PoFile.read(path)
    entry = po.find(msgid)
    entry.msgstr, entry.fuzzy = msgstr, False
    entry.previous_msgid = entry.previous_msgctxt = None
    po.set_header_fields({"PO-Revision-Date": "2026-06-01 10:00+0200"})
    data = po.serialize()
    tmp = path.with_name(path.name + "~")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data
