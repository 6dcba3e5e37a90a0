"""Identity round trip over shared/ HTML: extract, msgstr := msgid, render ⇒ same bytes.

Also renders a pseudo-translation and checks, with the standard library's
HTML parser (not presslate's tokenizer), that the output has the same
elements and attributes in the same order; only the values of translatable
attributes and of ``<html lang/dir>`` may differ.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from presslate.engines.pseudo import PseudoEngine
from presslate.formats import decode, parse_text
from presslate.formats.markdown import Options

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared/corpus/dev/html"
TRANSLATED_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "content"}


class _Structure(HTMLParser):
    """Start tags, end tags, comments and declarations with their attribute names and fixed values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        if tag != "html":  # its lang/dir are the target language's; it may even be added
            self.events.append(("start", tag, [(k, None if k in TRANSLATED_ATTRIBUTES else v) for k, v in attrs]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def structure(text: str) -> list[tuple]:
    parser = _Structure()
    parser.feed(text)
    parser.close()
    return parser.events


def pseudo_render(doc) -> str:
    segments = list(doc.segments())
    translated = PseudoEngine().translate_batch([s.text for s in segments], "en", "xx")
    by_id = {id(s): t for s, t in zip(segments, translated)}
    return doc.render(lambda seg: by_id[id(seg)], language="es")


@dataclass
class Result:
    identical: bool
    same_structure: bool
    segments: int


def check(path: Path, options: Options) -> Result:
    data = path.read_bytes()
    text = decode(data, str(path))
    doc = parse_text(text, str(path), options)
    identical = doc.render(lambda seg: seg.text).encode("utf-8") == data
    same_structure = structure(pseudo_render(doc)) == structure(text)
    return Result(identical, same_structure, sum(1 for _ in doc.segments()))


def _checked(path: Path, options: Options) -> Result | None:
    """:func:`check`, saying what is wrong with this file; None if it could not be read."""
    name = path.relative_to(ROOT.parent)
    try:
        result = check(path, options)
    except Exception as exc:  # report every file, keep going
        print(f"ERROR {name}: {exc!r}")
        return None
    if not result.identical:
        print(f"DIFF  {name}")
    if not result.same_structure:
        print(f"STRUCTURE {name}")
    return result


def main() -> int:
    files = sorted(CORPUS.rglob("*.html")) if CORPUS.is_dir() else []
    if not files:
        print(f"{CORPUS} not found beside the project; nothing to check")
        return 0
    options = Options(segmentation=sys.argv[1] if len(sys.argv) > 1 else "sentence")
    results = [r for r in (_checked(path, options) for path in files) if r is not None]
    identical = sum(r.identical for r in results)
    same = sum(r.same_structure for r in results)
    segments = sum(r.segments for r in results)
    print(f"{identical}/{len(files)} byte-identical; {same}/{len(files)} same structure after pseudo-translation; {segments} segments")
    return 0 if identical == same == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
