"""Folding and tokenising text the same way everywhere names are matched (aliases, cues, lookups)."""

import re
import unicodedata

_WORD = re.compile(r"\w+")
_FOLD_TABLE = str.maketrans({"’": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Lowercase and strip accents, so "Réalisateur" and "realisateur" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens; punctuation, hyphens and apostrophes separate words."""
    return _WORD.findall(fold(text))


def compact_key(text: str) -> str:
    """One key per name whatever its spacing or hyphens: "Gen-3 Alpha" and "gen3alpha" meet."""
    return "".join(tokens(text))
