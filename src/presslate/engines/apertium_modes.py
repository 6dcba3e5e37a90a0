"""Apertium's language pairs: language codes as Apertium names them, and the installed modes
with the Debian package (and version) that provides each."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

# ISO 639-2/B and withdrawn codes also appear among CLDR's aliases; Apertium
# names pairs with the ISO 639-3 (= 639-2/T) code, e.g. "deu", never "ger".
_BIBLIOGRAPHIC = frozenset(
    "alb arm baq bur chi cze dut fre geo ger gre ice mac mao may per rum scc scr slo tib wel".split()
)
_MODE_NAME = re.compile(r"^([a-z]{2,3}(?:_\w+)?)-([a-z]{2,3}(?:_\w+)?)$")


@cache
def _language_aliases() -> dict[str, str]:
    from babel.core import get_global

    return dict(get_global("language_aliases"))


def split_code(code: str) -> tuple[str, str]:
    """``(language, variant)`` of a locale or Apertium code: ``es_MX`` → ``("es", "MX")``, ``eng`` → ``("en", "")``.

    Apertium's three-letter codes and presslate's ISO 639-1 ones meet on the
    two-letter form, through CLDR's aliases (which also map ``iw`` → ``he``).
    """
    base, _, variant = re.sub(r"[-@]", "_", code.strip()).partition("_")
    base = base.lower()
    alias_base, _, alias_variant = _language_aliases().get(base, base).partition("_")
    return alias_base, variant or alias_variant


def iso639_3(code: str) -> str:
    """The three-letter code Apertium's package and mode names use for ``code`` (``es`` → ``spa``)."""
    base, _ = split_code(code)
    for alias, target in _language_aliases().items():
        if len(alias) == 3 and target == base and alias not in _BIBLIOGRAPHIC:
            return alias
    return base


def parse_mode(name: str) -> dict | None:
    """Source and target codes of a translation mode (``spa-eng_US`` → es, en_US); None for other modes."""
    m = _MODE_NAME.match(name)
    if m is None:
        return None
    codes = []
    for part in m.groups():
        base, variant = split_code(part)
        codes.append(f"{base}_{variant}" if variant else base)
    return {"mode": name, "source": codes[0], "target": codes[1]}


def find_mode(modes: list[dict], source: str, target: str) -> dict | None:
    """The installed mode for a language pair, preferring the requested variant, then none.

    ``es_MX`` is served by ``eng-spa``; ``en_US`` by ``spa-eng_US`` when installed.
    """
    want_source, want_target = split_code(source), split_code(target)

    def fit(code: str, want: tuple[str, str]) -> int | None:
        base, variant = split_code(code)
        if base != want[0]:
            return None
        if variant.casefold() == want[1].casefold():
            return 0
        return 1 if not variant else 2

    ranked = []
    for mode in modes:
        s, t = fit(mode["source"], want_source), fit(mode["target"], want_target)
        if s is not None and t is not None:
            ranked.append((t, s, mode["mode"], mode))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None


def installed_modes() -> list[dict]:
    """Translation modes Apertium can run here, with the Debian package and version that provide each.

    Keys: ``mode``, ``source``, ``target``, ``package`` and ``version``
    (None when dpkg does not know the mode, e.g. a self-built pair).
    """
    if shutil.which("apertium") is None:
        return []
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True).stdout.split()
    modes = [mode for mode in map(parse_mode, listed) if mode is not None]
    packages = _packages({mode["mode"] for mode in modes})
    for mode in modes:
        mode["package"], mode["version"] = packages.get(mode["mode"], (None, None))
    return modes


def _packages(modes: set[str]) -> dict[str, tuple[str, str]]:
    """Mode → (package, version), from Debian's naming: a pair's package is apertium-<lang>-<lang>, in either order.

    One ``dpkg-query -W`` (milliseconds; ``dpkg-query -S`` on the mode files takes
    ~0.2 s); nothing when dpkg is absent or the pair was built by hand.
    """
    if not modes or shutil.which("dpkg-query") is None:
        return {}
    candidates = {}
    for mode in modes:
        first, second = (code.partition("_")[0] for code in _MODE_NAME.match(mode).groups())
        candidates[mode] = (f"apertium-{first}-{second}", f"apertium-{second}-{first}")
    listing = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Version}\t${Status}\n", *sorted(set().union(*candidates.values()))],
        capture_output=True,
        text=True,
    ).stdout
    installed = {}
    for line in listing.splitlines():
        package, version, status = line.split("\t")
        if status.endswith(" installed"):
            installed[package] = version
    found = {}
    for mode, names in candidates.items():
        package = next((name for name in names if name in installed), None)
        if package is not None:
            found[mode] = (package, installed[package])
    return found
