"""Machine translations a glossary change affects, so that ``translate`` makes them again.

Accepting a do-not-translate name (or dropping one) changes what the engine
is sent for every sentence holding it (:mod:`presslate.workflow.mt_prep`), so
a new translation never comes from the MT cache made before.  Entries that
are already translated are redone only when they are still exactly what
machine translation gave their msgid (fuzzy, and recorded by
:meth:`presslate.memory.store.Memory.machine_outputs`): an entry a person
edited is left as it is, and ``presslate check`` reports a name it alters.

An entry is affected when the glossary protects other words of its msgid
than it did at the article's last ``translate`` (recorded per article in the
run state, as the glossary names the article holds), or, whatever the
record, when its translation lacks a name the glossary protects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from presslate.memory.store import Memory
from presslate.review.glossary import Glossary
from presslate.workflow.state import RunState

__all__ = ["affected", "glossary_key", "machine_made", "names_held", "record", "recorded"]

_STATE = "translate-names"


def glossary_key(glossary: Glossary) -> str:
    """The part of the glossary machine translation sees, for an article's translate inputs."""
    return json.dumps(sorted(glossary.do_not_translate))


def names_held(glossary: Glossary, msgids: Iterable[str]) -> list[str]:
    """The glossary's do-not-translate names that occur in ``msgids``."""
    return sorted({name for msgid in msgids for _, _, name in glossary.names_in(msgid)})


def recorded(state: RunState, article_id: str) -> list[str] | None:
    """The names recorded at the article's last translate; None if none were (an older presslate)."""
    value = state.get(_STATE, article_id)
    try:
        names = json.loads(value) if value is not None else None
    except ValueError:
        return None
    return names if isinstance(names, list) and all(isinstance(n, str) for n in names) else None


def record(state: RunState, article_id: str, names: list[str]) -> None:
    state.set(_STATE, article_id, json.dumps(names))


def affected(glossary: Glossary, before: list[str] | None, entries: Iterable[tuple[str, str]]) -> list[str]:
    """The msgids of ``entries`` (msgid, msgstr) whose protected names changed or are missing."""
    old = Glossary(do_not_translate=tuple(before)) if before is not None else None
    found = []
    for msgid, msgstr in entries:
        spans = [(start, end) for start, end, _ in glossary.names_in(msgid)]
        changed = old is not None and spans != [(start, end) for start, end, _ in old.names_in(msgid)]
        if changed or any(msgid[start:end] not in msgstr for start, end in spans):
            found.append(msgid)
    return found


def machine_made(memory: Memory, source: str, lang: str, entries: dict[str, str]) -> list[str]:
    """The msgids of ``entries`` (msgid → msgstr) whose translation is exactly what MT gave them."""
    outputs = memory.machine_outputs(source, lang, list(entries)) if entries else {}
    return [msgid for msgid, msgstr in entries.items() if msgstr in outputs.get(msgid, ())]
