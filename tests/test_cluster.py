"""Reports of one event become one story; different events about the same names stay apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digests.cluster import cluster
from digests.types import NewsItem

DAY = datetime(2024, 9, 18, 12, tzinfo=UTC)


def news(
    identity: str, title: str, when: datetime, language: str = "en", models=(), entities=(), subjects=()
) -> NewsItem:
    return NewsItem(
        id=hash(identity),
        identity=identity,
        url=None,
        title=title,
        text="",
        source="feed",
        published=when,
        language=language,
        models=tuple(models),
        entities=tuple(entities),
        subjects=frozenset(subjects),
    )


def test_cross_language_reports_of_one_deal_merge():
    english = news("a", "Lionsgate hands its library to Runway", DAY, entities=("runway", "lionsgate"))
    french = news("b", "Lionsgate confie son catalogue à Runway", DAY, "fr", entities=("runway", "lionsgate"))
    assert cluster([english, french]) == [[english, french]]


def test_same_names_months_apart_are_different_stories():
    meetings = news("a", "OpenAI pitches Sora to Hollywood", DAY, models=("sora",), entities=("openai",))
    release = news(
        "b", "OpenAI releases Sora to subscribers", DAY + timedelta(days=270), models=("sora",), entities=("openai",)
    )
    assert cluster([release, meetings]) == [[meetings], [release]]


def test_near_identical_titles_merge_without_known_names():
    first = news("a", "Studio executives debate generative video at festival panel", DAY)
    second = news("b", "Studio executives debate generative video at a festival panel", DAY + timedelta(hours=5))
    other = news("c", "Union negotiators return to the table next week", DAY)
    assert sorted(map(len, cluster([first, second, other]))) == [1, 2]


def test_clustering_is_deterministic_whatever_the_input_order():
    items = [
        news(
            str(index),
            f"Report {index} on Runway and Lionsgate",
            DAY + timedelta(hours=index),
            entities=("runway", "lionsgate"),
        )
        for index in range(6)
    ]
    assert cluster(items) == cluster(list(reversed(items)))


def test_later_reports_join_existing_stories_without_reshuffling_them():
    names = {"entities": ("runway", "lionsgate")}
    week = [
        news("a", "Lionsgate hands its library to Runway", DAY, **names),
        news("b", "Lionsgate confie son catalogue à Runway", DAY + timedelta(hours=3), "fr", **names),
        news("c", "Union negotiators return to the table", DAY + timedelta(hours=4), entities=("sag-aftra",)),
    ]
    before = cluster(week)
    later = news("d", "Runway's Lionsgate deal: what filmmakers get", DAY + timedelta(days=1), **names)
    after = cluster([*week, later])
    assert after[0] == [*before[0], later]
    assert after[1:] == before[1:]


def test_headlines_naming_the_same_things_merge_across_languages_despite_other_names_in_passing():
    english = news(
        "a",
        "Runway previews Gen-3 Alpha",
        DAY,
        models=("Gen-3 Alpha", "Gen-2"),
        entities=("runway",),
        subjects=("Gen-3 Alpha", "runway"),
    )
    french = news(
        "b",
        "Runway riposte avec Gen-3 Alpha",
        DAY,
        "fr",
        models=("Gen-3 Alpha", "Dream Machine", "Sora"),
        entities=("runway", "luma-ai", "openai"),
        subjects=("Gen-3 Alpha", "runway"),
    )
    assert cluster([english, french]) == [[english, french]]


def test_a_passing_mention_does_not_tie_reports_whose_headlines_differ():
    deal = news("a", "Disney invests in OpenAI", DAY, entities=("disney", "openai"), subjects=("disney", "openai"))
    letter = news(
        "b",
        "Disney met Google en demeure",
        DAY,
        "fr",
        entities=("disney", "google", "openai"),  # "...the day it signed with OpenAI"
        subjects=("disney", "google"),
    )
    assert cluster([deal, letter]) == [[deal], [letter]]


def test_reports_naming_few_known_things_meet_across_languages_on_proper_nouns_and_figures():
    english = news("a", "Newsom signs replica bills", DAY, entities=("sag-aftra",))
    english.text = "California governor Gavin Newsom signed AB 2602 and AB 1836, backed by the union, on Tuesday."
    french = news("b", "La Californie protège les acteurs", DAY, "fr", entities=("sag-aftra",))
    french.text = "Le gouverneur Gavin Newsom a promulgué les lois AB 2602 et AB 1836, portées par le syndicat."
    unrelated = news("c", "Grève dans le doublage", DAY, "fr", entities=("sag-aftra",))
    unrelated.text = (
        "Les comédiens de doublage de Paris réclament des garanties, selon le Syndicat français des artistes."
    )
    assert sorted(cluster([english, french, unrelated]), key=len) == [[unrelated], [english, french]]


def test_bilingual_concepts_bridge_reports_in_different_languages():
    from digests.phrases import PhraseIndex

    concepts: PhraseIndex[str] = PhraseIndex()
    concepts.add_all(["strike", "grève"], "strike")
    concepts.add_all(["video game", "jeu vidéo"], "video-game")
    concepts.add_all(["friday", "vendredi"], "friday")
    english = news("a", "Union calls video game strike", DAY, entities=("sag-aftra",))
    english.text = "Performers will strike from Friday against game companies."
    french = news("b", "Jeu vidéo : les comédiens en grève", DAY, "fr", entities=("sag-aftra",))
    french.text = "Le syndicat a lancé vendredi une grève contre les éditeurs."
    assert cluster([english, french], concepts) == [[english, french]]
    assert cluster([english, french]) == [[english], [french]]
