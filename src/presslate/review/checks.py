"""The check registry: what a check sees (:class:`Pair`), the project's settings, and
:data:`CHECKS`, filled by the ``checks_*`` modules in report order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from presslate.errors import ConfigError
from presslate.inline import multiset_difference
from presslate.review.glossary import Glossary

__all__ = ["CHECKS", "ERROR", "WARNING", "Check", "Pair", "Settings", "differences", "register", "unmatched"]

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Settings:
    disabled: frozenset[str] = frozenset()
    length_ratio: tuple[float, float] = (0.5, 2.5)  # allowed len(translation) / len(source)
    min_length: int = 20  # shorter sources skip the length check: "Town" → "Localidad" is fine

    @classmethod
    def from_table(cls, table: dict, where: str) -> Settings:
        """Settings from a TOML table such as presslate.toml's ``[check]``; ConfigError if wrong."""
        unknown = set(table) - {"disabled", "length_ratio", "min_length"}
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} in [check] "
                              "(use disabled, length_ratio, min_length)")
        disabled = table.get("disabled", [])
        if not isinstance(disabled, list) or not all(name in CHECKS for name in disabled):
            raise ConfigError(f"{where}: [check] disabled must list check names: {', '.join(CHECKS)}")
        ratio = table.get("length_ratio", list(cls.length_ratio))
        if (not isinstance(ratio, list) or len(ratio) != 2
                or not all(isinstance(r, (int, float)) and not isinstance(r, bool) for r in ratio)
                or not 0 < ratio[0] < ratio[1]):
            raise ConfigError(f"{where}: [check] length_ratio must be [low, high] with 0 < low < high, not {ratio!r}")
        min_length = table.get("min_length", cls.min_length)
        if not isinstance(min_length, int) or isinstance(min_length, bool) or min_length < 0:
            raise ConfigError(f"{where}: [check] min_length must be a whole number ≥ 0, not {min_length!r}")
        return cls(frozenset(disabled), (float(ratio[0]), float(ratio[1])), min_length)


@dataclass(frozen=True)
class Pair:
    """What a check looks at: a source text, its translation, and their context."""

    msgid: str
    msgstr: str
    source_lang: str
    target_lang: str
    flags: tuple[str, ...] = ()
    glossary: Glossary = field(default_factory=Glossary)
    settings: Settings = field(default_factory=Settings)
    fmt: str = "markdown"  # the article's format, for its own markup rules
    segments: tuple = ()  # the article's segments with this msgid, for checks of the markup behind placeholders


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    function: Callable[[Pair], list[str]]  # one message per problem found


CHECKS: dict[str, Check] = {}


def register(name: str, severity: str, description: str):
    def register(function: Callable[[Pair], list[str]]):
        CHECKS[name] = Check(name, severity, description, function)
        return function

    return register



def unmatched(source: list, translation: list) -> tuple[list, list]:
    """Items of ``source`` missing from ``translation`` and the reverse, as multisets:
    order never matters, a translator may move things."""
    return multiset_difference(source, translation), multiset_difference(translation, source)


def differences(source: list[str], translation: list[str], noun: str) -> list[str]:
    """One message naming what the translation lost and gained."""
    missing, extra = unmatched(source, translation)
    parts = []
    if missing:
        parts.append(f"{noun} missing from the translation: {', '.join(missing)}")
    if extra:
        parts.append(f"{noun} not in the source: {', '.join(extra)}")
    return ["; ".join(parts)] if parts else []
