"""Folding and tokenising text the same way everywhere names are matched (aliases, cues, lookups)."""

import re
import unicodedata

_WORD = re.compile(r"\w+")
# In ASCII text a word character is a letter, a digit or "_": every other character becomes a space, and str.split
# then cuts the words out faster than the regular expression finds them.
_ASCII_SEPARATORS = str.maketrans({code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")})
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
    folded = fold(text)
    return folded.translate(_ASCII_SEPARATORS).split() if folded.isascii() else _WORD.findall(folded)


def compact_key(text: str) -> str:
    """One key per name whatever its spacing or hyphens: "Gen-3 Alpha" and "gen3alpha" meet."""
    return "".join(tokens(text))
