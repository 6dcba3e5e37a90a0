"""Extract and render time of a 1,000-paragraph HTML article and a 1,000-paragraph Markdown article.

* extract: parse the article and build its template (POT), as ``translate`` does;
* render: parse the article and a PO file where every entry is translated
  (pseudo-localized, reviewed), then render it with every check ``build``
  makes (placeholders, emphasis, markup safety), as ``build`` does.

The articles are generated (links, emphasis, inline code, entities, headings
and lists), so the bench needs nothing outside the repository.  ``run.py``'s
formats section runs the same articles through the CLI beside po4a and
translate-toolkit.

    python bench/bench_formats.py [--json PATH] [--repeats N] [--paragraphs N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from presslate.catalog import merge  # noqa: E402
from presslate.catalog.pofile import PoFile  # noqa: E402
from presslate.engines.pseudo import PseudoEngine  # noqa: E402
from presslate.formats import Options, parse_text  # noqa: E402
from presslate.workflow.articles import Article  # noqa: E402
from presslate.workflow.build import localize  # noqa: E402

SENTENCES = [
    "The city council met on {day} to discuss the {thing} near the {place}, at kilometre {n}.",
    "Officials said the {thing} would reopen after repairs costing {n} thousand, and residents {reaction}.",
    "More details are in the {link} published by the {place} authority on page {n}.",
    "Dr. Lee, who leads the {thing} project number {n}, called it {emphasis} for the region.",
    "Run {code} to update the local copy of the {thing} data ({n} files).",
]
WORDS = {
    "day": ["Monday", "Tuesday", "Friday"],
    "thing": ["bridge", "library", "market", "station"],
    "place": ["river", "old town", "harbour"],
    "reaction": ["welcomed the news", "asked for more buses", "were not convinced"],
}


def _fill(template: str, n: int, markup: dict[str, str]) -> str:
    values = {key: words[n % len(words)] for key, words in WORDS.items()}
    return template.format(n=n, **values, **{key: value.format(n=n) for key, value in markup.items()})


@dataclass(frozen=True)
class Style:
    """How one format writes the generated article."""

    head: str
    heading: str
    paragraph: str
    bullets: str  # a list of two items
    tail: str
    markup: dict[str, str]


HTML = Style(
    head='<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Council &amp; city</title>\n</head>\n<body>\n',
    heading='<h2 id="s{n}">{text}</h2>\n',
    paragraph="<p>{text}</p>\n",
    bullets="<ul>\n<li>{text}</li>\n<li>Item {n}&nbsp;&mdash; see the map.</li>\n</ul>\n",
    tail="</body>\n</html>\n",
    markup={
        "link": '<a href="https://example.org/report/{n}">full report</a>',
        "emphasis": "<em>&ldquo;essential&rdquo;</em>",
        "code": "<code>make update-{n}</code>",
    },
)
MARKDOWN = Style(
    head="---\ntitle: Council and city\n---\n\n",
    heading="## {text}\n\n",
    paragraph="{text}\n\n",
    bullets="- {text}\n- Item {n} — see the map.\n\n",
    tail="",
    markup={
        "link": "[full report](https://example.org/report/{n})",
        "emphasis": "*“essential”*",
        "code": "`make update-{n}`",
    },
)


def article(style: Style, paragraphs: int) -> str:
    """Three sentences a paragraph, a heading every 20 paragraphs, a list every 50."""
    out = [style.head]
    for n in range(paragraphs):
        if n % 20 == 0:
            out.append(style.heading.format(n=n, text=f"Section {n // 20 + 1}: the {WORDS['thing'][n % 4]}"))
        text = " ".join(_fill(SENTENCES[(n + k) % len(SENTENCES)], n, style.markup) for k in range(3))
        out.append((style.bullets if n % 50 == 25 else style.paragraph).format(n=n, text=text))
    out.append(style.tail)
    return "".join(out)


def _best(repeats: int, run) -> tuple[float, float]:
    """Fastest wall-clock and CPU seconds of ``repeats`` runs (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return round(min(wall), 4), round(min(cpu), 4)


def measure(text: str, path: str, repeats: int) -> dict:
    options = Options()

    def extract():
        return merge.build_template(parse_text(text, path, options), path, "bench")

    po = extract()
    translations = PseudoEngine().translate_batch([e.msgid for e in po.entries], "en", "es")
    for entry, translation in zip(po.entries, translations):
        entry.msgstr = translation
    po_bytes = po.serialize()

    def render():
        article = Article(Path(path), "bench", path, parse_text(text, path, options))
        result = localize(article, PoFile.parse(po_bytes, "bench.po"), "es", "bench.po", include_fuzzy=False)
        assert not result.refusals, result.refusals[:3]
        return result

    (extract_s, extract_cpu_s), (render_s, render_cpu_s) = _best(repeats, extract), _best(repeats, render)
    return {
        "extract_s": extract_s,
        "render_s": render_s,
        "extract_cpu_s": extract_cpu_s,
        "render_cpu_s": render_cpu_s,
        "entries": len(po.entries),
        "bytes": len(text.encode("utf-8")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per measurement (the fastest is kept)")
    parser.add_argument("--paragraphs", type=int, default=1000)
    args = parser.parse_args()
    results = {
        "paragraphs": args.paragraphs,
        "html": measure(article(HTML, args.paragraphs), "bench.html", args.repeats),
        "markdown": measure(article(MARKDOWN, args.paragraphs), "bench.md", args.repeats),
    }
    for fmt in ("html", "markdown"):
        r = results[fmt]
        print(f"{fmt:<9} extract {r['extract_s']:.3f} s (CPU {r['extract_cpu_s']:.3f} s)  "
              f"render {r['render_s']:.3f} s (CPU {r['render_cpu_s']:.3f} s)  "
              f"({args.paragraphs} paragraphs, {r['bytes'] // 1024} KiB, {r['entries']} entries)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
