"""Machine-translation engines, looked up by name (imports stay lazy: argos is heavy)."""

from __future__ import annotations

from importlib import import_module

from presslate.engines.base import Engine, EngineError

_ENGINES = {
    "pseudo": ("presslate.engines.pseudo", "PseudoEngine"),
    "argos": ("presslate.engines.argos", "ArgosEngine"),
    "apertium": ("presslate.engines.apertium", "ApertiumEngine"),
}

ENGINE_NAMES = tuple(_ENGINES)
_LABELS = {"argos": "Argos Translate", "apertium": "Apertium", "pseudo": "pseudo"}


def engine_label(identity: str) -> str:
    """A reader-facing name for an engine identity: ``apertium:eng-spa:0.8.1-2`` → ``Apertium eng-spa 0.8.1-2``.

    It goes into the PO header ``X-Machine-Translation`` and from there into
    the notice on published pages; the pseudo engine's settings are not news.
    """
    name, *parts = identity.split(":")
    parts = [p for p in parts if "=" not in p]  # decoding settings are not news
    if name == "pseudo" or not parts:
        return _LABELS.get(name, name)
    return " ".join([_LABELS.get(name, name), *parts])


def get_engine(name: str, options: dict | None = None) -> Engine:
    """Instantiate engine ``name`` with its options from presslate.toml ``[engine.<name>]``."""
    try:
        module_name, class_name = _ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}") from None
    cls = getattr(import_module(module_name), class_name)
    _check_options(name, cls, options or {})
    return cls(**(options or {}))


def _check_options(name: str, cls, options: dict) -> None:
    """presslate.toml ``[engine.<name>]`` may only set options the engine has (a typo is not ignored)."""
    import difflib
    import inspect

    parameters = list(inspect.signature(cls).parameters.values())
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return
    known = [p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for key in options:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            raise EngineError(f"presslate.toml: unknown option {key!r} in [engine.{name}]"
                              + (f"; did you mean {close[0]!r}?" if close else "")
                              + f" (known: {', '.join(known) or 'none'})")


def engine_class(name: str) -> tuple[str, str]:
    """(module, class) that implements engine ``name``: what a remote worker imports to build it."""
    try:
        return _ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(_ENGINES)}") from None


def register_engine(name: str, module: str, class_name: str) -> None:
    """Add an engine to the registry (tests, plugins); ``module`` must be importable wherever it runs."""
    _ENGINES[name] = (module, class_name)


__all__ = ["Engine", "EngineError", "ENGINE_NAMES", "engine_class", "engine_label", "get_engine", "register_engine"]
