"""Digest -> Slack chat.postMessage payloads (Block Kit), split at story boundaries to stay within limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digests import escape
from digests.chat_limits import (
    SLACK_HEADER_TEXT_MAX,
    SLACK_MAX_BLOCKS,
    SLACK_MESSAGE_TEXT_BUDGET,
    SLACK_SECTION_TEXT_MAX,
    fit,
    slack_blocks_text_length,
)
from digests.chat_story import Budgets, render_within, story_view
from digests.templating import macros
from digests.types import Digest, Story

_TEMPLATE = "slack.j2"
_PHRASES = "_phrases.j2"
# Shares of a story's 3000-character section text; without sources they sum to ~1700, leaving room for
# at least one long source line before sources start being dropped.
_BUDGETS = Budgets(headline=250, summary=1200, models=200, label=150, source=60, sources=5)
# Room left in a 150-character header for " (continued)" after a section title.
_SECTION_TITLE_MAX = SLACK_HEADER_TEXT_MAX - 20

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Unit:
    """Blocks that must stay in one message, and the header text that opens a message if the unit starts
    one in the middle of its section."""

    blocks: list[Block]
    continued: str | None = None


def slack_messages(digest: Digest) -> list[dict[str, Any]]:
    """chat.postMessage payloads ``{"text", "blocks"}`` in posting order; the adapter adds the channel."""
    pieces = macros(_TEMPLATE)
    title = fit(digest.title, SLACK_HEADER_TEXT_MAX, escape.slack)
    opening = [_header(pieces.header(title)), _context(pieces.period(digest))]
    messages = _pack(opening, _units(digest, pieces))
    return [
        {"text": pieces.fallback(title, digest, index, len(messages)).strip(), "blocks": blocks}
        for index, blocks in enumerate(messages, start=1)
    ]


def _units(digest: Digest, pieces: Any) -> list[_Unit]:
    """The digest body as unsplittable units: a story (with its section header if first), then extras."""
    phrases = macros(_PHRASES)
    units: list[_Unit] = []
    if not digest.stories:
        units.append(_Unit([_section(phrases.no_stories())]))
    for section in digest.sections:
        title = fit(section.title, _SECTION_TITLE_MAX, escape.slack)
        continued = pieces.section(title, True)
        for rank, story in enumerate(section.stories):
            story_blocks = [_story(story, pieces), {"type": "divider"}]
            if rank == 0:
                units.append(_Unit([_header(pieces.section(title, False)), *story_blocks]))
            else:
                units.append(_Unit(story_blocks, continued))
    if digest.omitted:
        units.append(_Unit([_context(phrases.more_stories(digest.omitted))]))
    return units


def _pack(opening: list[Block], units: list[_Unit]) -> list[list[Block]]:
    """Fill messages in order; a unit that does not fit starts the next message (with a "(continued)"
    header when it is in the middle of a section). Every unit fits an empty message by construction."""
    messages = [list(opening)]
    for unit in units:
        if not _fits(messages[-1] + unit.blocks):
            messages.append([_header(unit.continued)] if unit.continued else [])
        messages[-1].extend(unit.blocks)
    return messages


def _fits(blocks: list[Block]) -> bool:
    return len(blocks) <= SLACK_MAX_BLOCKS and slack_blocks_text_length(blocks) <= SLACK_MESSAGE_TEXT_BUDGET


def _story(story: Story, pieces: Any) -> Block:
    view = story_view(story, _BUDGETS, escape.slack)
    return _section(render_within(lambda v: pieces.story(v).strip(), view, SLACK_SECTION_TEXT_MAX))


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text.strip(), "emoji": True}}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack still honours our own <url|label> tokens but never auto-links or auto-parses feed words.
    return {"type": "mrkdwn", "text": text.strip(), "verbatim": True}
