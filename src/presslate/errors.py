"""Errors a user can act on: each names the file and line, and what to do."""

from __future__ import annotations


class PresslateError(Exception):
    """Base class; the CLI prints ``str(error)`` and exits 2."""


class InputError(PresslateError):
    """A file presslate reads is malformed (article, PO file, config)."""

    def __init__(self, path: str | None, line: int | None, message: str):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}" if path else message)

    def __reduce__(self):  # so errors cross process boundaries with --jobs
        return type(self), (self.path, self.line, self.message)


class ConfigError(PresslateError):
    """presslate.toml or a command-line option is wrong."""
