"""What the WordPress commands did, in presslate's one report shape (see :mod:`presslate.report`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from presslate.report import Refusal, Report, counted, refused_summary


@dataclass
class ExportReport(Report):
    """``wordpress export``: the WXR file written, versions left out by the publish policy."""

    SKIPPED = "not exported"

    out: Path
    sources: int = 0
    translations: int = 0
    skipped: list = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.out}: {counted(self.sources, 'source post')} and {counted(self.translations, 'translation')}"
                + refused_summary(len(self.refusals)))
