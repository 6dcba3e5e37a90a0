"""An engine for tests that read what presslate sends: it records every segment and answers with it.

Subclass and override :meth:`EchoEngine.answer` for an engine that changes its
input the way a real one would (drops a capital, adds a prefix).
"""

from __future__ import annotations


class EchoEngine:
    name = "echo"

    def __init__(self):
        self.sent: list[str] = []

    def identity(self, source, target):
        return f"{self.name}:1"

    def check_pair(self, source, target):
        pass

    def answer(self, segment: str) -> str:
        return segment

    def translate_batch(self, segments, source, target):
        self.sent += segments
        return [self.answer(s) for s in segments]
