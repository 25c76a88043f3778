"""The labelled evaluation set is well-formed, and the evaluation script scores the pipeline on it."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
import yaml

from benchmarks.evaluate import (
    DEFAULT_FILE,
    Labelled,
    ends_mid_sentence,
    evaluate,
    load_labelled,
    main,
    pairwise_metrics,
    repeats_headline,
)
from digests.knowledge import KnowledgeBase

MIN_ITEMS = 48
MIN_TRAPS = 10
ENGLISH_SHARE = (0.5, 0.7)  # about 60 % English, 40 % French
UNDECLARED_SHARE = (0.15, 0.35)  # about a quarter of the items leave the language to detection
# Reports of one event come the same or the next day; a key reused further apart is a labelling slip.
SAME_STORY_SPAN = timedelta(days=2)
# The multi-report stories the set is built around, each told 2 to 4 times in both languages.
MULTI_REPORT_STORIES = (
    "runway-lionsgate-deal",
    "movie-gen-announced",
    "blumhouse-movie-gen",
    "sora-hollywood-meetings",
    "sora-public-release",
    "sora-2-launch",
    "marey-launch",
    "veo-3-io",
    "disney-universal-v-midjourney",
    "sag-aftra-video-game-agreement",
    "academy-ai-rules",
    "cameron-stability-board",
)
REQUIRED_TRAPS = {
    "sora-kingdom-hearts",
    "runway-fashion",
    "marey-physiologist",
    "gen3-pokemon",
    "veo-camera",
    "box-office",
    "chip-earnings",
    "recipe",
    "ai-chatbot",
    "festival-lineup",
}


@pytest.fixture(scope="module")
def labelled() -> list[Labelled]:
    return load_labelled(DEFAULT_FILE)


@pytest.fixture(scope="module")
def stories(labelled: list[Labelled]) -> dict[str, list[Labelled]]:
    grouped: dict[str, list[Labelled]] = defaultdict(list)
    for entry in labelled:
        if entry.story:
            grouped[entry.story].append(entry)
    return grouped


@pytest.fixture(scope="module")
def metrics() -> dict[str, Any]:
    return evaluate(DEFAULT_FILE)


# --- the labelled set ----------------------------------------------------------------------------------------------


def test_every_entry_has_exactly_the_expected_fields():
    required = {"id", "language", "published", "title", "text", "story", "models", "relevant", "trap"}
    for entry in yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8")):
        assert required <= entry.keys() <= required | {"declared_language"}, entry.get("id")
        assert isinstance(entry.get("declared_language", True), bool), entry["id"]


def test_ids_are_unique(labelled: list[Labelled]):
    ids = [entry.id for entry in labelled]
    assert len(ids) == len(set(ids))


def test_the_set_is_large_and_bilingual(labelled: list[Labelled]):
    assert len(labelled) >= MIN_ITEMS
    assert {entry.language for entry in labelled} == {"en", "fr"}
    english = sum(entry.language == "en" for entry in labelled) / len(labelled)
    assert ENGLISH_SHARE[0] <= english <= ENGLISH_SHARE[1]


def test_about_a_quarter_of_the_items_need_language_detection(labelled: list[Labelled]):
    undeclared = sum(not entry.declared_language for entry in labelled) / len(labelled)
    assert UNDECLARED_SHARE[0] <= undeclared <= UNDECLARED_SHARE[1]


def test_items_carry_a_title_a_text_and_a_utc_date(labelled: list[Labelled]):
    for entry in labelled:
        assert entry.title.strip() and entry.text.strip(), entry.id
        assert entry.published.utcoffset() == timedelta(0), entry.id


def test_expected_models_exist_in_the_knowledge_base(labelled: list[Labelled], knowledge: KnowledgeBase):
    unknown = {(entry.id, model) for entry in labelled for model in entry.models if model not in knowledge.models}
    assert not unknown


def test_relevant_items_belong_to_a_story_and_excluded_items_say_why(labelled: list[Labelled]):
    for entry in labelled:
        if entry.relevant:
            assert entry.story and entry.trap is None, entry.id
        else:
            assert entry.story is None and entry.trap, entry.id


def test_traps_are_excluded_and_cover_every_kind_of_noise(labelled: list[Labelled]):
    traps = [entry for entry in labelled if entry.trap]
    assert len(traps) >= MIN_TRAPS
    assert all(not entry.relevant and entry.story is None and not entry.models for entry in traps)
    assert {entry.trap for entry in traps} >= REQUIRED_TRAPS


def test_multi_report_stories_are_told_in_both_languages(stories: dict[str, list[Labelled]]):
    for key in MULTI_REPORT_STORIES:
        reports = stories[key]
        assert 2 <= len(reports) <= 4, key
        assert {entry.language for entry in reports} == {"en", "fr"}, key


def test_reports_of_one_story_come_within_a_day_or_two(stories: dict[str, list[Labelled]]):
    for key, reports in stories.items():
        dates = [entry.published for entry in reports]
        assert max(dates) - min(dates) <= SAME_STORY_SPAN, key


def test_single_report_stories_are_there_too(stories: dict[str, list[Labelled]]):
    assert sum(len(reports) == 1 for reports in stories.values()) >= 5


def test_different_events_about_one_model_are_different_stories(stories: dict[str, list[Labelled]]):
    sora_stories = {key for key, reports in stories.items() if any({"sora", "sora-2"} & set(e.models) for e in reports)}
    assert {"sora-hollywood-meetings", "sora-public-release", "sora-2-launch"} <= sora_stories


# --- the held-out sets: same rules, written by people who never tuned the pipeline -------------------------------

HOLDOUT_FILES = sorted(DEFAULT_FILE.parent.glob("holdout*.yaml"))


def test_there_are_held_out_sets():
    assert len(HOLDOUT_FILES) >= 4


@pytest.mark.parametrize("path", HOLDOUT_FILES, ids=lambda path: path.stem)
def test_held_out_sets_follow_the_labelled_sets_rules(path, knowledge: KnowledgeBase):
    entries = load_labelled(path)
    assert len({entry.id for entry in entries}) == len(entries) >= 40
    grouped: dict[str, list[Labelled]] = defaultdict(list)
    for entry in entries:
        assert entry.title.strip() and entry.text.strip(), entry.id
        assert all(model in knowledge.models for model in entry.models), entry.id
        if entry.relevant:
            assert entry.story and entry.trap is None, entry.id
            grouped[entry.story].append(entry)
        else:
            assert entry.story is None and entry.trap and not entry.models, entry.id
    for key, reports in grouped.items():
        dates = [entry.published for entry in reports]
        assert max(dates) - min(dates) <= SAME_STORY_SPAN, key
    assert any(len({entry.language for entry in reports}) == 2 for reports in grouped.values())


# --- the scoring ----------------------------------------------------------------------------------------------------


def test_pairwise_scores_count_merged_and_split_pairs():
    expected = {"a": "deal", "b": "deal", "c": "suit", "d": "suit"}
    scores = pairwise_metrics(expected, {"a": 1, "b": 2, "c": 2, "d": 2})
    assert scores["precision"] == pytest.approx(1 / 3)
    assert scores["recall"] == pytest.approx(1 / 2)
    assert [(pair["a"], pair["b"]) for pair in scores["wrongly_merged"]] == [("b", "c"), ("b", "d")]
    assert [(pair["a"], pair["b"]) for pair in scores["wrongly_split"]] == [("a", "b")]


def test_items_missing_from_the_grouping_stand_alone():
    scores = pairwise_metrics({"a": "deal", "b": "deal"}, {"a": 1})
    assert scores["recall"] == 0.0
    assert scores["f1"] == 0.0


def test_summaries_that_stop_mid_sentence_are_caught():
    assert ends_mid_sentence("Runway will train a model on the studio's")
    assert not ends_mid_sentence("Runway will train a model on the studio's library.")
    assert not ends_mid_sentence("Le studio confie son catalogue à « Runway… »")


def test_a_summary_saying_the_headline_again_is_caught():
    headline = "Lionsgate opens its library to Runway"
    assert repeats_headline(headline, "Lionsgate opens its library to Runway. More follows here.", "en")
    assert not repeats_headline(headline, "The studio will let the start-up train a custom model.", "en")


# --- the evaluation as a whole -------------------------------------------------------------------------------------


def test_evaluation_returns_every_rate_between_zero_and_one(metrics: dict[str, Any]):
    rates = [
        metrics["language"]["accuracy"],
        metrics["language"]["detected_accuracy"],
        metrics["relevance"]["precision"],
        metrics["relevance"]["recall"],
        metrics["models"]["precision"],
        metrics["models"]["recall"],
        *(metrics["clustering"][key] for key in ("precision", "recall", "f1")),
        *(metrics["digest_clustering"][key] for key in ("precision", "recall", "f1")),
    ]
    assert all(0.0 <= rate <= 1.0 for rate in rates)


def test_evaluation_names_only_items_of_the_set(metrics: dict[str, Any], labelled: list[Labelled]):
    ids = {entry.id for entry in labelled}
    traps = {entry.id for entry in labelled if not entry.relevant}
    assert metrics["items"] == len(labelled)
    assert {e["id"] for e in metrics["relevance"]["wrongly_kept"]} <= traps
    assert {e["id"] for e in metrics["relevance"]["wrongly_dropped"]} <= ids - traps
    assert {e["id"] for e in metrics["models"]["misses"] + metrics["models"]["false_tags"]} <= ids
    assert set(metrics["traps_in_digest"]) <= traps


def test_summary_statistics_describe_the_digest(metrics: dict[str, Any]):
    summaries = metrics["summaries"]
    assert summaries["stories"] > 0
    for spread in (summaries["sentences"], summaries["characters"]):
        assert 0 <= spread["min"] <= spread["mean"] <= spread["max"]


def test_the_command_prints_one_json_object_and_always_succeeds(capsys: pytest.CaptureFixture[str]):
    assert main(["--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {"language", "relevance", "models", "clustering", "summaries", "targets"} <= printed.keys()
    assert all(isinstance(target["met"], bool) for target in printed["targets"])


def test_the_command_prints_a_report_with_the_targets(capsys: pytest.CaptureFixture[str]):
    assert main(["--file", str(DEFAULT_FILE)]) == 0
    out = capsys.readouterr().out
    assert "Targets:" in out
    assert out.count("PASS") + out.count("FAIL") == 4


# --- the busy period: every set's stories squeezed into a few days -------------------------------------------------


def test_a_busy_period_keeps_each_story_s_own_spacing_inside_the_period(knowledge: KnowledgeBase):
    from benchmarks.busy_week import START, annotated, squeezed

    files = [DEFAULT_FILE, *HOLDOUT_FILES[:1]]
    sets = annotated(files, knowledge)
    news, expected = squeezed(sets, days=7, seed=3)
    assert len(news) == len(expected) == sum(1 for path in files for e in load_labelled(path) if e.relevant)
    by_story: dict[str, list] = defaultdict(list)
    for item in news:
        by_story[expected[item.identity]].append(item.published)
    for key, dates in by_story.items():
        assert START <= min(dates) <= START + timedelta(days=7), key
        assert max(dates) - min(dates) <= SAME_STORY_SPAN, key
    assert squeezed(sets, days=7, seed=3)[0] == news  # seeded: the same period every run


def test_a_busy_period_is_scored_like_the_sets_and_squeezing_harder_costs_precision(knowledge: KnowledgeBase):
    from benchmarks.busy_week import annotated, busy_period

    sets = annotated([DEFAULT_FILE, *HOLDOUT_FILES], knowledge)
    week, quarter = busy_period(sets, knowledge, days=7), busy_period(sets, knowledge, days=90)
    for result in (week, quarter):
        assert 0.0 <= result["precision"] <= 1.0 and 0.0 <= result["recall"] <= 1.0
        assert result["reports"] > result["stories"] > 100
    assert week["precision"] < quarter["precision"]
