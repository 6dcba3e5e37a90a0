"""Link texts that are their own site's name: "[The Programming Historian](https://programminghistorian.org/)".

A Title Case link text made only of ordinary words ("The Programming
Historian", "The Carpentries") reads as nothing special to the analyser
:mod:`presslate.review.kept_names` asks, so the engine translates it ("El
Historiador de Programación").  Its link says otherwise: when the whole text
of a link, written without spaces, hyphens or apostrophes and in lower case,
is a label of the link's own host ("programminghistorian" of
programminghistorian.org, "carpentries" of carpentries.org, "jackpope" of
jackpope.me), the text is the site's name, and a newsroom keeps it as the
site writes it.  A leading "The" may be in the host or not
("theguardian.com", "carpentries.org").

Measured on the dev news and parallel pairs (link text against the human
reference): every link whose text is exactly a host label is kept by the
translators (2 runs of words, 8 single words).  Texts that only start like
the host ("Python Software Foundation" at python.org, "Mozilla Open Source
Support" at mozilla.org: 9 of 14 translated) and hosts made of the text's
initials ("Journal of Open Source Software" at joss.theoj.org: translated)
are no evidence and are left alone.  So is a text with a word in lower case
("Read more", "Bank of Canada": an institution's), one headed by an
institutional word (:data:`~presslate.review.kept_names.INSTITUTIONAL_HEADS`:
"Debian Project" at debianproject.org stays "proyecto Debian"), and a text
of one word unless it is a made word, with a hyphen, an inner capital or a
digit ("R-Ladies" at rladies.org, which the engine turns into "R Señoras"):
a protected name matches its lower-case form too, and "Medium" at
medium.com would take the word "medium" with it.

The evidence is read from the document model as the formats build it: a
link is a paired placeholder labelled ``"link"`` whose literal source holds
the target (``](https://…)`` in Markdown, ``<a href="…">`` in HTML), or,
for a Markdown reference link (``[text][label]``, ``[text]``), a
definition in the article's skeleton.  Only the names are returned; what
the engine gets for them is a placeholder, so the link and its URL are
rendered from the source as always.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from presslate.document import CloseMarker, Document, Placeholder, Segment, Text
from presslate.review.kept_names import INSTITUTIONAL_HEADS

__all__ = ["link_names", "names_its_host"]

_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_MD_TARGET = re.compile(r"^\]\(\s*<?([^\s>)]+)")
_MD_REFERENCE = re.compile(r"^\](?:\[([^\]]*)\])?$")
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*\n?[ \t]*<?([^\s>]+)", re.MULTILINE)
_MADE_WORD = re.compile(r"[^\W\d_]-[^\W\d_]|[a-z][A-Z]|\d")  # "R-Ladies", "ReScience", "R4DS"
_OTHER = "\x00"  # in a link's text: something other than words


def _key(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: "R-Ladies" → "rladies"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\W_]+", "", plain.lower())


def names_its_host(text: str, url: str) -> bool:
    """Whether ``text``, the whole text of a link to ``url``, is the name of the link's own site (module doc)."""
    words = text.split()
    if not all(re.search(r"[A-Z]", word) for word in words):
        return False  # a run of capitalised words: not "Read more", not "Bank of Canada"
    if len(words) == 1 and not _MADE_WORD.search(text):
        return False  # "Medium": its lower case is a word the article may use, and a name matches either case
    if _key(words[-1]) in INSTITUTIONAL_HEADS:
        return False
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # "http://[x": not a URL, no site
        return False
    labels = {label.replace("-", "") for label in host.split(".")[:-1] if label != "www"}
    spoken = [words[1:], words] if words[0] == "The" else [words]
    return any(_key("".join(w)) in labels for w in spoken)


def _literal(source: list | None) -> str:
    return "".join(part for part in source or [] if isinstance(part, str))


def _definitions(doc: Document) -> dict[str, str]:
    """Markdown link reference definitions in the skeleton: normalised label → target."""
    skeleton = "".join(part for part in doc.parts if isinstance(part, str))
    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(skeleton):
        found.setdefault(_label(m.group(1)), m.group(2))  # the first definition of a label wins
    return found


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _target(link: Placeholder, text: str, definitions: dict[str, str]) -> str | None:
    """The URL a link placeholder points to, from its own source or a reference definition."""
    opening, closing = _literal(link.open), _literal(link.close)
    if opening.lstrip().startswith("<"):
        m = _HREF.search(opening)
        return next((g for g in m.groups() if g is not None), None) if m else None
    m = _MD_TARGET.match(closing)
    if m:
        return m.group(1)
    m = _MD_REFERENCE.match(closing)
    if m:
        return definitions.get(_label(m.group(1) or text))
    return None


def _links(segment: Segment) -> list[tuple[Placeholder, str]]:
    """Each link of ``segment`` with the plain text it wraps (its inner tags dropped)."""
    found, open_links = [], []  # open_links: [placeholder, pieces of its text]
    for atom in segment.atoms:
        if isinstance(atom, Placeholder) and atom.close is not None:
            if atom.label == "link":
                open_links.append((atom, []))
        elif isinstance(atom, CloseMarker):
            if open_links and open_links[-1][0] is atom.placeholder:
                link, pieces = open_links.pop()
                found.append((link, " ".join("".join(pieces).split())))
        elif isinstance(atom, Text):
            for _, pieces in open_links:
                pieces.append(atom.text)
        else:  # a line break, or markup standing for words (inline code, an image): not plain text
            for _, pieces in open_links:
                pieces.append(" " if not isinstance(atom, Placeholder) else _OTHER)
    return found


def link_names(doc: Document) -> list[str]:
    """The link texts of ``doc`` that are their own site's name, in document order, each once."""
    definitions = _definitions(doc)
    names = []
    for segment in doc.segments():
        for link, text in _links(segment):
            url = _target(link, text, definitions)
            if url and _OTHER not in text and names_its_host(text, url):
                names.append(text)
    return list(dict.fromkeys(names))
