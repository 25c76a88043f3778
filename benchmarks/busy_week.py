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
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.evaluate import DEFAULT_FILE, grouping, load_labelled, pairwise_metrics, to_item, to_news
from digests.cluster import cluster
from digests.enrich import Enricher
from digests.knowledge import load_knowledge
from digests.types import NewsItem

START = datetime(2026, 1, 5, tzinfo=UTC)
DEFAULT_DAYS = (7, 30, 90)


def squeezed(files: Sequence[Path], days: float, seed: int) -> tuple[list[NewsItem], dict[str, str]]:
    """The sets' labelled-relevant reports moved into ``days`` days from START, and each one's story key."""
    knowledge = load_knowledge()
    enricher = Enricher(knowledge)
    moments = random.Random(seed)
    news: list[NewsItem] = []
    expected: dict[str, str] = {}
    for path in files:
        labelled = [entry for entry in load_labelled(path) if entry.relevant and entry.story]
        annotations = enricher.annotate([to_item(entry) for entry in labelled])
        first: dict[str, datetime] = {}
        for entry in labelled:
            key = entry.story or ""
            first[key] = min(first.get(key, entry.published), entry.published)
        starts = {key: START + timedelta(seconds=moments.uniform(0, days * 86400)) for key in sorted(first)}
        for entry, notes in zip(labelled, annotations, strict=True):
            key = entry.story or ""
            identity = f"{path.stem}/{entry.id}"
            item = enricher.for_readers(to_news(len(news), entry, notes))
            news.append(replace(item, identity=identity, published=starts[key] + (entry.published - first[key])))
            expected[identity] = key
    return news, expected


def busy_period(files: Sequence[Path], days: float, seed: int = 1) -> dict[str, Any]:
    """Pairwise clustering precision, recall and F1 of the squeezed reports."""
    knowledge = load_knowledge()
    news, expected = squeezed(files, days, seed)
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
    for days in args.days:
        result = busy_period(args.files, days, args.seed)
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
