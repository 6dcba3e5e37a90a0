"""presslate wordpress suggest: edits made in WordPress to a pushed translation → suggestions in its PO file.

push never overwrites a localized post edited in WordPress since presslate
wrote it.  suggest reads each such post (``context=edit``) and lines it up
with the translation presslate pushed, rendered again from the PO file:

* The markup between segments must be the same (a character diff of the two
  contents leaves every piece of skeleton untouched).  A post whose structure
  changed (a paragraph or block added, a tag edited) is reported and left
  alone: take that edit in by hand.
* Each segment whose text changed is read back into PO syntax (placeholders
  for its markup, characters for entities) and must render to exactly what
  WordPress holds; otherwise it is reported.
* A machine (fuzzy) or empty entry takes the edit as its msgstr, stays fuzzy
  and gets a translator comment saying where it came from.  A reviewed entry
  is never changed: the edit is reported next to it.

PO files are written only after every post was read, each with
``write_atomic(expected=…)``.  When every edit of a post went into its PO
file, its link learns the post's new modified time, so the next push updates
the post (with what it now holds) instead of refusing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from presslate.catalog.pofile import PoFile, read_po_data
from presslate.config import Config, bcp47
from presslate.document import LanguageSlot, Segment
from presslate.fileio import write_atomic
from presslate.formats import wordpress as wp_format
from presslate.formats.html_text import TEXT_CONTEXT, Encoder, HtmlSegment, decode_text
from presslate.inline import TAG_RE
from presslate.report import Refusal, Report, counted
from presslate.review.progress import refusal_problems
from presslate.wordpress.links import Links
from presslate.wordpress.push import current_posts
from presslate.wordpress.rest import Client

_NEWLINE = re.compile(r"[ \t\f]*(?:\r\n|\r|\n)[ \t\f\r\n]*")
FIELDS = ("title", "excerpt", "slug")


@dataclass
class SuggestReport(Report):
    SKIPPED = "not taken:"

    suggested: list[str] = field(default_factory=list)  # "file:line" of each entry that took an edit
    unchanged: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)  # posts push may update again
    skipped: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.refusals or self.skipped)

    def summary(self) -> str:
        text = (f"{counted(len(self.suggested), 'suggestion')} written from WordPress edits, "
                f"{counted(len(self.released), 'post')} push may update again, {len(self.unchanged)} not edited")
        if self.refusals or self.skipped:
            text += "; some edits were not taken (exit 1): take them into the PO files by hand"
        return text


@dataclass
class _Plan:
    po_path: object
    po_bytes: bytes | None
    po: PoFile
    link_key: tuple
    modified_gmt: str
    complete: bool = True
    changed: bool = False


def suggest(config: Config, client: Client, langs: list[str], report: SuggestReport) -> None:
    from presslate.site.policy import load_settings
    from presslate.workflow.articles import load_articles

    site = client.site
    links = Links(config)
    allow_machine = load_settings(config).allow_machine
    work = []
    for article in load_articles(config):
        if article.doc.format != "wordpress":
            continue
        source = wp_format.load(article.path.read_text(encoding="utf-8"), article.reference)
        if source.site != site:
            continue
        for lang in langs:
            link = links.get(site, source.id, lang)
            if link is not None:
                work.append((article, source, lang, link))
    now = current_posts(client, [link["post_id"] for *_, link in work], "id,modified_gmt,title,excerpt,slug,content")
    plans: list[_Plan] = []
    for article, source, lang, link in work:
        name = f"{article.reference} [{lang}]"
        post = now.get(link["post_id"])
        if post is None or post.get("modified_gmt") == link["modified_gmt"]:
            report.unchanged.append(name)
            continue
        po_path = config.po_path(lang, article.id)
        po_bytes = po_path.read_bytes() if po_path.is_file() else None
        po = read_po_data(po_path, po_bytes, config)
        if po is None:
            report.skipped.append(f"{name}: no PO file {config.reference(po_path)}")
            continue
        plan = _Plan(po_path, po_bytes, po, (site, source.id, lang), post["modified_gmt"])
        _take_edits(config, article, po, lang, post, allow_machine, plan, report, name)
        plans.append(plan)
    for plan in plans:  # everything read: now write
        if plan.changed:
            write_atomic(plan.po_path, plan.po.serialize(), expected=plan.po_bytes)
        if plan.complete:
            site_, source_id, lang = plan.link_key
            link = dict(links.get(site_, source_id, lang))
            link["modified_gmt"] = plan.modified_gmt
            link["digest"] = ""  # what the post holds is not what presslate wrote: the next push writes it
            links.set(site_, source_id, lang, link)
            report.released.append(f"{source_id} [{lang}]")


def _take_edits(config, article, po: PoFile, lang: str, post: dict, allow_machine: bool, plan: _Plan,
                report: SuggestReport, name: str) -> None:
    po_ref = config.reference(plan.po_path)
    edit_note = f"edited in WordPress: post {post['id']} of {post['modified_gmt']} GMT"

    def lookup(seg: Segment) -> str | None:
        entry = po.find(seg.text)
        if entry is None or not entry.msgstr or (entry.fuzzy and not allow_machine):
            return None
        if refusal_problems(seg.text, entry.msgstr, article.doc.format, [seg]):
            return None
        return entry.msgstr

    pieces = []  # (part, rendered text) in order
    for part in article.doc.parts:
        if isinstance(part, Segment):
            pieces.append((part, part.render(lookup(part) if part.translatable else None, lookup)))
        elif isinstance(part, LanguageSlot):
            pieces.append((part, part.template.format(lang=bcp47(lang))))
        else:
            pieces.append((part, part))
    current_text = "".join(text for _, text in pieces)
    current = wp_format.load(current_text, name)
    body_start = len(current_text) - len(current.content)
    edits: list[tuple[Segment, str]] = []
    for key in FIELDS:
        value = _raw(post, key)
        if value == getattr(current, key):
            continue
        segments = [p for p, _ in pieces if isinstance(p, Segment) and p.kind == f"front matter: {key}"]
        if len(segments) != 1:
            report.skipped.append(f"{name}: the {key} was edited but is {len(segments)} segments here; take it in by hand")
            plan.complete = False
            continue
        edits.append((segments[0], value))
    body = _body_edits(pieces, body_start, current.content, _raw(post, "content"), lookup)
    if body is None:
        report.skipped.append(f"{name}: post {post['id']} was edited in WordPress beyond the text of its segments "
                              "(markup or blocks added, removed or changed); its PO file is left as it is")
        plan.complete = False
        return
    for segment, edited in body:
        if edited is None:
            report.skipped.append(f"{name}:{segment.line}: an edit of this text cannot be read back into "
                                  f"the PO file (its markup changed) — “{segment.text[:60]}”")
            plan.complete = False
        else:
            edits.append((segment, edited))
    for segment, edited in edits:
        entry = po.find(segment.text)
        if entry is None:
            report.skipped.append(f"{name}:{segment.line}: no entry for this text in {po_ref}; run `presslate translate`")
            plan.complete = False
        elif entry.msgstr == edited:
            continue
        elif entry.msgstr and not entry.fuzzy:
            report.refusals.append(Refusal(po_ref, entry.line, segment.text, "reviewed translation kept, not "
                                           f"replaced by the WordPress edit “{edited}” ({edit_note})"))
            plan.complete = False
        else:
            entry.msgstr = edited
            entry.fuzzy = True
            entry.translator_comments = [c for c in entry.translator_comments if not c.startswith("edited in WordPress")]
            entry.translator_comments.append(edit_note)
            plan.changed = True
            report.suggested.append(f"{po_ref}:{entry.line or '?'}")


def _raw(post: dict, key: str) -> str:
    value = post.get(key)
    return value.get("raw", "") if isinstance(value, dict) else (value or "")


def _body_edits(pieces: list, body_start: int, current: str, edited: str, lookup) -> list | None:
    """(segment, its edited text in PO syntax, or None if unreadable) for each body segment WordPress changed;
    None when the skeleton between segments changed."""
    if current == edited:
        return []
    matcher = difflib.SequenceMatcher(None, current, edited, autojunk=False)
    to_edited: dict[int, int] = {}
    equal_of: dict[int, tuple[int, int]] = {}
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            to_edited.update((i, j1 + i - i1) for i in range(i1, i2))
            equal_of.update((i, (i1, i2)) for i in range(i1, i2))
    found = []
    rebuilt = []  # the edit, piece by piece: it must be all of it
    pos = -body_start
    for part, text in pieces:
        start, pos = pos, pos + len(text)
        if start < 0:
            continue
        if not isinstance(part, Segment):
            if not _anchored(text, start, pos, equal_of):
                return None
            rebuilt.append(text)
            continue
        a = 0 if start == 0 else to_edited.get(start - 1)
        b = len(edited) if pos == len(current) else to_edited.get(pos)
        if a is None or b is None:
            return None
        a = a + 1 if start else a
        rebuilt.append(edited[a:b])
        if edited[a:b] == text:
            continue
        readable = isinstance(part, HtmlSegment) and part.translatable
        found.append((part, _read_back(part, edited[a:b], lookup) if readable else None))
    return found if "".join(rebuilt) == edited else None


def _anchored(text: str, start: int, end: int, equal_of: dict) -> bool:
    """Whether skeleton ``[start, end)`` is unchanged and its place in the edit is certain: one run of
    equal characters holds it, and it has more than blanks or that run goes on beyond it (a lone
    space between two rewritten sentences could be any space of the edit)."""
    if end == start:
        return True
    runs = {equal_of.get(i) for i in range(start, end)}
    if len(runs) != 1 or None in runs:
        return False
    (i1, i2), = runs
    return not text.isspace() or i1 < start or i2 > end


def _read_back(segment: HtmlSegment, written: str, lookup) -> str | None:
    """The translation that renders as ``written`` in ``segment``: its placeholders' markup
    becomes their tags again, line breaks ``\\n``, character references characters."""
    attribute = not (isinstance(segment.encode, Encoder) and segment.encode.context is TEXT_CONTEXT)
    tags = {segment.render(tag, lookup): tag for tag in dict.fromkeys(m.group() for m in TAG_RE.finditer(segment.text))}
    tags = {markup: tag for markup, tag in tags.items() if markup}
    alternatives = [re.escape(m) for m in sorted(tags, key=len, reverse=True)] + [_NEWLINE.pattern]
    out = []
    pos = 0
    for m in re.finditer("|".join(alternatives), written):
        out.append(decode_text(written[pos : m.start()], attribute)[0])
        out.append(tags.get(m.group(), "\n"))
        pos = m.end()
    out.append(decode_text(written[pos:], attribute)[0])
    translation = "".join(out)
    try:
        return translation if segment.render(translation, lookup) == written else None
    except (StopIteration, KeyError, ValueError):
        return None
