"""Turn a period's items into a Digest: filter to what a channel follows, cluster, rank, summarise, section."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from digests.cluster import cluster
from digests.cycles import cycle_collection_paused
from digests.knowledge import KnowledgeBase
from digests.summarise import Summariser
from digests.textkeys import fold
from digests.types import Digest, NewsItem, Section, Story

OTHER_SECTION = ("other", "Also noted")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Selection:
    """What a channel follows; an empty selection follows everything."""

    topics: frozenset[str] = frozenset()
    models: frozenset[str] = frozenset()  # canonical model names, as items carry them
    entities: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = field(default=())

    def is_empty(self) -> bool:
        return not (self.topics or self.models or self.entities or self.keywords)

    def wants(self, item: NewsItem) -> bool:
        if self.is_empty():
            return True
        if self.topics.intersection(item.topics) or self.models.intersection(item.models):
            return True
        if self.entities.intersection(item.entities):
            return True
        text = fold(f"{item.title} {item.text}")
        return any(fold(keyword) in text for keyword in self.keywords)


def _story_id(items: Sequence[NewsItem]) -> str:
    """Named after its first report, so the id stays put as later reports join."""
    return hashlib.blake2b(items[0].identity.encode("utf-8"), digest_size=8).hexdigest()


def _section_of(items: Sequence[NewsItem], section_order: Sequence[str]) -> str:
    """The topic most of the story's reports are mainly about (an item's first topic is its main one)."""
    counts = Counter(item.topics[0] for item in items if item.topics)
    if not counts:
        return OTHER_SECTION[0]
    return min(counts, key=lambda topic: (-counts[topic], section_order.index(topic)))


def _headline_item(items: Sequence[NewsItem], language: str) -> NewsItem:
    return min(items, key=lambda item: (item.language != language, item.published))


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def compose(
    items: Sequence[NewsItem],
    *,
    knowledge: KnowledgeBase,
    summariser: Summariser,
    start: datetime,
    end: datetime,
    title: str = "Reelbrief: AI in Hollywood",
    selection: Selection | None = None,
    limit: int | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Digest:
    """A digest of the relevant items dated in [start, end], ranked by how widely and how recently reported. Only
    the stories kept are summarised: with a limit, the rest would cost an LLM call each for nothing."""
    wanted = [
        item
        for item in items
        if item.relevant and start <= item.published <= end and (selection is None or selection.wants(item))
    ]
    section_order = [topic.id for topic in knowledge.topics]
    with cycle_collection_paused():
        groups = cluster(wanted, knowledge.concept_index(), knowledge.makers())
        stories = [_story(group, section_order, end, language) for group in groups]
        stories.sort(key=lambda story: (-story.score, story.id))
        kept = stories if limit is None else stories[:limit]
        for story in kept:
            story.summary = summariser.summarise(story.headline, story.items, language)
    sections = [Section(topic.id, topic.title) for topic in knowledge.topics] + [Section(*OTHER_SECTION)]
    by_key = {section.key: section for section in sections}
    for story in kept:
        by_key[story.section].stories.append(story)
    return Digest(
        title=title,
        period_start=start,
        period_end=end,
        sections=[section for section in sections if section.stories],
        omitted=len(stories) - len(kept),
    )


def _story(items: list[NewsItem], section_order: Sequence[str], end: datetime, language: str) -> Story:
    """The story of a group of reports, ranked and sectioned; its summary is written once it is known to be kept."""
    headline = _headline_item(items, language).title
    sources = {item.source for item in items}
    age_days = max((end - items[-1].published).total_seconds() / 86400, 0.0)
    return Story(
        id=_story_id(items),
        headline=headline,
        summary="",
        section=_section_of(items, section_order),
        topics=_unique([topic for item in items for topic in item.topics]),
        models=_unique([model for item in items for model in item.models]),
        items=items,
        # Each extra outlet outweighs a week of age: wide coverage marks the week's big stories.
        score=len(sources) + len(items) * 0.25 - age_days / 7,
    )
