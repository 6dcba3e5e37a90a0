"""Generated newsroom projects for the benchmarks: N Markdown articles of about 17 segments.

Each article has front matter (title, description), a headline, five
paragraphs of two or three sentences with links, emphasis and inline code, a
subheading and a three-item list.  Article ``n`` is generated from its own
seed, so any size is quick to write and the same on every run.  Sentences are
unique across the project (every one names a few numbers), unless
``distinct`` limits them to a pool: then articles reuse pool sentences, which
keeps machine translation short for slow engines while every article is
still extracted, merged, written and built.

    python bench/gen_project.py DIR --articles 1000 [--targets es fr] [--engine pseudo] [--distinct K]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SUBJECTS = ["The city council", "The river authority", "Local teachers", "The regional hospital", "Bus drivers",
            "The harbour board", "Residents of the old town", "The university", "Farmers in the valley",
            "The fire brigade", "Shop owners on Main Street", "The library service"]
VERBS = ["approved", "rejected", "delayed", "announced", "criticised", "welcomed", "reviewed", "postponed",
         "questioned", "defended"]
OBJECTS = ["a plan for {n} new homes", "the budget of {n} million", "a bridge repair costing {n} thousand",
           "a pilot with {n} electric buses", "the closure of {n} schools", "a study covering {n} streets",
           "a grant of {n} thousand for repairs", "longer opening hours at {n} sites"]
TAILS = ["on Monday", "after a long debate", "despite protests", "by a vote of {a} to {b}", "late on Friday",
         "for the second time this year", "in a short statement", "at the meeting on {a} March"]
QUOTES = ["\"We expect the first results within {a} weeks,\" a spokesperson said.",
          "Officials said {n} people had signed the petition.",
          "The decision affects about {n} households, according to the *latest* figures.",
          "More details are in the [full report](https://example.org/reports/{n}) published today.",
          "Residents can comment online until {a} April.",
          "Dr. Lee, who leads project {n}, called it **essential** for the region.",
          "Run `update-{n}` to refresh the local copy of the data."]
TOPICS = ["flood defences", "the new tram line", "school meals", "the harbour", "housing", "night buses",
          "the market square", "bike lanes", "the museum", "water prices"]


class Writer:
    """Sentences for one article: fresh ones, or drawn from a shared pool."""

    def __init__(self, rng: random.Random, pool: list[str] | None = None):
        self.rng = rng
        self.pool = pool

    def sentence(self) -> str:
        if self.pool:
            return self.rng.choice(self.pool)
        return fresh_sentence(self.rng)

    def headline(self) -> str:
        if self.pool:
            return self.rng.choice(self.pool).rstrip(".")
        return f"{self.rng.choice(TOPICS).capitalize()}: {self.rng.randint(10, 99999)} questions answered"


def fresh_sentence(rng: random.Random) -> str:
    """A news-like sentence; the numbers make it practically unique."""
    numbers = {"n": rng.randint(10, 99999), "a": rng.randint(2, 28), "b": rng.randint(2, 28)}
    if rng.random() < 0.35:
        return rng.choice(QUOTES).format(**numbers)
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    return " ".join(parts).format(**numbers) + "."


def article_text(n: int, seed: int = 0, pool: list[str] | None = None) -> str:
    """The Markdown of article ``n``."""
    w = Writer(random.Random(f"{seed}:{n}"), pool)
    out = [
        "---",
        f"title: {yaml_string(w.headline())}",
        f"description: {yaml_string(w.sentence())}",
        f"date: 2026-{1 + n % 12:02}-{1 + n % 28:02}",
        "author: Newsroom",
        "---",
        "",
        f"# {w.headline()}",
        "",
    ]
    for p in range(5):
        out += [" ".join(w.sentence() for _ in range(2 + (p + n) % 2)), ""]
        if p == 2:
            out += [f"## {w.headline()}", ""]
            out += [f"- {w.sentence()}" for _ in range(3)] + [""]
    return "\n".join(out)


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence_pool(size: int, seed: int = 0) -> list[str]:
    rng = random.Random(f"{seed}:pool")
    return list(dict.fromkeys(fresh_sentence(rng) for _ in range(size)))


def config_text(targets: list[str], engine: str, patterns: list[str]) -> str:
    """A presslate.toml for a benchmark project."""
    return (
        "[project]\n"
        'source = "en"\n'
        f"targets = [{', '.join(repr(t) for t in targets)}]\n"
        f"articles = [{', '.join(repr(p) for p in patterns)}]\n"
        'articles_root = "articles"\n'
        "\n[engine]\n"
        f'name = "{engine}"\n'
    )


def article_path(root: Path, n: int) -> Path:
    return root / "articles" / f"{n // 100:03}" / f"story-{n:05}.md"


def generate(root: Path, articles: int, targets: list[str], engine: str = "pseudo", distinct: int | None = None,
             seed: int = 0) -> Path:
    """Write a project with ``articles`` articles into ``root`` (a new or empty folder)."""
    pool = sentence_pool(distinct, seed) if distinct else None
    root.mkdir(parents=True, exist_ok=True)
    (root / "presslate.toml").write_text(config_text(targets, engine, ["articles/**/*.md"]), encoding="utf-8")
    for n in range(articles):
        path = article_path(root, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(n, seed, pool), encoding="utf-8")
    return root


def single_article_project(root: Path, name: str, text: str, targets: list[str], engine: str = "pseudo") -> Path:
    """A project with one article, ``articles/<name>``."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / name).write_text(text, encoding="utf-8")
    pattern = "articles/*" + Path(name).suffix
    (root / "presslate.toml").write_text(config_text(targets, engine, [pattern]), encoding="utf-8")
    return root


def edit_article(root: Path, n: int, stamp: int) -> None:
    """Add one new sentence to article ``n``: one new segment per language."""
    path = article_path(root, n)
    path.write_text(path.read_text(encoding="utf-8") + f"\nUpdate {stamp}: the vote on item {n} is expected soon.\n",
                    encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--targets", nargs="+", default=["es", "fr"])
    parser.add_argument("--engine", default="pseudo")
    parser.add_argument("--distinct", type=int, help="draw sentences from a pool of this many")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    generate(args.folder, args.articles, args.targets, args.engine, args.distinct, args.seed)
    print(f"wrote {args.articles} articles to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
