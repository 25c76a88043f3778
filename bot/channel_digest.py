"""What a channel's digest holds: the week's stories from its workspace's feeds, filtered to what it follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import Services
from digests.compose import Selection
from digests.knowledge import KnowledgeBase
from digests.store import channels
from digests.store.channels import ChannelRef, ChannelSettings
from digests.types import Digest

DIGEST_PERIOD = timedelta(days=7)
# Chat messages stay readable: a channel digest tells this many stories and says how many more there were.
CHAT_STORY_LIMIT = 15


@dataclass(frozen=True, slots=True)
class ChannelDigest:
    settings: ChannelSettings
    digest: Digest
    sources: tuple[str, ...]


def selection_for(settings: ChannelSettings, knowledge: KnowledgeBase) -> Selection:
    """The channel's follows as a digest selection (stored model ids become the names items carry)."""
    values: dict[str, list[str]] = {"topic": [], "model": [], "org": [], "keyword": []}
    for follow in settings.follows:
        values[follow.kind].append(follow.value)
    return Selection(
        topics=frozenset(values["topic"]),
        models=frozenset(knowledge.model_names(values["model"])),
        entities=frozenset(values["org"]),
        keywords=tuple(values["keyword"]),
    )


def workspace_sources(services: Services, platform: str, workspace: str) -> list[str]:
    """The operator's default feeds, then the ones this workspace added."""
    with services.engine.connect() as connection:
        added = [feed.source for feed in channels.workspace_feeds(connection, platform, workspace)]
    return list(dict.fromkeys([*services.settings.default_sources, *added]))


def channel_digest(services: Services, ref: ChannelRef, now: datetime) -> ChannelDigest:
    """The digest the channel would get now: the last seven days (the bundled demo feeds: their own span)."""
    with services.engine.connect() as connection:
        settings = channels.channel_settings(connection, ref)
    sources = workspace_sources(services, ref.platform, ref.workspace)
    newsroom = services.newsroom
    span = None
    if services.settings.uses_bundled_feeds and sources == services.settings.default_sources:
        span = newsroom.span(sources)
    start, end = span or (now - DIGEST_PERIOD, now)
    digest = newsroom.digest(
        start,
        end,
        sources=sources,
        selection=selection_for(settings, services.knowledge),
        limit=CHAT_STORY_LIMIT,
        language=settings.language,
    )
    return ChannelDigest(settings, digest, tuple(sources))
