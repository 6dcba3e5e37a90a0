"""Exporting PO files as XLIFF 2.0 documents (the format: :mod:`presslate.catalog.xliff`).

An export never destroys a translator's work: a document already at the
destination that holds translations not imported yet (see
:func:`~presslate.catalog.xliff_import.unimported_units`), or that is not an
export of this project at all, is not overwritten unless ``force`` is given;
then nothing is written and every such document is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presslate.catalog.pofile import read_po
from presslate.catalog.xliff import SUFFIXES, exported_entries, render
from presslate.catalog.xliff_import import unimported_units
from presslate.config import Config, bcp47, select_articles
from presslate.errors import ConfigError, InputError
from presslate.fileio import WriteConflict, write_atomic
from presslate.report import Refusal, Report

__all__ = ["ExportReport", "export_xliff"]


@dataclass
class ExportReport(Report):
    SKIPPED_TO_STDERR = True

    written: list[Path] = field(default_factory=list)  # documents created or changed
    unchanged: list[Path] = field(default_factory=list)  # documents already holding these bytes
    skipped: list[str] = field(default_factory=list)  # why an article/language got no document
    refusals: list[Refusal] = field(default_factory=list)  # documents at the destination that would lose work
    warnings: list[str] = field(default_factory=list)  # documents saved by someone while the export ran
    aborted: str = ""
    units: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.refusals or self.warnings)

    def summary(self) -> str:
        return (f"{len(self.written)} XLIFF files written, {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped; {self.units} units")


def export_xliff(config: Config, dest: Path | str, langs: list[str], only: list[str] | None = None,
                 force: bool = False) -> ExportReport:
    """Write one XLIFF 2.0 document per article and language, each atomically.

    ``dest`` is a folder, which receives ``<lang>/<article id>.xlf`` (``es-MX``),
    or, ending in ``.xlf``/``.xliff``, the document itself — then exactly one
    article and one language must be selected.  Every PO file and every
    document at the destination is read before anything is written.
    """
    dest = Path(dest)
    pairs = [(article_id, path, lang) for article_id, path in select_articles(config, only) for lang in langs]
    single = dest.suffix.lower() in SUFFIXES
    if single and len(pairs) != 1:
        raise ConfigError(f"{dest} holds one article in one language, but {len(pairs)} article/language pairs "
                          "are selected: pass one --article and one --lang, or give a folder")
    report = ExportReport()
    documents: dict[Path, tuple[bytes, bytes | None]] = {}  # path → (new bytes, bytes there now)
    for article_id, article_path, lang in pairs:
        po_path = config.po_path(lang, article_id)
        po = read_po(po_path, config)
        where = f"{config.reference(article_path)} [{lang}]"
        if po is None:
            report.skipped.append(f"{where}: no PO file; run `presslate translate` first")
            continue
        count = len(exported_entries(po))
        if not count:
            report.skipped.append(f"{where}: nothing to translate")
            continue
        target = dest if single else dest / bcp47(lang) / f"{article_id}.xlf"
        data = render(po, article_id, config.source, lang, config.reference(po_path)).encode("utf-8")
        there = _read(target)
        if there is not None and there != data and not force:
            report.refusals += _would_lose(config, target, there)
        documents[target] = (data, there)
        report.units += count
    if report.refusals:
        report.aborted = (f"nothing written: {len(report.refusals)} translated "
                          f"{'unit' if len(report.refusals) == 1 else 'units'} would be lost; import those "
                          "documents first (presslate import --xliff FILE), export elsewhere, or pass --force")
        return report
    for path, (data, there) in documents.items():
        try:
            changed = write_atomic(path, data) if force else write_atomic(path, data, expected=there)
            (report.written if changed else report.unchanged).append(path)
        except WriteConflict:
            report.warnings.append(f"{path}: saved by someone while the export ran, so it was not overwritten; "
                                   "import it, then export again")
    return report


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError(str(path), None, "is a folder, not an XLIFF document") from None
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read the file: {exc.strerror}") from None


def _would_lose(config: Config, path: Path, data: bytes) -> list[Refusal]:
    """What overwriting the document at ``path`` would destroy (see the module docstring)."""
    try:
        return unimported_units(config, path, data)
    except InputError as exc:
        return [Refusal(str(path), exc.line or 1, "", f"not an XLIFF export of this project ({exc.message}); "
                                                      "an export would overwrite it")]
