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

from markdown_it import MarkdownIt

from presslate.document import Atom, Break, CloseMarker, Document, Placeholder, Segment, Text
from presslate.errors import InputError
from presslate.formats.front_matter import split_front_matter
from presslate.formats.inline_markdown import InlineScanner, has_letters
from presslate.segment import split_sentences

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_TASK = re.compile(r"\[[ xX]\][ \t]+")
_EMPHASIS_TYPES = {"em_open", "strong_open", "s_open", "link_open"}


def markdown_parser() -> MarkdownIt:
    """The parser used both for extraction and for checking translations."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = markdown_parser()


@dataclass
class Options:
    """What the format needs from the project configuration."""

    lang: str = "en"
    segmentation: str = "sentence"  # or "paragraph"
    front_matter_keys: list[str] = field(default_factory=lambda: ["title", "description", "summary"])


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
            offset += len(part) if isinstance(part, str) else len(part.source) if isinstance(part, Segment) else 0
        parts.extend(fm.parts)
        first_body_line = fm.end_line
    body_start = starts[first_body_line]
    env: dict = {}
    tokens = _MD.parse(text[body_start:], env)
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


def emphasis_count(text: str) -> int:
    """Emphasis, strike-through and link spans markdown-it finds in inline text."""
    tokens = _MD.parseInline(text)[0].children or []
    return sum(t.type in _EMPHASIS_TYPES for t in tokens)


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
    kind = unit.kind
    whole = Segment(atoms, kind, line)
    text = whole.text
    if options.segmentation == "sentence":
        spans = split_sentences(text, options.lang)
        if len(spans) > 1 and not _balanced_split(text, spans):
            spans = _stripped_span(text)
    else:
        spans = _stripped_span(text)
    pieces = _cut(atoms, spans)
    if pieces is None:
        pieces = _cut(atoms, _stripped_span(text))
    parts: list = []
    segments = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        seg = Segment(piece, kind, line, default_break=unit.continuation)
        if not has_letters(seg.text):
            seg.translatable = False
        else:
            segments.append(seg)
        _set_nested_lines(seg, line)
        parts.append(seg)
    if options.segmentation == "sentence" and len(segments) > 1:
        for n, seg in enumerate(segments, 1):
            seg.position = (n, len(segments))
    return parts


def _set_nested_lines(seg: Segment, line: int) -> None:
    for nested in seg.walk():
        if nested.line == 0:
            nested.line = line


def _stripped_span(text: str) -> list[tuple[int, int]]:
    stripped = text.strip()
    if not stripped:
        return []
    start = len(text) - len(text.lstrip())
    return [(start, start + len(stripped))]


def _balanced_split(text: str, spans: list[tuple[int, int]]) -> bool:
    return sum(emphasis_count(text[a:b]) for a, b in spans) == emphasis_count(text)


def _cut(atoms: list[Atom], spans: list[tuple[int, int]]) -> list | None:
    """Distribute atoms over sentence spans; gaps become skeleton strings.

    Returns None if a paired placeholder would be cut in two.
    """
    whole = Segment(atoms, "", 0)  # to measure tag lengths as numbered in the block
    lengths = _atom_lengths(whole)
    out: list = []
    gap: list[str] = []
    current: list[Atom] | None = None
    span_index = 0
    pos = 0

    def close_gap() -> None:
        if gap:
            out.append("".join(gap))
            gap.clear()

    for atom, length in zip(atoms, lengths):
        a0, a1 = pos, pos + length
        pos = a1
        if isinstance(atom, Text):
            cut = a0
            while cut < a1:
                span = spans[span_index] if span_index < len(spans) else None
                if span and cut >= span[0]:
                    take = min(a1, span[1]) - cut
                    if current is None:
                        close_gap()
                        current = []
                        out.append(current)
                    current.append(Text(atom.text[cut - a0 : cut - a0 + take]))
                    cut += take
                    if cut == span[1]:
                        current = None
                        span_index += 1
                else:
                    limit = span[0] if span else a1
                    take = min(a1, limit) - cut
                    gap.append(atom.text[cut - a0 : cut - a0 + take])
                    cut += take
            continue
        span = spans[span_index] if span_index < len(spans) else None
        if span and span[0] <= a0 < span[1]:
            if current is None:
                close_gap()
                current = []
                out.append(current)
            current.append(atom)
            if a1 >= span[1]:
                current = None
                span_index += 1
        elif isinstance(atom, Break):
            gap.append(atom.raw)
        else:
            return None  # markup outside every sentence: cannot happen for valid spans
    close_gap()
    for piece in out:
        if isinstance(piece, list) and not _pairs_closed(piece):
            return None
    return out


def _atom_lengths(whole: Segment) -> list[int]:
    lengths = []
    numbers: dict[int, int] = {}
    for atom in whole.atoms:
        if isinstance(atom, Text):
            lengths.append(len(atom.text))
        elif isinstance(atom, Break):
            lengths.append(1)
        elif isinstance(atom, CloseMarker):
            lengths.append(len(f"</{numbers[id(atom.placeholder)]}>"))
        else:
            numbers[id(atom)] = len(numbers) + 1
            lengths.append(len(f"<{numbers[id(atom)]}>") + (atom.close is None))
    return lengths


def _pairs_closed(atoms: list[Atom]) -> bool:
    opened = {id(a) for a in atoms if isinstance(a, Placeholder) and a.close is not None}
    closed = {id(a.placeholder) for a in atoms if isinstance(a, CloseMarker)}
    return opened == closed
