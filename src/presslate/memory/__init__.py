"""Reuse of past work: the translation memory and MT cache (SQLite), fuzzy lookup, TMX exchange."""
