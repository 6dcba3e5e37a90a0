"""What a command did, in one shape for build, publish, check, export and import.

A :class:`Refusal` points at one catalog entry (``file:line``), says what is
wrong with it and on which source text; a :class:`Report` collects them with
the files written and the items skipped.  The CLI prints every report with one
printer (:func:`presslate.cli.common.print_report`), so the commands agree on layout
and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from presslate.inline import excerpt


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun that agrees with it: "1 article", "2 articles", "0 entries"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def refused_summary(count: int) -> str:
    """What build and publish say after their summary when they replaced refused translations."""
    if not count:
        return ""
    one = count == 1
    return (f"; {counted(count, 'translation')} refused, never used: the English text stands in "
            f"{'its' if one else 'their'} place (exit 1: fix {'it' if one else 'them'} in the PO file)")


@dataclass(frozen=True)
class Refusal:
    """One entry a command did not accept, or one finding about it.

    build and publish: a translation not used (``fallback`` says what was);
    import: an XLIFF unit not applied (``context`` names the unit), and in the
    same shape the units it did apply; check: a finding of the check
    ``check`` with its ``severity``.
    """

    path: str
    line: int
    msgid: str  # the source text concerned
    message: str  # what is wrong (or, for an applied unit, what changed)
    check: str = ""
    severity: str = "error"
    context: str = ""
    fallback: str = ""

    def __str__(self) -> str:
        head = f"[{self.check}] {self.severity}: " if self.check else f"{self.context}: " if self.context else ""
        tail = f"; {self.fallback}" if self.fallback else ""
        return f"{self.path}:{self.line}: {head}{self.message} — “{excerpt(self.msgid)}”{tail}"

    def to_dict(self) -> dict:
        """The finding as ``presslate check --json`` lists it."""
        return {"check": self.check, "severity": self.severity, "message": self.message, "path": self.path,
                "line": self.line, "msgid": self.msgid}


class Report:
    """The parts of a command's outcome that the CLI prints, in this order:

    ``skipped`` (each after ``SKIPPED``, on stderr when ``SKIPPED_TO_STDERR``),
    ``warnings``, ``refusals`` (each after ``REFUSED``, on stdout when
    ``REFUSALS_TO_STDOUT``), then ``aborted`` (why nothing was written) or
    ``summary()``.  ``failed`` decides exit code 1.
    """

    SKIPPED = "skipped"
    SKIPPED_TO_STDERR = False
    REFUSED = "refused "
    REFUSALS_TO_STDOUT = False

    skipped: list = []
    warnings: list[str] = []
    refusals: list[Refusal] = []
    aborted: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.refusals)

    def summary(self) -> str:
        raise NotImplementedError
