"""Composing: only relevant items of the period, filtered by what a channel follows, ranked and sectioned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from digests.compose import Selection, compose
from digests.summarise import ExtractiveSummariser
from digests.types import NewsItem

START = datetime(2024, 9, 16, tzinfo=UTC)
END = START + timedelta(days=7)


def news(identity: str, title: str, *, day: int = 2, source: str = "Trades", **fields) -> NewsItem:
    base = NewsItem(
        id=hash(identity),
        identity=identity,
        url=f"https://news.example/{identity}",
        title=title,
        text=f"{title}.",
        source=source,
        published=START + timedelta(days=day),
        language="en",
    )
    return replace(base, **fields)


def digest_of(items, knowledge, **options):
    return compose(items, knowledge=knowledge, summariser=ExtractiveSummariser(), start=START, end=END, **options)


def test_stories_land_in_their_sections_in_knowledge_base_order(knowledge):
    deal = news("d", "Runway and Lionsgate sign a deal", topics=("deals",), entities=("runway", "lionsgate"))
    suit = news("l", "Artists sue over training data", topics=("legal",))
    digest = digest_of([suit, deal], knowledge)
    assert [section.key for section in digest.sections] == ["deals", "legal"]


def test_irrelevant_and_out_of_period_items_are_left_out(knowledge):
    kept = news("k", "Sora meets studios", models=("Sora",))
    noise = news("n", "Box office weekend", relevant=False)
    late = news("late", "Sora 2 launches", day=30, models=("Sora 2",))
    assert [story.headline for story in digest_of([kept, noise, late], knowledge).stories] == ["Sora meets studios"]


def test_widely_reported_stories_rank_first(knowledge):
    names = {"entities": ("runway", "lionsgate")}
    wide = [news(f"w{i}", "Runway and Lionsgate deal", source=f"Outlet {i}", **names) for i in range(3)]
    single = news("s", "Pika raises funding", day=5)
    assert digest_of([single, *wide], knowledge).stories[0].headline == "Runway and Lionsgate deal"


def test_selection_keeps_followed_topics_models_and_keywords(knowledge):
    deal = news("d", "Runway and Lionsgate sign a deal", topics=("deals",))
    sora = news("s", "Sora reaches studios", models=("Sora",))
    other = news("o", "Festival adds an AI category", topics=("awards",))
    items = [deal, sora, other]
    assert [
        s.headline for s in digest_of(items, knowledge, selection=Selection(topics=frozenset({"deals"}))).stories
    ] == [deal.title]
    assert [
        s.headline for s in digest_of(items, knowledge, selection=Selection(models=frozenset({"Sora"}))).stories
    ] == [sora.title]
    assert [s.headline for s in digest_of(items, knowledge, selection=Selection(keywords=("festival",))).stories] == [
        other.title
    ]


def test_limit_keeps_the_best_and_counts_the_rest(knowledge):
    titles = ["Pika raises funding", "Sora meets studios", "Union vote on AI", "Festival adds AI prize", "Veo 3 launch"]
    items = [news(str(i), title, day=i) for i, title in enumerate(titles)]
    digest = digest_of(items, knowledge, limit=2)
    assert len(digest.stories) == 2 and digest.omitted == 3


def test_only_the_stories_kept_are_summarised(knowledge):
    """A summary can be an LLM call: none is made for a story the limit leaves out."""

    class CountingSummariser(ExtractiveSummariser):
        def __init__(self) -> None:
            self.headlines: list[str] = []

        def summarise(self, headline: str, items: Sequence[NewsItem], language: str) -> str:
            self.headlines.append(headline)
            return super().summarise(headline, items, language)

    titles = ["Pika raises funding", "Sora meets studios", "Union vote on AI", "Festival adds AI prize", "Veo 3 launch"]
    summariser = CountingSummariser()
    text = "Executives gave details to reporters on Tuesday, with figures for the coming season."
    items = [news(str(i), title, day=i, text=text) for i, title in enumerate(titles)]
    digest = compose(items, knowledge=knowledge, summariser=summariser, start=START, end=END, limit=2)
    assert summariser.headlines == [story.headline for story in digest.stories] and len(digest.stories) == 2
    assert all(story.summary for story in digest.stories)


def test_story_ids_are_stable_as_reports_join(knowledge):
    names = {"entities": ("runway", "lionsgate")}
    first = news("a", "Runway and Lionsgate deal", **names)
    later = news("b", "Runway and Lionsgate deal, more details", day=3, source="Other", **names)
    assert digest_of([first], knowledge).stories[0].id == digest_of([first, later], knowledge).stories[0].id
