"""Which engines can translate a language pair on this machine, for ``init``'s default and
for what the Argos engine says when it has no model (an Apertium pair works offline)."""

from __future__ import annotations

from presslate.errors import PresslateError


def apertium_has_pair(source: str, target: str) -> bool:
    """Whether an installed Apertium mode translates ``source`` → ``target``."""
    from presslate.engines import apertium_modes

    try:
        return apertium_modes.find_mode(apertium_modes.installed_modes(), source, target) is not None
    except (OSError, PresslateError):
        return False


def argos_has_model(source: str, target: str) -> bool:
    """Whether an Argos model for ``source`` → ``target`` is installed."""
    try:
        from presslate.engines import argos_models

        return argos_models.find(source, target) is not None
    except (ImportError, OSError, PresslateError):
        return False


def offline_hint(source: str, target: str) -> str:
    """The sentence after "no Argos model": Apertium, if it can do the pair here, needs no download."""
    if apertium_has_pair(source, target):
        return (f"or use Apertium, installed here for {source} → {target} and working offline: "
                f"`presslate translate --engine apertium`, or [engine] name = \"apertium\" in presslate.toml")
    return ("or use Apertium, which works offline once its pair is installed (e.g. `apt-get install "
            "apertium-eng-spa`), with `--engine apertium`")


def default_engine(source: str, targets: list[str]) -> tuple[str, str]:
    """``init``'s engine when none is named, and why: Argos if it has a model for every target,
    else Apertium if it has every pair, else Argos (whose models are one command away)."""
    missing = [t for t in targets if not argos_has_model(source, t)]
    if not missing:
        return "argos", "Argos models are installed for every target"
    if all(apertium_has_pair(source, t) for t in targets):
        return "apertium", (f"no Argos model is installed for {source} → {', '.join(missing)}; "
                            "Apertium has every pair and works offline")
    return "argos", (f"no Argos model is installed for {source} → {', '.join(missing)} yet: "
                     f"`presslate models install {source} {missing[0]}` downloads one")
