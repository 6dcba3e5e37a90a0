"""Apertium, the rule-based MT system Debian packages, as a presslate engine.

Why it is built this way (measured with apertium 3.8.3 and apertium-eng-spa 0.8.1):

* Starting the pipeline costs ~0.17 s, so a whole batch goes through one
  ``apertium -z -f none`` process.  ``-z`` flushes every stage at each NUL
  byte, so no segment can lend words to its neighbour, and every segment ends
  with a numbered superblank ``[eN]`` that Apertium copies verbatim; their
  order is checked and a batch that comes back misaligned is split in halves.
* ``-f none`` means we write Apertium's stream format ourselves: the txt
  deformatter translates ``@user`` (``@usuario``) and ``C:\\path``
  (``C:\\lima``), and the html one duplicates a link whose words the transfer
  reorders.
* A placeholder span (``<1>…</1>``) or an emphasis becomes a word-bound blank
  (``[[0]]Rainbow Railroad[[/]]``) that Apertium attaches to each word, so it
  moves with its words.  Pieces that must not be translated (URLs, paths,
  handles, ``<2/>``…) become an unknown word (``ZQX3``) that Apertium copies
  and moves like a name, or a superblank when glued to a word.
* A span that comes back split (``<1>Ferrocarril</1> de <1>Arco iris</1>``) is
  merged; when that cannot give well-nested markup, the segment is translated
  piece by piece between its markup instead, counted in ``fallbacks``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import cache

from presslate.engines.base import EngineError
from presslate.inline import markup_problems

# --- language codes and modes -------------------------------------------------

# ISO 639-2/B and withdrawn codes also appear among CLDR's aliases; Apertium
# names pairs with the ISO 639-3 (= 639-2/T) code, e.g. "deu", never "ger".
_BIBLIOGRAPHIC = frozenset(
    "alb arm baq bur chi cze dut fre geo ger gre ice mac mao may per rum scc scr slo tib wel".split()
)
_MODE_NAME = re.compile(r"^([a-z]{2,3}(?:_\w+)?)-([a-z]{2,3}(?:_\w+)?)$")


@cache
def _language_aliases() -> dict[str, str]:
    from babel.core import get_global

    return dict(get_global("language_aliases"))


def split_code(code: str) -> tuple[str, str]:
    """``(language, variant)`` of a locale or Apertium code: ``es_MX`` → ``("es", "MX")``, ``eng`` → ``("en", "")``.

    Apertium's three-letter codes and presslate's ISO 639-1 ones meet on the
    two-letter form, through CLDR's aliases (which also map ``iw`` → ``he``).
    """
    base, _, variant = re.sub(r"[-@]", "_", code.strip()).partition("_")
    base = base.lower()
    alias_base, _, alias_variant = _language_aliases().get(base, base).partition("_")
    return alias_base, variant or alias_variant


def iso639_3(code: str) -> str:
    """The three-letter code Apertium's package and mode names use for ``code`` (``es`` → ``spa``)."""
    base, _ = split_code(code)
    for alias, target in _language_aliases().items():
        if len(alias) == 3 and target == base and alias not in _BIBLIOGRAPHIC:
            return alias
    return base


def parse_mode(name: str) -> dict | None:
    """Source and target codes of a translation mode (``spa-eng_US`` → es, en_US); None for other modes."""
    m = _MODE_NAME.match(name)
    if m is None:
        return None
    codes = []
    for part in m.groups():
        base, variant = split_code(part)
        codes.append(f"{base}_{variant}" if variant else base)
    return {"mode": name, "source": codes[0], "target": codes[1]}


def find_mode(modes: list[dict], source: str, target: str) -> dict | None:
    """The installed mode for a language pair, preferring the requested variant, then none.

    ``es_MX`` is served by ``eng-spa``; ``en_US`` by ``spa-eng_US`` when installed.
    """
    want_source, want_target = split_code(source), split_code(target)

    def fit(code: str, want: tuple[str, str]) -> int | None:
        base, variant = split_code(code)
        if base != want[0]:
            return None
        if variant.casefold() == want[1].casefold():
            return 0
        return 1 if not variant else 2

    ranked = []
    for mode in modes:
        s, t = fit(mode["source"], want_source), fit(mode["target"], want_target)
        if s is not None and t is not None:
            ranked.append((t, s, mode["mode"], mode))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None


def installed_modes() -> list[dict]:
    """Translation modes Apertium can run here, with the Debian package and version that provide each.

    Keys: ``mode``, ``source``, ``target``, ``package`` and ``version``
    (None when dpkg does not know the mode, e.g. a self-built pair).
    """
    if shutil.which("apertium") is None:
        return []
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True).stdout.split()
    modes = [mode for mode in map(parse_mode, listed) if mode is not None]
    packages = _packages({mode["mode"] for mode in modes})
    for mode in modes:
        mode["package"], mode["version"] = packages.get(mode["mode"], (None, None))
    return modes


def _packages(modes: set[str]) -> dict[str, tuple[str, str]]:
    """Mode → (package, version), from Debian's naming: a pair's package is apertium-<lang>-<lang>, in either order.

    One ``dpkg-query -W`` (milliseconds; ``dpkg-query -S`` on the mode files takes
    ~0.2 s); nothing when dpkg is absent or the pair was built by hand.
    """
    if not modes or shutil.which("dpkg-query") is None:
        return {}
    candidates = {}
    for mode in modes:
        first, second = (code.partition("_")[0] for code in _MODE_NAME.match(mode).groups())
        candidates[mode] = (f"apertium-{first}-{second}", f"apertium-{second}-{first}")
    listing = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Version}\t${Status}\n", *sorted(set().union(*candidates.values()))],
        capture_output=True,
        text=True,
    ).stdout
    installed = {}
    for line in listing.splitlines():
        package, version, status = line.split("\t")
        if status.endswith(" installed"):
            installed[package] = version
    found = {}
    for mode, names in candidates.items():
        package = next((name for name in names if name in installed), None)
        if package is not None:
            found[mode] = (package, installed[package])
    return found


# --- protecting a segment -------------------------------------------------------

# Everything that is not plain text, leftmost match first; atoms are copied verbatim.
_MARKUP = re.compile(
    r"""
      (?P<tag></?\d+/?>)
    | (?P<atom>
          (?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?)\]'"”’]        # URL
        | www\.[^\s<>]*[^\s<>.,;:!?)\]'"”’]
        | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                          # e-mail address
        | (?<![\w@])@\w+(?:[.-]\w+)*(?:@[\w-]+(?:\.[\w-]+)+)?   # @handle, @user@host
          (?:/[\w.-]*\w)?                                       # @scope/package
        | (?<!\w)[A-Za-z]:\\(?:[^\s<>"|?*]*[^\s<>"|?*.,;:!)'])? # C:\path
        | \\\\[\w.$-]+(?:\\[^\s<>"|?*\\]*[^\s<>"|?*\\.,;:!)'])+ # \\server\share
        | (?<![\w/.:~])(?:~|\.{1,2})?/(?:[\w.@+-]+/)*[\w.@+-]*\w/?  # /usr/bin, ~/x
        | (?<![\w&\#])\#\w+                                     # #hashtag
        | \b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b            # snake_case identifier
        | &\#?\w+;                                              # HTML entity
        | \\[!-/:-@\[-`{-~]                                     # backslash escape
        | ~                                                     # Apertium's own marker
      )
    | (?P<emphasis>\*+|_+)
    """,
    re.VERBOSE,
)
_STREAM_SPECIAL = re.compile(r"([\\\[\]^$/@<>{}])")
_SENTINEL = "ZQX"  # + atom number: a word no dictionary has, so Apertium copies it
_ATOM_REF = re.compile("\ue000(\\d+)\ue001")  # where an atom sits in decoded output
_END = re.compile(r"e(\d+)")  # content of the superblank closing each segment


@dataclass(frozen=True)
class _Mark:
    """A span whose text is translated and whose delimiters are put back around it."""

    opener: str
    closer: str
    space_before: bool  # the source had a space there, which Apertium sometimes drops
    space_after: bool


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "atom", "open", "close", "emphasis"
    text: str
    start: int
    end: int


class Segment:
    """One msgid split into text, marks (translated spans) and atoms (verbatim pieces), with its Apertium stream."""

    def __init__(self, source: str) -> None:
        self.source = source
        core = source.strip()
        self.lead = source[: len(source) - len(source.lstrip())]
        self.trail = source[len(source.rstrip()) :] if core else ""
        self.sentinel = _SENTINEL
        while self.sentinel.casefold() in source.casefold():
            self.sentinel += "Q"
        self.marks: list[_Mark] = []
        self.atoms: list[str] = []
        self.glued: list[bool] = []  # atom touches a letter or digit: no room for a sentinel word
        # ("text", str) | ("atom", atom index) | ("open", mark index) | ("close", mark index)
        self.items: list[tuple[str, str | int]] = []
        self._build(core, _tokenize(core))
        self.starts_lower = self._starts_lower()
        self.translatable = any(kind == "text" and _has_letters(value) for kind, value in self.items)
        self.stream = self._encode() if self.translatable else ""

    def _build(self, text: str, tokens: list[_Token]) -> None:
        pairs = _pair(text, tokens)
        closing: dict[int, int] = {}
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i in pairs:
                end = pairs[i]
                inner = tokens[i + 1 : end]
                if not any(t.kind == "text" and _has_letters(t.text) for t in inner):
                    # Nothing to translate inside: keep the whole span as one atom.
                    self._atom(text, token.start, tokens[end].end)
                    i = end + 1
                    continue
                closing[end] = len(self.marks)
                self.items.append(("open", len(self.marks)))
                after = tokens[end].end
                self.marks.append(
                    _Mark(
                        token.text,
                        tokens[end].text,
                        text[token.start - 1 : token.start].isspace(),
                        text[after : after + 1].isspace(),
                    )
                )
            elif i in closing:
                self.items.append(("close", closing[i]))
            elif token.kind == "text":
                self.items.append(("text", token.text))
            else:
                self._atom(text, token.start, token.end)
            i += 1

    def _starts_lower(self) -> bool:
        """Whether the first word is plain lower-case text (Apertium capitalises whatever comes first)."""
        for kind, value in self.items:
            text = value if kind == "text" else self.atoms[value] if kind == "atom" else ""
            letters = [ch for ch in text if ch.isalpha()]
            if letters:
                return kind == "text" and letters[0].islower()
        return False

    def _atom(self, text: str, start: int, end: int) -> None:
        self.items.append(("atom", len(self.atoms)))
        self.atoms.append(text[start:end])
        self.glued.append(_is_word_char(text, start - 1) or _is_word_char(text, end))

    def _encode(self) -> str:
        """The segment in Apertium's stream format, marks as word-bound blanks."""
        runs: list[tuple[tuple[int, ...], str]] = []
        active: list[int] = []
        for kind, value in self.items:
            if kind == "open":
                active.append(value)
                continue
            if kind == "close":
                active.remove(value)
                continue
            if kind == "text":
                piece = _escape(value)
            else:
                piece = f"[a{value}]" if self.glued[value] else f"{self.sentinel}{value}"
            key = tuple(active)
            if runs and runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1] + piece)
            else:
                runs.append((key, piece))
        out = []
        for key, piece in runs:
            body = piece.strip()
            if key and body:
                lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
                out.append(f"{lead}[[{';'.join(map(str, key))}]]{body}[[/]]{trail}")
            else:
                out.append(piece)
        return "".join(out)

    def restore(self, tokens: list[tuple[str, str]]) -> str | None:
        """The translation with marks and atoms put back, or None if its markup cannot be trusted."""
        try:
            chunks = _chunks(tokens, self.sentinel)
        except ValueError:
            return None
        text = _rebuild(chunks, self.marks)
        if text is None:
            return None
        if self.starts_lower:
            text = _lower_initial(text)
        used: Counter[int] = Counter()

        def atom(m: re.Match) -> str:
            used[int(m.group(1))] += 1
            return self.atoms[int(m.group(1))] if int(m.group(1)) < len(self.atoms) else ""

        text = _ATOM_REF.sub(atom, text).strip()
        if not text or used != Counter(range(len(self.atoms))):
            return None
        result = self.lead + self._tidy(text) + self.trail
        # Malformed source markup travels as atoms and may keep its own problems, no others.
        return None if markup_problems(self.source, result) != markup_problems(self.source, self.source) else result

    def _tidy(self, text: str) -> str:
        """Undo two Apertium habits the source does not share: doubled spaces and ’ turned into '."""
        if "  " not in self.source:
            text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
        if "’" in self.source and "'" not in self.source:
            text = text.replace("'", "’")
        return text

    def pieces(self) -> list[tuple[str, bool]]:
        """The segment as (text, translate?) pieces split at its markup, for the fallback."""
        out: list[tuple[str, bool]] = []
        for kind, value in self.items:
            if kind == "text":
                out.append((value, _has_letters(value)))
            elif kind == "atom":
                out.append((self.atoms[value], False))
            else:
                mark = self.marks[value]
                out.append((mark.opener if kind == "open" else mark.closer, False))
        return out


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            tokens.append(_Token("text", text[pos : m.start()], pos, m.start()))
        kind = m.lastgroup
        if kind == "tag":
            tag = m.group()
            closing, empty = tag.startswith("</"), tag.endswith("/>")
            kind = "atom" if empty else "close" if closing else "open"
        tokens.append(_Token(kind, m.group(), m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        tokens.append(_Token("text", text[pos:], pos, len(text)))
    return tokens


def _pair(text: str, tokens: list[_Token]) -> dict[int, int]:
    """Opening token index → closing token index, for tags and emphasis that nest properly.

    Emphasis pairs only within the innermost open tag; anything left unpaired
    is kept as an atom, so even malformed source markup comes back unchanged.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "open":
            stack.append(i)
        elif token.kind == "close":
            for depth in range(len(stack) - 1, -1, -1):
                if tokens[stack[depth]].kind == "open" and tokens[stack[depth]].text == token.text.replace("/", ""):
                    pairs[stack[depth]] = i
                    del stack[depth:]
                    break
        elif token.kind == "emphasis":
            before = text[token.start - 1] if token.start else " "
            after = text[token.end] if token.end < len(text) else " "
            underscore = token.text[0] == "_"
            can_open = not after.isspace() and not (underscore and before.isalnum())
            can_close = not before.isspace() and not (underscore and after.isalnum())
            opener = None
            if can_close:
                for depth in range(len(stack) - 1, -1, -1):
                    if tokens[stack[depth]].kind == "open":
                        break
                    if tokens[stack[depth]].text == token.text:
                        opener = depth
                        break
            if opener is not None:
                pairs[stack[opener]] = i
                del stack[opener:]
            elif can_open:
                stack.append(i)
    return pairs


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _escape(text: str) -> str:
    return _STREAM_SPECIAL.sub(r"\\\1", text.replace("\0", ""))


# --- reading Apertium's output ----------------------------------------------------

_STREAM = re.compile(
    r"\[\[(?P<wblank>(?:[^\]\\]|\\.)*)\]\]"  # word-bound blank
    r"|\[(?P<superblank>(?:[^\]\\]|\\.)*)\]"
    r"|\\(?P<escaped>.)"
    r"|(?P<text>[^\[\\]+)",
    re.DOTALL,
)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _stream_tokens(raw: str) -> list[tuple[str, str]]:
    """Apertium stream output as ("wblank" | "superblank" | "text", unescaped value) tokens."""
    tokens = []
    for m in _STREAM.finditer(raw):
        kind, value = m.lastgroup, m.group(m.lastgroup)
        if kind in ("wblank", "superblank"):
            tokens.append((kind, _UNESCAPE.sub(r"\1", value)))
        else:
            tokens.append(("text", value))
    return tokens


def split_records(raw: str, count: int) -> list[list[tuple[str, str]]] | None:
    """Tokens of each of ``count`` segments, or None unless every end marker came back once, in order."""
    records: list[list[tuple[str, str]]] = [[]]
    for kind, value in _stream_tokens(raw.replace("\0", "")):
        end = _END.fullmatch(value) if kind == "superblank" else None
        if end is None:
            records[-1].append((kind, value))
        elif int(end.group(1)) == len(records) - 1:
            records.append([])
        else:
            return None
    tail = records.pop()
    if len(records) != count or any(value.strip() for _, value in tail):
        return None
    return records


def _chunks(tokens: list[tuple[str, str]], sentinel: str) -> list[tuple[str, frozenset[int]]]:
    """Decoded text runs with the marks of the words they belong to (ValueError on a foreign wblank)."""
    sentinel_word = re.compile(rf"[*@#]?{sentinel}(\d+)")  # with any unknown-word mark
    chunks: list[tuple[str, frozenset[int]]] = []
    marks: frozenset[int] = frozenset()
    for kind, value in tokens:
        if kind == "wblank":
            marks = frozenset() if value == "/" else frozenset(int(v) for v in value.split(";"))
            continue
        if kind == "superblank":
            ref = re.fullmatch(r"a(\d+)", value)
            text = f"\ue000{ref.group(1)}\ue001" if ref else value
        else:
            text = sentinel_word.sub("\ue000\\1\ue001", value)
        if chunks and chunks[-1][1] == marks:
            chunks[-1] = (chunks[-1][0] + text, marks)
        else:
            chunks.append((text, marks))
    return chunks


def _rebuild(chunks: list[tuple[str, frozenset[int]]], marks: list[_Mark]) -> str | None:
    """Text with each mark once around all its words (merging a span the transfer split), or None.

    A mark covers everything from its first to its last word, so "Ferrocarril
    de Arco iris" stays one link; marks that then overlap cannot be nested and
    give None.
    """
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (_, present) in enumerate(chunks):
        for m in present:
            first.setdefault(m, i)
            last[m] = i
    if sorted(first) != list(range(len(marks))):
        return None
    order = sorted(first, key=lambda m: (first[m], -last[m], m))
    stack: list[int] = []
    for m in order:
        while stack and last[stack[-1]] < first[m]:
            stack.pop()
        if stack and last[m] > last[stack[-1]]:
            return None
        stack.append(m)
    out: list[str] = []
    for i, (text, _) in enumerate(chunks):
        opening = [m for m in order if first[m] == i]
        closing = [m for m in reversed(order) if last[m] == i]
        if not opening and not closing:
            out.append(text)
            continue
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())] if core else text
        trail = text[len(text.rstrip()) :] if core else ""
        following = chunks[i + 1][0] if i + 1 < len(chunks) else ""
        if opening and not lead and marks[opening[0]].space_before and out and out[-1][-1:].isalnum():
            lead = " "
        if closing and not trail and marks[closing[-1]].space_after and following[:1].isalnum():
            trail = " "
        opens = "".join(marks[m].opener for m in opening)
        closes = "".join(marks[m].closer for m in closing)
        out.append(lead + opens + core + closes + trail)
    return "".join(out)


def _lower_initial(text: str) -> str:
    """Lower-case the first letter unless an atom comes first or it starts an acronym."""
    for i, ch in enumerate(text):
        if ch == "\ue000":
            break
        if ch.isalpha():
            if ch.isupper() and not text[i + 1 : i + 2].isupper():
                return text[:i] + ch.lower() + text[i + 1 :]
            break
    return text


# --- the engine -----------------------------------------------------------------------


def _install_hint(source: str, target: str) -> str:
    return f"sudo apt-get install apertium apertium-{iso639_3(source)}-{iso639_3(target)}"


class ApertiumEngine:
    """Translates with the ``apertium`` command and a Debian pair package (``apertium-eng-spa``)."""

    name = "apertium"

    MARKUP_MODES = ("wordbound", "html")

    def __init__(self, mark_unknown: bool = False, markup: str = "wordbound") -> None:
        if markup not in self.MARKUP_MODES:
            raise EngineError(f"[engine.apertium] markup must be one of {', '.join(self.MARKUP_MODES)}, not {markup!r}")
        self.mark_unknown = mark_unknown
        self.markup = markup  # "html": placeholders as HTML through -f html (see apertium_html), measured worse
        self.fallbacks = 0
        self._modes: list[dict] | None = None

    def installed_modes(self) -> list[dict]:
        """:func:`installed_modes`, asked once per engine: it runs apertium and dpkg-query."""
        if self._modes is None:
            self._modes = installed_modes()
        return self._modes

    def identity(self, source: str, target: str) -> str:
        mode = self._mode(source, target)
        identity = f"apertium:{mode['mode']}:{mode['version'] or 'unpackaged'}"
        identity += ":html" if self.markup == "html" else ""
        return identity + ":marked" if self.mark_unknown else identity

    def check_pair(self, source: str, target: str) -> None:
        self._mode(source, target)

    def translate_batch(self, segments: list[str], source: str, target: str) -> list[str]:
        mode = self._mode(source, target)["mode"]
        if self.markup == "html":
            from presslate.engines import apertium_html

            results = apertium_html.translate(mode, segments)
            failed = [i for i, result in enumerate(results) if result is None]
            self.fallbacks += len(failed)
            for i, result in zip(failed, self._wordbound(mode, [segments[i] for i in failed])):
                results[i] = result
            return results
        return self._wordbound(mode, segments)

    def _wordbound(self, mode: str, segments: list[str]) -> list[str]:
        plans = [Segment(text) for text in segments]
        results = self._translate(mode, plans)
        failed = [i for i, result in enumerate(results) if result is None]
        if failed:
            self.fallbacks += len(failed)
            for i, result in zip(failed, self._piecewise(mode, [plans[i] for i in failed])):
                results[i] = result
        return results

    def _mode(self, source: str, target: str) -> dict:
        if shutil.which("apertium") is None:
            raise EngineError(f"Apertium is not installed; install it with: {_install_hint(source, target)}")
        mode = find_mode(self.installed_modes(), source, target)
        if mode is None:
            installed = ", ".join(m["mode"] for m in self.installed_modes()) or "none"
            raise EngineError(
                f"no Apertium mode translates {source} to {target} (installed: {installed}); "
                f"install the pair with: {_install_hint(source, target)} "
                f"(Debian ships both directions in one package, named in either order; "
                f"`apt-cache search apertium-` lists them)"
            )
        return mode

    def _translate(self, mode: str, plans: list[Segment]) -> list[str | None]:
        """Each plan's translation, its source when it has nothing to translate, None when it failed."""
        records = iter(self._run(mode, [plan.stream for plan in plans if plan.translatable]))
        results: list[str | None] = []
        for plan in plans:
            if not plan.translatable:
                results.append(plan.source)
                continue
            tokens = next(records)
            results.append(None if tokens is None else plan.restore(tokens))
        return results

    def _piecewise(self, mode: str, plans: list[Segment]) -> list[str]:
        """Translate the text between each segment's markup separately; the markup stays in source order.

        A piece Apertium cannot translate alone (a lone "will" comes back empty) stays as it was.
        """
        layouts = [plan.pieces() for plan in plans]
        texts = [text for layout in layouts for text, translate in layout if translate]
        translated = iter(self._translate(mode, [Segment(text) for text in texts]))
        results = []
        for layout in layouts:
            out = []
            for text, translate in layout:
                piece = next(translated) if translate else None
                out.append(text if piece is None else piece)
            results.append("".join(out))
        return results

    def _run(self, mode: str, streams: list[str]) -> list[list[tuple[str, str]] | None]:
        """One apertium process for all streams; halves the batch while the output is misaligned."""
        if not streams:
            return []
        command = ["apertium", "-z", "-f", "none", *([] if self.mark_unknown else ["-u"]), mode]
        payload = "".join(f"{stream}[e{i}]\0" for i, stream in enumerate(streams))
        proc = subprocess.run(command, input=payload.encode("utf-8"), capture_output=True)
        if proc.returncode != 0:
            raise EngineError(f"apertium {mode} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
        records = split_records(proc.stdout.decode("utf-8", "replace"), len(streams))
        if records is not None:
            return records
        if len(streams) == 1:
            return [None]
        half = len(streams) // 2
        return self._run(mode, streams[:half]) + self._run(mode, streams[half:])
