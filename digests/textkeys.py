"""Folding and tokenising text the same way everywhere names are matched (aliases, cues, lookups)."""

import re
import unicodedata

_WORD = re.compile(r"\w+")
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase and strip accents, so "Réalisateur" and "realisateur" compare equal."""
    if text.isascii():
        return text.lower()
    apostrophes = text.replace("’", "'").replace("ʼ", "'")  # str.replace beats translate tables here
    decomposed = unicodedata.normalize("NFKD", apostrophes.casefold())
    return _COMBINING_MARKS.sub("", decomposed)


def tokens(text: str) -> list[str]:
    """Folded word tokens; punctuation, hyphens and apostrophes separate words."""
    return _WORD.findall(fold(text))


def compact_key(text: str) -> str:
    """One key per name whatever its spacing or hyphens: "Gen-3 Alpha" and "gen3alpha" meet."""
    return "".join(tokens(text))
