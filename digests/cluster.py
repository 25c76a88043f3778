"""Group items about the same event into stories, across feeds and languages, without comparing all pairs.

Each story is seeded by its first report; a later report joins the story whose seed it resembles most, so
stories cannot snowball through chains of loosely similar reports. Candidate stories come from an inverted
index over the seeds' names, rare words and anchors, limited to a same-event time window.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import Any, NamedTuple, TypeVar

from digests.cycles import cycle_collection_paused
from digests.phrases import PhraseIndex
from digests.story_terms import CONCEPT, FIGURE, OPENING_CHARS, PROPER_NOUN, QUOTATION, VERSION, story_terms
from digests.textkeys import tokens
from digests.types import NewsItem

T = TypeVar("T")

# Outlets tell an event the same day or the next: the same names two days after a story began are a new event (a
# trailer pulled, then its consultant dropped), and on a busy week they often are.
SAME_EVENT_WINDOW = timedelta(hours=36)
# Later, up to the two days a story's reports span, a report joins it only as a follow-up, on fair evidence: while the
# story is still being told (a report in the last day), or when the report pins it (one quoted title or unknown name in
# both headlines, one figure about one known name). A quiet story's names two days on are a new event. (Headlines that
# meet cost one pair of events: the film whose trailer was pulled, quoted again when its consultant was dropped.)
FOLLOW_UP_WINDOW = timedelta(hours=48)
FOLLOW_UP_GAP = timedelta(hours=24)
MIN_FOLLOW_UP_SCORE = 0.4
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
# In one language, two weak signals of one event together are a match: some of the same names, places and figures,
# and some of the same words (two takes on one trademark filing, one report, one festival).
MIN_ANCHOR_OVERLAP_WITH_TEXT = 0.2
MIN_TEXT_SIMILARITY_WITH_ANCHORS = 0.1
# Across languages, reports sharing this rarity-weighted share of their cognates (words spelt alike in English and
# French: "régulation", "regulation") tell one event with fewer anchors in common.
MIN_COGNATE_SIMILARITY = 0.06
MIN_ANCHOR_OVERLAP_WITH_COGNATES = 0.15
# Reports sharing this weighted share of their anchors (names, proper nouns, figures and bilingual concepts such
# as strike/grève) tell the same story, in one language or across two.
MIN_ANCHOR_OVERLAP = 0.3
# Or the lighter report's anchors share with the other, when one report is much longer.
MIN_ANCHOR_SHARE_OF_LIGHTER = 0.35
# Or less, when both headlines quote the same title or name the same person, place or company the knowledge base
# does not know (a headline says what the report is about, the opening only where and when), or when the reports
# give the same figure about the same known name (Pika and $80 million: one funding round).
MIN_ANCHOR_SHARE_WHEN_PINNED = 0.3
# Or less still when both headlines give the same unknown full name (Taylor Swift): whom the news is about that day.
MIN_ANCHOR_SHARE_WHEN_NAMED_IN_FULL = 0.2
# A full name is two proper nouns or more.
FULL_NAME_WORDS = 2
# Names say what reports are about, not which event: across languages they also need this share of other anchors.
MIN_EVENT_OVERLAP = 0.15
# Fewer shared anchors than this are no share to weigh: one is enough only on the same main topic.
MIN_EVENT_ANCHORS = 2
# A story is stood for by its first few reports: enough for other outlets' angles, too few to drift.
REPRESENTATIVES = 3
# Per index key, only the most recent stories are candidates: older ones fall out of the window anyway.
MAX_STORIES_PER_KEY = 8
# What marks a known name among a report's anchors, as "^" marks a proper noun and "#" a figure.
NAME = "@"
# A report finds candidate stories through its names and its rarest words (a film title, a sum, a place).
INDEXED_WORDS = 8
# Reports also find each other through their rarest anchors (proper nouns, figures, concepts), in any language,
# and through all their concepts, which bridge two languages: a report full of names that a report in the other
# language lacks would otherwise index those names only.
INDEXED_ANCHORS = 16
# Reports are compared on their rarest words only; common words add cost and blur similarity.
SIGNATURE_WORDS = 40
# A cognate is known by a word's first letters ("producteurs", "producers"); shorter words are mostly grammar.
COGNATE_LENGTH = 5
MIN_COGNATE_WORD_LENGTH = 6
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
    makers: Mapping[str, str]  # what a name implies, both as anchors (shared by all reports): Sora implies OpenAI
    works: frozenset[tuple[str, ...]]  # the words of each title the headline quotes: 'Hollow Echo', « Ancestra »
    title_stems: frozenset[str]  # those words' stems, to compare titles across languages
    title_names: frozenset[str]  # those words long enough to be a name another headline may give: 'What Jennifer Did'
    headline_nouns: frozenset[str]  # the anchors (proper nouns, figures) the headline names: ^attenborough
    headline_name_words: tuple[tuple[str, ...], ...]  # the words of each proper noun among them: ("jennifer",)
    versions: frozenset[str]  # the models' versions it gives: %kling-2.1
    # What reads the same in any language (names, proper nouns, figures, concepts) and the lead's distinct words,
    # each string shared through the vocabulary, as tuples until weighed (memory at 100k items).
    all_anchors: tuple[str, ...]
    all_words: tuple[str, ...]
    all_cognates: tuple[str, ...]
    anchors: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    cognates: frozenset[str] = frozenset()
    name_weight: float = 0.0
    anchor_weight: float = 0.0
    word_weight: float = 0.0
    cognate_weight: float = 0.0
    keys: frozenset[str] = frozenset()  # what finds the report's candidate stories in the index
    # Made when weighed, for the reports in the window only (memory at 100k items):
    title_keys: frozenset[str] = frozenset()  # each quoted title's words run together, to compare in one language
    long_title_stems: frozenset[str] = frozenset()  # the title stems long enough to be more than an article
    title_nouns: frozenset[str] = frozenset()  # the title names as proper-noun anchors, to find in another report's
    # The titles the text's opening quotes and its words, read the first time a comparison needs them.
    opening: _Opening | None = None

    @classmethod
    def of(
        cls, item: NewsItem, vocabulary: dict[str, str], concepts: PhraseIndex[str], makers: Mapping[str, str]
    ) -> _Features:
        """The report's features; ``makers`` maps each model's anchor to its maker's (@Sora: @openai), and each
        lab's to its parent company's (@google-deepmind: @google)."""
        known = (*item.models, *item.entities)
        names = _interned(vocabulary, [NAME + name for name in known])  # never taken for a word
        terms = item.terms or story_terms(item.title, item.text, item.language, known, concepts)
        anchors = terms.anchors.split()
        if VERSION in terms.anchors:
            anchors = _without_model_names(anchors, item.models)
        anchors = _interned(vocabulary, anchors)
        works = _works(item.title, item.language)
        headline_nouns = _in_headline(item.title, works, anchors)
        return cls(
            item,
            _frozen(names),
            subjects=_frozen(_interned(vocabulary, [NAME + name for name in item.subjects])),
            models=_frozen(names[: len(item.models)]),  # the known names start with the models
            makers=makers,
            works=works,
            title_stems=_title_stems(works),
            title_names=_title_names(works),
            headline_nouns=headline_nouns,
            headline_name_words=tuple(
                tuple(anchor[1:].split("-")) for anchor in headline_nouns if anchor[0] == PROPER_NOUN
            ),
            versions=_frozen(anchor for anchor in anchors if anchor[0] == VERSION),
            all_anchors=(*names, *anchors),
            all_words=_interned(vocabulary, terms.words.split()),
            all_cognates=_interned(vocabulary, _cognates(terms.words)),
        )

    def weigh(self, rarity: dict[str, float], unshared: float) -> None:
        """Keep the report's rarest words that another report has too, its signature (they say what it is about,
        and keep comparisons cheap; a word no other report has can meet nothing), weigh its names, anchors and
        words, choose the keys that find its candidate stories, and ready its titles for comparing. ``unshared`` is
        the rarity of a word only one report has."""
        signature, self.word_weight = _signature(self.all_words, rarity, unshared)
        cognates, self.cognate_weight = _signature(self.all_cognates, rarity, unshared)
        self.words, self.cognates = frozenset(signature), frozenset(cognates)
        self.anchors = frozenset(self.all_anchors)
        self.all_words = self.all_anchors = self.all_cognates = ()
        self.name_weight = math.fsum(map(rarity.__getitem__, self.names))
        self.anchor_weight = math.fsum(map(rarity.__getitem__, self.anchors))
        rarest_anchors = sorted(self.anchors - self.names, key=lambda anchor: (-rarity[anchor], anchor))
        concepts = [anchor for anchor in self.anchors if anchor[0] == CONCEPT]
        self.keys = self.names.union(signature[:INDEXED_WORDS], rarest_anchors[:INDEXED_ANCHORS], concepts)
        if self.works:  # most headlines quote no title
            self.title_keys = _frozen("".join(title) for title in self.works)
            self.long_title_stems = _frozen(stem for stem in self.title_stems if len(stem) >= MIN_TITLE_WORD_LENGTH)
            self.title_nouns = _frozen(PROPER_NOUN + word for word in self.title_names)

    def forget(self) -> None:
        """Free what only comparisons need, once no later report can be compared with this one (memory at 100k)."""
        self.words = self.cognates = self.anchors = self.keys = _NOTHING
        self.headline_nouns = self.title_names = self.versions = _NOTHING
        self.headline_name_words = ()
        self.title_keys = self.title_stems = self.long_title_stems = self.title_nouns = _NOTHING
        self.opening = None


# The one empty set every report shares: most quote no title and give no version, and each empty frozenset of its
# own would cost 216 bytes per report (memory at 100k items).
_NOTHING: frozenset[Any] = frozenset()


def _frozen(values: Iterable[T]) -> frozenset[T]:
    return frozenset(values) or _NOTHING


def _interned(vocabulary: dict[str, str], strings: Collection[str]) -> tuple[str, ...]:
    """The strings as the vocabulary's copies, added when new: one copy of each word for all reports."""
    return tuple(map(vocabulary.setdefault, strings, strings))


def _signature(terms: Iterable[str], rarity: dict[str, float], unshared: float) -> tuple[list[str], float]:
    """The rarest terms that another report has too, rarest first, and the weight of the rarest terms (shared or
    not, so that a report full of words no other has weighs what it says)."""
    rarest = sorted(terms, key=rarity.__getitem__, reverse=True)
    signature = [term for term in rarest if rarity[term] < unshared][:SIGNATURE_WORDS]
    return signature, math.fsum(map(rarity.__getitem__, rarest[:SIGNATURE_WORDS]))


# A word of the lead ("en:production") by its first letters, without its language: no word or anchor reads so.
_COGNATE = re.compile(rf":(\w{{{COGNATE_LENGTH}}})\w{{{MIN_COGNATE_WORD_LENGTH - COGNATE_LENGTH},}}")


def _cognates(words: str) -> dict[str, None]:
    """The lead's longer words known by their first letters and without their language, in the lead's order: what
    an English and a French report of one event share besides names ("production" and "producteurs", "régulation"
    and "regulation")."""
    return dict.fromkeys(_COGNATE.findall(words))


def _without_model_names(anchors: list[str], models: Iterable[str]) -> list[str]:
    """The anchors but the versions that are a model's own name: "Sora 2" is a model, not Sora's version 2 (while
    "Pika 2.2" is a version of Pika)."""
    own = {VERSION + "-".join(tokens(model)) for model in models}
    return [anchor for anchor in anchors if anchor[0] != VERSION or anchor.replace(".", "-") not in own]


def _in_headline(headline: str, works: frozenset[tuple[str, ...]], anchors: Sequence[str]) -> frozenset[str]:
    """The proper nouns and figures among the anchors that the headline names too, even a Title Case headline's,
    whose capitals say nothing ("Attenborough", "Fable"). A quoted title's words are left to the title: 'Electric
    Jungle' and 'Restless Jungle' are two films."""
    words = set(tokens(headline)).difference(*works)
    return _frozen(
        anchor for anchor in anchors if anchor[0] in (PROPER_NOUN, FIGURE) and words.issuperset(anchor[1:].split("-"))
    )


# A quoted, capitalised phrase in a headline names a work (a film, a series), unless it is too long for a title.
MAX_WORK_WORDS = 8


def _works(headline: str, language: str | None) -> frozenset[tuple[str, ...]]:
    """Titles quoted in a headline, as their words; a long or lowercase quotation is speech, not a title, and so is
    an English one in sentence case, since English titles capitalise all but their small words: 'This show was
    made by humans' is a credit line, 'Aquaman and the Lost Kingdom' a film."""
    return _frozen(
        tuple(tokens(title))
        for title in _quotations(headline)
        if title[:1].isupper()
        and len(title.split()) <= MAX_WORK_WORDS
        and not (language == "en" and _sentence_case(title))
    )


def _quotations(text: str) -> Iterator[str]:
    """What the text quotes, in any of the quotation marks QUOTATION knows."""
    return (next(group for group in match.groups() if group) for match in QUOTATION.finditer(text))


# The words an English title leaves in lowercase: articles, conjunctions and prepositions.
ENGLISH_TITLE_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "onto", "or", "over",
    "per", "the", "to", "upon", "via", "vs", "with",
})  # fmt: skip


def _sentence_case(title: str) -> bool:
    """Whether an English quotation keeps a word in lowercase that a title would capitalise."""
    return any(word[:1].islower() and word.lower() not in ENGLISH_TITLE_SMALL_WORDS for word in title.split())


def _other_versions(report: _Features, seed: _Features) -> bool:
    """Whether the two reports give the same model different versions and no version in common: Kling 2.0 and
    Kling 2.1 are two launches."""
    if not (report.versions and seed.versions) or not report.versions.isdisjoint(seed.versions):
        return False
    return not {_versioned(version) for version in report.versions}.isdisjoint(map(_versioned, seed.versions))


def _versioned(version: str) -> str:
    """The name a version anchor is of: %kling-2.1 is of kling."""
    return version.rpartition("-")[0]


def _same_work(report: _Features, seed: _Features, same_language: bool) -> bool | None:
    """Whether the two headlines quote the same title (True), only different ones (False), or cannot tell (None).
    In one language titles are alike when their words are ("Gen-3" and "Gen 3" are one). Across languages, where
    titles get translated, they are the same when one's words longer than an article are all in the other's, and
    different when they share no word at all ('The Wizard of Oz' and « Le Magicien d'Oz », 'The Magnificent
    Ambersons' and « La Splendeur des Amberson » can tell neither), unless one report's text quotes the other's
    title. A quotation of short words only is no title to compare across languages: « IA » is 'AI' in French, not
    another work than 'Made with AI'."""
    if not (report.works and seed.works):
        return None
    if same_language:
        if not report.title_keys.isdisjoint(seed.title_keys):
            return True
        # Both headlines about one known name, and one report naming the title the other headline quotes ('National
        # ESPN App Day' and 'SportsCenter for You', one launch): the quotations cannot tell the two apart.
        if report.subjects.isdisjoint(seed.subjects):
            return False
        return None if _names_the_other_title(report, seed) or _names_the_other_title(seed, report) else False
    report_long, seed_long = report.long_title_stems, seed.long_title_stems
    if report.title_stems.isdisjoint(seed.title_stems):
        if _text_gives_title(report, seed) or _text_gives_title(seed, report):
            return True  # « Falso Amor », shown abroad as « Deep Fake Love »: one work under two titles
        return False if report_long and seed_long else None
    return True if report_long and seed_long and (report_long <= seed_long or seed_long <= report_long) else None


def _names_the_other_title(report: _Features, other: _Features) -> bool:
    """Whether the report names, as proper nouns, the long words of the titles the other headline quotes
    ("SportsCenter", of 'SportsCenter for You'), outside a title of its own ('SportsCenter Classic' is another)."""
    return (
        bool(other.title_nouns)
        and other.title_nouns <= report.anchors
        and report.title_nouns.isdisjoint(other.title_nouns)
    )


def _text_gives_title(report: _Features, other: _Features) -> bool:
    """Whether the report's opening gives a title the other headline quotes: quoted, as a work's title in another
    country (« Juego de brujas », released in English as « The Witch Game »), or, for a title of two words or more,
    even unquoted, as a report on an episode names its series (South Park, beside « South Park »). Read only for
    titles no word of which meet."""
    if report.opening is None:
        text = report.item.text[:OPENING_CHARS]
        titles = _frozen(tuple(tokens(title)) for title in _quotations(text))
        report.opening = _Opening(titles, f" {' '.join(tokens(text))} ")
    titles, words = report.opening
    return not other.works.isdisjoint(titles) or any(
        len(title) > 1 and f" {' '.join(title)} " in words for title in other.works
    )


class _Opening(NamedTuple):
    """What a report's opening says of titles: those it quotes, and its words, spaced, to find others it names."""

    titles: frozenset[tuple[str, ...]]
    words: str


# Across languages a title word is known by its first letters: "Ambersons" and "Amberson" are one.
TITLE_STEM_LENGTH = 6
# Shorter title words are mostly articles and prepositions ("The", "of", "La"), which say nothing alone.
MIN_TITLE_WORD_LENGTH = 4
# A title word another headline names on its own must be long enough to be a name, not a common word ("House").
MIN_NAMED_TITLE_WORD_LENGTH = 6


def _title_stems(works: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return _frozen(word[:TITLE_STEM_LENGTH] for title in works for word in title)


def _title_names(works: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return _frozen(word for title in works for word in title if len(word) >= MIN_NAMED_TITLE_WORD_LENGTH)


def _headlines_meet(report: _Features, other: _Features, same_work: bool | None, names_the_title: bool) -> bool:
    """Whether both headlines quote one title, or name one person, place or company the knowledge base does not know,
    or one names a word of the title the other quotes (``names_the_title``)."""
    return bool(same_work) or not report.headline_nouns.isdisjoint(other.headline_nouns) or names_the_title


def _names_the_title(report: _Features, other: _Features) -> bool:
    """Whether the report's headline names, as a proper noun, a word of the title the other headline quotes: 'What
    Jennifer Did' and "the Jennifer Pan photos"."""
    return bool(other.title_names) and any(map(other.title_names.issuperset, report.headline_name_words))


@dataclass(slots=True)
class _Story:
    """A story's first reports stand for it; later ones only join, so a story cannot drift through chains."""

    representatives: list[_Features]
    items: list[NewsItem] = field(default_factory=list)


def _rarity(features: Sequence[_Features]) -> dict[str, float]:
    """Inverse document frequency: a name or word most reports carry says little about which event it is."""
    counts = Counter(  # names are anchors too
        chain.from_iterable(
            terms for feature in features for terms in (feature.all_anchors, feature.all_words, feature.all_cognates)
        )
    )
    return {key: _idf(len(features), count) for key, count in counts.items()}


def _idf(reports: int, having: int) -> float:
    return math.log(1 + reports / having)


def _name_overlap(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Share of the shorter name list found in the other, weighted by rarity; 0 unless two names are shared."""
    shared = report.names & seed.names
    if len(shared) < 2:
        return 0.0
    return math.fsum(map(rarity.__getitem__, shared)) / min(report.name_weight, seed.name_weight)


def _anchor_overlap(report: _Features, seed: _Features, rarity: dict[str, float], headlines_meet: bool) -> float:
    """How much of their anchors (rarity-weighted) two reports share, as the Dice coefficient, or when it passes
    its own bar, as the share of the lighter report's: a short brief and a long article of one event meet on the
    brief's few names, and on fewer when the headlines meet (a film, a person, a place). 0 unless they share two
    anchors (one is chance)."""
    common = report.anchors & seed.anchors
    if len(common) < 2:
        return 0.0
    shared = math.fsum(map(rarity.__getitem__, common))
    dice = 2 * shared / (report.anchor_weight + seed.anchor_weight)
    if dice >= MIN_ANCHOR_OVERLAP or _headlines_name_others(report, seed):
        return dice
    lighter = shared / min(report.anchor_weight, seed.anchor_weight)
    if _headlines_give_one_full_name(report, seed):
        enough = MIN_ANCHOR_SHARE_WHEN_NAMED_IN_FULL
    elif headlines_meet or _name_and_figure(common):
        enough = MIN_ANCHOR_SHARE_WHEN_PINNED
    else:
        enough = MIN_ANCHOR_SHARE_OF_LIGHTER
    return MIN_ANCHOR_OVERLAP if lighter >= enough else dice


def _headlines_give_one_full_name(report: _Features, seed: _Features) -> bool:
    """Whether both headlines name the same things the knowledge base does not know by two proper nouns or more,
    as a person's first name and surname."""
    shared = report.headline_nouns & seed.headline_nouns
    return sum(1 for anchor in shared if anchor[0] == PROPER_NOUN) >= FULL_NAME_WORDS


def _headlines_name_others(report: _Features, seed: _Features) -> bool:
    """Whether both headlines name people, places or titles that the other report does not even mention: Tom
    Hanks's deepfake advert and Gayle King's, the same week."""
    return (
        bool(report.headline_nouns and seed.headline_nouns)
        and report.headline_nouns.isdisjoint(seed.anchors)
        and seed.headline_nouns.isdisjoint(report.anchors)
    )


def _event_anchors(report: _Features, seed: _Features) -> tuple[frozenset[str], frozenset[str]]:
    """The anchors two reports share besides their topic, and that topic: the models both name, with their makers.
    The rest (people, partners, places, figures, concepts) tells one event about a model from another: Sora's
    release, Sora in a Toys"R"Us film."""
    topic = _with_makers(report.models & seed.models, report)
    return (report.anchors & seed.anchors) - topic, topic


def _one_event(report: _Features, seed: _Features, rarity: dict[str, float]) -> bool:
    """Whether two reports about the same things tell one event: besides their topic they share a fair weight of
    anchors, or one anchor on the same main topic (a release and a release, not a release and a lawsuit)."""
    common, topic = _event_anchors(report, seed)
    if not common:
        return False
    if len(common) < MIN_EVENT_ANCHORS:
        return _same_main_topic(report, seed)
    shared = math.fsum(map(rarity.__getitem__, common))
    topic_held = [*(topic & report.anchors), *(topic & seed.anchors)]  # the topic counts in each report that has it
    topic_weight = math.fsum(map(rarity.__getitem__, topic_held))
    dice = 2 * shared / (report.anchor_weight + seed.anchor_weight - topic_weight)
    return dice >= MIN_EVENT_OVERLAP or _same_main_topic(report, seed)


def _same_main_topic(report: _Features, seed: _Features) -> bool:
    return bool(report.item.topics) and report.item.topics[:1] == seed.item.topics[:1]


def _name_and_figure(common: set[str] | frozenset[str]) -> bool:
    """Whether two reports' shared anchors hold a known name and a figure that is no year (a sum, a count)."""
    return any(anchor[0] == NAME for anchor in common) and any(
        anchor[0] == FIGURE and not _YEAR.fullmatch(anchor) for anchor in common
    )


_YEAR = re.compile(rf"{FIGURE}(?:19|20)\d\d")


def _same_single_name_and_topic(report: _Features, seed: _Features) -> bool:
    """Two reports about one organisation only (the Academy, SAG-AFTRA), on the same main topic, within the window."""
    return len(report.names) == 1 and report.names == seed.names and _same_main_topic(report, seed)


def _headlines(report: _Features, seed: _Features) -> bool | None:
    """Whether the two headlines are about the same things: False when each names something the other does not
    (Disney with OpenAI, Disney with Google); True when one's names are all in the other's and they share two, or
    one on the same main topic; None when the headlines cannot tell, as when one names a model and the other its
    maker, or one's model is never named in the other report."""
    if not (report.subjects and seed.subjects):
        return None
    shared = report.subjects & seed.subjects
    if shared != report.subjects and shared != seed.subjects and _each_names_more(report, seed):
        # Two angles on one model (the studios' reaction, the union's) are no proof of two events, nor are two
        # headlines each naming what the other report tells too (Zelda Williams's plea; Sora 2 and the dead).
        return None if shared & report.models or _each_tells_the_other(report, seed) else False
    if _headline_model_unnamed(report, seed) or _headline_model_unnamed(seed, report):
        return None
    if shared and (len(shared) >= 2 or _same_main_topic(report, seed)):
        return True
    return None  # one name in common, told from different angles: leave it to the other evidence


def _same_subjects(report: _Features, seed: _Features) -> bool:
    """Whether both headlines name the same things and nothing else (Pixar, and Pixar), whatever angle each takes:
    in one language, a little wording in common then says they tell one story."""
    return bool(report.subjects) and report.subjects == seed.subjects


def _each_tells_the_other(report: _Features, seed: _Features) -> bool:
    """Whether each report names all that the other's headline names."""
    return report.subjects <= seed.names and seed.subjects <= report.names


def _each_names_more(report: _Features, seed: _Features) -> bool:
    """Whether each headline names something the other does not, a model bringing its maker: "training Sora" and
    "OpenAI warned" name the same things."""
    ours, theirs = _with_makers(report.subjects, report), _with_makers(seed.subjects, seed)
    return not (ours <= theirs or theirs <= ours)


def _headline_model_unnamed(report: _Features, other: _Features) -> bool:
    """Whether the report's headline is about a model the other report never names: "OpenAI launches Sora 2" and
    "Johansson says OpenAI copied her voice" are about OpenAI, but not the same thing."""
    return not (report.subjects & report.models) <= other.names


def _with_makers(names: frozenset[str], report: _Features) -> frozenset[str]:
    """The names with what they imply: Sora brings OpenAI, Google DeepMind brings Google, Fran Drescher SAG-AFTRA."""
    return names.union(report.makers[name] for name in names if name in report.makers)


def _text_similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Rarity-weighted Jaccard similarity of the two reports' words."""
    return _weighted_jaccard(report.words & seed.words, report.word_weight + seed.word_weight, rarity)


def _cognate_similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """Rarity-weighted Jaccard similarity of the two reports' cognates."""
    return _weighted_jaccard(report.cognates & seed.cognates, report.cognate_weight + seed.cognate_weight, rarity)


def _weighted_jaccard(shared: frozenset[str], weights: float, rarity: dict[str, float]) -> float:
    """The shared terms' weight over the weight of both reports' terms (``weights``, counting shared ones twice)."""
    common = math.fsum(map(rarity.__getitem__, shared))
    union = weights - common
    return common / union if union else 0.0


class _Evidence(NamedTuple):
    """What the headlines, names and cognates of two reports in different languages say."""

    headlines: bool | None  # whether the headlines are about the same things
    names: float  # the known names' overlap
    pinned: bool  # both headlines quote one title or name one unknown person, place or company
    cognates: float  # the cognates' similarity


def _similarity(report: _Features, seed: _Features, rarity: dict[str, float]) -> float:
    """How surely a report tells the seed's story: 0 when not at all, higher is surer."""
    same_language = report.item.language == seed.item.language
    same_work = _same_work(report, seed, same_language)
    # One headline names a word of the title the other quotes: then what it quotes itself is no other title, but
    # words said (« Aucune IA générative » beside 'Avatar: Fire and Ash' and « Avatar 3 »).
    names_the_title = _names_the_title(report, seed) or _names_the_title(seed, report)
    if (same_work is False and not names_the_title) or _other_versions(report, seed):
        return 0.0  # headlines about two different films, or two versions of a model, tell two events
    headlines_meet = _headlines_meet(report, seed, same_work, names_the_title)
    headlines = _headlines(report, seed)
    # Names mentioned in passing cannot tie two reports whose headlines are about different things.
    names = 0.0 if headlines is False else _name_overlap(report, seed, rarity)
    if not same_language:
        # Cognates also tell the surer of two matches.
        evidence = _Evidence(headlines, names, headlines_meet, _cognate_similarity(report, seed, rarity))
        score = _across_languages(report, seed, rarity, evidence)
        return score + evidence.cognates if score else 0.0
    text = _text_similarity(report, seed, rarity)
    anchors = 0.0 if headlines is False else _anchor_overlap(report, seed, rarity, headlines_meet)
    if anchors >= MIN_ANCHOR_OVERLAP and _event_anchors(report, seed)[0]:
        return max(anchors, names + text)  # the same names, places and figures in the opening: in any language
    if (
        text >= MIN_TEXT_SIMILARITY
        or (names >= MIN_NAME_OVERLAP and text >= MIN_TEXT_SIMILARITY_WITH_NAMES)
        or (anchors >= MIN_ANCHOR_OVERLAP_WITH_TEXT and text >= MIN_TEXT_SIMILARITY_WITH_ANCHORS)
        or ((headlines or _same_subjects(report, seed)) and text >= MIN_TEXT_SIMILARITY_WITH_HEADLINES)
    ):
        return names + text
    return 0.0


def _across_languages(report: _Features, seed: _Features, rarity: dict[str, float], evidence: _Evidence) -> float:
    """How surely a report tells the seed's story in another language: names are most of the evidence, and say
    what two reports are about, not which event; anchors besides them say which, and fewer are enough when the
    reports share words spelt alike in both languages ("régulation", "regulation")."""
    headlines, names = evidence.headlines, evidence.names
    if (headlines or names >= MIN_NAME_OVERLAP_ACROSS_LANGUAGES) and _one_event(report, seed, rarity):
        return max(names, HEADLINE_SCORE) if headlines else names
    if headlines is False:
        return 0.0
    anchors = _anchor_overlap(report, seed, rarity, evidence.pinned)
    if anchors and _event_anchors(report, seed)[0]:
        if evidence.cognates >= MIN_COGNATE_SIMILARITY and anchors >= MIN_ANCHOR_OVERLAP_WITH_COGNATES:
            return anchors
        if headlines is None and anchors >= MIN_ANCHOR_OVERLAP:
            return anchors
    if headlines:
        # The same things in both headlines and no event in common, unless the leads are written alike: "systems
        # that simulate complex worlds", « des systèmes qui simulent des mondes complexes ».
        spelt_alike = names >= MIN_NAME_OVERLAP_ACROSS_LANGUAGES and evidence.cognates >= MIN_COGNATE_SIMILARITY
        return names if spelt_alike else 0.0
    return SINGLE_NAME_SCORE if _same_single_name_and_topic(report, seed) else 0.0


def cluster(
    items: Iterable[NewsItem], concepts: PhraseIndex[str] | None = None, makers: Mapping[str, str] | None = None
) -> list[list[NewsItem]]:
    """Stories as lists of items (oldest first), ordered by their first item; deterministic for the same input.
    ``concepts`` maps words of any language to shared concept ids (strike, grève: one concept); ``makers`` maps a
    model's name to its maker's id (Sora: openai) and a lab's id to its parent company's (google-deepmind: google)."""
    with cycle_collection_paused():
        return _cluster(items, concepts or PhraseIndex(), makers or {})


def _cluster(items: Iterable[NewsItem], concepts: PhraseIndex[str], makers: Mapping[str, str]) -> list[list[NewsItem]]:
    vocabulary: dict[str, str] = {}
    maker_anchors = {NAME + model: NAME + maker for model, maker in makers.items()}
    features = [_Features.of(item, vocabulary, concepts, maker_anchors) for item in sorted(items, key=_order)]
    rarity = _rarity(features)
    stories: list[_Story] = []
    index: dict[str, list[int]] = {}
    seeded: list[datetime] = []  # when each story's first report came; stories are numbered in that order
    languages: list[str | None] = []  # the language of each story's first report
    forgotten = 0  # stories before this one are out of every later report's window: their features are freed
    unshared = _idf(len(features), 1)
    for report in features:
        report.weigh(rarity, unshared)
        published = report.item.published
        first_in_window = bisect_left(seeded, published - SAME_EVENT_WINDOW)
        first_to_follow = bisect_left(seeded, published - FOLLOW_UP_WINDOW)
        for story in stories[forgotten:first_to_follow]:
            for representative in story.representatives:
                representative.forget()
        forgotten = max(forgotten, first_to_follow)
        scores = {
            candidate: max(_similarity(report, known, rarity) for known in stories[candidate].representatives)
            for candidate in _candidates(report, index, first_to_follow, languages)
        }
        # Stories seeded before the window are only open to follow-ups.
        scores = {
            candidate: score
            for candidate, score in scores.items()
            if candidate >= first_in_window or _follows_up(report, stories[candidate], score)
        }
        # The story the report resembles most; one resembling two stories does not join them, since on a busy
        # week the same names tie every report about a model (Sora's release, Sora in an ad, a Sora lawsuit).
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None or scores[best] <= 0:
            best = len(stories)
            stories.append(_Story([]))
            seeded.append(published)
            languages.append(report.item.language)
        story = stories[best]
        story.items.append(report.item)
        if len(story.representatives) < REPRESENTATIVES:
            story.representatives.append(report)
            for key in report.keys:
                postings = index.setdefault(key, [])
                if not postings or postings[-1] != best:
                    postings.append(best)
                    if len(postings) > 2 * MAX_STORIES_PER_KEY:  # older stories are out of the window by now
                        del postings[:-MAX_STORIES_PER_KEY]
        else:  # only representatives are compared again: the others' features can go (memory at 100k items)
            report.forget()
    return [story.items for story in stories]


def _follows_up(report: _Features, story: _Story, score: float) -> bool:
    """Whether a report from after a story's window may still join it: the report tells it surely enough, shares more
    than names with it (a place, a figure, a title, an event's concept: "Lionsgate and Runway expand their deal", two
    days after the deal, is a new event), and the story is still being told or the report pins it."""
    if score < MIN_FOLLOW_UP_SCORE or not any(_shares_beyond_names(report, known) for known in story.representatives):
        return False
    # A quiet story is followed up only by a report that says which story it follows.
    return report.item.published - story.items[-1].published <= FOLLOW_UP_GAP or any(
        _pins(report, known) for known in story.representatives
    )


def _pins(report: _Features, other: _Features) -> bool:
    """Whether the report says it tells the other's story: the same figure about the same known name (a bill's number
    and the union behind it), or headlines that meet."""
    if _name_and_figure(report.anchors & other.anchors):
        return True
    same_work = _same_work(report, other, report.item.language == other.item.language)
    names_the_title = _names_the_title(report, other) or _names_the_title(other, report)
    return _headlines_meet(report, other, same_work, names_the_title)


def _shares_beyond_names(report: _Features, other: _Features) -> bool:
    return any(anchor[0] != NAME for anchor in report.anchors & other.anchors)


def _order(item: NewsItem) -> tuple[datetime, str]:
    return item.published, item.identity


def _candidates(
    report: _Features, index: dict[str, list[int]], first_in_window: int, languages: list[str | None]
) -> list[int]:
    """The stories seeded within the window (numbered from ``first_in_window``) that share most names, rare words
    and anchors with the report (two, or its only name). A story in another language, which shares no word with the
    report, counts its headline's subject twice: names are most of what two languages share."""
    # One count over every posting list: a Counter.update per key costs more than the counting itself.
    shared = Counter(chain.from_iterable(index[key][-MAX_STORIES_PER_KEY:] for key in report.keys if key in index))
    language = report.item.language
    shared.update(
        story
        for key in report.subjects
        for story in index.get(key, ())[-MAX_STORIES_PER_KEY:]
        if languages[story] != language
    )
    needed = 1 if len(report.names) == 1 else MIN_SHARED_KEYS  # a one-name report may match on its name alone
    # Most shared keys first, then the most recent story: (count, story) pairs sorted backwards, no key function.
    ranked = sorted(
        ((count, story) for story, count in shared.items() if count >= needed and story >= first_in_window),
        reverse=True,
    )
    return [story for _, story in ranked[:MAX_CANDIDATES]]
