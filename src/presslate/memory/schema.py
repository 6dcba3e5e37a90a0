"""The tables of ``.presslate/memory.sqlite`` and the upgrade of older files.

Version history (``PRAGMA user_version``):

1. ``tm`` (reviewed pairs), ``tm_article`` and an MT cache keyed by msgid;
2. the MT cache holds raw engine output keyed by the text sent; ``mt_made``
   records which translation each msgid got from MT (for ``status``);
3. the persistent fuzzy index (:mod:`~presslate.memory.fuzzy_store`);
4. each row's word ids (``tm_keys``);
5. each pair's provenance: ``origin`` (see :data:`ORIGINS`), a free ``note``
   (the file it was aligned or imported from) and a ``confidence`` (0–1, for
   pairs a program found, such as aligned ones; NULL for a person's work);
   and indexes by translation (``status`` asks which stored pair a PO
   translation is: without them each question read the whole table).

A file is upgraded in place, once, by the first presslate that opens it; no
stored pair is lost on the way.
"""

from __future__ import annotations

import sqlite3

from presslate.memory import fuzzy_store

VERSION = 5

# Where a pair came from, strongest first: when the same pair arrives again from a stronger
# origin (a translator reviews what alignment found), the stronger one is kept.
ORIGINS = ("reviewed", "tmx", "aligned")

TABLES = """
CREATE TABLE tm (
    id INTEGER PRIMARY KEY,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    article TEXT,                -- the article it was last harvested from
    time INTEGER NOT NULL,       -- when (Unix seconds, UTC)
    origin TEXT NOT NULL DEFAULT 'reviewed',  -- see ORIGINS
    note TEXT,                   -- where exactly (e.g. the file it was aligned from)
    confidence REAL,             -- 0-1 when a program paired it, NULL for a person's work
    UNIQUE (src_lang, tgt_lang, source, target)
);
CREATE TABLE tm_article (        -- which articles use a pair now
    article TEXT NOT NULL,
    tm_id INTEGER NOT NULL REFERENCES tm (id),
    PRIMARY KEY (article, tm_id)
) WITHOUT ROWID;
CREATE INDEX tm_article_by_tm ON tm_article (tm_id);
CREATE TABLE mt (                -- the MT cache: the engine's raw output for exactly the text it was sent
    engine TEXT NOT NULL,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source TEXT NOT NULL,        -- the text sent (placeholders, names, heading case applied)
    target TEXT NOT NULL,        -- what the engine returned, before restore, repair and styling
    PRIMARY KEY (engine, src_lang, tgt_lang, source)
) WITHOUT ROWID;
"""

# Version 2: translations put into PO files by MT, for status (provenance); the cache above moved
# to raw engine output, so the version 1 rows (finished translations keyed by msgid) go here.
MADE = """
CREATE TABLE mt_made (
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source TEXT NOT NULL,        -- the msgid
    target TEXT NOT NULL,        -- the translation it got
    sent TEXT,                   -- the text the engine was sent (NULL: made before version 2)
    engine TEXT NOT NULL,
    PRIMARY KEY (src_lang, tgt_lang, source, target)
) WITHOUT ROWID;
"""
_UPGRADE_1 = """
INSERT OR IGNORE INTO mt_made SELECT src_lang, tgt_lang, source, target, NULL, engine FROM mt;
DELETE FROM mt;
DROP INDEX IF EXISTS mt_by_source;
"""
_BY_TARGET = """
CREATE INDEX IF NOT EXISTS tm_by_target ON tm (src_lang, tgt_lang, target);
CREATE INDEX IF NOT EXISTS mt_made_by_target ON mt_made (src_lang, tgt_lang, target);
"""
_PROVENANCE = {"origin": "TEXT NOT NULL DEFAULT 'reviewed'", "note": "TEXT", "confidence": "REAL"}


def create_or_upgrade(db: sqlite3.Connection, version: int) -> None:
    """Bring a file at ``version`` (0: empty) to :data:`VERSION`, inside the caller's transaction."""
    if version == 0:
        _run(db, TABLES + MADE)
    elif version == 1:  # cached MT was finished translations keyed by msgid: kept as provenance only
        _run(db, MADE + _UPGRADE_1)
    elif version not in (2, 3, 4):
        raise sqlite3.DatabaseError(f"schema version {version}, this presslate reads {VERSION}")
    if 0 < version < 5:  # every pair stored before version 5 came from review or a TMX file
        have = {row[1] for row in db.execute("PRAGMA table_info(tm)")}
        for column, kind in _PROVENANCE.items():
            if column not in have:  # (a file set back by hand may have them)
                db.execute(f"ALTER TABLE tm ADD COLUMN {column} {kind}")
    _run(db, _BY_TARGET)
    if version < 4:
        db.execute("DROP TABLE IF EXISTS tm_keys")  # a stale copy (a file set back by hand): rebuilt whole
        _run(db, fuzzy_store.KEYS_SCHEMA)
        if version == 3:
            fuzzy_store.build_keys(db)  # the word ids of the rows indexed by version 3
        else:
            _run(db, fuzzy_store.SCHEMA)
            fuzzy_store.build(db)  # the pairs stored before version 3, indexed once
    db.execute(f"PRAGMA user_version={VERSION}")


def stronger(origin: str, than: str) -> bool:
    """Whether a pair from ``origin`` should replace the recorded provenance ``than``."""
    rank = {name: n for n, name in enumerate(ORIGINS)}
    return rank.get(origin, len(ORIGINS)) < rank.get(than, len(ORIGINS))


def _run(db: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
