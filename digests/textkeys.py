"""Folding and tokenising text the same way everywhere names are matched (aliases, cues, lookups)."""

import re
import unicodedata

_WORD = re.compile(r"\w+")
# In ASCII text a word character is a letter, a digit or "_". This table lowercases those bytes and turns every
# other byte into a space, so that bytes.translate and str.split cut the words out, faster than the regular
# expression finds them.
_ASCII_WORD_BYTES = (
    bytes(ord(char.lower()) if char.isalnum() or char == "_" else ord(" ") for char in map(chr, range(128)))
    + b" " * 128  # no ASCII text holds these bytes
)
# Punctuation outside ASCII that news writes between words: as spaces, most folded French text is left in ASCII.
_WIDE_PUNCTUATION = ("«", "»", "—", "–", "“", "”", "‘")
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase and strip accents, so "Réalisateur" and "realisateur" compare equal; letters written in other
    forms are the plain ones ("𝐀𝐈" in bold is "ai")."""
    if text.isascii():
        return text.lower()
    apostrophes = text.replace("’", "'").replace("ʼ", "'")  # str.replace beats translate tables here
    decomposed = unicodedata.normalize("NFKD", apostrophes.casefold())
    return _COMBINING_MARKS.sub("", decomposed).lower()  # "𝐀" has no lowercase; decomposed, it is "A"


def tokens(text: str) -> list[str]:
    """Folded word tokens; punctuation, hyphens and apostrophes separate words."""
    if not text.isascii():
        text = fold(text)
        for mark in _WIDE_PUNCTUATION:
            text = text.replace(mark, " ")
        if not text.isascii():  # letters outside ASCII: œ, ß, other scripts
            return _WORD.findall(text)
    return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()


def compact_key(text: str) -> str:
    """One key per name whatever its spacing or hyphens: "Gen-3 Alpha" and "gen3alpha" meet."""
    return "".join(tokens(text))
