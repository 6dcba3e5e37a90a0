"""Translation quality you can measure: presslate's pipeline against the raw engine.

:func:`evaluate` runs one English article through the real pipeline
(:mod:`.pipeline`), sends the same blocks straight to the engine
(:mod:`.raw`), and scores both against a human reference translation,
aligned block by block from the document models (:mod:`.blocks`):
chrF and BLEU (sacrebleu), links / code / emphasis kept, how many blocks
carry the same markup as the reference, and the segments presslate
repaired or left in English.  :func:`evaluate_pairs` does the same over a
folder of ``en.*``/``es.*`` pairs.

sacrebleu is an optional dependency: ``pip install 'presslate[eval]'``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from presslate import formats
from presslate.config import normalize_language
from presslate.errors import ConfigError, InputError
from presslate.evaluation import pipeline
from presslate.evaluation.blocks import CATEGORIES, Block, align, parse_blocks, parse_fragment
from presslate.evaluation.raw import translate_raw
from presslate.evaluation.settings import apply_overrides, parse_override
from presslate.formats import Options
from presslate.inline import excerpt


def _sacrebleu():
    try:
        import sacrebleu
    except ImportError:
        raise ConfigError("presslate eval needs sacrebleu: pip install 'presslate[eval]'") from None
    return sacrebleu


@dataclass
class Scores:
    """Quality of one system's output over a set of aligned blocks."""

    chrf: float = 0.0
    bleu: float = 0.0
    chrf_spaces: float = 0.0  # chrF counting spaces too (sacrebleu whitespace=True): sees spacing fixes plain chrF cannot
    kept: dict[str, list[int]] = field(default_factory=dict)  # category -> [kept, in the source]
    like_reference: int = 0  # blocks whose markup (count per category) matches the reference block's
    blocks: int = 0
    link_text_chrf: float | None = None  # chrF of the words inside links vs the same links in the reference
    link_texts: int = 0  # links compared for link_text_chrf

    def percent(self, category: str) -> float | None:
        kept, total = self.kept.get(category, [0, 0])
        return 100.0 * kept / total if total else None

    @property
    def percent_like_reference(self) -> float:
        return 100.0 * self.like_reference / self.blocks if self.blocks else 100.0


@dataclass
class Triple:
    source: Block
    reference: Block
    pipeline: Block
    raw: Block


@dataclass
class PairResult:
    name: str
    source: str
    reference: str
    engine: str
    source_blocks: int
    reference_blocks: int
    aligned: int
    unmatched_source: list[str]  # "kind: excerpt" of source blocks without a reference block
    unmatched_reference: list[str]
    lost_in_build: int  # source blocks the built article no longer has
    pipeline: Scores
    raw: Scores
    entries: int
    machine_translated: int
    repaired: int
    fell_back: int
    refusals: list[str]
    triples: list[Triple] = field(default_factory=list, repr=False)
    memory: dict[str, int] = field(default_factory=dict)  # entries filled from the memory: exact, fuzzy, repaired
    archive: int = 0  # translation pairs aligned into its memory first (--memory)
    archive_pairs: list[str] = field(default_factory=list)  # the article pairs they came from

    @property
    def ratio(self) -> float | None:
        return self.pipeline.chrf / self.raw.chrf if self.raw.chrf else None


@dataclass
class EvalResult:
    engine: str
    overrides: list[str]
    pairs: list[PairResult]
    total: Scores
    total_raw: Scores

    @property
    def ratio(self) -> float | None:
        return self.total.chrf / self.total_raw.chrf if self.total_raw.chrf else None

    def goal_met(self) -> bool:
        """Pipeline chrF ≥ raw chrF on every pair, and every link and code span kept."""
        for scores in [p.pipeline for p in self.pairs] + [self.total]:
            for cat in ("link", "code"):
                kept, total = scores.kept.get(cat, [0, 0])
                if kept < total:
                    return False
        return all(p.pipeline.chrf >= p.raw.chrf for p in self.pairs)

    def to_dict(self) -> dict:
        def scores(s: Scores) -> dict:
            d = asdict(s)
            d["percent_kept"] = {cat: s.percent(cat) for cat in CATEGORIES}
            d["percent_like_reference"] = s.percent_like_reference
            return d

        pairs = []
        for p in self.pairs:
            d = {k: v for k, v in asdict(p).items() if k not in ("triples", "pipeline", "raw")}
            d.update(pipeline=scores(p.pipeline), raw=scores(p.raw), ratio=p.ratio)
            pairs.append(d)
        memory = {kind: sum(p.memory.get(kind, 0) for p in self.pairs) for kind in ("exact", "fuzzy", "repaired")}
        return {"engine": self.engine, "overrides": self.overrides, "pairs": pairs,
                "total": {"pipeline": scores(self.total), "raw": scores(self.total_raw), "ratio": self.ratio,
                          "memory": memory, "archive": sum(p.archive for p in self.pairs)},
                "goal_met": self.goal_met()}


def score(hypotheses: list[Block], references: list[Block], sources: list[Block]) -> Scores:
    sacrebleu = _sacrebleu()
    hyp = [h.text for h in hypotheses]
    ref = [r.text for r in references]
    result = Scores(blocks=len(hyp))
    if hyp:
        result.chrf = round(sacrebleu.corpus_chrf(hyp, [ref]).score, 2)
        result.bleu = round(sacrebleu.corpus_bleu(hyp, [ref]).score, 2)
        result.chrf_spaces = round(sacrebleu.metrics.CHRF(whitespace=True).corpus_score(hyp, [ref]).score, 2)
    for cat in CATEGORIES:
        kept = total = 0
        for h, s in zip(hypotheses, sources):
            for (c, what), n in s.markup.items():
                if c == cat:
                    total += n
                    kept += min(n, h.markup.get((c, what), 0))
        result.kept[cat] = [kept, total]
    result.like_reference = sum(1 for h, r in zip(hypotheses, references) if h.shape() == r.shape())
    # Does each link wrap the right words?  Links found (same target) in source, output and reference.
    link_hyp, link_ref = [], []
    for h, r, s in zip(hypotheses, references, sources):
        for what, words in s.wrapped.items():
            ours, theirs = h.wrapped.get(what, []), r.wrapped.get(what, [])
            for k in range(min(len(words), len(theirs))):
                link_hyp.append(ours[k] if k < len(ours) else "")
                link_ref.append(theirs[k])
    result.link_texts = len(link_hyp)
    if link_hyp:
        result.link_text_chrf = round(sacrebleu.corpus_chrf(link_hyp, [link_ref]).score, 2)
    return result


def _describe(block: Block) -> str:
    return f"{block.kind}: {excerpt(block.text or block.msgid, 50)}"


def evaluate(
    source: Path,
    reference: Path,
    engine: str | None = None,
    overrides: list[str] | None = None,
    *,
    project: Path | None = None,
    source_lang: str = "en",
    target: str = "es",
    name: str | None = None,
    memory: list[Path] | None = None,
    chronological: bool = False,
) -> EvalResult:
    """Score presslate's pipeline and the raw engine on one article against its human reference.

    ``overrides`` are ``SECTION.KEY=VALUE`` strings applied to the settings of
    the project in ``project`` (or to the defaults); ``engine`` overrides the
    configured engine.  Nothing is written outside a temporary folder.
    ``memory``: folders of earlier pairs aligned into the run's memory first
    (see :func:`archive_for`).
    """
    archive = archive_for(source, reference, memory, source_lang, target, chronological)
    pair = _evaluate_pair(source, reference, engine, overrides or [], project, source_lang, target,
                          name or (source.parent.name if source.stem == source_lang else source.stem), archive)
    return _collect([pair], pair.engine, overrides or [])


def find_pairs(folder: Path, source_lang: str = "en", target: str = "es") -> list[tuple[str, Path, Path]]:
    """``(name, source, reference)`` for every folder under ``folder`` holding ``en.*`` and ``es.*`` of one format."""
    found = []
    for src in sorted(folder.rglob(f"{source_lang}.*")):
        if src.suffix.lower() not in formats.SUFFIXES:
            continue
        ref = src.with_name(f"{target.replace('_', '-')}{src.suffix}")
        if not ref.is_file():
            ref = src.with_name(f"{target}{src.suffix}")
        if ref.is_file():
            name = src.parent.relative_to(folder).as_posix() if src.parent != folder else folder.name
            found.append((name, src, ref))
    return found


def evaluate_pairs(folder: Path, engine: str | None = None, overrides: list[str] | None = None, *,
                   project: Path | None = None, source_lang: str = "en", target: str = "es",
                   memory: list[Path] | None = None, chronological: bool = False) -> EvalResult:
    """:func:`evaluate` over every pair in ``folder``; totals are corpus-level over all blocks."""
    pairs = find_pairs(folder, source_lang, target)
    if not pairs:
        raise InputError(str(folder), None, f"no {source_lang}.*/{target}.* article pairs found")
    results = [_evaluate_pair(src, ref, engine, overrides or [], project, source_lang, target, name,
                              archive_for(src, ref, memory, source_lang, target, chronological))
               for name, src, ref in pairs]
    return _collect(results, results[0].engine, overrides or [])


def archive_for(source: Path, reference: Path, folders: list[Path] | None, source_lang: str = "en",
                target: str = "es", chronological: bool = False) -> list[tuple[Path, Path]]:
    """The (English, translation) pairs of ``folders`` that may be the memory of the pair
    ``source``/``reference``: never that pair itself (the same files, or the same English text);
    with ``chronological``, only pairs whose folder name sorts before the evaluated pair's (folders
    named ``YYYY-MM-DD-slug``: the articles published before it)."""
    if not folders:
        return []
    from presslate.align.archive import find_pairs as archive_pairs

    own = {source.resolve(), reference.resolve()}
    own_text = source.read_bytes() if source.is_file() else None
    chosen = []
    for folder in folders:
        for _, en, es in archive_pairs(folder, source_lang, target):
            if en.resolve() in own or es.resolve() in own or en.read_bytes() == own_text:
                continue
            if chronological and not en.parent.name < source.parent.name:
                continue
            chosen.append((en, es))
    return chosen


def merge(results: list[EvalResult]) -> EvalResult:
    """One result over the pairs of several runs of the same engine and settings."""
    if len(results) == 1:
        return results[0]
    return _collect([p for r in results for p in r.pairs], results[0].engine, results[0].overrides)


def subset(result: EvalResult, names: set[str]) -> EvalResult:
    """``result`` over the named pairs only (totals scored again, corpus-level)."""
    return _collect([p for p in result.pairs if p.name in names], result.engine, result.overrides)


def _collect(pairs: list[PairResult], engine: str, overrides: list[str]) -> EvalResult:
    triples = [t for p in pairs for t in p.triples]
    total = score([t.pipeline for t in triples], [t.reference for t in triples], [t.source for t in triples])
    total_raw = score([t.raw for t in triples], [t.reference for t in triples], [t.source for t in triples])
    return EvalResult(engine, list(overrides), pairs, total, total_raw)


def _read(path: Path) -> str:
    if not path.is_file():
        raise InputError(str(path), None, "no such file")
    return formats.decode(path.read_bytes(), str(path))


def _evaluate_pair(source: Path, reference: Path, engine: str | None, overrides: list[str], project: Path | None,
                   source_lang: str, target: str, name: str,
                   archive: list[tuple[Path, Path]] | None = None) -> PairResult:
    source_lang, target = normalize_language(source_lang), normalize_language(target)
    fmt = formats.format_of(source)
    if formats.format_of(reference) != fmt:
        raise InputError(str(reference), None, f"the reference must be the same format as {source} ({fmt})")
    for text in overrides:
        parse_override(text)  # bad syntax stops before any work
    settings = pipeline.eval_settings(pipeline.project_settings(project), source_lang, target, source.suffix.lower(), engine)
    settings = apply_overrides(settings, overrides)
    src_text, ref_text = _read(source), _read(reference)
    run = pipeline.run(source, settings, None if project is None else project / pipeline.GLOSSARY_NAME, archive)
    cfg = run.config
    options = Options(cfg.source, "paragraph", cfg.front_matter_keys, cfg.notranslate_classes)
    src_blocks = parse_blocks(src_text, str(source), cfg.source, options)
    ref_blocks = parse_blocks(ref_text, str(reference), target, options)
    built_blocks = parse_blocks(run.built, str(source), target, options)
    engine_name = cfg.engine_for(target)
    raw_blocks = [parse_fragment(text, fmt, target) for text in
                  translate_raw(engine_name, cfg.engine_options.get(engine_name), [b.source for b in src_blocks],
                                fmt, cfg.source, target)]
    pairing = align(src_blocks, ref_blocks)
    built_of = dict(align(src_blocks, built_blocks).pairs)
    triples = []
    for i, j in pairing.pairs:
        built = built_blocks[built_of[i]] if i in built_of else Block(src_blocks[i].kind, "")
        triples.append(Triple(src_blocks[i], ref_blocks[j], built, raw_blocks[i]))
    sources = [t.source for t in triples]
    refs = [t.reference for t in triples]
    return PairResult(
        name=name, source=str(source), reference=str(reference), engine=engine_name,
        source_blocks=len(src_blocks), reference_blocks=len(ref_blocks), aligned=len(pairing.pairs),
        unmatched_source=[_describe(src_blocks[i]) for i in pairing.unmatched_a],
        unmatched_reference=[_describe(ref_blocks[j]) for j in pairing.unmatched_b],
        lost_in_build=len(src_blocks) - len(built_of),
        pipeline=score([t.pipeline for t in triples], refs, sources),
        raw=score([t.raw for t in triples], refs, sources),
        entries=run.entries, machine_translated=run.machine_translated, repaired=run.repaired,
        fell_back=run.fell_back, refusals=run.refusals, triples=triples, memory=run.memory, archive=run.archive,
        archive_pairs=[en.parent.name for en, _ in archive or []],
    )


__all__ = ["EvalResult", "PairResult", "Scores", "archive_for", "evaluate", "evaluate_pairs", "find_pairs", "merge", "score", "subset"]
