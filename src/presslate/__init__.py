"""presslate: localize articles through gettext PO files and offline machine translation."""

__version__ = "0.1.0"
