"""The review desk's model: what the pages show and how a save reaches the PO file.

Nothing here speaks HTTP.  :class:`Desk` answers three questions for the
server: the start page's figures (:meth:`Desk.overview`, the ``status``
rows), one article in one language (:meth:`Desk.article`: its segments in
document order, each with its PO entry, the checks, memory matches and
glossary terms) and a save (:meth:`Desk.save`).

Every entry the desk hands out carries a ``version``: a hash of the entry as
it was read.  A save names the version it was based on; when the entry on disk
no longer has that version (a translator in Poedit, a ``translate`` run),
the save is not written and the caller gets both texts to choose from.  A
save re-reads the file under the project lock, changes that one entry and
writes the file atomically through the lossless PO layer, so every other
entry keeps its bytes.  The file is written only if it is still the bytes
the save read (Poedit takes no lock): if someone saved it in between, the save
is made again on their version, where a change to the same entry is a
conflict.  A save that changes the file also sets the header's
``PO-Revision-Date`` and, when the desk knows who is reviewing, its
``Last-Translator``, as Poedit does; only those header lines change.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from presslate.catalog.entry import Entry
from presslate.catalog.po_header import revision_date
from presslate.catalog.pofile import read_po, read_po_data
from presslate.config import Config, normalize_language, select_articles
from presslate.desk import listing
from presslate.errors import PresslateError
from presslate.fileio import WriteConflict, write_atomic
from presslate.memory import provenance
from presslate.memory.store import Memory
from presslate.review import glossary as glossary_mod
from presslate.review import qa
from presslate.review import status as review_status
from presslate.review.progress import Evidence, article_progress, entry_state, refusal_problems
from presslate.workflow.articles import parse_article
from presslate.workflow.lock import project_lock

LOCK_WAIT = 5.0  # seconds a save waits for a translate/build run to release the project
_WORD_RE = re.compile(r"</?\d+/?>|\w+|\s+|[^\w\s]", re.U)
_NAME_CHAR = r"[^<>\x00-\x1f\x7f-\x9f]"  # anything on one line but the address's brackets
_ADDRESS_CHAR = r"[^<>@\s\x00-\x1f\x7f-\x9f]"
_IDENTITY_RE = re.compile(rf"({_NAME_CHAR}*(?!\s){_NAME_CHAR})\s*<({_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+)>")
TRANSLATOR_FORM = "Full Name <email@example.org>"


class NotFound(PresslateError):
    """An article, language or entry the project does not have."""


class SaveError(PresslateError):
    """A save that was not written; ``status`` is the HTTP status the server answers with."""

    def __init__(self, status: int, payload: dict, entry: Entry | None = None):
        super().__init__(payload.get("message", "not saved"))
        self.status = status
        self.payload = payload
        self.entry = entry  # a conflict: the entry as it is on disk


@dataclass
class SaveRequest:
    article: str
    lang: str
    msgid: str
    msgstr: str
    base: str  # the version of the entry the edit started from
    reviewed: bool | None = None  # True: clear fuzzy; False: set it; None: leave the flag
    comments: list[str] | None = None  # the translator comments ("# " lines); None: leave them


def comment_lines(comments: list[str]) -> list[str]:
    """Translator comments as the PO file will hold them: one per line, no trailing blank lines;
    ValueError for a NUL."""
    lines = [line.rstrip() for text in comments for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if any("\0" in line for line in lines):
        raise ValueError("a comment cannot contain NUL characters")
    return lines


def entry_version(entry: Entry | None) -> str:
    """A short hash of what a translator can change in an entry (absent entry: "")."""
    if entry is None:
        return ""
    state = [entry.msgid, entry.msgctxt, entry.msgstr, sorted(entry.msgstr_plural.items()), entry.flags,
             entry.translator_comments, entry.previous_msgid, entry.obsolete]
    return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()[:16]


def translator_identity(text: str) -> str:
    """A reviewer's identity for ``Last-Translator``, normalized; ValueError if it is not
    ``Full Name <email@example.org>`` (one line, a name, an address with an @)."""
    m = _IDENTITY_RE.fullmatch(text.strip())
    if m is None or " ".join(text.split()).upper() == "FULL NAME <EMAIL@ADDRESS>":  # msginit's placeholder
        raise ValueError(f"expected {TRANSLATOR_FORM!r}, as in a PO file's Last-Translator")
    return f"{' '.join(m.group(1).split())} <{m.group(2)}>"


def word_diff(old: str, new: str) -> list[list[str]]:
    """``old`` → ``new`` word by word, as [op, text] with op "=", "-" or "+"."""
    a, b = _WORD_RE.findall(old), _WORD_RE.findall(new)
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(["=", "".join(a[i1:i2])])
            continue
        if i2 > i1:
            out.append(["-", "".join(a[i1:i2])])
        if j2 > j1:
            out.append(["+", "".join(b[j1:j2])])
    return out


class Desk:
    """One project seen by the review desk."""

    def __init__(self, config: Config, langs: list[str] | None = None, translator: str | None = None,
                 clock: Callable[[], datetime] | None = None):
        self.config = config
        self.langs = langs or list(config.targets)  # the languages the desk offers
        # Last-Translator of every save; None: the desk does not know who reviews, the field stays as it is
        self.translator = translator_identity(translator) if translator is not None else None
        self.clock = clock or (lambda: datetime.now().astimezone())  # PO-Revision-Date, local time with its offset
        self.settings = qa.Settings.from_table(config.check, "presslate.toml")

    # -- lookups ----------------------------------------------------------------

    def glossary(self) -> glossary_mod.Glossary:
        return glossary_mod.for_project(self.config.root)  # re-read: editors change it while the desk runs

    def articles(self) -> dict[str, Path]:
        return dict(select_articles(self.config))

    def language(self, lang: str) -> str:
        """``lang`` normalized, if the desk offers it; NotFound otherwise."""
        try:
            lang = normalize_language(lang)
        except PresslateError:
            raise NotFound(f"unknown language {lang!r}") from None
        if lang not in self.langs:
            raise NotFound(f"{lang!r} is not a target language of this desk ({', '.join(self.langs)})")
        return lang

    def resolve(self, article_id: str, lang: str) -> tuple[Path, Path]:
        """(article path, PO path) of a known article and target language; NotFound otherwise.

        Only ids and languages the configuration lists are accepted, so no
        request can name a file outside the project's articles and catalogs.
        """
        lang = self.language(lang)
        path = self.articles().get(article_id)
        if path is None:
            raise NotFound(f"no article {article_id!r}")
        return path, self.config.po_path(lang, article_id)

    def overview(self) -> dict:
        """The ``status`` figures per article and language, with the check counts."""
        glossary = self.glossary()

        def findings(po, path, lang, fmt):
            return qa.check_file(po, path, self.config.source, lang, glossary, self.settings, fmt=fmt)

        def parse(article_id, path):
            return parse_article(self.config, article_id, path).doc

        rows = review_status.status(self.config, self.langs, parse, findings)
        return {
            "source": self.config.source,
            "targets": self.langs,
            "rows": [row.to_dict() for row in rows],
            "total": review_status.status_total(rows).to_dict(),
        }

    # -- one article --------------------------------------------------------------

    def article(self, article_id: str, lang: str) -> dict:
        path, po_path = self.resolve(article_id, lang)
        lang = normalize_language(lang)
        article = parse_article(self.config, article_id, path)
        po = read_po(po_path, self.config)
        if po is None:
            raise NotFound(f"{self.config.reference(po_path)} does not exist yet; run `presslate translate --lang {lang}`")
        glossary = self.glossary()
        fmt = article.doc.format
        entries: dict[str, dict] = {}
        segments = []
        all_segments = list(article.doc.segments())
        with Memory.for_project(self.config.root) as memory:
            evidence = Evidence.load(memory, self.config.source, lang, po.entries)
            for segment in all_segments:
                entry = po.find(segment.text)
                segments.append({
                    "msgid": segment.text, "kind": segment.kind, "line": segment.line,
                    "position": list(segment.position) if segment.position else None,
                    "known": entry is not None,
                })
                if entry is not None and segment.text not in entries:
                    same = [s for s in all_segments if s.text == segment.text]
                    entries[segment.text] = self._entry(entry, lang, fmt, glossary, memory, evidence, same)
        return {
            "article": article_id, "lang": lang, "source_lang": self.config.source, "format": fmt,
            "reference": article.reference, "po": self.config.reference(po_path),
            "segments": segments, "entries": entries,
        }

    def entries(self, lang: str, article: str | None = None, state: str | None = None, q: str | None = None,
                offset: int = 0, limit: int | None = None) -> dict:
        """The entries of one article (or of every article) that pass a state filter and a search,
        with their suggestions; the counts per state of what the search found (see :mod:`.listing`).
        ``offset``/``limit`` page through the selected entries (``total`` of them): suggestions and
        checks are worked out for the page only, so a filter over a whole archive stays quick.

        ``segments`` are the rows to show, in reading order: with no filter and no
        search, every segment of the article (one whose msgid is not in the PO file
        has no ``key``); otherwise the first place of each selected entry.
        """
        state = listing.check_filter(state)
        chosen = {article: self.resolve(article, lang)[0]} if article is not None else self.articles()
        lang = self.language(lang)
        glossary = self.glossary()
        everything = state == "all" and not (q or "").strip() and article is not None
        counts = listing.Counts()
        articles, rows, entries = [], [], {}
        total = 0  # selected entries so far; those in [offset, offset + limit) are on this page
        with Memory.for_project(self.config.root) as memory:
            for article_id, path in chosen.items():
                parsed = parse_article(self.config, article_id, path)
                po_path = self.config.po_path(lang, article_id)
                po = read_po(po_path, self.config)
                if po is None:
                    if article is not None:
                        raise NotFound(f"{self.config.reference(po_path)} does not exist yet; "
                                       f"run `presslate translate --lang {lang}`")
                    continue
                fmt = parsed.doc.format
                all_segments = list(parsed.doc.segments())
                evidence = Evidence.load(memory, self.config.source, lang, po.entries)
                _, states = article_progress(all_segments, po, fmt, evidence)  # status's states, one implementation
                articles.append({"article": article_id, "reference": parsed.reference,
                                 "po": self.config.reference(po_path), "format": fmt})
                seen: set[str] = set()
                for segment in all_segments:
                    entry = po.find(segment.text)
                    key = f"{article_id}\n{segment.text}"
                    first = key not in seen
                    seen.add(key)
                    found = entry is not None and listing.found(q, entry.msgid, entry.msgstr)
                    if found and first:
                        counts.add(states[segment.text])
                    wanted = found and listing.selected(state, states[segment.text])
                    shown = True
                    if wanted and first:
                        total += 1
                        shown = offset < total <= offset + limit if limit is not None else offset < total
                    if wanted and first and shown:
                        same = [s for s in all_segments if s.text == segment.text]
                        info = self._entry(entry, lang, fmt, glossary, memory, evidence, same, states[segment.text])
                        entries[key] = {"key": key, "article": article_id, **info}
                    if everything or (wanted and first and shown):
                        rows.append({"article": article_id, "key": key if entry is not None else None,
                                     "msgid": segment.text, "kind": segment.kind, "line": segment.line,
                                     "position": list(segment.position) if segment.position else None})
        return {"lang": lang, "source_lang": self.config.source, "article": article, "state": state,
                "q": q or "", "counts": counts.states, "groups": listing.members(), "articles": articles,
                "segments": rows, "entries": entries, "total": total, "offset": offset, "limit": limit}

    def _entry(self, entry: Entry, lang: str, fmt: str, glossary, memory: Memory, evidence: Evidence,
               segments: list, state: str | None = None) -> dict:
        src = self.config.source
        matches = [{"kind": match.kind, "source": match.source, "target": match.target,
                    "score": round(match.score * 100), "current": match.target == entry.msgstr,
                    "origin": match.origin, "label": provenance.LABELS.get(match.origin, match.origin),
                    "note": match.note}
                   for match in provenance.suggestions(memory, src, lang, entry.msgid, self.config.memory_threshold)]
        engine = [{"kind": "engine", "source": entry.msgid, "target": target, "score": None,
                   "current": target == entry.msgstr, "origin": "engine", "label": "machine translation",
                   "note": None}
                  for target in sorted(memory.machine_outputs(src, lang, [entry.msgid]).get(entry.msgid, ()))]
        terms = [{"source": t.source, "targets": list(t.for_language(lang)), "note": t.note}
                 for t in glossary.terms_in(entry.msgid, self.config.source)]
        names = list(dict.fromkeys(name for _, _, name in glossary.names_in(entry.msgid)))
        judged = self.judge(entry.msgid, entry.msgstr, lang, fmt, entry.flags + qa.comment_flags(entry), glossary,
                            segments)
        info = {
            "msgid": entry.msgid, "msgstr": entry.msgstr, "fuzzy": entry.fuzzy, "line": entry.line,
            "state": state or entry_state(entry, evidence, judged["refused"]), "version": entry_version(entry),
            "previous": entry.previous_msgid,
            "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None,
            "comments": entry.extracted_comments, "translator_comments": entry.translator_comments,
            "references": entry.references, "matches": matches, "terms": terms, "names": names,
            # memory first (human work, then unfuzzied machine output), then what the engine gave this msgid
            "suggestions": matches + engine,
        }
        info.update(judged)
        return info

    def check(self, article_id: str, lang: str, msgid: str, msgstr: str) -> dict:
        """:meth:`judge` of a text being typed for an entry of an article (its flags as in the PO file)."""
        path, po_path = self.resolve(article_id, lang)
        doc = parse_article(self.config, article_id, path).doc
        po = read_po(po_path, self.config)
        entry = po.find(msgid) if po is not None else None
        if entry is None:
            raise NotFound(f"no entry {msgid!r} in {self.config.reference(po_path)}")
        return self.judge(msgid, msgstr, self.language(lang), doc.format, entry.flags + qa.comment_flags(entry),
                          segments=[s for s in doc.segments() if s.text == msgid])

    def judge(self, msgid: str, msgstr: str, lang: str, fmt: str, flags=(), glossary=None, segments=()) -> dict:
        """The ``check`` findings of a translation, and why ``build`` would refuse it (if it would):
        the same test as build's, :func:`presslate.review.progress.refusal_problems`."""
        problems = qa.check_entry(msgid, msgstr, source_lang=self.config.source, target_lang=lang, flags=flags,
                                  glossary=glossary if glossary is not None else self.glossary(),
                                  settings=self.settings, fmt=fmt)
        refused = refusal_problems(msgid, msgstr, fmt, segments)
        return {
            "findings": [{"check": p.check, "severity": p.severity, "message": p.message} for p in problems],
            "refused": refused,
        }

    # -- saving -------------------------------------------------------------------

    def header_fields(self) -> dict[str, str]:
        """The header fields a save that changes a file sets, as a translator's editor does."""
        fields = {"PO-Revision-Date": revision_date(self.clock())}
        if self.translator:
            fields["Last-Translator"] = self.translator
        return fields

    def save(self, request: SaveRequest) -> dict:
        """Write one entry; SaveError (conflict 409, refused 422, missing 404) writes nothing."""
        path, po_path = self.resolve(request.article, request.lang)
        lang = normalize_language(request.lang)
        if "\0" in request.msgstr:
            raise SaveError(400, {"error": "invalid", "message": "a translation cannot contain NUL characters"})
        if request.comments is not None:
            try:
                request.comments = comment_lines(request.comments)
            except ValueError as exc:
                raise SaveError(400, {"error": "invalid", "message": str(exc)}) from None
        doc = parse_article(self.config, request.article, path).doc
        fmt = doc.format
        segments = [s for s in doc.segments() if s.text == request.msgid]
        judged = self.judge(request.msgid, request.msgstr, lang, fmt, segments=segments)
        if request.reviewed and not request.msgstr:
            raise SaveError(422, {"error": "refused", "message": "an empty translation cannot be marked reviewed",
                                  "refused": ["empty translation"], **judged})
        if request.reviewed and judged["refused"]:
            raise SaveError(422, {"error": "refused", "message": "build would refuse this translation: "
                                  + "; ".join(judged["refused"]), **judged})
        try:
            with project_lock(self.config.root, LOCK_WAIT):
                try:
                    entry, written = self._write_entry(request, po_path)
                except WriteConflict:  # a translator saved the file between our read and our write
                    entry, written = self._write_entry(request, po_path, again=True)
        except SaveError as exc:
            if exc.entry is not None:  # the version on disk, in the state status and build give it
                exc.payload["disk"]["state"] = self.state_of(exc.entry, lang, fmt, segments)
            raise
        judged = self.judge(entry.msgid, entry.msgstr, lang, fmt, entry.flags + qa.comment_flags(entry),
                            segments=segments)
        return {
            "msgid": entry.msgid, "msgstr": entry.msgstr, "fuzzy": entry.fuzzy,
            "state": self.state_of(entry, lang, fmt, segments), "version": entry_version(entry),
            "previous": entry.previous_msgid,
            "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None,
            "translator_comments": entry.translator_comments,
            "written": written,
            **judged,
        }

    def state_of(self, entry: Entry, lang: str, fmt: str, segments: list) -> str:
        """The entry's ``status`` state (:func:`presslate.review.progress.entry_state`)."""
        with Memory.for_project(self.config.root) as memory:
            evidence = Evidence.load(memory, self.config.source, lang, [entry])
        return entry_state(entry, evidence, refusal_problems(entry.msgid, entry.msgstr, fmt, segments))

    def _write_entry(self, request: SaveRequest, po_path: Path, again: bool = False) -> tuple[Entry, bool]:
        """Read the PO file, change the one entry, write it if it is still the bytes read (under the
        project lock); WriteConflict if someone saved it meanwhile (``again``: SaveError 409 instead)."""
        data = po_path.read_bytes() if po_path.exists() else None
        if data is None:
            raise SaveError(404, {"error": "missing", "message": f"{self.config.reference(po_path)} no longer exists"})
        po = read_po_data(po_path, data, self.config)
        entry = po.find(request.msgid)
        if entry is None:
            raise SaveError(409, {"error": "gone", "message": "this sentence is no longer in the PO file "
                                  "(the article changed); reload the page"})
        if entry_version(entry) != request.base:
            raise SaveError(409, {
                "error": "conflict",
                "message": "this entry changed on disk since the page was loaded",
                "disk": {"msgstr": entry.msgstr, "fuzzy": entry.fuzzy, "version": entry_version(entry),
                         "translator_comments": entry.translator_comments},
                "mine": {"msgstr": request.msgstr, "reviewed": request.reviewed, "comments": request.comments},
            }, entry)
        entry.msgstr = request.msgstr
        if request.comments is not None:
            entry.translator_comments = list(request.comments)
        if request.reviewed:
            entry.fuzzy = False
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        elif request.reviewed is False:
            entry.fuzzy = True
        written = po.serialize() != data
        if written:  # a save that changes nothing leaves the file, and its date, alone
            po.set_header_fields(self.header_fields())
            try:
                write_atomic(po_path, po.serialize(), expected=data)
            except WriteConflict:
                if again:
                    raise SaveError(409, {"error": "busy", "message": f"{self.config.reference(po_path)} "
                                          "keeps changing on disk (someone is saving it): not saved; "
                                          "try again in a moment"}) from None
                raise
        return entry, written
