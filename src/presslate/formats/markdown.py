"""Markdown articles: CommonMark + GFM tables, front matter, Hugo shortcodes.

markdown-it-py finds the blocks (with line maps); the translatable text of
each block is located in the source lines, so everything else — container
prefixes, fences, HTML blocks, reference definitions, blank lines, CRLF — is
skeleton and comes back byte for byte.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace

from presslate.document import Atom, Document, Segment, part_source
from presslate.formats.common import sentence_parts
from presslate.formats.front_matter import split_front_matter
from presslate.formats.inline_markdown import InlineScanner
from presslate.formats.md_delimiters import delimiter_runs, delimiter_spans, only_delimiters

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_TASK = re.compile(r"\[[ xX]\][ \t]+")
_EMPHASIS_TYPES = {"em_open", "strong_open", "s_open", "link_open"}
# What those need: "*"/"_", an inline link "](" or autolink "<x", or two "~~" runs.
# (A literal first in every alternative lets the regex engine skip to candidates.)
_EMPHASIS_MARKERS = re.compile(r"\*|_|\]\(|<[A-Za-z]")
_STRIKE_RUN = re.compile(r"~~+")


def markdown_parser() -> MarkdownIt:
    """The parser used both for extraction and for checking translations."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = markdown_parser()
_BLOCKS = markdown_parser().disable("inline")  # parse() needs blocks only: 4x faster


@dataclass
class Options:
    """What the format needs from the project configuration."""

    lang: str = "en"
    segmentation: str = "sentence"  # or "paragraph"
    front_matter_keys: list[str] = field(default_factory=lambda: ["title", "description", "summary"])
    # HTML: elements with one of these classes are kept as they are (like translate="no").
    notranslate_classes: list[str] = field(default_factory=lambda: ["notranslate"])


@dataclass
class _Unit:
    """A translatable block located in the source: [start, end) and its line breaks."""

    start: int
    end: int
    kind: str
    breaks: dict[int, int]
    continuation: str = " "  # what a new line break in a translation becomes


def parse(text: str, path: str, options: Options) -> Document:
    lines = _LINE.findall(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    parts: list = []
    first_body_line = 0
    fm = split_front_matter(lines, path, options.front_matter_keys)
    if fm:
        offset = 0
        for part in fm.parts:
            if isinstance(part, Segment):
                part.line = bisect_right(starts, offset)
            offset += len(part_source(part))
        parts.extend(fm.parts)
        first_body_line = fm.end_line
    body_start = starts[first_body_line]
    env: dict = {}
    tokens = _BLOCKS.parse(text[body_start:], env)
    references = set(env.get("references", {}))
    units = _units(tokens, lines, starts, first_body_line)
    pos = body_start
    for unit in units:
        if unit.start < pos:
            continue  # overlapping location: leave it to the skeleton
        parts.append(text[pos : unit.start])
        raw = text[unit.start : unit.end]
        line = bisect_right(starts, unit.start)
        atoms = InlineScanner(raw, unit.breaks, references).atoms()
        parts.extend(_sentences(atoms, unit, line, options))
        pos = unit.end
    parts.append(text[pos:])
    return Document([p for p in parts if p != ""], path, "markdown")


@lru_cache(maxsize=4096)
def emphasis_count(text: str) -> int:
    """Emphasis, strike-through and link spans markdown-it finds in inline text.

    Cached: segmentation counts every sentence, and checking its translation
    (at translate and again at build) counts the same msgid again.
    """
    if not _EMPHASIS_MARKERS.search(text) and len(_STRIKE_RUN.findall(text)) < 2:
        return 0  # most sentences: no need to run the parser
    if only_delimiters(text):
        return delimiter_spans(text)  # most of the others: 5-10x faster than the parser
    tokens = _MD.parseInline(text)[0].children or []
    return sum(t.type in _EMPHASIS_TYPES for t in tokens)


def outline(text: str) -> list[tuple]:
    """Block and inline token types with link targets and code, ignoring prose.

    Two documents with the same outline differ only in their words: the
    check that a translated article kept every block, link, image and code
    span of its source.
    """
    out: list[tuple] = []
    for tok in _MD.parse(text):
        if tok.type != "inline":
            code = tok.content if tok.type in ("fence", "code_block", "html_block") else ""
            out.append((tok.type, tok.tag, tok.info, code))
            continue
        for child in tok.children or []:
            if child.type not in ("text", "softbreak"):
                target = child.attrs.get("href") or child.attrs.get("src") or ""
                out.append((child.type, target, child.content if child.type in ("code_inline", "html_inline") else ""))
    return out


def structure_problems(source: str, translation: str) -> list[str]:
    """Markdown-level checks beyond placeholders: emphasis stays balanced."""
    if emphasis_count(source) != emphasis_count(translation):
        return ["emphasis markers (* or _) are unbalanced or changed"]
    return []


# -- locating blocks ---------------------------------------------------------


def _units(tokens, lines: list[str], starts: list[int], offset: int) -> list[_Unit]:
    units: list[_Unit] = []
    context: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("blockquote_open", "list_item_open"):
            context.append("blockquote" if tok.type == "blockquote_open" else "list item")
        elif tok.type in ("blockquote_close", "list_item_close"):
            context.pop()
        elif tok.type == "paragraph_open":
            kind = context[-1] if context else "paragraph"
            unit = _lines_unit(tokens[i + 1], tok.map, lines, starts, offset, kind, setext=False)
            if unit and kind == "list item":
                task = _TASK.match(_slice(lines, starts, unit.start, unit.end))
                if task:
                    unit.start += task.end()
                    unit.breaks = {k - task.end(): v - task.end() for k, v in unit.breaks.items()}
            units.append(unit)
        elif tok.type == "heading_open":
            kind = f"heading {tok.tag[1]}"
            setext = tok.markup in ("=", "-")
            units.append(_lines_unit(tokens[i + 1], tok.map, lines, starts, offset, kind, setext))
        elif tok.type == "table_open":
            units.extend(_table_units(tokens, i, lines, starts, offset))
    return [u for u in units if u and u.end > u.start]


def _slice(lines: list[str], starts: list[int], a: int, b: int) -> str:
    first = bisect_right(starts, a) - 1
    out = []
    for n in range(first, len(lines)):
        if starts[n] >= b:
            break
        out.append(lines[n])
    joined = "".join(out)
    return joined[a - starts[first] : b - starts[first]]


def _lines_unit(inline, span, lines, starts, offset, kind, setext) -> _Unit | None:
    """Find an inline token's content in the physical lines it came from."""
    if span is None:
        return None
    first = span[0] + offset
    content_lines = inline.content.split("\n")
    if setext:
        content_lines = content_lines[: span[1] - span[0] - 1]
    cols = []
    for k, content in enumerate(content_lines):
        n = first + k
        if n >= len(lines):
            return None
        phys = lines[n].rstrip("\r\n")
        if kind.startswith("heading") and not setext:
            col = phys.find(content, phys.find("#") + 1) if content else -1
        elif k == len(content_lines) - 1:
            trimmed = phys.rstrip(" \t")
            col = len(trimmed) - len(content) if trimmed.endswith(content) else -1
        else:
            col = len(phys) - len(content) if phys.endswith(content) else -1
        if col < 0:
            return None  # tabs or lazy lines we cannot map: keep the block as skeleton
        cols.append(col)
    breaks = {}
    begin = starts[first] + cols[0]
    for k in range(len(content_lines) - 1):
        n = first + k
        visible = content_lines[k].rstrip(" \t")
        end_of_text = starts[n] + cols[k] + len(visible)
        breaks[end_of_text - begin] = starts[n + 1] + cols[k + 1] - begin
    last = first + len(content_lines) - 1
    end = starts[last] + cols[-1] + len(content_lines[-1])
    unit = _Unit(begin, end, kind, breaks)
    if not kind.startswith("heading"):
        # The first line's container prefix with list markers blanked out.
        prefix = re.sub(r"[-*+]|\d+[.)]", lambda m: " " * len(m.group()), lines[first][: cols[0]])
        newline = lines[first][len(lines[first].rstrip("\r\n")) :] or "\n"
        unit.continuation = newline + prefix
    return unit


def _table_units(tokens, i, lines, starts, offset) -> list[_Unit]:
    """One unit per table cell, located by splitting each row on unescaped pipes."""
    units = []
    row_cells: list[list[str]] = []
    row_lines: list[int] = []
    depth = 0
    for tok in tokens[i:]:
        if tok.type == "tr_open":
            row_cells.append([])
            row_lines.append(tok.map[0] + offset)
        elif tok.type == "inline" and row_cells:
            row_cells[-1].append(tok.content)
        elif tok.type == "table_open":
            depth += 1
        elif tok.type == "table_close":
            depth -= 1
            if depth == 0:
                break
    for row, (n, contents) in enumerate(zip(row_lines, row_cells)):
        kind = "table header cell" if row == 0 else "table cell"
        for a, b in _cell_spans(lines[n].rstrip("\r\n"), contents):
            units.append(_Unit(starts[n] + a, starts[n] + b, kind, {}))
    return units


def _cell_spans(line: str, contents: list[str]) -> list[tuple[int, int]]:
    prefix = re.match(r"[ \t]*(?:>[ \t]?)*[ \t]*", line).end()
    cells = []
    start = prefix
    j = prefix
    while j < len(line):
        if line[j] == "\\":
            j += 2
            continue
        if line[j] == "|":
            cells.append((start, j))
            start = j + 1
        j += 1
    cells.append((start, len(line)))
    if line[prefix : prefix + 1] == "|":
        cells = cells[1:]
    if cells and not line[cells[-1][0] : cells[-1][1]].strip() and line.rstrip().endswith("|"):
        cells = cells[:-1]
    spans = []
    for (a, b), content in zip(cells, contents):
        raw = line[a:b]
        lead = len(raw) - len(raw.lstrip(" \t"))
        stripped = raw.strip(" \t")
        if stripped.replace("\\|", "|") == content and stripped:
            spans.append((a + lead, a + lead + len(stripped)))
    return spans


# -- sentences ---------------------------------------------------------------


def _sentences(atoms: list[Atom], unit: _Unit, line: int, options: Options) -> list:
    """Split one block's atoms into sentence segments and skeleton gaps."""

    def make(piece: list[Atom]) -> Segment:
        return Segment(piece, unit.kind, line, default_break=unit.continuation)

    return sentence_parts(atoms, line, options.segmentation, options.lang, make, _balanced_split)


def _balanced_split(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the sentences hold as many emphasis and link spans as the whole block."""
    if _syntax_in_one_sentence(text, spans):
        return True
    return sum(emphasis_count(text[a:b]) for a, b in spans) == emphasis_count(text)


def _syntax_in_one_sentence(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether one sentence holds every delimiter run of a text that has no other syntax.

    The other sentences then count nothing, and that sentence counts what
    the whole text does: the blanks around it read as the start and end of a
    text do (see :func:`~presslate.formats.md_delimiters.delimiter_spans`).  Most paragraphs with emphasis.
    """
    if not only_delimiters(text):
        return False
    runs = delimiter_runs(text)
    if not runs:
        return True  # no syntax at all
    first, last = runs[0][0], runs[-1][1]
    for a, b in spans:
        if a <= first and last <= b:
            return (a == 0 or isWhiteSpace(ord(text[a - 1]))) and (b == len(text) or isWhiteSpace(ord(text[b])))
    return False
