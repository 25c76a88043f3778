"""What clustering tells events apart by, worked out once per item when it is annotated and stored with it, so
that every later digest (one per channel, every week) only reads it back.

An item's terms are the distinct words of its lead, tagged with its language so that two languages' words never
meet, and its anchors: what reads the same in any language (proper nouns, figures, bilingual concepts such as
strike/grève). Known names are anchors too; clustering adds them from the item's models and organisations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from digests.phrases import PhraseIndex
from digests.textkeys import fold, tokens
from digests.types import StoryTerms

# A report's lead says which event it is about; the rest adds cost more than evidence (about 700 characters).
LEAD_WORDS = 120
# Anchors come from the headline and the text's opening: enough to recognise the event, cheap at 100k items.
OPENING_CHARS = 350
# Words shorter than this are mostly grammar, in English and French alike.
MIN_WORD_LENGTH = 4
CONCEPT, PROPER_NOUN, FIGURE, VERSION = "~", "^", "#", "%"  # an anchor's kind, as its first character


@dataclass(frozen=True, slots=True)
class ItemWords:
    """An item's tokens (the headline's, then the text's), with where the headline and the text's opening end: cut
    once, read by every scan of the item."""

    words: list[str]
    title_length: int
    opening_length: int  # the text opening's tokens, after the headline's

    @classmethod
    def of(cls, title: str, text: str) -> ItemWords:
        # The opening ends at a space, where no word runs on: its tokens and the rest's are the whole text's.
        opening = _opening(text)
        title_words, opening_words = tokens(title), tokens(opening)
        words = [*title_words, *opening_words, *tokens(text[len(opening) :])]
        return cls(words, len(title_words), len(opening_words))


def story_terms(
    title: str,
    text: str,
    language: str,
    names: Iterable[str],
    concepts: PhraseIndex[str],
    *,
    words: ItemWords | None = None,
) -> StoryTerms:
    """An item's terms. ``words`` spares tokenising again when the caller has them."""
    words = words or ItemWords.of(title, text)
    lead = words.words[: words.title_length + LEAD_WORDS]
    distinct = dict.fromkeys([word for word in lead if len(word) >= MIN_WORD_LENGTH])
    opening = _opening(text)
    scanned = words.words[: words.title_length + words.opening_length]
    found: set[str] = set()
    # A known name or a concept is one anchor, not one per word: "Luma Dream Machine" must not count four times,
    # and "London" is the place that "Londres" is too, not a proper noun only English reports share.
    name_words = set(tokens(" ".join(names)))
    covered = set(name_words)
    for start, end, values in concepts.spans(scanned, language=language):
        found.update(values)
        covered.update(scanned[start:end])
    headline_and_opening = f"{title}\n{opening}"  # where figures, versions and lowercase names are read
    nouns = {
        noun
        for noun in _proper_nouns(opening, language)
        | _possessors(title, opening)
        | _headline_proper_nouns(title, language)
        | _named_subject(title, opening)
        | _lowercase_names(headline_and_opening)
        # "Make-A-Video" is a known name too; "AI-generated" is no name at all
        if not covered.issuperset(noun.split("-"))
        and noun.partition("-")[0] not in ("ai", "ia")
        and noun not in _CAPITALISED_SMALL_WORDS
    }
    # Each kind has its own mark and its own sorted set, so the anchors are distinct and always in the same order.
    anchors = [
        *(CONCEPT + concept for concept in sorted(found)),
        *(PROPER_NOUN + noun for noun in sorted(nouns)),
        *(FIGURE + figure for figure in sorted(_figures(headline_and_opening))),
        *(VERSION + version for version in sorted(_versions(headline_and_opening, name_words))),
    ]
    tag = f"{language}:"  # put before each word by the join itself: one C call, not one string per word
    return StoryTerms(tag + f" {tag}".join(distinct) if distinct else "", " ".join(anchors))


def _opening(text: str) -> str:
    """The text's first sentences, cut at a space."""
    if len(text) <= OPENING_CHARS:
        return text
    return text[: max(text.rfind(" ", 0, OPENING_CHARS), 0)]


# Small words a name capitalises ("The Feast", « Les Inrocks »): they say nothing of which name, and would tie reports
# naming different ones.
_CAPITALISED_SMALL_WORDS = frozenset({"the", "and", "for", "with", "les", "des", "une"})

# A capitalised word that starts a word (not "Unis" in "États-Unis") and does not open a sentence or quotation:
# no opener right before it, nor before the one space between (the text's whitespace is collapsed). A word with a
# capital after its first letters is a name wherever it stands, even opening a sentence: "TikTok", "YouTube"; so is a
# word of three capitals or more: "KISS", "GMA". The pattern starts with the capital, which the regex engine skips
# to, and only then looks behind it.
_WORD_START = r"[A-Z](?<![\w-][A-Z])"
_AFTER_INNER_CAPITAL = r"[a-z]+[A-Z][\w-]*"
_IN_CAPITALS = r"[A-Z]{2,}(?![\w-])"  # after the first capital: "KISS", "GMA", not "AI" nor "GPT-4"


def _proper_noun_pattern(openers: str) -> re.Pattern[str]:
    """The pattern above, with ``openers`` the marks that open a sentence or quotation."""
    return re.compile(
        rf"{_WORD_START}(?:(?<![{openers}][A-Z])(?<![{openers}]\s[A-Z])[\w-]{{2,}}|{_AFTER_INNER_CAPITAL}|{_IN_CAPITALS})"
    )


# A colon opens a sentence in English ("SXSW: Denied an interview…"), not in French, which writes on in lowercase
# after it unless a name follows (« Doublage : la pétition… », « Critique : Napoléon III revit »).
_PROPER_NOUN = _proper_noun_pattern('.!?:;«"(')
_PROPER_NOUN_IN_FRENCH = _proper_noun_pattern('.!?;«"(')
# Only those with an inner capital, for a Title Case headline, whose other capitals say nothing.
_INNER_CAPITAL = re.compile(_WORD_START + _AFTER_INNER_CAPITAL)
_FIGURE = re.compile(r"\d+(?:[ ,.]\d{3})*")


# An abbreviation's plural ("TVs", "GPUs", "NFTs") is a common noun, however it is capitalised.
_PLURAL_ABBREVIATION = re.compile(r"[A-Z]{2,}s")


def _proper_nouns(text: str, language: str) -> set[str]:
    """Capitalised words not opening a sentence or quote, and words with an inner capital or in capitals wherever they
    stand: names that read the same in English and French. The text's own start opens a sentence too, hence the full
    stop put before it."""
    pattern = _PROPER_NOUN_IN_FRENCH if language == "fr" else _PROPER_NOUN
    return {fold(word) for word in pattern.findall(f".{text}") if not _PLURAL_ABBREVIATION.fullmatch(word)}


# A capitalised word with a possessive opening a sentence ("Chamonix's tourist office says…"), which the rule above
# leaves out as any sentence opener: a name, unless a contraction or a time ("That's", "Today's"). The capital first,
# then what stands behind it, as above.
_POSSESSOR = re.compile(r"[A-Z](?<=[.!?:;«\"(]\s[A-Z])[a-z]{3,}(?=['’]s\b)")
_NOT_POSSESSORS = frozenset({"that", "there", "here", "what", "where", "today", "tonight", "tomorrow", "yesterday"})


def _possessors(headline: str, opening: str) -> set[str]:
    """Names opening a sentence of the headline or the opening with a possessive, unless either writes them in
    lowercase too."""
    text = f". {headline}. {opening}"
    return {
        folded
        for word in _POSSESSOR.findall(text)
        if (folded := fold(word)) not in _NOT_POSSESSORS and not _written_in_lowercase(word, text)
    }


# A name that starts in lowercase and has a capital after its first letters ("diVine", "iPhone", "eBay"), four letters
# or more, so that units ("kHz", "mAh") are no names. The pattern finds the capital after a lowercase letter (the regex
# engine skips to capitals); the word's lowercase start is then read back.
_CAPITAL_AFTER_LOWERCASE = re.compile(r"[A-Z](?<=[a-z][A-Z])[\w-]{2,}")
_MAX_LOWERCASE_START = 4


def _lowercase_names(text: str) -> set[str]:
    """Names written from a lowercase letter, which the capital-first patterns miss wherever they stand."""
    names = set()
    for found in _CAPITAL_AFTER_LOWERCASE.finditer(text):
        start = found.start()
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        opener = text[start - 1] if start else " "
        if found.start() - start <= _MAX_LOWERCASE_START and not (opener.isalnum() or opener in "-_"):
            names.add(fold(text[start : found.end()]))
    return names


# A capitalised word of four letters or more opening a text ("Odyssey", "Polaroid's" without its "'s").
_FIRST_WORD = re.compile(r"[A-Z][\w-]{3,}")


def _named_subject(headline: str, opening: str) -> set[str]:
    """The word both the headline and the text open with, when the item writes it nowhere in lowercase: a name the
    sentence-opener rule misses ("Odyssey lets users walk…", "Odyssey, the start-up…")."""
    first, text_first = _FIRST_WORD.match(headline), _FIRST_WORD.match(opening)
    if first is None or text_first is None or first.group() != text_first.group():
        return set()
    word = first.group()
    if _written_in_lowercase(word, f"{headline} {opening}"):
        return set()
    return {fold(word)}


def _written_in_lowercase(word: str, text: str) -> bool:
    """Whether the text also writes the word in lowercase, as a common word ("streaming"), not a name."""
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) is not None


def _opened(mark: str, rest: str) -> str:
    """A quotation opened by ``mark`` at the text's start or after a space or "(", so that an apostrophe inside a word
    never opens one. The mark comes first and only then is looked behind: the regex engine skips straight to the
    marks instead of trying every position (five times faster on a report's opening)."""
    return rf"{mark}(?<![^\s(]{mark}){rest}"


# A quotation in a headline: a title ('Here', « Emilia Pérez ») or speech.
QUOTATION = re.compile(
    "(?:"
    + "|".join(
        (
            _opened("'", r"([^']+)'"),
            _opened('"', r'([^"]+)"'),
            _opened("‘", r"([^’]+)’"),
            _opened("“", r"([^”]+)”"),
            _opened("«", r"\s*([^»]+?)\s*»"),
        )
    )
    + r")(?=$|[\s,.:;!?)])"
)


def _headline_proper_nouns(headline: str, language: str) -> set[str]:
    """A headline's proper nouns; only those with an inner capital if it is written in Title Case (then every word is
    capitalised). French headlines never are, so their capitals are names ("Robert Zemeckis rajeunit Tom Hanks et
    Robin Wright"); nor do a quoted title's capitals say anything about the rest ("« The Last Screenwriter » : Peter
    Luisi…")."""
    if language == "fr":
        return _proper_nouns(headline, language)
    words = [word for word in QUOTATION.sub(" ", headline).split() if len(word) >= MIN_WORD_LENGTH]
    capitalised = sum(word[:1].isupper() for word in words)
    if capitalised > len(words) / 2:
        return {fold(word) for word in _INNER_CAPITAL.findall(headline)}
    return _proper_nouns(headline, language)


# A number right after a capitalised name: "Kling 2.1", "Veo 3.1", "Gen-4.5", "Kling O1" (the capital first, then
# what stands behind it, as above).
_VERSIONED = re.compile(r"([A-Z](?<![\w.-][A-Z])\w*)[ -]([A-Z]?\d{1,2}(?:\.\d{1,2})?)(?![\w%]|[.,]\d)")
# The version first, as French often writes it: "la version 1.6 de Kling", "version 2 of Sora".
_VERSION_WORD = "ersion "  # in "version" and "Version" alike: without it, no need to look for the pattern below
_VERSION_OF = re.compile(r"\b[Vv]ersion (\d{1,2}(?:\.\d{1,2})?) (?:de |d'|d’|du |of )([A-Z]\w*)")
# A dotted number glued to a name, as some makers write it: "Wan2.1", "Wan2.2-Animate".
_GLUED_VERSION = re.compile(r"([A-Z](?<![\w.-][A-Z])[a-z]+)(\d{1,2}\.\d{1,2})(?![\w%]|[.,]\d)")


def _versions(text: str, name_words: set[str]) -> set[str]:
    """The versions of known models a text names, as name-version ("kling-2.1"): two reports giving one model two
    different versions tell two releases, however alike the rest."""
    if not name_words:  # no known name, no version of one
        return set()
    found = [
        *_VERSIONED.findall(text),
        *_GLUED_VERSION.findall(text),
        *((name, number) for number, name in (_VERSION_OF.findall(text) if _VERSION_WORD in text else ())),
    ]
    return {f"{folded}-{fold(number)}" for name, number in found if (folded := fold(name)) in name_words}


def _figures(text: str) -> set[str]:
    """Numbers as written in either language: 50,000 and 50 000 are one figure; single digits say little."""
    figures = (found.replace(" ", "").replace(",", "").replace(".", "") for found in _FIGURE.findall(text))
    return {figure for figure in figures if len(figure) > 1}
