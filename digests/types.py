"""Plain dataclasses that flow between the pipeline stages: fetched bytes, parsed entries, items, stories, digests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CacheHeaders:
    """Validators remembered per feed for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What gather returns for one source: bytes, or a 304 (``content is None``)."""

    source: str
    content: bytes | None
    cache: CacheHeaders = field(default_factory=CacheHeaders)
    final_url: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.content is None


@dataclass(slots=True)
class ParsedEntry:
    """One entry as the feed gave it; HTML still raw, dates already UTC-aware or None."""

    guid: str | None
    link: str | None
    title: str
    summary_html: str
    content_html: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    language: str | None


@dataclass(slots=True)
class ParsedFeed:
    """A parsed feed document."""

    title: str
    link: str | None
    language: str | None
    entries: list[ParsedEntry]
    problem: str | None = None  # set when the document was ill-formed and read leniently


@dataclass(slots=True)
class Item:
    """A normalised item: safe plain text, canonical URL, stable identity, UTC dates."""

    identity: str
    url: str | None
    title: str
    text: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    language: str | None
    content_hash: str


@dataclass(frozen=True, slots=True)
class StoryTerms:
    """What clustering compares an item on (see ``digests.story_terms``), space-separated as stored: one string
    per field keeps 100,000 items' terms small in memory."""

    words: str  # "en:lionsgate en:library …"
    anchors: str  # "~deal ^lionsgate #2024 …"


@dataclass(slots=True)
class Annotations:
    """What enrichment learned about an item."""

    language: str
    models: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    relevant: bool = True
    reason: str = ""
    terms: StoryTerms | None = None


@dataclass(slots=True)
class NewsItem:
    """An item as stored, with its annotations: what clustering and composing work on."""

    id: int
    identity: str
    url: str | None
    title: str
    text: str
    source: str
    published: datetime
    language: str
    models: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    relevant: bool = True
    reason: str = ""
    # What the headline names among its models and organisations (filled when loaded for a digest).
    subjects: frozenset[str] = frozenset()
    terms: StoryTerms | None = None  # what clustering compares, when worked out at ingest


@dataclass(slots=True)
class Story:
    """Items about one event, told once."""

    id: str
    headline: str
    summary: str
    section: str
    topics: tuple[str, ...]
    models: tuple[str, ...]
    items: list[NewsItem]
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class SectionInfo:
    """A digest section's key and reader-facing title."""

    key: str
    title: str


@dataclass(slots=True)
class Section:
    key: str
    title: str
    stories: list[Story] = field(default_factory=list)


@dataclass(slots=True)
class Digest:
    """A composed digest for one period, ready to render."""

    title: str
    period_start: datetime
    period_end: datetime
    sections: list[Section]
    omitted: int = 0

    @property
    def stories(self) -> list[Story]:
        return [story for section in self.sections for story in section.stories]
