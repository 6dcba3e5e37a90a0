"""Machine-translation engines, looked up by name (imports stay lazy: argos is heavy)."""

from __future__ import annotations

from importlib import import_module

from presslate.engines.base import BatchReport, Engine, EngineError

_ENGINES = {
    "pseudo": ("presslate.engines.pseudo", "PseudoEngine"),
    "argos": ("presslate.engines.argos", "ArgosEngine"),
    "apertium": ("presslate.engines.apertium", "ApertiumEngine"),
}

ENGINE_NAMES = tuple(_ENGINES)


def get_engine(name: str, options: dict | None = None) -> Engine:
    """Instantiate engine ``name`` with its options from presslate.toml ``[engine.<name>]``."""
    try:
        module_name, class_name = _ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}") from None
    cls = getattr(import_module(module_name), class_name)
    return cls(**(options or {}))


__all__ = ["BatchReport", "Engine", "EngineError", "ENGINE_NAMES", "get_engine"]
