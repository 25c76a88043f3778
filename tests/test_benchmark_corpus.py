"""The benchmark corpus: deterministic, parseable, the size asked for, and as mixed as the benchmark claims."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from benchmarks.corpus import SPAN_END, SPAN_START, TEXT_CHARS, TITLE_CHARS, Corpus, build, generate, main
from digests.enrich import Enricher
from digests.knowledge import KnowledgeBase
from digests.parse import parse_feed
from digests.pipeline import Newsroom, normalise_feed
from digests.types import Item, ParsedFeed

SIZE = 600
PER_FEED = 60  # ten feeds: enough for every kind of feed (French, undeclared, Atom) to appear
FETCHED_AT = SPAN_END + timedelta(days=1)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build(SIZE, items_per_feed=PER_FEED)


@pytest.fixture(scope="module")
def parsed(corpus: Corpus) -> dict[str, ParsedFeed]:
    return {source: parse_feed(content, source) for source, content in corpus.documents}


@pytest.fixture(scope="module")
def items(parsed: dict[str, ParsedFeed]) -> list[Item]:
    return [item for feed in parsed.values() for item in normalise_feed(feed, FETCHED_AT)]


def test_the_same_arguments_give_the_same_bytes(corpus: Corpus) -> None:
    assert generate(SIZE, items_per_feed=PER_FEED) == corpus.documents


def test_another_seed_gives_another_corpus(corpus: Corpus) -> None:
    assert generate(SIZE, seed=8, items_per_feed=PER_FEED) != corpus.documents


def test_every_document_parses_and_carries_its_share_of_items(parsed: dict[str, ParsedFeed]) -> None:
    assert [len(feed.entries) for feed in parsed.values()] == [PER_FEED] * (SIZE // PER_FEED)


def test_the_last_feed_takes_the_remainder() -> None:
    documents = generate(130, items_per_feed=50)
    assert [len(parse_feed(content, source).entries) for source, content in documents] == [50, 50, 30]


def test_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        build(0)


def test_identities_and_links_are_unique_per_report(items: list[Item], corpus: Corpus) -> None:
    assert len(items) == len(corpus.reports) == SIZE
    assert len({item.identity for item in items}) == SIZE
    assert len({item.url for item in items}) == SIZE
    assert {report.identity for report in corpus.reports} == {item.identity for item in items}


def test_feeds_mix_rss_and_atom_and_mostly_declare_their_language(
    corpus: Corpus, parsed: dict[str, ParsedFeed]
) -> None:
    roots = {content.split(b"\n", 2)[1].split(b" ", 1)[0] for _, content in corpus.documents}
    assert roots == {b"<rss", b"<feed"}
    declared = [feed.language[:2] if feed.language else None for feed in parsed.values()]
    assert {"en", "fr"} <= set(declared)
    assert declared.count(None) == 1  # one feed in ten leaves the language to detection


def test_about_seventy_percent_of_items_are_english(corpus: Corpus) -> None:
    english = sum(report.language == "en" for report in corpus.reports)
    assert 0.6 <= english / SIZE <= 0.8


def test_titles_and_texts_have_realistic_lengths(items: list[Item]) -> None:
    assert all(TITLE_CHARS[0] <= len(item.title) <= TITLE_CHARS[1] for item in items)
    assert all(TEXT_CHARS[0] <= len(item.text) <= TEXT_CHARS[1] for item in items)


def test_descriptions_carry_light_html_with_entities(corpus: Corpus) -> None:
    everything = b"".join(content for _, content in corpus.documents)
    for markup in (b"&lt;p&gt;", b"<![CDATA[<p>", b"&lt;b&gt;", b"&lt;a href=", b"&amp;#8217;", b"&amp;nbsp;"):
        assert markup in everything


def test_dates_spread_over_about_eight_weeks(items: list[Item]) -> None:
    dates = [item.published for item in items if item.published]
    assert len(dates) == SIZE
    assert min(dates) >= SPAN_START
    assert max(dates) <= SPAN_END
    assert max(dates) - min(dates) > timedelta(weeks=7)


def test_some_stories_are_reported_by_several_feeds_in_both_languages(corpus: Corpus) -> None:
    reports = defaultdict(list)
    for report in corpus.reports:
        reports[report.story].append(report)
    repeated = [copies for copies in reports.values() if len(copies) > 1]
    assert 0.2 <= len(repeated) / len(reports) <= 0.4
    assert all(2 <= len(copies) <= 4 for copies in repeated)
    assert all(len({copy.source for copy in copies}) == len(copies) for copies in repeated)
    assert any(len({copy.language for copy in copies}) == 2 for copies in repeated)


def test_copies_of_a_story_are_reworded(corpus: Corpus, items: list[Item]) -> None:
    story_of = {f"guid:{report.guid}": report.story for report in corpus.reports}
    texts = defaultdict(set)
    for item in items:
        texts[story_of[item.identity]].add(item.text)
    repeated = [story for story, copies in texts.items() if sum(r.story == story for r in corpus.reports) > 1]
    assert all(len(texts[story]) > 1 for story in repeated)


def test_a_quarter_of_items_are_noise_that_the_enricher_sets_aside(
    corpus: Corpus, items: list[Item], knowledge: KnowledgeBase
) -> None:
    noise = [report for report in corpus.reports if not report.relevant]
    assert 0.15 <= len(noise) / SIZE <= 0.35
    assert {report.kind for report in noise} == {"box office", "sports", "recipe", "tech earnings"}
    truth = {f"guid:{report.guid}": report for report in corpus.reports}
    notes = Enricher(knowledge).annotate(items)
    agree = sum(note.relevant == truth[item.identity].relevant for item, note in zip(items, notes, strict=True))
    assert agree / SIZE >= 0.95


def test_undeclared_languages_are_detectable(corpus: Corpus, items: list[Item], knowledge: KnowledgeBase) -> None:
    truth = {f"guid:{report.guid}": report.language for report in corpus.reports}
    undeclared = [item for item in items if item.language is None]
    assert undeclared
    notes = Enricher(knowledge).annotate(undeclared)
    assert all(note.language == truth[item.identity] for item, note in zip(undeclared, notes, strict=True))


async def test_the_written_corpus_ingests_through_the_newsroom(
    tmp_path: Path, engine: Engine, knowledge: KnowledgeBase
) -> None:
    main(["--items", "120", "--items-per-feed", "50", "--out", str(tmp_path / "corpus")])
    files = sorted((tmp_path / "corpus").iterdir())
    assert [path.read_bytes() for path in files] == [content for _, content in generate(120, items_per_feed=50)]
    report = await Newsroom(engine, knowledge).ingest([str(tmp_path / "corpus")])
    assert not report.failed
    assert report.total("new") == 120
