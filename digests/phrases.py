"""Find many known phrases in a text in one pass over its tokens (phrases indexed by their first word)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from digests.textkeys import tokens

V = TypeVar("V")


@dataclass(slots=True)
class _Starting(Generic[V]):
    """The phrases that start with one word: the word alone, and the longer ones by their second word (most
    candidates fail there, so one dict probe rules them all out)."""

    alone: list[V] | None = None
    longer: dict[str, list[tuple[tuple[str, ...], list[V]]]] = field(default_factory=dict)  # longest first


@dataclass(slots=True)
class PhraseIndex(Generic[V]):
    """Maps folded phrases to values; a word that starts no phrase costs a single dict probe."""

    _by_first_word: dict[str, _Starting[V]] = field(default_factory=dict)
    _false_friends: dict[str, frozenset[str]] = field(default_factory=dict)  # by language: words not read alone

    def add(self, phrase: str, value: V) -> None:
        values = self._values_of(phrase)
        if values is not None and value not in values:
            values.append(value)

    def hide(self, phrase: str) -> None:
        """Index a phrase with no value: where a text holds it, the shorter phrases inside it are not found, as the
        longest phrase wins ("Series B" hides the cue "series")."""
        self._values_of(phrase)

    def _values_of(self, phrase: str) -> list[V] | None:
        """The phrase's list of values, made empty when the phrase is new; None for a phrase with no words."""
        key = tuple(tokens(phrase))
        if not key:
            return None
        starting = self._by_first_word.setdefault(key[0], _Starting())
        if len(key) == 1:
            if starting.alone is None:
                starting.alone = []
            return starting.alone
        candidates = starting.longer.setdefault(key[1], [])
        for words, values in candidates:
            if words == key:
                return values
        values: list[V] = []
        candidates.append((key, values))
        candidates.sort(key=lambda candidate: -len(candidate[0]))
        return values

    def add_false_friends(self, language: str, words: Iterable[str]) -> None:
        """Words that ``language`` writes with another meaning: alone, in a text of that language, they are not the
        phrase (French "court" is short); the longer phrases they start still are (« court métrage »)."""
        self._false_friends[language] = self._false_friends.get(language, frozenset()).union(
            word for phrase in words for word in tokens(phrase)
        )

    def add_all(self, phrases: Iterable[str], value: V) -> None:
        for phrase in phrases:
            self.add(phrase, value)

    @property
    def first_words(self) -> frozenset[str]:
        return frozenset(self._by_first_word)

    def matches(
        self, words: list[str], starts: list[int] | None = None, language: str = ""
    ) -> Iterator[tuple[int, int, V]]:
        """Yield (start, end, value) for every phrase found, longest first at each position, without overlaps.
        ``starts``, when given, are the only positions where a phrase may start (see ``starts_of``); ``language``
        is the text's, whose false friends are not read alone."""
        for start, end, values in self.spans(words, starts, language):
            for value in values:
                yield start, end, value

    def values_in(self, words: list[str], starts: list[int] | None = None, language: str = "") -> set[V]:
        found: set[V] = set()
        for _, _, values in self.spans(words, starts, language):
            found.update(values)  # one update per phrase: some phrases carry dozens of values
        return found

    def spans(
        self, words: list[str], starts: list[int] | None = None, language: str = ""
    ) -> Iterator[tuple[int, int, list[V]]]:
        """Yield (start, end, values) for every phrase found, longest first at each position, without overlaps."""
        by_first_word = self._by_first_word
        false_friends = self._false_friends.get(language, _NO_WORDS)
        last = len(words) - 1
        covered = 0  # words before this belong to a phrase already found
        for position in starts_of(words, by_first_word) if starts is None else starts:
            if position < covered or (starting := by_first_word.get(words[position])) is None:
                continue
            if position < last and (candidates := starting.longer.get(words[position + 1])):
                span = _longest(words, position, candidates)
                if span is not None:
                    covered = position + len(span[0])
                    yield position, covered, span[1]
                    continue
            if starting.alone is not None and words[position] not in false_friends:
                covered = position + 1
                yield position, covered, starting.alone


_NO_WORDS: frozenset[str] = frozenset()


def _longest(
    words: list[str], position: int, candidates: list[tuple[tuple[str, ...], list[V]]]
) -> tuple[tuple[str, ...], list[V]] | None:
    """The longest of the phrases sharing the text's first two words at ``position`` that the text holds."""
    for phrase, values in candidates:
        end = position + len(phrase)
        if end == position + 2 or (end <= len(words) and tuple(words[position:end]) == phrase):
            return phrase, values
    return None


def starts_of(words: list[str], first_words: Collection[str]) -> list[int]:
    """Positions of the words that may start a phrase. Most words start none: one comprehension finds the few
    that do faster than a loop over all; several indexes can share one pass through the union of their first words."""
    return [index for index, word in enumerate(words) if word in first_words]
