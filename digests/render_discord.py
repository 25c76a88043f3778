"""Digest -> Discord create-message payloads (one embed per story), split to stay within Discord's limits."""

from __future__ import annotations

from typing import Any

from digests import escape
from digests.chat_limits import (
    DISCORD_AUTHOR_NAME_MAX,
    DISCORD_EMBED_TITLE_MAX,
    DISCORD_EMBEDS_MAX,
    DISCORD_EMBEDS_TOTAL_MAX,
    discord_embed_length,
    fit,
)
from digests.chat_story import Budgets, link_url, render_within, story_view
from digests.templating import macros
from digests.types import Digest, Story

_TEMPLATE = "discord.j2"
# A story's description is kept well under Discord's 4096 so that even the longest stories go three to a
# message (3 x (1700 + 256 title + 256 author) < 6000 embed characters); a digest is skimmed, not read.
_DESCRIPTION_MAX = 1700
# Shares of that description; without sources they sum to ~1350. The headline is the embed title.
_BUDGETS = Budgets(headline=DISCORD_EMBED_TITLE_MAX, summary=1000, models=300, label=150, source=60, sources=5)
# The digest title in message content: far below the 2000-character content limit, so the period, the
# part number and the "…and N more stories" line always fit beside it.
_TITLE_MAX = 200
Embed = dict[str, Any]


def discord_messages(digest: Digest) -> list[dict[str, Any]]:
    """Create-message payloads ``{"content", "embeds", "allowed_mentions"}`` in posting order."""
    pieces = macros(_TEMPLATE)
    title = fit(digest.title, _TITLE_MAX, escape.discord)
    embeds = [_embed(story, section.title, pieces) for section in digest.sections for story in section.stories]
    groups = _pack(embeds)
    return [
        {
            "content": pieces.content(title, digest, index, len(groups)).strip(),
            "embeds": group,
            # Mentions are also broken in the text itself; this makes Discord ignore any that slipped through.
            "allowed_mentions": {"parse": []},
        }
        for index, group in enumerate(groups, start=1)
    ]


def _pack(embeds: list[Embed]) -> list[list[Embed]]:
    """Fill messages in order with at most 10 embeds and 6000 embed characters each (always one message).
    One embed alone is at most ~2200 characters, so it always fits an empty message."""
    groups: list[list[Embed]] = [[]]
    size = 0
    for embed in embeds:
        length = discord_embed_length(embed)
        if groups[-1] and (len(groups[-1]) == DISCORD_EMBEDS_MAX or size + length > DISCORD_EMBEDS_TOTAL_MAX):
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += length
    return groups


def _embed(story: Story, section_title: str, pieces: Any) -> Embed:
    """One story as an embed: section as author line, headline as (linked) title, text as description."""
    view = story_view(story, _BUDGETS, escape.discord)
    urls = [url for url in map(link_url, (item.url for item in story.items)) if url]
    # Plain text: Discord renders no markdown in an author name, so only mentions are broken.
    author = escape.discord_plain(fit(section_title, DISCORD_AUTHOR_NAME_MAX, escape.discord_plain))
    parts = {
        "author": {"name": author} if author else None,
        "title": pieces.title(view).strip(),
        "url": urls[0] if urls else None,
        "description": render_within(lambda v: pieces.description(v).strip(), view, _DESCRIPTION_MAX),
    }
    # Discord rejects empty strings where it expects text, so whatever came out empty is left out.
    return {key: value for key, value in parts.items() if value}
