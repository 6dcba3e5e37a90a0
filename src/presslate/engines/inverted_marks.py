"""The ``inverted`` repair rule: Spanish questions and exclamations open with ¿ and ¡.

English has no opening mark, and an engine that translates word by word
writes "Por qué un programa de campeones?" and "Anunciando el programa!".
Spanish (and Asturian) spelling opens a question with ¿ and an exclamation
with ¡ where it begins.  For each sentence of the output that ends in "?" or
"!" (before any closing quote, bracket or markup tag) and has no opening
mark of its own, the mark goes before its first word: after the previous
sentence's end (an end mark, closing marks and a space), or a colon, and
after any opening quote, bracket or markup tag ("<1>¿Por qué…?</1>",
"«¡Vamos!»"); a question quoted at the end of a sentence opens after its
quotation mark ('Preguntamos: "¿Lo sabías?"').  A mark inside code
("``'!'``") or inside a bracket that the sentence goes on after ("(un
prop!), está") ends no sentence.  A sentence that ends in both marks
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
_SENTENCE = re.compile(r".*?(?:[.!?…](?:[”»\"’')\]*_]|</\d+>)*(?=\s|$)|:(?=\s)|$)\s*", re.S)
_CLOSING_QUOTES = "”»\"’'"
_PAIRS = {"”": "“„", "»": "«", '"': '"', "’": "‘‚", "'": "'"}  # a closing mark → its opening ones
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
            if body.count("`") % 2:
                continue  # the mark is code ("``'!'``")
            lead = _LEAD.match(part).end()
            closing = part[len(body):len(body) + 1]
            if closing and closing in _CLOSING_QUOTES:  # 'We asked, "Were you aware?"': after the opening quote
                opened = [m.end() for m in re.finditer(rf"(?:^|(?<=[\s(\[:—]))[{re.escape(_PAIRS[closing])}]", body)]
                lead = opened[-1] if opened and opened[-1] > lead else lead
            if lead >= len(body) or not part[lead].isalnum():
                continue
            parts[i] = part[:lead] + opening + part[lead:]
    return "".join(parts)
