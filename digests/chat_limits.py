"""Slack and Discord message limits, and the functions that measure text and cut it to fit them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digests.escape import squash

# --- Slack Block Kit (chat.postMessage) ---
SLACK_MAX_BLOCKS = 50  # more blocks in one message and Slack answers invalid_blocks
SLACK_SECTION_TEXT_MAX = 3000  # a section block's text object, and each context element
SLACK_HEADER_TEXT_MAX = 150  # a header block's plain_text
# Slack also caps the text summed over all blocks of one message and answers msg_blocks_too_long beyond
# it, even when every block is within its own limit.
SLACK_MESSAGE_TEXT_MAX = 12_000
# What we pack messages to: a margin in case Slack counts some characters (emoji, entities) differently.
SLACK_MESSAGE_TEXT_BUDGET = SLACK_MESSAGE_TEXT_MAX - 1000

# --- Discord (create message, embeds) ---
DISCORD_CONTENT_MAX = 2000  # message content
DISCORD_EMBEDS_MAX = 10  # embeds per message
DISCORD_EMBED_TITLE_MAX = 256
DISCORD_EMBED_DESCRIPTION_MAX = 4096
DISCORD_EMBED_FIELDS_MAX = 25
DISCORD_FIELD_NAME_MAX = 256
DISCORD_FIELD_VALUE_MAX = 1024
DISCORD_FOOTER_MAX = 2048
DISCORD_AUTHOR_NAME_MAX = 256
# Title, description, field names and values, footer text and author name summed over all embeds of one
# message; Discord rejects the message beyond it.
DISCORD_EMBEDS_TOTAL_MAX = 6000

# Links longer than this are shown as plain text: no real article URL is that long, and one would eat a
# whole story's share of a message.
LINK_URL_MAX = 1000

ELLIPSIS = "…"


def text_length(text: str) -> int:
    """Length in UTF-16 code units: never less than the code point count, so safe whichever one a platform
    counts (astral emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int, escape: Callable[[str], str] = squash) -> str:
    """The squashed text, cut at a word boundary and ended with "…" so that ``escape(result)`` is at most
    ``limit`` long. Returns raw text (escape it where it is used). A single word longer than the limit is
    cut inside the word, as nothing else can fit."""
    text = squash(text)
    if text_length(escape(text)) <= limit:
        return text
    # Binary search for the longest cut that fits: escaping can grow text unevenly ("&" -> "&amp;").
    best, low, high = ELLIPSIS, 1, min(len(text), limit)
    while low <= high:
        cut = (low + high) // 2
        candidate = _cut_at_word(text, cut) + ELLIPSIS
        if text_length(escape(candidate)) <= limit:
            best, low = candidate, cut + 1
        else:
            high = cut - 1
    return best


def slack_blocks_text_length(blocks: list[dict[str, Any]]) -> int:
    """Characters of text in a message's blocks, summed the way Slack's per-message cap counts them: every
    ``text`` string of every block and nested element (header, section, fields, context)."""
    return _text_strings_length(blocks)


def discord_embed_length(embed: dict[str, Any]) -> int:
    """The characters of one embed that count towards Discord's per-message embed total."""
    fields = embed.get("fields", [])
    return (
        text_length(embed.get("title", ""))
        + text_length(embed.get("description", ""))
        + sum(text_length(field["name"]) + text_length(field["value"]) for field in fields)
        + text_length(embed.get("footer", {}).get("text", ""))
        + text_length(embed.get("author", {}).get("name", ""))
    )


def _cut_at_word(text: str, cut: int) -> str:
    """``text[:cut]`` backed off to the last whole word (if there is one), without trailing spaces/commas."""
    prefix = text[:cut]
    if cut < len(text) and not text[cut].isspace() and " " in prefix:
        prefix = prefix[: prefix.rindex(" ")]
    return prefix.rstrip(" ,;:")


def _text_strings_length(node: Any) -> int:
    """Sum the lengths of all strings stored under a ``text`` key anywhere in a JSON-like tree."""
    if isinstance(node, list):
        return sum(_text_strings_length(child) for child in node)
    if not isinstance(node, dict):
        return 0
    total = 0
    for key, value in node.items():
        if key == "text" and isinstance(value, str):
            total += text_length(value)
        else:
            total += _text_strings_length(value)
    return total
