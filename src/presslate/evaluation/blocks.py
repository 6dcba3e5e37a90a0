"""Blocks of an article for scoring, and their alignment between two versions.

A block is one top-level segment of the document model parsed with
``segmentation = "paragraph"``: a paragraph, a heading, a list item, a table
cell, a front-matter value.  For scoring it is reduced to its plain words
(placeholder tags and emphasis delimiters removed, spaces collapsed) and to
the markup it carries: links (by target), code and other pieces kept whole
(by their source text), emphasis (by delimiter).

Two versions of an article (English source and Spanish reference, or source
and built translation) are aligned on their sequences of block kinds, the
way the dev corpus's ``aligned.tsv`` files were made: blocks pair up in order
where the kinds agree; the others are reported as unmatched.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from presslate import formats
from presslate.document import Break, CloseMarker, Placeholder, Segment, Text
from presslate.errors import InputError
from presslate.formats import Options
from presslate.inline import TAG_RE

# Emphasis stays visible in Markdown msgids; a delimiter run not inside a word (snake_case stays text).
_EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")
_SPACES = re.compile(r"\s+")

LINK = "link"
CODE = "code"
EMPHASIS = "emphasis"
CATEGORIES = (LINK, CODE, EMPHASIS)
_CODE_LABELS = ("inline code", "kept as is", "<code>", "<kbd>", "<samp>", "<var>", "shortcode", "math", "inline HTML",
                "template tag", "image", "literal text")
_EMPHASIS_LABELS = ("<em>", "<strong>", "<i>", "<b>")


@dataclass
class Block:
    kind: str
    text: str  # plain words, for chrF/BLEU
    markup: Counter = field(default_factory=Counter)  # (category, what) -> count
    source: str = ""  # the block's source text (markup included), what a raw engine gets
    msgid: str = ""  # the block as presslate shows it (placeholders)
    wrapped: dict = field(default_factory=dict)  # link markup -> the words each such link wraps, in order

    def count(self, category: str) -> int:
        return sum(n for (cat, _), n in self.markup.items() if cat == category)

    def shape(self) -> Counter:
        """Markup per category, ignoring targets: what a reference translation can be compared on."""
        return Counter({cat: self.count(cat) for cat in CATEGORIES if self.count(cat)})


def category(label: str) -> str | None:
    """Which scored category a placeholder label belongs to (None: not scored, e.g. an anchor)."""
    if label in (LINK, "autolink"):
        return LINK
    if label in _CODE_LABELS:
        return CODE
    if label in _EMPHASIS_LABELS:
        return EMPHASIS
    return None


def plain(msgid: str) -> str:
    """The words of a msgid: tags and emphasis delimiters removed, whitespace collapsed."""
    return _SPACES.sub(" ", html.unescape(_EMPHASIS.sub("", TAG_RE.sub("", msgid)))).strip()


def _render(parts) -> str:
    """A placeholder's markup; a nested translatable text (a link title) is translated, so it does not count."""
    return "".join("{…}" if isinstance(p, Segment) else p for p in parts or [])


def block_of(segment: Segment) -> Block:
    markup: Counter = Counter()
    wrapped: dict[str, list[str]] = {}
    open_links: list[tuple[Placeholder, str, list[str]]] = []
    for atom in segment.atoms:
        if isinstance(atom, Placeholder):
            cat = category(atom.label)
            if cat is not None:
                what = _render(atom.open) if atom.close is None else _render(atom.open) + "…" + _render(atom.close)
                what = " ".join(what.split())  # re-wrapping an attribute changes no markup
                markup[(cat, what)] += 1
                if cat == LINK and atom.close is not None:
                    open_links.append((atom, what, []))
        elif isinstance(atom, CloseMarker):
            for k, (placeholder, what, words) in enumerate(open_links):
                if placeholder is atom.placeholder:
                    wrapped.setdefault(what, []).append(plain("".join(words)))
                    del open_links[k]
                    break
        elif isinstance(atom, (Text, Break)):
            for _, _, words in open_links:
                words.append(atom.text if isinstance(atom, Text) else " ")
    for run in _EMPHASIS.findall(TAG_RE.sub(" ", segment.text)):
        markup[(EMPHASIS, run)] += 1
    # A front-matter value goes to a raw engine unquoted; everything else as written in the article.
    source = segment.text if segment.kind.startswith("front matter") else segment.source
    return Block(segment.kind, plain(segment.text), markup, source, segment.text, wrapped)


def parse_blocks(text: str, path: str, lang: str, options: Options | None = None) -> list[Block]:
    """The top-level translatable blocks of an article (format from ``path``'s suffix)."""
    base = options or Options(lang)
    opts = Options(lang, "paragraph", base.front_matter_keys, base.notranslate_classes)
    doc = formats.parse_text(text, path, opts)
    return [block_of(p) for p in doc.parts if isinstance(p, Segment) and p.translatable]


def parse_fragment(text: str, fmt: str, lang: str) -> Block:
    """One block from a raw engine's output: its words and the markup that survived.

    The text is parsed as a paragraph of the article's format; what does not
    parse any more (an engine broke the syntax) counts as words without markup.
    """
    suffix = {"markdown": ".md", "mdx": ".mdx", "html": ".html", "text": ".txt"}[fmt]
    wrapped = f"<p>{text}</p>" if fmt == "html" else text
    try:
        blocks = parse_blocks(wrapped, "raw" + suffix, lang)
    except InputError:
        blocks = []
    if not blocks:
        return Block("paragraph", plain(text), Counter(), text, text)
    markup: Counter = Counter()
    wrapped: dict[str, list[str]] = {}
    for b in blocks:
        markup.update(b.markup)
        for what, words in b.wrapped.items():
            wrapped.setdefault(what, []).extend(words)
    return Block(blocks[0].kind, " ".join(b.text for b in blocks if b.text), markup, text, "\n".join(b.msgid for b in blocks),
                 wrapped)


@dataclass
class Alignment:
    pairs: list[tuple[int, int]]  # (index in a, index in b)
    unmatched_a: list[int]
    unmatched_b: list[int]


def align(a: list[Block], b: list[Block]) -> Alignment:
    """Pair blocks of two versions in order where their kinds agree."""
    matcher = SequenceMatcher(None, [x.kind for x in a], [y.kind for y in b], autojunk=False)
    pairs: list[tuple[int, int]] = []
    for block in matcher.get_matching_blocks():
        pairs.extend((block.a + k, block.b + k) for k in range(block.size))
    seen_a = {i for i, _ in pairs}
    seen_b = {j for _, j in pairs}
    return Alignment(pairs, [i for i in range(len(a)) if i not in seen_a], [j for j in range(len(b)) if j not in seen_b])
