"""Group items about the same event into stories, across feeds and languages, without comparing all pairs.

Each story is seeded by its first report; a later report joins the story whose seed it resembles most, so
stories cannot snowball through chains of loosely similar reports. Candidate stories come from an inverted
index over the seeds' names, rare words and anchors, limited to a same-event time window.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from digests.phrases import PhraseIndex
from digests.textkeys import compact_key, fold, tokens
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
# Reports sharing this weighted share of their anchors (names, proper nouns, figures and bilingual concepts such
# as strike/grève) tell the same story, in one language or across two.
MIN_ANCHOR_OVERLAP = 0.35
# Or the lighter report's anchors share with the other, when one report is much longer.
MIN_ANCHOR_SHARE_OF_LIGHTER = 0.45
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
# Reports also find each other through their rarest anchors (proper nouns, figures, concepts), in any language.
INDEXED_ANCHORS = 16
# Reports are compared on their rarest words only; common words add cost and blur similarity.
SIGNATURE_WORDS = 40
# The stories sharing most keys with a report are the ones worth scoring; the rest share only common ground.
MAX_CANDIDATES = 6
# One shared key is chance; a story worth scoring shares at least this many with the report.
MIN_SHARED_KEYS = 2


@dataclass(slots=True)
class _Features:
    """What two reports are compared on; the weights are the sums of their names' and words' rarity."""

    item: NewsItem
    names: frozenset[str]
    subjects: frozenset[str]  # names in the headline: what the report is about, not what it mentions in passing
    models: frozenset[str]
    works: frozenset[str]  # titles the headline quotes: 'Hollow Echo', « Ancestra »
    anchors: frozenset[str]  # what reads the same in any language: names, proper nouns, figures, concepts
    all_words: tuple[str, ...]  # distinct words, each string shared through the vocabulary (memory at 100k items)
    words: frozenset[str] = frozenset()
    name_weight: float = 0.0
    anchor_weight: float = 0.0
    word_weight: float = 0.0
    keys: frozenset[str] = frozenset()  # what finds the report's candidate stories in the index

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
        # A known name is one anchor, not one per word: "Luma Dream Machine" must not count four times.
        name_words = set(tokens(" ".join((*item.models, *item.entities))))
        anchors = names.union(
            (f"~{concept}" for concept in concepts.values_in(opening_words)),
            (f"^{noun}" for noun in (_proper_nouns(opening) | _headline_proper_nouns(item.title)) - name_words),
            (f"#{figure}" for figure in _figures(opening)),
        )
        anchors = frozenset(vocabulary.setdefault(anchor, anchor) for anchor in anchors)
        return cls(item, names, subjects, models, _works(item.title), anchors, words)


# A quoted, capitalised phrase in a headline names a work (a film, a series); an apostrophe inside a word never opens.
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(]))(?:'([^']+)'|\"([^\"]+)\"|‘([^’]+)’|“([^”]+)”|«\s*([^»]+?)\s*»)(?=$|[\s,.:;!?)])"
)
MAX_WORK_WORDS = 8


def _works(headline: str) -> frozenset[str]:
    """Titles quoted in a headline, as compact keys; a long or lowercase quotation is speech, not a title."""
    found = (next(group for group in match.groups() if group) for match in _QUOTED.finditer(headline))
    return frozenset(
        compact_key(title) for title in found if title[:1].isupper() and len(title.split()) <= MAX_WORK_WORDS
    )


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


def _headline_proper_nouns(headline: str) -> set[str]:
    """A headline's proper nouns, unless it is written in Title Case (then every word is capitalised)."""
    words = [word for word in headline.split() if len(word) >= MIN_WORD_LENGTH]
    capitalised = sum(word[:1].isupper() for word in words)
    return set() if capitalised > len(words) / 2 else _proper_nouns(headline)


def _figures(text: str) -> set[str]:
    """Numbers as written in either language: 50,000 and 50 000 are one figure; single digits say little."""
    figures = (found.replace(" ", "").replace(",", "").replace(".", "") for found in _FIGURE.findall(text))
    return {figure for figure in figures if len(figure) > 1}


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
    return math.fsum(rarity[name] for name in shared) / min(report.name_weight, seed.name_weight)


def _anchor_overlap(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """How much of their anchors (rarity-weighted) two reports share, as the Dice coefficient, or when it passes
    its own bar, as the share of the lighter report's: a short brief and a long article of one event meet on the
    brief's few names. 0 unless they share two anchors (one is chance)."""
    common = report.anchors & seed.anchors
    if len(common) < 2:
        return 0.0
    shared = math.fsum(rarity[anchor] for anchor in common)
    dice = 2 * shared / (report.anchor_weight + seed.anchor_weight)
    if dice >= MIN_ANCHOR_OVERLAP:
        return dice
    lighter = shared / min(report.anchor_weight, seed.anchor_weight)
    return MIN_ANCHOR_OVERLAP if lighter >= MIN_ANCHOR_SHARE_OF_LIGHTER else dice


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
    shared = math.fsum(rarity[word] for word in report.words & seed.words)
    union = report.word_weight + seed.word_weight - shared
    return shared / union if union else 0.0


def _similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """How surely a report tells the seed's story: 0 when not at all, higher is surer."""
    if report.works and seed.works and report.works.isdisjoint(seed.works):
        return 0.0  # headlines about two different films tell two events, however alike the rest
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
    if headlines is not False and (anchors := _anchor_overlap(report, seed, rarity)) >= MIN_ANCHOR_OVERLAP:
        return max(anchors, names + text)  # the same names, places and figures in the opening: in any language
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
        feature.name_weight = math.fsum(rarity[name] for name in feature.names)
        feature.anchor_weight = math.fsum(rarity[anchor] for anchor in feature.anchors)
        feature.word_weight = sum(rarity[word] for word in signature)
        rarest_anchors = sorted(feature.anchors - feature.names, key=lambda anchor: (-rarity[anchor], anchor))
        feature.keys = feature.names.union(signature[:INDEXED_WORDS], rarest_anchors[:INDEXED_ANCHORS])
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
            for key in report.keys:
                postings = index.setdefault(key, [])
                if not postings or postings[-1] != matched[0]:
                    postings.append(matched[0])
        else:  # only representatives are compared again: the others' features can go (memory at 100k items)
            report.words = report.anchors = report.keys = frozenset()
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
    """The stories seeded within the window that share most names, rare words and anchors with the report (two,
    or its only name)."""
    shared: Counter[int] = Counter()
    oldest_start = report.item.published - SAME_EVENT_WINDOW
    for key in report.keys:
        for story in reversed(index.get(key, [])[-MAX_STORIES_PER_KEY:]):
            if stories[story].representatives[0].item.published < oldest_start:
                break
            shared[story] += 1
    needed = 1 if len(report.names) == 1 else MIN_SHARED_KEYS  # a one-name report may match on its name alone
    ranked = sorted((story for story, count in shared.items() if count >= needed), key=lambda s: (-shared[s], -s))
    return ranked[:MAX_CANDIDATES]
