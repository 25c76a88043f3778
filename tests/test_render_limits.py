"""A digest too big for one chat message is split at story boundaries, within every Slack and Discord limit.

Lengths are counted here independently of the renderer: UTF-16 code units, every Slack "text" string.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from digests import escape
from digests.chat_limits import fit
from digests.render import discord_messages, slack_messages
from digests.types import Digest, NewsItem, Section, Story

STORIES = 120
SOURCES_PER_STORY = 10
SECTIONS = ("models", "deals", "legal", "labour")
# Words that grow when escaped (& < > * _) and an astral emoji that counts twice in UTF-16.
WORDS = ("Sora", "&", "Veo", "<clip>", "studio_deal", "*Marey*", "Pika", "🎬", "Runway", "Gen-3")
GIANT_HEADLINE = " ".join(["Headline"] * 111)[:1000]
GIANT_SUMMARY = " ".join(WORDS * 2000)[:20_000]


def _len(text: str) -> int:
    """Characters as a strict platform would count them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _marker(index: int) -> str:
    return f"Story{index:03d}"


def _story(index: int, section: str) -> Story:
    items = [
        NewsItem(
            id=index * 100 + n,
            identity=f"{index}-{n}",
            url=f"https://news.example/{index}/{n}?q=" + "x" * (900 if n == 0 else 40),
            title=f"Source {n} on {_marker(index)}: " + " ".join(WORDS * 3),
            text="",
            source=f"Trade paper {n} & co",
            published=datetime(2024, 9, 17, tzinfo=UTC),
            language="en",
        )
        for n in range(SOURCES_PER_STORY)
    ]
    return Story(
        id=f"s{index}",
        headline=f"{_marker(index)} " + " ".join(WORDS),
        summary=" ".join(WORDS * 40),
        section=section,
        topics=("generative-video",),
        models=("Sora", "Veo", "Runway Gen-3 Alpha"),
        items=items,
    )


@pytest.fixture(scope="module")
def big_digest() -> Digest:
    stories = [_story(index, SECTIONS[index % len(SECTIONS)]) for index in range(STORIES)]
    stories[7].headline = f"{_marker(7)} {GIANT_HEADLINE}"
    stories[7].summary = GIANT_SUMMARY
    sections = [
        Section(key=key, title=f"{key.title()} news", stories=[s for s in stories if s.section == key])
        for key in SECTIONS
    ]
    return Digest(
        title="Reelbrief weekly digest",
        period_start=datetime(2024, 9, 16, tzinfo=UTC),
        period_end=datetime(2024, 9, 23, tzinfo=UTC),
        sections=sections,
        omitted=40,
    )


@pytest.fixture(scope="module")
def slack(big_digest: Digest) -> list[dict[str, Any]]:
    return slack_messages(big_digest)


@pytest.fixture(scope="module")
def discord(big_digest: Digest) -> list[dict[str, Any]]:
    return discord_messages(big_digest)


def _digest_order(digest: Digest) -> list[str]:
    return [story.headline.split()[0] for story in digest.stories]


def _slack_texts(node: Any) -> list[str]:
    """Every string under a "text" key, as Slack sums them for msg_blocks_too_long."""
    if isinstance(node, list):
        return [text for child in node for text in _slack_texts(child)]
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        found += [value] if key == "text" and isinstance(value, str) else _slack_texts(value)
    return found


def test_slack_messages_stay_within_every_limit(slack: list[dict[str, Any]]) -> None:
    messages = slack
    assert len(messages) > 1
    for message in messages:
        assert set(message) == {"text", "blocks"}
        assert message["text"].strip()
        assert len(message["blocks"]) <= 50
        assert sum(_len(text) for text in _slack_texts(message["blocks"])) <= 12_000
        for block in message["blocks"]:
            if block["type"] == "header":
                assert 1 <= _len(block["text"]["text"]) <= 150
            elif block["type"] == "section":
                assert 1 <= _len(block["text"]["text"]) <= 3000
            elif block["type"] == "context":
                assert all(1 <= _len(element["text"]) <= 3000 for element in block["elements"])


def test_many_short_stories_are_split_by_block_and_embed_count() -> None:
    stories = [
        Story(id=f"s{n}", headline=_marker(n), summary="", section="models", topics=(), models=(), items=[])
        for n in range(60)
    ]
    digest = Digest(
        title="Short",
        period_start=datetime(2024, 9, 16, tzinfo=UTC),
        period_end=datetime(2024, 9, 23, tzinfo=UTC),
        sections=[Section(key="models", title="Models", stories=stories)],
    )
    messages = slack_messages(digest)
    # Header, period, section header, then (story, divider) pairs; later: "(continued)" header, pairs.
    assert [len(message["blocks"]) for message in messages] == [49, 49, 27]
    seen = [block["text"]["text"] for m in messages for block in m["blocks"] if block["type"] == "section"]
    assert seen == [f"*{_marker(n)}*" for n in range(60)]
    embeds = [message["embeds"] for message in discord_messages(digest)]
    assert [len(group) for group in embeds] == [10] * 6
    assert [embed["title"] for group in embeds for embed in group] == [_marker(n) for n in range(60)]


def test_slack_split_loses_no_story_and_keeps_order(big_digest: Digest, slack: list[dict[str, Any]]) -> None:
    messages = slack
    seen = [
        re.match(r"\*(Story\d{3})", block["text"]["text"]).group(1)
        for message in messages
        for block in message["blocks"]
        if block["type"] == "section" and block["text"]["text"].startswith("*Story")
    ]
    assert seen == _digest_order(big_digest)
    assert "…and 40 more stories" in messages[-1]["blocks"][-1]["elements"][0]["text"]


def test_slack_parts_are_numbered_and_continued_sections_say_so(slack: list[dict[str, Any]]) -> None:
    messages = slack
    count = len(messages)
    for index, message in enumerate(messages, start=1):
        assert message["text"] == f"Reelbrief weekly digest 2024-09-16 – 2024-09-22 (part {index}/{count})"
    first_blocks = [message["blocks"][0] for message in messages[1:]]
    assert all(block["type"] == "header" for block in first_blocks)
    assert any(block["text"]["text"].endswith("(continued)") for block in first_blocks)


def test_an_oversized_story_is_cut_cleanly_in_slack(slack: list[dict[str, Any]]) -> None:
    text = next(
        block["text"]["text"]
        for message in slack
        for block in message["blocks"]
        if block["type"] == "section" and block["text"]["text"].startswith("*Story007")
    )
    headline, summary = text.split("\n")[:2]
    assert headline.endswith("…*") and headline.startswith("*Story007 Headline Headline")
    assert summary.endswith("…")
    assert escape.slack(GIANT_SUMMARY).startswith(summary[:-1].rstrip() + " ")  # ends on a whole word
    assert not re.search(r"&(?!amp;|lt;|gt;)", text)  # no entity cut in half


def _embed_total(embed: dict[str, Any]) -> int:
    return (
        _len(embed.get("title", ""))
        + _len(embed.get("description", ""))
        + sum(_len(field["name"]) + _len(field["value"]) for field in embed.get("fields", []))
        + _len(embed.get("footer", {}).get("text", ""))
        + _len(embed.get("author", {}).get("name", ""))
    )


def test_discord_messages_stay_within_every_limit(discord: list[dict[str, Any]]) -> None:
    messages = discord
    assert len(messages) > 1
    for message in messages:
        assert message["allowed_mentions"] == {"parse": []}
        assert 1 <= _len(message["content"]) <= 2000
        assert len(message["embeds"]) <= 10
        assert sum(_embed_total(embed) for embed in message["embeds"]) <= 6000
        for embed in message["embeds"]:
            assert _len(embed["title"]) <= 256
            assert _len(embed["description"]) <= 4096
            assert _len(embed["author"]["name"]) <= 256
            assert len(embed.get("fields", [])) <= 25
            assert _len(embed.get("footer", {}).get("text", "")) <= 2048
            assert embed.get("url", "https://").startswith("https://")


def test_discord_split_loses_no_story_and_keeps_order(big_digest: Digest, discord: list[dict[str, Any]]) -> None:
    messages = discord
    seen = [embed["title"].split()[0] for message in messages for embed in message["embeds"]]
    assert seen == _digest_order(big_digest)
    count = len(messages)
    assert messages[0]["content"].startswith(f"**Reelbrief weekly digest** (part 1/{count})\n2024-09-16")
    assert messages[-1]["content"].endswith("…and 40 more stories")
    assert all(f"(part {index}/{count})" in m["content"] for index, m in enumerate(messages, start=1))


def test_sources_that_fit_are_listed_even_after_one_that_does_not(
    slack: list[dict[str, Any]], discord: list[dict[str, Any]]
) -> None:
    """Each test story's first source has a 900-character URL; the shorter ones after it still show."""
    for message in slack:
        for block in message["blocks"]:
            if block["type"] == "section" and block["text"]["text"].startswith("*Story"):
                assert "<https://news.example/" in block["text"]["text"]
    for message in discord:
        for embed in message["embeds"]:
            assert "](https://news.example/" in embed["description"]


def test_an_oversized_story_is_cut_cleanly_in_discord(discord: list[dict[str, Any]]) -> None:
    embed = next(e for m in discord for e in m["embeds"] if e["title"].startswith("Story007"))
    assert embed["title"].endswith("Headline…")
    assert embed["description"].split("\n")[0].endswith("…")
    assert "more sources" in embed["description"]


def test_fit_cuts_at_a_word_boundary() -> None:
    assert fit("Sora meets Hollywood executives", 20) == "Sora meets…"
    assert fit("Sora meets", 20) == "Sora meets"
    assert fit("Sora,  meets\nHollywood", 12) == "Sora, meets…"
    assert fit("Sora, meets Hollywood", 11) == "Sora…"


def test_fit_measures_the_escaped_text_and_never_splits_an_escape() -> None:
    text = "Tom & Jerry & Sora & Veo & Pika"
    cut = fit(text, 20, escape.slack)
    assert _len(escape.slack(cut)) <= 20
    assert cut == "Tom & Jerry…"


def test_fit_cuts_inside_a_word_only_when_one_word_is_all_there_is() -> None:
    assert fit("x" * 50, 10) == "x" * 9 + "…"
    assert fit("🎬" * 10, 7) == "🎬" * 3 + "…"  # each emoji is two UTF-16 units
