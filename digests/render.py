"""Render a composed Digest as Markdown, a standalone HTML page, JSON, Slack or Discord messages."""

from __future__ import annotations

import json
from typing import Any

from digests.render_discord import discord_messages
from digests.render_slack import slack_messages
from digests.templating import environment, utc
from digests.types import Digest, NewsItem, Story

__all__ = ["FORMATS", "digest_to_dict", "discord_messages", "render", "slack_messages"]

FORMATS = ("markdown", "html", "json", "slack", "discord")
_PAGE_TEMPLATES = {"markdown": "digest.md.j2", "html": "digest.html.j2"}
_JSON_INDENT = 2  # JSON output is read by people too (CLI, debugging)


def render(digest: Digest, fmt: str) -> str:
    """The digest as text ready to print: Markdown or HTML, or JSON for json/slack/discord payloads."""
    if fmt in _PAGE_TEMPLATES:
        page = environment().get_template(_PAGE_TEMPLATES[fmt]).render(digest=digest)
        return page.rstrip("\n") + "\n"
    payloads = {"json": digest_to_dict, "slack": slack_messages, "discord": discord_messages}
    if fmt not in payloads:
        raise ValueError(f"Unknown digest format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    return json.dumps(payloads[fmt](digest), indent=_JSON_INDENT, ensure_ascii=False)


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """The JSON contract: period and stories in digest order, raw (unescaped) text, ISO 8601 UTC dates."""
    return {
        "period": {"start": utc(digest.period_start).isoformat(), "end": utc(digest.period_end).isoformat()},
        "stories": [_story_to_dict(story) for story in digest.stories],
    }


def _story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "headline": story.headline,
        "summary": story.summary,
        "section": story.section,
        "topics": list(story.topics),
        "models": list(story.models),
        "items": [item_to_dict(item) for item in story.items],
    }


def item_to_dict(item: NewsItem) -> dict[str, Any]:
    return {
        "url": item.url,
        "title": item.title,
        "source": item.source,
        "published": utc(item.published).isoformat(),
        "language": item.language,
        "models": list(item.models),
    }
