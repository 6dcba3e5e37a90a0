"""The desk's entry list: which entries a state filter and a search select, and the counts per state.

The states are ``status``'s (:func:`presslate.review.progress.article_progress`,
one implementation): an entry counts in exactly one of reviewed, edited,
aligned, machine, changed, refused, untranslated.  Three filters group them:

* ``fuzzy``: every entry that still needs review and has a text (machine,
  aligned, edited, changed);
* ``unreviewed``: everything but reviewed;
* ``all`` (or no filter): every entry.

The search ``q`` matches source or translation, case-insensitively, with the
placeholder tags left out (``live river gauge`` finds
``Check the <1>live river gauge</1>``).  Counts are taken after the search and
before the state filter, so the filter bar shows how many of the found
entries are in each state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslate.review.progress import STATES

GROUPS = {
    "fuzzy": frozenset({"machine", "aligned", "edited", "changed"}),
    "unreviewed": frozenset(STATES) - {"reviewed", "obsolete"},
}
FILTERS = ("all", *(s for s in STATES if s != "obsolete"), *GROUPS)
"""Every value the ``state`` filter takes."""

_TAG = re.compile(r"</?\d+/?>")


class BadFilter(ValueError):
    """A state filter the desk does not know."""


def check_filter(state: str | None) -> str:
    """``state`` as a filter name ("all" for none); BadFilter if unknown."""
    state = state or "all"
    if state not in FILTERS:
        raise BadFilter(f"unknown state {state!r}; one of {', '.join(FILTERS)}")
    return state


def plain(text: str) -> str:
    """The words of a PO text as a search sees them: no placeholder tags, case folded."""
    return " ".join(_TAG.sub("", text).split()).casefold()


def found(query: str | None, msgid: str, msgstr: str) -> bool:
    """Whether the search ``query`` (None or blank: everything) is in the source or the translation."""
    wanted = plain(query or "")
    return not wanted or wanted in plain(msgid) or wanted in plain(msgstr)


def selected(state_filter: str, state: str) -> bool:
    """Whether an entry in ``state`` passes the filter (see :func:`check_filter`)."""
    if state_filter == "all":
        return True
    return state in GROUPS.get(state_filter, {state_filter})


def members() -> dict[str, list[str]]:
    """Each filter and the states it selects (the page keeps its counts with it after a save)."""
    return {name: [state for state in STATES if state != "obsolete" and selected(name, state)] for name in FILTERS}


@dataclass
class Counts:
    """Entries per state, and per group, of what a search found."""

    states: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FILTERS, 0))

    def add(self, state: str) -> None:
        for name in FILTERS:
            if selected(name, state):
                self.states[name] += 1
