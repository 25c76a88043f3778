"""Turn untrusted command text into words: quotes, stray spaces, control characters and runaway length handled."""

from __future__ import annotations

import shlex
import unicodedata

from digests.errors import ReelbriefError

# No command needs more; a longer text is a paste gone wrong or an attack on the parser.
MAX_COMMAND_CHARS = 500
# Typographic quotes that phones and chat apps put in place of the ones people typed.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


class CommandTextError(ReelbriefError):
    """The text cannot be read as a command; the message says why, in words for the person who typed it."""


def clean(text: str) -> str:
    """Control, format and separator characters (no-break spaces from phones, newlines) become plain spaces;
    typographic quotes become plain ones."""
    cleaned = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    return cleaned.translate(_QUOTES).strip()


def words(text: str) -> list[str]:
    """The command's words; double-quoted phrases ("Gen-3 Alpha") stay one word."""
    cleaned = clean(text)
    if len(cleaned) > MAX_COMMAND_CHARS:
        raise CommandTextError(
            f"That command is {len(cleaned)} characters long; the most I read is {MAX_COMMAND_CHARS}."
        )
    lexer = shlex.shlex(cleaned, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.escape = ""  # backslashes are text (Windows paths, regexes), not escapes
    lexer.quotes = '"'  # apostrophes are words' own: "l'IA", "Sora d'OpenAI"
    try:
        return list(lexer)
    except ValueError:
        raise CommandTextError("A quotation mark is not closed; put quotes around the whole name.") from None
