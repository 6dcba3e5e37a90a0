"""``presslate review``: a local web desk over the project's PO files.

:mod:`presslate.desk.core` holds what the desk reads and writes;
:mod:`presslate.desk.server` serves it over HTTP with the standard library.
"""

from presslate.desk.core import Desk, SaveError, SaveRequest, entry_version, word_diff

__all__ = ["Desk", "SaveError", "SaveRequest", "entry_version", "word_diff"]
