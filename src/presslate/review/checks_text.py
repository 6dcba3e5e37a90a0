"""Checks of the glossary and of the text itself: copies, whitespace, punctuation, doubled words, sentences, length."""

from __future__ import annotations

import re

from presslate import inline
from presslate.review.checks import ERROR, WARNING, Pair, register
from presslate.review.checks_markup import EMAIL_RE, URL_RE
from presslate.segment import split_sentences

# -- glossary -----------------------------------------------------------------------


@register("do-not-translate", ERROR, "do-not-translate names of the glossary stay as written")
def _do_not_translate(pair: Pair) -> list[str]:
    kept = {name for _, _, name in pair.glossary.names_in(pair.msgstr)}
    names = dict.fromkeys(name for _, _, name in pair.glossary.names_in(pair.msgid))
    return [f"“{name}” must stay as written (do not translate)" for name in names if name not in kept]


@register("glossary", WARNING, "glossary terms use a preferred translation")
def _glossary(pair: Pair) -> list[str]:
    messages = []
    for term in pair.glossary.terms_in(pair.msgid, pair.source_lang):
        wanted = term.for_language(pair.target_lang)
        if wanted and not any(pair.glossary.contains(pair.msgstr, w, pair.target_lang) for w in wanted):
            messages.append(f"“{term.source}” should be translated as " + " or ".join(f"“{w}”" for w in wanted))
    return messages


# -- text ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@register("unchanged", WARNING, "the translation is a copy of the source (names, single words exempt)")
def _unchanged(pair: Pair) -> list[str]:
    if " ".join(pair.msgstr.split()) != " ".join(pair.msgid.split()):
        return []
    text = pair.msgid
    for start, end, _ in reversed(pair.glossary.names_in(text)):
        text = text[:start] + " " + text[end:]
    words = _WORD_RE.findall(EMAIL_RE.sub(" ", URL_RE.sub(" ", inline.TAG_RE.sub(" ", text))))
    if len(words) < 2 or all(word[0].isupper() for word in words):
        return []  # a name, a title-case heading or one word: often the same in both languages
    return ["the translation is identical to the source"]


def _edge_whitespace(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


@register("whitespace", WARNING, "leading and trailing whitespace and newlines match the source")
def _whitespace(pair: Pair) -> list[str]:
    messages = []
    for where, a, b in zip(("start", "end"), _edge_whitespace(pair.msgid), _edge_whitespace(pair.msgstr)):
        if a != b:
            messages.append(f"whitespace at the {where}: {a!r} in the source, {b!r} in the translation")
    return messages


_CLOSERS_RE = re.compile(r"(?:\s|[\"'”’»›)\]}*_]|</\d+>|<\d+/>)+\Z")
_END_MARK_RE = re.compile(r"[.?!…:;,]+\Z")
_ABBREVIATION_END_RE = re.compile(r"(?<!\S)(?:[^\W\d_]\.){2,}\Z")  # "p.m.", "U.S.": not always a full stop
_INVERTED = {"?": "¿", "!": "¡"}


def _end_mark(text: str) -> tuple[str, str]:
    """The final punctuation of ``text`` behind closing quotes, brackets, tags and emphasis."""
    body = _CLOSERS_RE.sub("", text)
    m = _END_MARK_RE.search(body)
    mark = m.group().replace("...", "…") if m else ""
    return "".join(sorted(set(mark))), body


@register("end-punctuation", WARNING, "the final punctuation matches (quotes «» “” and Spanish ¿…? ¡…! understood)")
def _end_punctuation(pair: Pair) -> list[str]:
    source, source_body = _end_mark(pair.msgid)
    target, target_body = _end_mark(pair.msgstr)
    if source != target and not (source == "." and not target and _ABBREVIATION_END_RE.search(source_body)):
        return [f"ends with “{source or 'no punctuation'}” in the source, "
                f"“{target or 'no punctuation'}” in the translation"]
    if pair.target_lang.replace("-", "_").partition("_")[0].lower() != "es":
        return []
    spans = split_sentences(target_body, pair.target_lang)
    last = target_body[spans[-1][0]:] if spans else ""
    return [f"a Spanish sentence ending with {mark} opens with {opener}"
            for mark, opener in _INVERTED.items() if mark in target and opener not in last]


_DOUBLED_RE = re.compile(r"(?<!\w)([^\W\d_]+)(?:\s+\1)+(?!\w)", re.I)


@register("doubled-words", WARNING, "no word written twice in a row (“la la”) unless the source does too")
def _doubled_words(pair: Pair) -> list[str]:
    allowed = {" ".join(m.group().lower().split()) for m in _DOUBLED_RE.finditer(inline.strip_tags(pair.msgid))}
    return [f"“{m.group()}”: a word is repeated" for m in _DOUBLED_RE.finditer(inline.strip_tags(pair.msgstr))
            if " ".join(m.group().lower().split()) not in allowed]


@register("sentence-count", WARNING, "as many sentences as the source (a dropped or merged sentence)")
def _sentence_count(pair: Pair) -> list[str]:
    source = len(split_sentences(pair.msgid, pair.source_lang))
    target = len(split_sentences(pair.msgstr, pair.target_lang))
    if source == target:
        return []
    return [f"{source} sentence{'s' * (source != 1)} in the source, {target} in the translation"]


@register("length", WARNING, "the translation's length is within the configured ratio of the source's")
def _length(pair: Pair) -> list[str]:
    source = len(inline.strip_tags(pair.msgid).strip())
    if source < pair.settings.min_length:
        return []
    ratio = len(inline.strip_tags(pair.msgstr).strip()) / source
    low, high = pair.settings.length_ratio
    if low <= ratio <= high:
        return []
    return [f"the translation is {ratio:.2f} times as long as the source (expected {low:g}–{high:g})"]
