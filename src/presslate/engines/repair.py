"""Repairs of machine-translation output: engine defects and typography, rule by rule.

Every rule takes the source msgid and the engine's (restored) output and
returns a corrected output; rules are switched on by name in presslate.toml
(``[mt] repair = [...]``) so each can be measured alone.  A rule never
touches placeholder tags, never changes leading or trailing whitespace (the
``whitespace`` check compares those with the source), and leaves a defect
alone when the source has the same pattern (two spaces the author typed
stay two spaces).

* ``compounds`` (Apertium) — Apertium glues the words it generates for an
  English hyphenated compound: "a Toronto-based organization" → "una
  organización basadasenToronto", "open-source tool" → "herramientadefuente
  abierta".  A word of the output that is not in the source, is unknown to
  the target language's morphological analyser (the reverse direction of
  the installed pair, e.g. ``spa-eng.automorf.bin``) and splits into known
  word + preposition + known word (or a name) is split with spaces.
  Without the analyser only splits before a capital ("basadasenToronto") are
  made.  Spanish only: Apertium also translates an English compound piece by
  piece and keeps the hyphen ("well-known" → "bien-sabido", "built-in" →
  "construido-en", "non-ASCII" → "no-ASCII"), which Spanish spelling does
  not do.  A hyphenated word of the output that is not in the source, has as
  many pieces as a hyphenated word of the source, is not one word of the
  analyser's dictionary ("on-line", "e-mail" are) and has at least one piece
  the analyser knows, gets spaces instead ("bien sabido", "de"+"el" becoming
  "del"); an English prefix Apertium left as it was is joined to a known
  word ("re-conectar" → "reconectar").  Two adjectives ("teórico-práctico")
  keep their hyphen; without the analyser no hyphen is touched.
* ``quotes`` — no space just inside quotation marks (“ Serán …” → “Serán…”,
  ``" Seremos,"`` → ``"Seremos,"``), with the opening and closing marks of
  the target language („…“ in German, where “ closes); in French the inside
  of « » gets a no-break space, as French typography wants.  Straight
  quotes are paired in order with the source's.
* ``inverted`` — Spanish questions and exclamations open with ¿ and ¡
  (:mod:`presslate.engines.inverted_marks`).
* ``spaces`` — runs of spaces inside the text become one; no space before
  , . ; : ! ? ) or after ( ¿ ¡.  French keeps (as no-break spaces) the space
  before ; : ! ? that its typography requires.

Babel (2.19) carries no CLDR quotation-mark data, so the marks per language
are the small table below (CLDR's values for the languages presslate has
users in).
"""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
from collections.abc import Callable, Iterable

from presslate.engines import lt_proc
from presslate.engines.inverted_marks import fix_inverted
from presslate.engines.text_scan import is_word_char, replace_standalone

__all__ = ["RULES", "DEFAULT_RULES", "Repairer"]

RULES = ("compounds", "quotes", "inverted", "spaces")
"""Every rule name ``[mt] repair`` accepts, in the order they run."""

DEFAULT_RULES = ("compounds", "quotes", "inverted", "spaces")
"""Enabled when presslate.toml does not say (chosen with `make eval-rules`, see docs/engines.md)."""

_TAG = re.compile(r"</?\d+/?>")

# --- quotation marks ------------------------------------------------------------

# CLDR delimiters (quotationStart/End, alternateQuotationStart/End) of languages whose marks
# differ from the default; ’ is left out everywhere: it is also the apostrophe.
_QUOTES = {
    "de": ("„‚", "“‘"), "cs": ("„‚", "“‘"), "sk": ("„‚", "“‘"), "sl": ("„‚", "“‘"), "lt": ("„", "“"),
    "da": ("“‘", "”"), "pl": ("„«", "”»"), "hu": ("„»", "”«"), "ro": ("„«", "”»"), "sv": ("”", "”"),
    "fi": ("”", "”"),
}
_DEFAULT_QUOTES = ("“‘«‹„", "”»›")


def _quote_marks(lang: str) -> tuple[str, str]:
    """(opening marks, closing marks) of ``lang``; a mark both opens and closes in Swedish."""
    return _QUOTES.get(_base(lang), _DEFAULT_QUOTES)


def _base(lang: str) -> str:
    return lang.replace("-", "_").partition("_")[0].lower()


def _keep_edges(source_like: str, fixed: str) -> str:
    """``fixed`` with the leading and trailing whitespace of ``source_like`` (the output before the fix)."""
    lead = source_like[: len(source_like) - len(source_like.lstrip())]
    trail = source_like[len(source_like.rstrip()):]
    core = fixed.strip()
    return lead + core + trail if core else source_like


_FRENCH_OPEN = re.compile(r"«[ \t\u00a0\u202f]*")
_FRENCH_CLOSE = re.compile(r"[ \t\u00a0\u202f]*»")


@functools.cache
def _quote_rules(lang: str) -> tuple[bool, list[tuple[re.Pattern, re.Pattern]], tuple[str, ...]]:
    """For :func:`fix_quotes`, compiled once per language: French?, (pattern that, found in the source,
    leaves the output alone; pattern of the space to drop) for the marks that only open and those that
    only close, and the marks that both open and close (paired in order with the source's)."""
    opening, closing = _quote_marks(lang)
    french = _base(lang) == "fr"
    if french:
        opening, closing = opening.replace("«", ""), closing.replace("»", "")
    both = set(opening) & set(closing)
    only_open = "".join(c for c in opening if c not in both)
    only_close = "".join(c for c in closing if c not in both)
    rules = []
    if only_open:
        rules.append((re.compile(f"[{re.escape(only_open)}][ \t]"), re.compile(f"([{re.escape(only_open)}])[ \t]+(?=\\S)")))
    if only_close:
        rules.append((re.compile(f"\\S[ \t]+[{re.escape(only_close)}]"),
                      re.compile(f"(?<=\\S)[ \t]+([{re.escape(only_close)}])")))
    return french, rules, (*sorted(both), '"')


def fix_quotes(source: str, output: str, lang: str) -> str:
    """No whitespace just inside quotation marks (French: a no-break space there)."""
    french, rules, paired = _quote_rules(lang)
    result = output
    if french:
        result = _FRENCH_OPEN.sub("«\u00a0", result)
        result = _FRENCH_CLOSE.sub("\u00a0»", result)
    for in_source, space in rules:
        if not in_source.search(source):
            result = space.sub(r"\1", result)
    for mark in paired:
        if mark in result:  # no mark in the output: _fix_paired has nothing to pair
            result = _fix_paired(source, result, mark)
    return _keep_edges(output, result)


def _fix_paired(source: str, output: str, mark: str) -> str:
    """Marks that both open and close (``"``): the k-th in the output is paired with the k-th in the source."""
    src_positions = [m.start() for m in re.finditer(re.escape(mark), source)]
    out_positions = [m.start() for m in re.finditer(re.escape(mark), output)]
    if not out_positions or len(src_positions) != len(out_positions) or len(out_positions) % 2:
        return output
    pieces, pos = [], 0
    for k, (s, o) in enumerate(zip(src_positions, out_positions)):
        opens = k % 2 == 0
        if opens and not source[s + 1 : s + 2].isspace():
            end = o + 1
            while end < len(output) and output[end] in " \t":
                end += 1
            if end < len(output) and end > o + 1:
                pieces += [output[pos : o + 1]]
                pos = end
        elif not opens and not source[s - 1 : s].isspace():
            start = o
            while start > pos and output[start - 1] in " \t":
                start -= 1
            if start < o and start > 0 and not output[start - 1].isspace():
                pieces += [output[pos:start]]
                pos = o
    pieces.append(output[pos:])
    return "".join(pieces)


# --- spaces ---------------------------------------------------------------------------

_FRENCH_HIGH = re.compile(r"(?<=[\w»)\]>])[ \t\u00a0\u202f]*([;:!?])(?=\s|$|[<»)])")
_SPACES_IN_SOURCE = re.compile(r"[ \t]{2,}")
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_OPENING_IN_SOURCE = re.compile(r"[(¿¡]\s")
_OPENING_SPACE = re.compile(r"([(¿¡])[ \t]+(?=\w)")


def _closing_rule(closing: str) -> tuple[re.Pattern, re.Pattern]:
    """(a space before ``closing`` in the source: keep them; the space before it in the output, to drop)."""
    return (re.compile(rf"\s[{closing})]"),
            re.compile(rf"(?<=[\w\"”»’)\]])[ \t]+([{re.escape(closing)})])(?=\s|$|[\"”»’)\].,;:!?])"))


_CLOSING, _CLOSING_FR = _closing_rule(",.;:!?"), _closing_rule(",.")  # French keeps its space before ; : ! ?


def fix_spaces(source: str, output: str, lang: str) -> str:
    """Single spaces inside the text; no space before closing punctuation or after opening marks."""
    french = _base(lang) == "fr"
    closing_in_source, closing_space = _CLOSING_FR if french else _CLOSING

    def fix(text: str) -> str:
        if not _SPACES_IN_SOURCE.search(source):
            text = _SPACES.sub(" ", text)
        if not closing_in_source.search(source):
            text = closing_space.sub(r"\1", text)
        if not _OPENING_IN_SOURCE.search(source):
            text = _OPENING_SPACE.sub(r"\1", text)
        if french:
            text = _FRENCH_HIGH.sub(lambda m: ("\u00a0" if m.group(1) == ":" else "\u202f") + m.group(1), text)
        return text

    return _keep_edges(output, fix(output))  # tags hold no spaces or punctuation: nothing here can change one


# --- glued compounds (Apertium) -------------------------------------------------------

# Prepositions and the conjunction Apertium's transfer inserts when it expands a compound.
_GLUE = {
    "es": ("del", "de", "en", "al", "a", "con", "por", "para", "sin", "y"),
    "ca": ("del", "de", "en", "al", "a", "amb", "per", "i"),
    "pt": ("do", "da", "de", "em", "no", "na", "com", "por", "para", "e"),
    "gl": ("do", "da", "de", "en", "no", "na", "con", "por", "para", "e"),
    "fr": ("du", "de", "des", "en", "au", "à", "avec", "par", "pour", "et"),
    "it": ("del", "della", "di", "in", "al", "a", "con", "per", "e"),
}
_WORD = re.compile(r"[^\W\d_]+")


def glued_candidates(source: str, output: str) -> list[str]:
    """Words of ``output`` that may be glued compounds: long, not in the source, and the source has a hyphen."""
    if "-" not in _TAG.sub("", source):
        return []
    words = set(_WORD.findall(source))
    return [w for w in dict.fromkeys(_WORD.findall(_TAG.sub(" ", output))) if len(w) >= 6 and w not in words]


def split_glued(word: str, lang: str, known: Callable[[str], bool], names: set[str]) -> str | None:
    """``basadasenToronto`` → ``basadas en Toronto``; None when ``word`` does not split into known pieces."""
    glue = _GLUE.get(_base(lang))
    if not glue or known(word):
        return None
    for i in range(3, len(word) - 3):
        left = word[:i]
        for g in glue:
            if not word.startswith(g, i):
                continue
            right = word[i + len(g):]
            if len(right) < 2 or not known(left):
                continue
            if right[0].isupper() or right in names:
                return f"{left} {g} {right}"
            rest = right if known(right) else split_glued(right, lang, known, names)
            if rest is not None:
                return f"{left} {g} {rest}"
    return None


def _capital_split_only(word: str) -> bool:
    """Without a dictionary, only splits right before a capital are trusted (lowercase words never hold one),
    and every hyphenated word counts as a word, so no hyphen is touched."""
    return "-" in word or word.islower()


class Analyser:
    """Known words of one language, asked from Apertium's morphological analyser (``lt-proc``) in batches."""

    def __init__(self, path: str | None):
        self.path = path
        self._known: dict[str, bool] = {}
        self._pos: dict[str, tuple[str, ...]] = {}

    def learn(self, words: Iterable[str]) -> None:
        """Ask the analyser about every word in one call."""
        wanted = sorted({w for w in words if w not in self._known})
        if not wanted:
            return
        if self.path is None:
            self._known.update((w, _capital_split_only(w)) for w in wanted)
            return
        # lt-proc -z drops what follows a hyphen right before the NUL byte: a space after the word keeps it.
        answers = lt_proc.analyse(self.path, [f"{w} " for w in wanted])
        if answers is None:
            self._known.update((w, _capital_split_only(w)) for w in wanted)
            return
        for word, answer in zip(wanted, answers):
            units = re.findall(r"\^([^$]*)\$", answer)
            # One lexical unit, known: "on-line" is one, "bien-herramienta" is three (bien, -, herramienta).
            self._known[word] = len(units) == 1 and "/*" not in units[0] and "/" in units[0]
            if self._known[word]:
                self._pos[word] = tuple(dict.fromkeys(re.findall(r"/[^/<]*<(\w+)>", units[0])))

    def __call__(self, word: str) -> bool:
        return self._known.get(word, False)

    def pos(self, word: str) -> tuple[str, ...]:
        """The parts of speech of ``word``'s readings in the analyser's order (``("adv", "preadv", "n")`` for
        "bien"), empty when unknown or not asked."""
        return self._pos.get(word, ())


@functools.cache
def analyser_path(source: str, target: str) -> str | None:
    """``<target>-<source>.automorf.bin`` of an installed Apertium pair (e.g. spa-eng), or None."""
    if shutil.which("lt-proc") is None:
        return None
    from presslate.engines.apertium_modes import iso639_3

    name = f"{iso639_3(target)}-{iso639_3(source)}.automorf.bin"
    for root in ("/usr/share/apertium", "/usr/local/share/apertium", os.path.expanduser("~/.local/share/apertium")):
        found = sorted(glob.glob(os.path.join(root, "*", name)))
        if found:
            return found[0]
    return None


# --- hyphenated calques (Apertium, Spanish) ---------------------------------------------

# English prefixes Apertium copies as they are; Spanish writes them joined to the word (RAE, Ortografía 2010).
_PREFIXES = {
    "es": frozenset("anti auto bi co contra extra hiper inter macro meta micro mini multi post pre pseudo re semi "
                    "sub super supra tri ultra".split()),
}
# A hyphenated word: letters only, not part of a path, URL, address or identifier.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![\w/.@:-])", r"(?![\w/@-]|\.\w)"
_HYPHENATED = _ALONE_BEFORE + r"[^\W\d_]+(?:-[^\W\d_]+)+" + _ALONE_AFTER
_CONTRACTIONS = {("de", "el"): "del", ("a", "el"): "al"}


def hyphen_candidates(source: str, output: str) -> list[str]:
    """Hyphenated words of ``output`` that are not in ``source`` and have as many pieces as one of its own."""
    plain = _TAG.sub(" ", source)
    pieces = {w.count("-") for w in re.findall(_HYPHENATED, plain)}
    if not pieces:
        return []
    seen = {w.lower() for w in re.findall(r"[\w-]+", plain)}
    found = re.findall(_HYPHENATED, _TAG.sub(" ", output))
    return [w for w in dict.fromkeys(found) if w.count("-") in pieces and w.lower() not in seen]


def unhyphenate(word: str, lang: str, known: Analyser) -> str | None:
    """``bien-sabido`` → ``bien sabido``, ``re-conectar`` → ``reconectar``; None when the hyphen stays."""
    prefixes = _PREFIXES.get(_base(lang))
    pieces = word.split("-")
    if prefixes is None or known(word) or not any(known(p) for p in pieces):
        return None
    if len(pieces) == 2 and pieces[0].lower() in prefixes and not known(pieces[0]):
        head, rest = pieces
        if not (rest.islower() and known(rest)):
            return None  # before a capital, a number or an unknown word Spanish keeps the hyphen ("anti-OTAN")
        if head[-1] in "aeiou" and rest.startswith("r") and not rest.startswith("rr"):
            rest = "r" + rest  # "re-rastrear" → "rerrastrear", as "antirrobo"
        return head + rest
    if all("adj" in known.pos(p) for p in pieces):
        return None  # "teórico-práctico": Spanish joins two adjectives with a hyphen
    if "adj" in known.pos(pieces[-1]) and known.pos(pieces[0])[:1] in ((), ("n",), ("np",)):
        return None  # "hilo-seguro" (thread-safe): with a space it would read "a safe thread"
    words: list[str] = []
    for piece in pieces:
        joined = _CONTRACTIONS.get((words[-1], piece)) if words else None
        if joined:
            words[-1] = joined
        else:
            words.append(piece)
    return " ".join(words)


def fix_compounds(sources: list[str], outputs: list[str], source_lang: str, lang: str,
                  analyser: Analyser | None = None) -> list[str]:
    """Split glued compound words and hyphenated calques in every output (one analyser call for the batch)."""
    if _base(lang) not in _GLUE:
        return outputs
    candidates = [glued_candidates(s, o) for s, o in zip(sources, outputs)]
    hyphenated = [hyphen_candidates(s, o) if _base(lang) in _PREFIXES else [] for s, o in zip(sources, outputs)]
    if not any(candidates) and not any(hyphenated):
        return outputs
    analyser = analyser or Analyser(analyser_path(source_lang, lang))
    analyser.learn([w for words in candidates for w in words]
                   + [x for words in hyphenated for w in words for x in (w, *w.split("-"))])
    unknown = {w for words in candidates for w in words if not analyser(w)}
    analyser.learn(piece for w in unknown for i in range(3, len(w) - 1) for piece in (w[:i], w[i:]))
    fixed = []
    for source, output, words, hyphen_words in zip(sources, outputs, candidates, hyphenated):
        names = set(re.findall(r"\b[A-Z]\w+", source))
        for word in words:
            split = split_glued(word, lang, analyser, names)
            if split:
                output = replace_standalone(output, word, split, is_word_char, _word_after)
        for word in hyphen_words:
            spaced = unhyphenate(word, lang, analyser)
            if spaced:
                output = replace_standalone(output, word, spaced, _joins_before, _joins_after)
        fixed.append(output)
    return fixed


def _word_after(text: str, end: int) -> bool:  # (?!\w)
    return end < len(text) and is_word_char(text[end])


def _joins_before(ch: str) -> bool:  # _ALONE_BEFORE: (?<![\w/.@:-])
    return is_word_char(ch) or ch in "/.@:-"


def _joins_after(text: str, end: int) -> bool:  # _ALONE_AFTER: (?![\w/@-]|\.\w)
    if end >= len(text):
        return False
    ch = text[end]
    return is_word_char(ch) or ch in "/@-" or ch == "." and end + 1 < len(text) and is_word_char(text[end + 1])


# --- the rule set ------------------------------------------------------------------


class Repairer:
    """The enabled rules for one language pair and engine; ``repair_batch`` runs them in RULES order."""

    def __init__(self, rules: Iterable[str], source_lang: str, lang: str, engine: str):
        unknown = sorted(set(rules) - set(RULES))
        if unknown:
            raise ValueError(f"unknown repair rule(s): {', '.join(unknown)}")
        self.rules = tuple(r for r in RULES if r in set(rules))
        self.source_lang, self.lang, self.engine = source_lang, lang, engine
        self._analyser: Analyser | None = None  # one for every batch: a word is asked once per run

    def warm(self) -> None:
        """Start what ``compounds`` will ask (the analyser's lt-proc) now, so it loads while the engine runs."""
        if "compounds" in self._active() and _base(self.lang) in _GLUE:
            path = analyser_path(self.source_lang, self.lang)
            if path is not None:
                lt_proc.start(path)

    def signature(self) -> str:
        """The rules that run for this engine, as one short name (they run after the MT cache, not in its key)."""
        return "+".join(self._active()) or "none"

    def _active(self) -> tuple[str, ...]:
        return tuple(r for r in self.rules if r != "compounds" or self.engine == "apertium")

    def repair_batch(self, sources: list[str], outputs: list[str | None]) -> list[str | None]:
        """Each output repaired (None stays None: the engine failed on that segment)."""
        index = [i for i, o in enumerate(outputs) if o]
        src = [sources[i] for i in index]
        out = [outputs[i] for i in index]
        active = self._active()
        if "compounds" in active:
            if self._analyser is None and _base(self.lang) in _GLUE:
                self._analyser = Analyser(analyser_path(self.source_lang, self.lang))
            out = fix_compounds(src, out, self.source_lang, self.lang, self._analyser)
        if "quotes" in active:
            out = [fix_quotes(s, o, self.lang) for s, o in zip(src, out)]
        if "inverted" in active:
            out = [fix_inverted(s, o, self.lang) for s, o in zip(src, out)]
        if "spaces" in active:
            out = [fix_spaces(s, o, self.lang) for s, o in zip(src, out)]
        result = list(outputs)
        for i, o in zip(index, out):
            result[i] = o
        return result
