"""Robustness over feedparser's ~2,100 edge-case documents: a ParsedFeed or a ParseError, never a crash."""

from __future__ import annotations

import re
import traceback
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digests.errors import ParseError
from digests.normalise import normalise_entry
from digests.parse import parse_feed
from digests.types import Item

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "feedparser-tests"
NOT_FEEDS = {"README.md", "LICENSE"}
FETCHED_AT = datetime(2025, 6, 12, 12, 0, tzinfo=UTC)
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\u202a-\u202e\ufeff]")
IDENTITY_KINDS = ("guid:", "url:", "hash:")


def _item_problems(item: Item) -> list[str]:
    """Invariants every normalised item keeps, whatever the feed threw at it."""
    problems = []
    if not item.title or CONTROL.search(item.title + item.text):
        problems.append(f"title/text not clean: {item.title!r}")
    if not item.identity.startswith(IDENTITY_KINDS):
        problems.append(f"identity {item.identity!r}")
    if item.url is not None and not item.url.startswith(("http://", "https://")):
        problems.append(f"url {item.url!r}")
    for moment in (item.published, item.updated):
        if moment is not None and (moment.tzinfo is not UTC or moment > FETCHED_AT.replace(year=FETCHED_AT.year + 1)):
            problems.append(f"date {moment!r}")
    return problems


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_every_corpus_document_parses_or_raises_parse_error() -> None:
    failures: list[str] = []
    with_entries = 0
    documents = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in NOT_FEEDS)
    for path in documents:
        name = str(path.relative_to(CORPUS))
        try:
            feed = parse_feed(path.read_bytes(), name)
            items = [normalise_entry(entry, feed, fetched_at=FETCHED_AT) for entry in feed.entries]
        except ParseError:
            continue
        except Exception:
            failures.append(f"{name}:\n{traceback.format_exc(limit=-3)}")
            continue
        with_entries += bool(items)
        failures.extend(f"{name}: {problem}" for item in items if item for problem in _item_problems(item))
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
    assert len(documents) > 2000
    assert with_entries > len(documents) // 2  # the corpus is mostly real feeds with entries
