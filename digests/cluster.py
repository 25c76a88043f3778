"""Group items about the same event into stories, across feeds and languages, without comparing all pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from digests.textkeys import tokens
from digests.types import NewsItem

# Reports of one event cluster within a few days of each other; the same names a month apart are a new event.
SAME_EVENT_WINDOW = timedelta(days=3)
# Share of named things (models, companies, people) two reports must have in common to be one story.
MIN_SHARED_NAMES = 0.5
# Same-language reports whose titles share this share of words are one story even with no names known.
MIN_SHARED_TITLE_WORDS = 0.6
# Words too common to say two titles are about the same thing.
MIN_TITLE_WORD_LENGTH = 4
# A name carried by more items than this in one window says little; skip comparing inside such a block.
MAX_BLOCK_SIZE = 400


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True, slots=True)
class _Features:
    """What two reports are compared on."""

    item: NewsItem
    names: frozenset[str]
    title_words: frozenset[str]

    @classmethod
    def of(cls, item: NewsItem) -> _Features:
        words = frozenset(word for word in tokens(item.title) if len(word) >= MIN_TITLE_WORD_LENGTH)
        return cls(item, frozenset(item.models) | frozenset(item.entities), words)

    def same_event(self, other: _Features) -> bool:
        shared = self.names & other.names
        if len(shared) >= 2 and _jaccard(self.names, other.names) >= MIN_SHARED_NAMES:
            return True
        same_language = self.item.language == other.item.language
        return same_language and _jaccard(self.title_words, other.title_words) >= MIN_SHARED_TITLE_WORDS


def cluster(items: Sequence[NewsItem]) -> list[list[NewsItem]]:
    """Stories as lists of items (oldest first), ordered by their first item; deterministic for the same input."""
    ordered = [_Features.of(item) for item in sorted(items, key=lambda item: (item.published, item.identity))]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, features in enumerate(ordered):
        for name in features.names:
            blocks[f"n:{name}"].append(index)
        for word in features.title_words:
            blocks[f"w:{features.item.language}:{word}"].append(index)
    groups = _UnionFind(len(ordered))
    for members in blocks.values():
        _link_within_window(ordered, members, groups)
    stories: dict[int, list[NewsItem]] = defaultdict(list)
    for index, features in enumerate(ordered):
        stories[groups.find(index)].append(features.item)
    return [stories[root] for root in sorted(stories)]


def _link_within_window(ordered: Sequence[_Features], members: list[int], groups: _UnionFind) -> None:
    """Compare each item with the later items of its block that fall within the same-event window."""
    for position, first in enumerate(members):
        start = ordered[first].item.published
        for compared, second in enumerate(members[position + 1 :]):
            if compared >= MAX_BLOCK_SIZE or ordered[second].item.published - start > SAME_EVENT_WINDOW:
                break
            if groups.find(first) != groups.find(second) and ordered[first].same_event(ordered[second]):
                groups.union(first, second)
