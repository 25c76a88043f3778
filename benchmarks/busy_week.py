"""Story clustering on a busy period: every labelled set's relevant reports squeezed into a few days.

Each set spreads its stories over months or years, so two events about one model rarely share a clustering
window there, and precision looks perfect. Here each story keeps its reports' own spacing but starts at a
random (seeded) moment of the period, so many events about Sora, Veo or SAG-AFTRA meet in one week, as in
a real busy month of news. A story key used in two sets is one event (both sets told it).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.evaluate import DEFAULT_FILE, grouping, load_labelled, pairwise_metrics, to_item, to_news
from digests.cluster import cluster
from digests.enrich import Enricher
from digests.knowledge import KnowledgeBase, load_knowledge
from digests.types import NewsItem

START = datetime(2026, 1, 5, tzinfo=UTC)
DEFAULT_DAYS = (7, 30, 90)


@dataclass(frozen=True, slots=True)
class Annotated:
    """One set's labelled-relevant reports as the newsroom annotated them, with their story keys."""

    name: str
    reports: list[NewsItem]
    stories: list[str]


def annotated(files: Sequence[Path], knowledge: KnowledgeBase) -> list[Annotated]:
    """Each set's relevant reports, annotated once for every period they are squeezed into."""
    enricher = Enricher(knowledge)
    sets = []
    for path in files:
        labelled = [entry for entry in load_labelled(path) if entry.relevant and entry.story]
        notes = enricher.annotate([to_item(entry) for entry in labelled])
        reports = [
            enricher.for_readers(replace(to_news(number, entry, note), identity=f"{path.stem}/{entry.id}"))
            for number, (entry, note) in enumerate(zip(labelled, notes, strict=True))
        ]
        sets.append(Annotated(path.stem, reports, [entry.story or "" for entry in labelled]))
    return sets


def squeezed(sets: Sequence[Annotated], days: float, seed: int) -> tuple[list[NewsItem], dict[str, str]]:
    """The reports moved into ``days`` days from START, each story keeping its spacing, and each one's story key."""
    moments = random.Random(seed)
    news: list[NewsItem] = []
    expected: dict[str, str] = {}
    for one_set in sets:
        first: dict[str, datetime] = {}
        for report, key in zip(one_set.reports, one_set.stories, strict=True):
            first[key] = min(first.get(key, report.published), report.published)
        starts = {key: START + timedelta(seconds=moments.uniform(0, days * 86400)) for key in sorted(first)}
        for report, key in zip(one_set.reports, one_set.stories, strict=True):
            news.append(replace(report, published=starts[key] + (report.published - first[key])))
            expected[report.identity] = key
    return news, expected


def busy_period(sets: Sequence[Annotated], knowledge: KnowledgeBase, days: float, seed: int = 1) -> dict[str, Any]:
    """Pairwise clustering precision, recall and F1 of the squeezed reports."""
    news, expected = squeezed(sets, days, seed)
    stories = cluster(news, knowledge.concept_index(), knowledge.makers())
    scores = pairwise_metrics(expected, grouping(stories, {identity: identity for identity in expected}))
    return {"days": days, "reports": len(news), "stories": len(set(expected.values())), "found": len(stories)} | {
        key: scores[key] for key in ("precision", "recall", "f1", "wrongly_merged")
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, nargs="+", default=DEFAULT_DAYS, help="lengths of the busy period")
    parser.add_argument("--seed", type=int, default=1, help="where each story starts in the period")
    parser.add_argument("--files", type=Path, nargs="+", default=sorted(DEFAULT_FILE.parent.glob("*.yaml")))
    parser.add_argument("--merges", action="store_true", help="list the wrongly merged pairs")
    args = parser.parse_args(argv)
    knowledge = load_knowledge()
    sets = annotated(args.files, knowledge)
    for days in args.days:
        result = busy_period(sets, knowledge, days, args.seed)
        print(
            f"{result['reports']} reports of {result['stories']} stories in {days:g} days -> {result['found']} "
            f"stories: precision {result['precision']:.3f}, recall {result['recall']:.3f}, F1 {result['f1']:.3f}"
        )
        if args.merges:
            for pair in result["wrongly_merged"]:
                print(f"  merged {pair['a']} [{pair['story_a']}] + {pair['b']} [{pair['story_b']}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
