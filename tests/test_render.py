"""A composed digest renders as Markdown, HTML, JSON, Slack and Discord messages.

Golden files live in tests/golden/; run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digests.render import FORMATS, digest_to_dict, discord_messages, render, slack_messages
from digests.templating import TEMPLATES_DIR_ENV
from digests.types import Digest, NewsItem, Section, Story

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
START = datetime(2024, 9, 16, tzinfo=UTC)
END = datetime(2024, 9, 23, tzinfo=UTC)


def _item(item_id: int, title: str, source: str, url: str | None, day: int, language: str = "en") -> NewsItem:
    return NewsItem(
        id=item_id,
        identity=f"item-{item_id}",
        url=url,
        title=title,
        text="",
        source=source,
        published=datetime(2024, 9, day, 14, 5, tzinfo=UTC),
        language=language,
        models=("Sora",) if "Sora" in title else (),
    )


def _two_section_digest(omitted: int = 0) -> Digest:
    """A small weekly digest: two sections, three stories, one unlinkable source, one non-English source."""
    sora = Story(
        id="st-sora",
        headline="OpenAI screens Sora for studio executives",
        summary="OpenAI showed its Sora video model to studio heads in Los Angeles, pitching it for "
        "pre-visualisation & concept work.",
        section="models",
        topics=("generative-video", "studios"),
        models=("Sora",),
        items=[
            _item(1, "OpenAI courts Hollywood with Sora", "Variety", "https://variety.example/sora-hollywood", 17),
            _item(2, "Sora in Hollywood: was Studios sagen", "Heise", "https://heise.example/sora?a=1&b=2", 18, "de"),
        ],
        score=0.91,
    )
    gen3 = Story(
        id="st-gen3",
        headline="Runway Gen-3 Alpha adds video-to-video",
        summary="Runway's Gen-3 Alpha now restyles existing footage.",
        section="models",
        topics=("generative-video",),
        models=("Runway Gen-3 Alpha",),
        items=[_item(3, "Runway ships video-to-video", "The Verge", None, 19)],
        score=0.74,
    )
    deal = Story(
        id="st-lionsgate",
        headline="Lionsgate signs a training deal with Runway",
        summary="The studio will let Runway train a custom model on its library.",
        section="deals",
        topics=("studio-deals",),
        models=(),
        items=[_item(4, "Lionsgate and Runway strike AI deal", "Deadline", "https://deadline.example/lgf", 18)],
        score=0.88,
    )
    return Digest(
        title="Reelbrief weekly digest",
        period_start=START,
        period_end=END,
        sections=[
            Section(key="models", title="Models", stories=[sora, gen3]),
            Section(key="deals", title="Studio deals", stories=[deal]),
        ],
        omitted=omitted,
    )


def _empty_digest(omitted: int = 0) -> Digest:
    return Digest(title="Reelbrief weekly digest", period_start=START, period_end=END, sections=[], omitted=omitted)


def _assert_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize(("fmt", "golden"), [("markdown", "weekly.md"), ("html", "weekly.html")])
def test_pages_match_their_golden_files(fmt: str, golden: str) -> None:
    _assert_golden(golden, render(_two_section_digest(omitted=2), fmt))


def test_json_follows_the_contract_in_digest_order() -> None:
    data = json.loads(render(_two_section_digest(), "json"))
    assert data == digest_to_dict(_two_section_digest())
    assert set(data) == {"period", "stories"}
    assert data["period"] == {"start": "2024-09-16T00:00:00+00:00", "end": "2024-09-23T00:00:00+00:00"}
    assert [story["id"] for story in data["stories"]] == ["st-sora", "st-gen3", "st-lionsgate"]
    sora = data["stories"][0]
    assert set(sora) == {"id", "headline", "summary", "section", "topics", "models", "items"}
    assert sora["topics"] == ["generative-video", "studios"]
    assert sora["models"] == ["Sora"]
    assert sora["summary"].endswith("pre-visualisation & concept work.")
    assert sora["items"][1] == {
        "url": "https://heise.example/sora?a=1&b=2",
        "title": "Sora in Hollywood: was Studios sagen",
        "source": "Heise",
        "published": "2024-09-18T14:05:00+00:00",
        "language": "de",
        "models": ["Sora"],
    }
    assert data["stories"][1]["items"][0]["url"] is None


def test_json_text_is_readable_unicode() -> None:
    digest = _two_section_digest()
    digest.sections[0].stories[0].headline = "Café société – Sora"
    assert "Café société – Sora" in render(digest, "json")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_empty_digest_says_so(fmt: str) -> None:
    assert "No stories for this period." in render(_empty_digest(), fmt)


def test_an_empty_digest_still_makes_one_chat_message_each() -> None:
    (slack,) = slack_messages(_empty_digest())
    assert "No stories for this period." in json.dumps(slack["blocks"], ensure_ascii=False)
    assert slack["text"].startswith("Reelbrief weekly digest 2024-09-16 – 2024-09-22")
    (discord,) = discord_messages(_empty_digest())
    assert discord["embeds"] == []
    assert "No stories for this period." in discord["content"]


@pytest.mark.parametrize(("omitted", "phrase"), [(1, "…and 1 more story"), (7, "…and 7 more stories")])
@pytest.mark.parametrize("fmt", ["markdown", "html", "slack", "discord"])
def test_stories_left_out_by_a_limit_are_counted(fmt: str, omitted: int, phrase: str) -> None:
    assert phrase in render(_two_section_digest(omitted=omitted), fmt)
    assert "more stor" not in render(_two_section_digest(), fmt)


def test_slack_message_shows_title_period_sections_and_stories() -> None:
    (message,) = slack_messages(_two_section_digest())
    kinds = [block["type"] for block in message["blocks"]]
    opening, models, deals = kinds[:2], kinds[2:7], kinds[7:]
    assert opening == ["header", "context"]
    assert models == ["header", "section", "divider", "section", "divider"]
    assert deals == ["header", "section", "divider"]
    assert message["text"] == "Reelbrief weekly digest 2024-09-16 – 2024-09-22"
    sora = message["blocks"][3]["text"]["text"]
    assert sora.startswith("*OpenAI screens Sora for studio executives*\n")
    assert "pre-visualisation &amp; concept work." in sora
    assert "_Models: Sora_" in sora
    assert "<https://heise.example/sora?a=1&amp;b=2|Sora in Hollywood: was Studios sagen> — Heise, 2024-09-18" in sora
    assert "• Runway ships video-to-video — The Verge, 2024-09-19" in message["blocks"][5]["text"]["text"]


def test_discord_message_has_one_embed_per_story() -> None:
    (message,) = discord_messages(_two_section_digest())
    assert message["content"] == "**Reelbrief weekly digest**\n2024-09-16 – 2024-09-22"
    assert [embed["title"] for embed in message["embeds"]] == [
        "OpenAI screens Sora for studio executives",
        "Runway Gen-3 Alpha adds video-to-video",
        "Lionsgate signs a training deal with Runway",
    ]
    sora, gen3, deal = message["embeds"]
    assert sora["author"] == {"name": "Models"} and deal["author"] == {"name": "Studio deals"}
    assert sora["url"] == "https://variety.example/sora-hollywood"
    assert "url" not in gen3
    assert (
        "[OpenAI courts Hollywood with Sora](https://variety.example/sora-hollywood) — Variety" in sora["description"]
    )
    assert "**Models:** Runway Gen-3 Alpha" in gen3["description"]


def test_the_period_end_is_exclusive() -> None:
    digest = _two_section_digest()
    digest.period_end = datetime(2024, 9, 22, 23, 59, 59, tzinfo=UTC)
    assert "2024-09-16 – 2024-09-22" in render(digest, "markdown")
    assert "2024-09-16 – 2024-09-22" in render(_two_section_digest(), "markdown")


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match="markdown, html, json, slack, discord"):
        render(_two_section_digest(), "pdf")
    assert FORMATS == ("markdown", "html", "json", "slack", "discord")


def test_templates_directory_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "digest.md.j2").write_text("Custom: {{ digest.title|md }} ({{ digest.stories|length }})")
    monkeypatch.setenv(TEMPLATES_DIR_ENV, str(tmp_path))
    assert render(_two_section_digest(), "markdown") == "Custom: Reelbrief weekly digest (3)\n"
