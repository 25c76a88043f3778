"""The hand-written seed data (knowledge base and demo feeds) is well-formed and internally consistent."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml

from digests.textkeys import compact_key, tokens

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
KNOWLEDGE_FILE = SEEDS / "knowledge.yaml"
TRADES_FEED = SEEDS / "feeds" / "demo-trades.rss.xml"
PRESSE_FEED = SEEDS / "feeds" / "demo-presse.atom.xml"
DEMO_LINK_PREFIX = "https://demo.reelbrief.example/"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

ORGANISATION_KEYS = {"id", "name", "kind", "aliases", "ambiguous", "description"}
PERSON_KEYS = {"id", "name", "aliases", "role", "affiliations"}
MODEL_KEYS = {
    "id", "name", "developer", "aliases", "misspellings", "kind", "summary", "announced", "released",
    "availability", "status", "predecessor", "successor", "versions", "partnerships", "controversies",
    "ambiguous", "context_cues", "sources",
}  # fmt: skip
# Phrases that show an ambiguous name is used in its other sense (Sora the game hero, a Veo sports camera).
OPTIONAL_KEYS = {
    "organisations": {"negative_cues", "ambiguous_names", "parent"},
    "models": {"negative_cues", "ambiguous_names"},
    "people": {"performer"},
}
ORGANISATION_KINDS = {
    "ai_company", "studio", "union", "guild_or_academy", "platform", "streamer", "game_publisher", "music_company",
    "investor", "stock_media", "book_publisher", "ad_agency", "auction_house", "video_platform", "screen_tools",
    "broadcast_regulator", "film_body", "other",
}  # fmt: skip
MODEL_KINDS = {
    "text-to-video", "image-to-video", "video-to-video", "video-editing", "audio-generation", "lip-sync", "3d",
    "image",
}  # fmt: skip
MODEL_STATUSES = {"announced", "limited", "available", "retired"}
TOPIC_ORDER = ["releases", "deals", "legal", "labour", "awards", "business", "policy"]
CUE_LANGUAGES = ("en", "fr")
# Enough cues to catch inflections and accents, few enough that a reviewer can read every one. A topic's cues are a
# few telling words; the AI vocabulary names a whole field's terms (deepfake, voice clone, text-to-video…), so it may
# run longer, still a page a reviewer reads at once. Entertainment work is split into fields (film, music, games…),
# each a short list: a small trade (games) may have few words, none more than a topic; so may the contexts where plain
# AI words are no AI at work (fiction, company results).
MIN_CUES, MAX_CUES = 15, 50
MAX_VOCABULARY_CUES = 150
MIN_NARROW_CUES = 5
# A cue is a term, not a sentence: four words at most, as French elision makes « gouverné par l'intelligence » four.
MAX_CUE_WORDS = 4

# Models named in the shared seed articles (/work/shared/seeds), each of which must have a card.
SEED_ARTICLE_MODELS = {
    "000 (Meta and Blumhouse, 2024-10)": ["Movie Gen"],
    "001 (OpenAI courts Hollywood, 2024-03)": ["Sora"],
    "002 (Moonvalley, 2025-07)": ["Marey"],
    "003 (Runway and Lionsgate, 2024-09)": ["Gen-3 Alpha"],
}

MIN_TRADES_ITEMS, MIN_PRESSE_ITEMS, MIN_TOTAL_ITEMS = 13, 10, 20


@pytest.fixture(scope="module")
def knowledge() -> dict[str, Any]:
    with KNOWLEDGE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def models(knowledge: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {model["id"]: model for model in knowledge["models"]}


@pytest.fixture(scope="module")
def organisation_ids(knowledge: dict[str, Any]) -> set[str]:
    return {organisation["id"] for organisation in knowledge["organisations"]}


@pytest.fixture(scope="module")
def trades() -> Any:
    return feedparser.parse(TRADES_FEED.read_bytes())


@pytest.fixture(scope="module")
def presse() -> Any:
    return feedparser.parse(PRESSE_FEED.read_bytes())


def _is_date_text(value: Any) -> bool:
    """A full ISO date (YAML gives a date) or a month written as "YYYY-MM"."""
    return (isinstance(value, date) and not hasattr(value, "hour")) or (
        isinstance(value, str) and bool(MONTH.match(value))
    )


def _month(value: date | str) -> str:
    return value.isoformat()[:7] if isinstance(value, date) else value


# --- knowledge.yaml ------------------------------------------------------------------------------------------


def test_knowledge_is_a_versioned_mapping_with_every_section(knowledge: dict[str, Any]) -> None:
    assert knowledge["version"] == 1
    assert {"organisations", "people", "models", "topics", "relevance"} <= knowledge.keys()


@pytest.mark.parametrize(
    ("section", "required"),
    [("organisations", ORGANISATION_KEYS), ("people", PERSON_KEYS), ("models", MODEL_KEYS)],
)
def test_every_entry_has_exactly_the_schema_keys(knowledge: dict[str, Any], section: str, required: set[str]) -> None:
    optional = OPTIONAL_KEYS.get(section, set())
    wrong = {
        entry.get("id"): set(entry) ^ required
        for entry in knowledge[section]
        if not required <= set(entry) <= required | optional
    }
    assert wrong == {}


@pytest.mark.parametrize("section", ["organisations", "people", "models", "topics"])
def test_ids_are_unique_lowercase_slugs(knowledge: dict[str, Any], section: str) -> None:
    ids = [entry["id"] for entry in knowledge[section]]
    assert [i for i, count in Counter(ids).items() if count > 1] == []
    assert [i for i in ids if not SLUG.match(i)] == []


def test_organisation_kinds_come_from_the_fixed_list(knowledge: dict[str, Any]) -> None:
    assert {o["id"]: o["kind"] for o in knowledge["organisations"] if o["kind"] not in ORGANISATION_KINDS} == {}


def test_organisation_names_and_aliases_point_to_one_organisation(knowledge: dict[str, Any]) -> None:
    """Unless every organisation sharing a name lists it as ambiguous and has negative cues that tell it from the
    others ("Universal": the studio, or the record company)."""
    owners: dict[str, set[str]] = defaultdict(set)
    told_apart: dict[str, set[str]] = defaultdict(set)
    for organisation in knowledge["organisations"]:
        for name in (organisation["name"], *organisation["aliases"]):
            owners[compact_key(name)].add(organisation["id"])
        if organisation.get("negative_cues"):
            for name in organisation.get("ambiguous_names") or ():
                told_apart[compact_key(name)].add(organisation["id"])
    assert {key: ids for key, ids in owners.items() if len(ids) > 1 and ids != told_apart[key]} == {}


@pytest.mark.parametrize("section", ["organisations", "models"])
def test_only_an_ambiguous_entrys_own_names_are_listed_as_ambiguous(knowledge: dict[str, Any], section: str) -> None:
    wrong = {
        e["id"]: e["ambiguous_names"]
        for e in knowledge[section]
        if "ambiguous_names" in e
        and not (e["ambiguous"] and e["ambiguous_names"] and set(e["ambiguous_names"]) < {e["name"], *e["aliases"]})
    }
    assert wrong == {}


def test_people_are_affiliated_with_known_organisations(knowledge: dict[str, Any], organisation_ids: set[str]) -> None:
    unknown = {p["id"]: set(p["affiliations"]) - organisation_ids for p in knowledge["people"]}
    assert {person: ids for person, ids in unknown.items() if ids} == {}


def test_every_model_developer_is_a_known_organisation(
    models: dict[str, dict[str, Any]], organisation_ids: set[str]
) -> None:
    assert {i: m["developer"] for i, m in models.items() if m["developer"] not in organisation_ids} == {}


def test_every_model_card_is_filled_in(models: dict[str, dict[str, Any]]) -> None:
    for model_id, model in models.items():
        assert model["name"] and model["summary"] and model["availability"], model_id
        assert model["kind"] and set(model["kind"]) <= MODEL_KINDS, model_id
        assert model["status"] in MODEL_STATUSES, model_id
        assert model["sources"], model_id
        assert model["context_cues"] == [cue.lower() for cue in model["context_cues"]], model_id
        assert isinstance(model["ambiguous"], bool), model_id


def test_model_dates_are_days_or_months_and_release_follows_announcement(
    models: dict[str, dict[str, Any]],
) -> None:
    for model_id, model in models.items():
        assert _is_date_text(model["announced"]), model_id
        assert model["released"] is None or _is_date_text(model["released"]), model_id
        if model["released"] is not None:
            assert _month(model["released"]) >= _month(model["announced"]), model_id
        for entry in (*model["versions"], *model["partnerships"], *model["controversies"]):
            assert _is_date_text(entry["date"]), (model_id, entry)


def test_status_agrees_with_release_date(models: dict[str, dict[str, Any]]) -> None:
    unreleased_but_available = [i for i, m in models.items() if m["status"] == "available" and not m["released"]]
    released_but_only_announced = [i for i, m in models.items() if m["status"] == "announced" and m["released"]]
    assert unreleased_but_available == []
    assert released_but_only_announced == []


def test_dated_entries_have_text(models: dict[str, dict[str, Any]]) -> None:
    for model_id, model in models.items():
        assert all(v["name"] and v["note"] for v in model["versions"]), model_id
        assert all(p["partner"] and p["summary"] for p in model["partnerships"]), model_id
        assert all(c["summary"] for c in model["controversies"]), model_id


def test_lineage_links_known_models_both_ways(models: dict[str, dict[str, Any]]) -> None:
    for model_id, model in models.items():
        if model["successor"] is not None:
            assert models[model["successor"]]["predecessor"] == model_id, model_id
        if model["predecessor"] is not None:
            assert models[model["predecessor"]]["successor"] == model_id, model_id


def test_names_aliases_and_misspellings_each_point_to_one_model(models: dict[str, dict[str, Any]]) -> None:
    # Compared the way the knowledge base looks names up, which is stricter than case-insensitive.
    owners: dict[str, set[str]] = defaultdict(set)
    for model_id, model in models.items():
        for name in (model["name"], *model["aliases"], *model["misspellings"], model_id):
            owners[compact_key(name)].add(model_id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize(("article", "names"), SEED_ARTICLE_MODELS.items())
def test_models_named_in_seed_articles_have_cards(
    models: dict[str, dict[str, Any]], article: str, names: list[str]
) -> None:
    known = {compact_key(n) for m in models.values() for n in (m["name"], *m["aliases"])}
    assert [name for name in names if compact_key(name) not in known] == [], article


def test_topics_are_the_digest_sections_in_display_order(knowledge: dict[str, Any]) -> None:
    assert [topic["id"] for topic in knowledge["topics"]] == TOPIC_ORDER
    assert all(topic["title"] for topic in knowledge["topics"])


def _cue_lists(knowledge: dict[str, Any]) -> list[tuple[str, dict[str, list[str]], int, int]]:
    """(label, cues by language, the fewest and the most cues a language may have)."""
    relevance = knowledge["relevance"]
    return [
        *((f"topic {t['id']}", t["cues"], MIN_CUES, MAX_CUES) for t in knowledge["topics"]),
        ("ai_cues", relevance["ai_cues"], MIN_CUES, MAX_VOCABULARY_CUES),
        *((f"screen_cues {name}", cues, MIN_NARROW_CUES, MAX_CUES) for name, cues in relevance["screen_cues"].items()),
        ("rights_cues", relevance["rights_cues"], MIN_CUES, MAX_CUES),
        ("factual_text_cues", relevance["factual_text_cues"], MIN_NARROW_CUES, MAX_CUES),
        ("fiction_cues", relevance["fiction_cues"], MIN_NARROW_CUES, MAX_CUES),
        ("machine_cues", relevance["machine_cues"], 1, MAX_CUES),
        ("plot_cues", relevance["plot_cues"], MIN_NARROW_CUES, MAX_CUES),
        ("work_lookalikes", relevance["work_lookalikes"], 1, MAX_CUES),
        ("supporting_cues", relevance["supporting_cues"], 0, MAX_CUES),  # none in French (see the file)
        ("results_cues", relevance["results_cues"], MIN_NARROW_CUES, MAX_CUES),
        ("tool_cues", relevance["tool_cues"], MIN_NARROW_CUES, MAX_CUES),
    ]


def test_cue_lists_are_sized_lowercase_unique_and_short(knowledge: dict[str, Any]) -> None:
    for label, cues, fewest, most in _cue_lists(knowledge):
        assert set(cues) == set(CUE_LANGUAGES), label
        for language in CUE_LANGUAGES:
            words = cues[language]
            where = f"{label}/{language}"
            assert fewest <= len(words) <= most, (where, len(words))
            assert [w for w in words if w != w.lower()] == [], where
            # Cues are matched as words, so "writers' room" and "writers room" are one cue written twice.
            assert [w for w, n in Counter(" ".join(tokens(w)) for w in words).items() if n > 1] == [], where
            assert [w for w in words if not 1 <= len(tokens(w)) <= MAX_CUE_WORDS] == [], where


def test_supporting_cues_are_entertainment_work_or_ai_cues(knowledge: dict[str, Any]) -> None:
    relevance = knowledge["relevance"]
    for language in CUE_LANGUAGES:
        work = {cue for cues in relevance["screen_cues"].values() for cue in cues[language]}
        assert set(relevance["supporting_cues"][language]) <= work | set(relevance["ai_cues"][language]), language


def test_each_entertainment_work_cue_belongs_to_one_field(knowledge: dict[str, Any]) -> None:
    """The field is what an explanation names ("music: songs"), so a cue in two fields would name the wrong one."""
    fields = knowledge["relevance"]["screen_cues"]
    assert {"film", "television", "performance", "music", "games", "advertising"} <= set(fields)
    for language in CUE_LANGUAGES:
        counts = Counter(" ".join(tokens(w)) for cues in fields.values() for w in cues[language])
        assert [w for w, n in counts.items() if n > 1] == [], language


# --- demo feeds ---------------------------------------------------------------------------------------------


def test_feeds_parse_cleanly_with_their_declared_format_language_and_title(trades: Any, presse: Any) -> None:
    assert (trades.bozo, trades.version, trades.feed.language) == (False, "rss20", "en")
    assert trades.feed.title == "Reelbrief Demo — Screen Trades"
    assert trades.feed.link == "https://demo.reelbrief.example/trades"
    assert (presse.bozo, presse.version, presse.feed.language) == (False, "atom10", "fr")
    assert presse.feed.title == "Reelbrief Démo — Presse cinéma"
    assert presse.feed.link == "https://demo.reelbrief.example/presse"


def test_feeds_carry_enough_items(trades: Any, presse: Any) -> None:
    assert len(trades.entries) >= MIN_TRADES_ITEMS
    assert len(presse.entries) >= MIN_PRESSE_ITEMS
    assert len(trades.entries) + len(presse.entries) >= MIN_TOTAL_ITEMS


def test_every_item_has_guid_demo_link_title_date_and_text(trades: Any, presse: Any) -> None:
    for entry in (*trades.entries, *presse.entries):
        assert entry.get("id") and entry.get("title") and entry.get("summary"), entry
        assert entry.get("link", "").startswith(DEMO_LINK_PREFIX), entry.get("link")
        assert entry.get("published_parsed"), entry.get("id")


def test_guids_and_links_are_unique_across_both_feeds(trades: Any, presse: Any) -> None:
    entries = (*trades.entries, *presse.entries)
    assert [i for i, n in Counter(e.id for e in entries).items() if n > 1] == []
    assert [link for link, n in Counter(e.link for e in entries).items() if n > 1] == []


def test_rss_weekdays_match_their_dates(trades: Any) -> None:
    for entry in trades.entries:
        stamp = parsedate_to_datetime(entry.published)
        assert entry.published[:3] == stamp.strftime("%a"), entry.published


def _published(text: str) -> datetime:
    """RSS dates are RFC 822, Atom dates RFC 3339."""
    return datetime.fromisoformat(text) if text[:4].isdigit() else parsedate_to_datetime(text)


def _utc_days(feed: Any, word: str) -> set[date]:
    """UTC days of the items whose title mentions the word."""
    return {
        _published(entry.published).astimezone(UTC).date()
        for entry in feed.entries
        if word.casefold() in entry.title.casefold()
    }


@pytest.mark.parametrize("word", ["Lionsgate", "Blumhouse"])
def test_the_same_story_appears_in_both_languages_on_the_same_day(trades: Any, presse: Any, word: str) -> None:
    english, french = _utc_days(trades, word), _utc_days(presse, word)
    assert english and english == french


def test_one_story_is_reported_twice_in_the_english_feed_by_different_outlets(trades: Any) -> None:
    lionsgate = [e for e in trades.entries if "lionsgate" in e.title.casefold()]
    assert len(lionsgate) == 2
    assert len({e.source.title for e in lionsgate}) == 2
    assert len({parsedate_to_datetime(e.published).date() for e in lionsgate}) == 1
