"""Find many known phrases in a text in one pass over its tokens (a dictionary of token n-grams)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from digests.textkeys import tokens

V = TypeVar("V")


@dataclass(slots=True)
class PhraseIndex(Generic[V]):
    """Maps folded phrases to values; looking a text up costs one dict probe per token and n-gram length."""

    _phrases: dict[tuple[str, ...], list[V]] = field(default_factory=dict)
    _lengths: list[int] = field(default_factory=list)

    def add(self, phrase: str, value: V) -> None:
        key = tuple(tokens(phrase))
        if not key:
            return
        values = self._phrases.setdefault(key, [])
        if value not in values:
            values.append(value)
        if len(key) not in self._lengths:
            self._lengths.append(len(key))
            self._lengths.sort(reverse=True)

    def add_all(self, phrases: Iterable[str], value: V) -> None:
        for phrase in phrases:
            self.add(phrase, value)

    def matches(self, words: list[str]) -> Iterator[tuple[int, int, V]]:
        """Yield (start, end, value) for every phrase found, longest first at each position, without overlaps."""
        position = 0
        count = len(words)
        while position < count:
            step = 1
            for length in self._lengths:
                if position + length > count:
                    continue
                found = self._phrases.get(tuple(words[position : position + length]))
                if found:
                    for value in found:
                        yield position, position + length, value
                    step = length
                    break
            position += step

    def values_in(self, words: list[str]) -> set[V]:
        return {value for _, _, value in self.matches(words)}
