"""Identity round trip over shared/ Markdown: extract, msgstr := msgid, render ⇒ same bytes.

Also renders a pseudo-translation and checks that it parses to the same block
structure (block types, links, images, code in the same places).
"""

from __future__ import annotations

import sys
from pathlib import Path

from presslate.engines.pseudo import PseudoEngine
from presslate.formats import decode, markdown, parse_text
from presslate.formats.markdown import Options

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT.parent / "shared/corpus/conformance/markdown", ROOT.parent / "shared/corpus/dev/markdown"]


def check(path: Path, options: Options) -> tuple[bool, bool, int]:
    data = path.read_bytes()
    text = decode(data, str(path))
    doc = parse_text(text, str(path), options)
    identical = doc.render(lambda seg: seg.text).encode("utf-8") == data
    engine = PseudoEngine()
    segments = list(doc.segments())
    pseudo = dict(zip(map(id, segments), engine.translate_batch([s.text for s in segments], "en", "xx")))
    rendered = doc.render(lambda seg: pseudo[id(seg)])
    same_structure = markdown.outline(rendered) == markdown.outline(text)
    return identical, same_structure, len(segments)


def main() -> int:
    files = [p for corpus in CORPORA if corpus.is_dir() for p in sorted(corpus.rglob("*.md"))]
    if not files:
        print("shared/ corpus not found beside the project; nothing to check")
        return 0
    options = Options(segmentation=sys.argv[1] if len(sys.argv) > 1 else "sentence")
    ok = same = total_segments = 0
    for path in files:
        try:
            identical, structural, n = check(path, options)
        except Exception as exc:  # report every file, keep going
            print(f"ERROR {path.relative_to(ROOT.parent)}: {exc}")
            continue
        ok += identical
        same += structural
        total_segments += n
        if not identical:
            print(f"DIFF  {path.relative_to(ROOT.parent)}")
        if not structural:
            print(f"STRUCTURE {path.relative_to(ROOT.parent)}")
    print(f"{ok}/{len(files)} byte-identical; {same}/{len(files)} same structure after pseudo-translation; {total_segments} segments")
    return 0 if ok == len(files) and same == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
