"""Group items about the same event into stories, across feeds and languages, without comparing all pairs.

Each story is seeded by its first report; a later report joins the story whose seed it resembles most, so
stories cannot snowball through chains of loosely similar reports. Candidate stories come from an inverted
index over the seeds' names and words, limited to a same-event time window.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from digests.phrases import PhraseIndex
from digests.textkeys import fold, tokens
from digests.types import NewsItem

# Reports of one event come within a few days of the first; the same names a month later are a new event.
SAME_EVENT_WINDOW = timedelta(days=3)
# Reports naming the same things (models, companies, people): share of the shorter list's rarity-weighted names.
MIN_NAME_OVERLAP = 0.6
# Across languages names are all there is to go on, so they must agree more.
MIN_NAME_OVERLAP_ACROSS_LANGUAGES = 0.6
# Across languages, two reports naming just the same one organisation on the same main topic: a weak match.
SINGLE_NAME_SCORE = 0.5
# Two headlines naming the same things (one's names all in the other's) on the same event: a fair match.
HEADLINE_SCORE = 0.7
# With headlines agreeing, even fewer shared words are enough in one language.
MIN_TEXT_SIMILARITY_WITH_HEADLINES = 0.1
# Same-language reports sharing this share of their rarity-weighted words tell the same story.
MIN_TEXT_SIMILARITY = 0.5
# With names in common, a lower share of shared words is enough.
MIN_TEXT_SIMILARITY_WITH_NAMES = 0.2
# Across languages, reports sharing this weighted share of their anchors (names, proper nouns, figures and
# bilingual concepts such as strike/grève) tell the same story.
MIN_ANCHOR_OVERLAP = 0.35
# Anchors come from the headline and the first sentences: enough to recognise the event, cheap at 100k items.
ANCHOR_CHARS = 350
# A report's lead says which event it is about; the rest adds cost more than evidence.
LEAD_CHARS = 700
# Words shorter than this are mostly grammar, in English and French alike.
MIN_WORD_LENGTH = 4
# A report scoring this high against two stories (full name agreement) joins them into one.
BRIDGING_SCORE = 1.0
# Bridging never builds a group larger than this; one event's reports in a few days rarely exceed it.
MAX_BRIDGED_ITEMS = 24
# A story is stood for by its first few reports: enough for other outlets' angles, too few to drift.
REPRESENTATIVES = 3
# Per index key, only the most recent stories are candidates: older ones fall out of the window anyway.
MAX_STORIES_PER_KEY = 8
# A report finds candidate stories through its names and its rarest words (a film title, a sum, a place).
INDEXED_WORDS = 8
# Across languages, reports find each other through their rarest anchors (proper nouns, figures, concepts).
INDEXED_ANCHORS = 16
# Reports are compared on their rarest words only; common words add cost and blur similarity.
SIGNATURE_WORDS = 40
# One shared key is chance; a story worth scoring shares at least this many with the report.
MIN_SHARED_KEYS = 2


@dataclass(slots=True)
class _Features:
    """What two reports are compared on; the weights are the sums of their names' and words' rarity."""

    item: NewsItem
    names: frozenset[str]
    subjects: frozenset[str]  # names in the headline: what the report is about, not what it mentions in passing
    models: frozenset[str]
    anchors: frozenset[str]  # what reads the same in any language: names, proper nouns, figures, concepts
    all_words: tuple[str, ...]  # distinct words, each string shared through the vocabulary (memory at 100k items)
    words: frozenset[str] = frozenset()
    name_weight: float = 0.0
    anchor_weight: float = 0.0
    word_weight: float = 0.0
    keys: frozenset[str] = frozenset()
    anchor_keys: frozenset[str] = frozenset()  # looked up for reports in other languages only

    @classmethod
    def of(cls, item: NewsItem, vocabulary: dict[str, str], concepts: PhraseIndex[str]) -> _Features:
        language = item.language
        body = item.text[:LEAD_CHARS]
        # The opening ends at a space, so its words and the rest's are the lead's words, tokenised once.
        cut = max(body.rfind(" ", 0, ANCHOR_CHARS), 0) if len(body) > ANCHOR_CHARS else len(body)
        opening = body[:cut]
        opening_words = tokens(f"{item.title} {opening}")
        lead_words = opening_words + tokens(body[cut:])
        distinct = {f"{language}:{word}" for word in lead_words if len(word) >= MIN_WORD_LENGTH}
        words = tuple(vocabulary.setdefault(word, word) for word in distinct)
        names = frozenset(f"@{name}" for name in (*item.models, *item.entities))  # never taken for a word
        subjects = frozenset(f"@{name}" for name in item.subjects)
        models = frozenset(f"@{name}" for name in item.models)
        anchors = names.union(
            (f"~{concept}" for concept in concepts.values_in(opening_words)),
            (f"^{noun}" for noun in _proper_nouns(opening)),
            (f"#{figure}" for figure in _figures(opening)),
        )
        return cls(item, names, subjects, models, frozenset(vocabulary.setdefault(a, a) for a in anchors), words)


_CAPITALISED = re.compile(r"\b[A-Z][\w-]{2,}")
_FIGURE = re.compile(r"\d+(?:[ ,.]\d{3})*")
_OPENERS = frozenset('.!?:;«"(')  # after these, any word may be capitalised


def _proper_nouns(text: str) -> set[str]:
    """Capitalised words not opening a sentence or quote: names that read the same in English and French."""
    found = set()
    for match in _CAPITALISED.finditer(text):
        position = match.start() - 1
        while position >= 0 and text[position].isspace():
            position -= 1
        if position >= 0 and text[position] not in _OPENERS:
            found.add(fold(match.group()))
    return found


def _figures(text: str) -> set[str]:
    """Numbers as written in either language: 50,000 and 50 000 are one figure; single digits say little."""
    return {figure for figure in (re.sub(r"[ ,.]", "", found) for found in _FIGURE.findall(text)) if len(figure) > 1}


@dataclass(slots=True)
class _Story:
    """A story's first reports stand for it; later ones only join, so a story cannot drift through chains."""

    representatives: list[_Features]
    items: list[NewsItem] = field(default_factory=list)


def _rarity(features: Sequence[_Features]) -> dict[str, float]:
    """Inverse document frequency: a name or word most reports carry says little about which event it is."""
    counts: Counter[str] = Counter()
    for feature in features:
        counts.update(feature.anchors)  # names are anchors too
        counts.update(feature.all_words)
    total = len(features)
    return {key: math.log(1 + total / count) for key, count in counts.items()}


def _name_overlap(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Share of the shorter name list found in the other, weighted by rarity; 0 unless two names are shared."""
    shared = report.names & seed.names
    if len(shared) < 2:
        return 0.0
    return sum(rarity[name] for name in shared) / min(report.name_weight, seed.name_weight)


def _anchor_overlap(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Rarity-weighted Dice coefficient of the two reports' anchors; 0 unless they share two (one is chance)."""
    common = report.anchors & seed.anchors
    if len(common) < 2:
        return 0.0
    shared = sum(rarity[anchor] for anchor in common)
    total = report.anchor_weight + seed.anchor_weight
    return 2 * shared / total if total else 0.0


def _same_single_name_and_topic(report: _Features, seed: _Features) -> bool:
    """Two reports about one organisation only (the Academy, SAG-AFTRA), on the same main topic, within the window."""
    topics = report.item.topics[:1]
    return len(report.names) == 1 and report.names == seed.names and bool(topics) and topics == seed.item.topics[:1]


def _headlines(report: _Features, seed: _Features) -> bool | None:
    """Whether the two headlines are about the same things: False when each names something the other does not
    (Disney with OpenAI, Disney with Google); True when one's names are all in the other's and they share two, or
    one on the same main topic; None when the headlines cannot tell."""
    if not (report.subjects and seed.subjects):
        return None
    shared = report.subjects & seed.subjects
    if shared != report.subjects and shared != seed.subjects:
        # Two angles on one model (the studios' reaction, the union's) are no proof of two events.
        return None if shared & report.models else False
    if len(shared) >= 2 or report.item.topics[:1] == seed.item.topics[:1] != ():
        return True
    return None  # one name in common, told from different angles: leave it to the other evidence


def _text_similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Rarity-weighted Jaccard similarity of the two reports' words."""
    shared = sum(rarity[word] for word in report.words & seed.words)
    union = report.word_weight + seed.word_weight - shared
    return shared / union if union else 0.0


def _similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """How surely a report tells the seed's story: 0 when not at all, higher is surer."""
    headlines = _headlines(report, seed)
    # Names mentioned in passing cannot tie two reports whose headlines are about different things.
    names = 0.0 if headlines is False else _name_overlap(report, seed, rarity)
    if report.item.language != seed.item.language:
        if headlines:
            return max(names, HEADLINE_SCORE)
        if names >= MIN_NAME_OVERLAP_ACROSS_LANGUAGES:
            return names
        if headlines is None and (anchors := _anchor_overlap(report, seed, rarity)) >= MIN_ANCHOR_OVERLAP:
            return anchors
        return SINGLE_NAME_SCORE if headlines is None and _same_single_name_and_topic(report, seed) else 0.0
    text = _text_similarity(report, seed, rarity)
    if (
        text >= MIN_TEXT_SIMILARITY
        or (names >= MIN_NAME_OVERLAP and text >= MIN_TEXT_SIMILARITY_WITH_NAMES)
        or (headlines and text >= MIN_TEXT_SIMILARITY_WITH_HEADLINES)
    ):
        return names + text
    return 0.0


def cluster(items: Iterable[NewsItem], concepts: PhraseIndex[str] | None = None) -> list[list[NewsItem]]:
    """Stories as lists of items (oldest first), ordered by their first item; deterministic for the same input.
    ``concepts`` maps words of any language to shared concept ids (strike, grève: one concept)."""
    vocabulary: dict[str, str] = {}
    concepts = concepts or PhraseIndex()
    features = [_Features.of(item, vocabulary, concepts) for item in sorted(items, key=_order)]
    rarity = _rarity(features)
    for feature in features:
        # A report's rarest words are its signature: they say what it is about, and keep comparisons cheap.
        signature = sorted(feature.all_words, key=lambda word: (-rarity[word], word))[:SIGNATURE_WORDS]
        feature.all_words = ()
        feature.words = frozenset(signature)
        feature.name_weight = sum(rarity[name] for name in feature.names)
        feature.anchor_weight = sum(rarity[anchor] for anchor in feature.anchors)
        feature.word_weight = sum(rarity[word] for word in signature)
        rarest_anchors = sorted(feature.anchors - feature.names, key=lambda anchor: (-rarity[anchor], anchor))
        feature.keys = feature.names | frozenset(signature[:INDEXED_WORDS])
        feature.anchor_keys = frozenset(rarest_anchors[:INDEXED_ANCHORS])
    stories: list[_Story] = []
    index: dict[str, list[int]] = {}
    merged_into: dict[int, int] = {}
    sizes: dict[int, int] = {}  # items per group root
    for report in features:
        scores = {
            candidate: max(_similarity(report, known, rarity) for known in stories[candidate].representatives)
            for candidate in _candidates(report, stories, index)
        }
        matched = sorted((candidate for candidate, score in scores.items() if score > 0), key=lambda c: -scores[c])
        if not matched:
            matched = [len(stories)]
            stories.append(_Story([]))
        best = _root(merged_into, matched[0])
        sizes[best] = sizes.get(best, 0) + 1
        # A report that tells two stories outright proves they are one (two outlets' angles on one event);
        # bridged groups stay small, so a dense news day cannot chain everything into one story.
        for other in matched[1:]:
            other_root = _root(merged_into, other)
            if scores[other] < BRIDGING_SCORE or other_root == best:
                continue
            if sizes[best] + sizes[other_root] <= MAX_BRIDGED_ITEMS:
                merged_into[other_root] = best
                sizes[best] += sizes.pop(other_root)
        story = stories[matched[0]]
        story.items.append(report.item)
        if len(story.representatives) < REPRESENTATIVES:
            story.representatives.append(report)
            for key in report.keys | report.anchor_keys:
                postings = index.setdefault(key, [])
                if not postings or postings[-1] != matched[0]:
                    postings.append(matched[0])
        else:  # only representatives are compared again: the others' features can go (memory at 100k items)
            report.words = report.anchors = report.keys = report.anchor_keys = frozenset()
    grouped: dict[int, list[NewsItem]] = {}
    for number, story in enumerate(stories):
        grouped.setdefault(_root(merged_into, number), []).extend(story.items)
    return [sorted(items, key=_order) for _, items in sorted(grouped.items())]


def _order(item: NewsItem) -> tuple[datetime, str]:
    return item.published, item.identity


def _root(merged_into: dict[int, int], story: int) -> int:
    while story in merged_into:
        story = merged_into[story]
    return story


def _candidates(report: _Features, stories: list[_Story], index: dict[str, list[int]]) -> list[int]:
    """Stories seeded within the window that share names or rare words with the report (two, or its only name);
    anchors find stories in other languages only (in one language, words do better and cost less)."""
    shared: Counter[int] = Counter()
    oldest_start = report.item.published - SAME_EVENT_WINDOW
    language = report.item.language
    for keys, other_languages_only in ((report.keys, False), (report.anchor_keys, True)):
        for key in keys:
            for story in reversed(index.get(key, [])[-MAX_STORIES_PER_KEY:]):
                seed = stories[story].representatives[0].item
                if seed.published < oldest_start:
                    break
                if not other_languages_only or seed.language != language:
                    shared[story] += 1
    needed = 1 if len(report.names) == 1 else MIN_SHARED_KEYS  # a one-name report may match on its name alone
    return [story for story, count in shared.items() if count >= needed]
