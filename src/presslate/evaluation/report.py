"""The evaluation table: pipeline and raw engine side by side, one row per pair plus the total."""

from __future__ import annotations

from presslate.evaluation import EvalResult, Scores


def _pct(scores: Scores, category: str) -> str:
    value = scores.percent(category)
    return "-" if value is None else f"{value:.0f}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


HEADER = (
    f"{'pair':<34}{'blocks':>8}{'chrF':>7}{'raw':>7}{'÷raw':>6}{'BLEU':>7}{'raw':>7}"
    f"{'links%':>8}{'raw':>5}{'code%':>7}{'raw':>5}{'emph%':>7}{'raw':>5}{'like-ref%':>11}{'raw':>5}"
    f"{'linkchrF':>10}{'raw':>6}{'repaired':>10}{'source':>8}"
)


def row(name: str, blocks: str, p: Scores, r: Scores, ratio: float | None, repaired: str, fell_back: str) -> str:
    return (
        f"{name[:33]:<34}{blocks:>8}{p.chrf:>7.1f}{r.chrf:>7.1f}{_ratio(ratio):>6}{p.bleu:>7.1f}{r.bleu:>7.1f}"
        f"{_pct(p, 'link'):>8}{_pct(r, 'link'):>5}{_pct(p, 'code'):>7}{_pct(r, 'code'):>5}"
        f"{_pct(p, 'emphasis'):>7}{_pct(r, 'emphasis'):>5}{p.percent_like_reference:>11.0f}{r.percent_like_reference:>5.0f}"
        f"{_num(p.link_text_chrf):>10}{_num(r.link_text_chrf):>6}{repaired:>10}{fell_back:>8}"
    )


def rows(result: EvalResult, prefix: str = "") -> list[str]:
    lines = []
    for p in result.pairs:
        blocks = f"{p.aligned}/{p.source_blocks}"
        lines.append(row(prefix + p.name, blocks, p.pipeline, p.raw, p.ratio, str(p.repaired), str(p.fell_back)))
    if len(result.pairs) > 1:
        aligned = sum(p.aligned for p in result.pairs)
        total_blocks = sum(p.source_blocks for p in result.pairs)
        lines.append(row(prefix + "total (corpus-level)", f"{aligned}/{total_blocks}", result.total, result.total_raw,
                         result.ratio, str(sum(p.repaired for p in result.pairs)), str(sum(p.fell_back for p in result.pairs))))
    return lines


def table(result: EvalResult, title: str | None = None) -> str:
    settings = f" with {' '.join(result.overrides)}" if result.overrides else ""
    heading = title or f"engine {result.engine}{settings}: presslate pipeline vs raw engine, against the human reference"
    return "\n".join([heading, HEADER, *rows(result)])


def details(result: EvalResult) -> str:
    """Unmatched blocks and refusals, for the reader who wonders why a number is low."""
    lines = []
    for p in result.pairs:
        for what, items in (("source block without a reference block", p.unmatched_source),
                            ("reference block without a source block", p.unmatched_reference),
                            ("refused at build", p.refusals)):
            for item in items:
                lines.append(f"{p.name}: {what}: {item}")
        if p.lost_in_build:
            lines.append(f"{p.name}: {p.lost_in_build} source blocks are not in the built article")
    return "\n".join(lines)


LEGEND = (
    "blocks: aligned with the reference / in the source; chrF, BLEU: sacrebleu corpus scores of the block words "
    "(markup removed); links%, code%: source links (same target) and code/kept pieces found in the output block; "
    "emph%: emphasis delimiters kept; like-ref%: blocks with as many links, code pieces and emphasis as the "
    "reference block; linkchrF: chrF of the words inside each link against the same link in the reference "
    "(does the link wrap the right words?); repaired: segments whose markup the engine put back piece by piece; source: segments left "
    "in the source language"
)
