"""The benchmark's clustering score: pairwise precision and recall counted from group sizes, as listing pairs
would at 100,000 items be five billion."""

from __future__ import annotations

import pytest

from benchmarks.evaluate import pairwise_metrics
from benchmarks.pipeline_bench import pairwise_scores


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
