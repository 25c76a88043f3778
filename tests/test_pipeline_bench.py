"""The benchmark's clustering score: pairwise precision and recall counted from group sizes, as listing pairs
would at 100,000 items be five billion; and how it picks the figures of several runs."""

from __future__ import annotations

import pytest

from benchmarks.evaluate import pairwise_metrics
from benchmarks.pipeline_bench import Run, _best, pairwise_scores


def test_pairwise_scores_from_group_sizes_match_the_pairs_listed_one_by_one():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    found = [["a", "b"], ["c", "d", "e"], ["f", "noise"]]  # "noise" is no relevant report: left out
    scores = pairwise_scores(truth, found)
    listed = pairwise_metrics(
        {key: str(story) for key, story in truth.items()},
        {identity: number for number, group in enumerate(found) for identity in group},
    )
    # True pairs: ab ac bc de; found pairs: ab cd ce de; shared: ab de.
    assert scores == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})
    assert scores == pytest.approx({key: listed[key] for key in ("precision", "recall", "f1")})


def test_a_perfect_grouping_scores_one_and_everything_alone_scores_no_recall():
    truth = {identity: number // 3 for number, identity in enumerate("abcdefghi")}
    stories = [[identity for identity in truth if truth[identity] == story] for story in range(3)]
    assert pairwise_scores(truth, stories) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    alone = pairwise_scores(truth, [[identity] for identity in truth])
    assert alone["recall"] == 0.0 and alone["f1"] == 0.0


def _run(stages: dict[str, float], feedparser: float, rss_peak: float) -> Run:
    return Run(
        feeds=1, corpus_mb=1.0, items_parsed=1, items_stored=1, items_loaded=1, stories=1, largest_story=1,
        stages=stages, cluster_alone=0.0, feedparser=feedparser, setup=0.0, rss_imports=0.0, rss_setup=0.0,
        rss_peak=rss_peak, clustering={},
    )  # fmt: skip


def test_several_runs_give_the_fastest_pipeline_against_the_fastest_feedparser_and_the_highest_memory():
    """A busy machine slows either side in any run: each side's minimum is what its work costs."""
    runs = [_run({"parse": 2.0}, feedparser=1.8, rss_peak=300), _run({"parse": 2.5}, feedparser=2.4, rss_peak=320)]
    best = _best(runs)
    assert best.total == 2.0 and best.feedparser == 1.8 and best.rss_peak == 320
    best = _best([_run({"parse": 2.0}, feedparser=2.6, rss_peak=300), _run({"parse": 2.5}, feedparser=1.9, rss_peak=1)])
    assert best.total == 2.0 and best.feedparser == 1.9 and best.rss_peak == 300
