"""The ``inverted`` repair rule: Spanish questions and exclamations open with ¿ and ¡.

English has no opening mark, and an engine that translates word by word
writes "Por qué un programa de campeones?" and "Anunciando el programa!".
Spanish (and Asturian) spelling opens a question with ¿ and an exclamation
with ¡ where it begins.  For each sentence of the output that ends in "?" or
"!" (before any closing quote, bracket or markup tag) and has no opening
mark of its own, the mark goes before its first word: after the previous
sentence's end, or a colon, and after any opening quote, bracket or markup
tag ("<1>¿Por qué…?</1>", "«¡Vamos!»").  A sentence that ends in both marks
("?!") is left alone, and so is a text whose English source has fewer
question (or exclamation) marks than the output: a mark the engine invented
is not made into a pair.  The source's own inverted marks, if any, are never
doubled.
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "fix_inverted"]

LANGUAGES = frozenset({"es", "ast"})
"""Languages whose spelling opens questions and exclamations with an inverted mark."""

_OPENING = {"?": "¿", "!": "¡"}
# A sentence: up to an end mark followed by a space or the end; a colon followed by a space also opens one.
_SENTENCE = re.compile(r".*?(?:[.!?…](?=\s|$|[”»\"’')\]*_<])(?:[”»\"’')\]*_]|</\d+>)*|:(?=\s)|$)\s*", re.S)
_LEAD = re.compile(r"^(?:\s|[«“\"‘'(\[*_]|<\d+>)*")
_TRAIL = re.compile(r"(?:\s|[”»\"’')\]*_]|</\d+>)*$")


def fix_inverted(source: str, output: str, lang: str) -> str:
    """``output`` with ¿ and ¡ opening each question and exclamation sentence that lacks one."""
    if lang.replace("-", "_").partition("_")[0].lower() not in LANGUAGES:
        return output
    if "?" not in output and "!" not in output:
        return output
    parts = [m.group() for m in _SENTENCE.finditer(output) if m.group()]
    if "".join(parts) != output:
        return output  # never rewrite what the split did not cover
    for mark, opening in _OPENING.items():
        if output.count(mark) > source.count(mark):
            continue
        for i, part in enumerate(parts):
            body = _TRAIL.sub("", part)
            if not body.endswith(mark) or body.endswith(("?!", "!?")) or opening in part:
                continue
            lead = _LEAD.match(part).end()
            if lead >= len(body) or not part[lead].isalnum():
                continue
            parts[i] = part[:lead] + opening + part[lead:]
    return "".join(parts)
