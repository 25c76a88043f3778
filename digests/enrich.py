"""Annotate items: language, the models and organisations they are about, their topics, and relevance."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain

from digests.knowledge import KnowledgeBase
from digests.language import detect_languages
from digests.phrases import PhraseIndex, starts_of
from digests.story_terms import ItemWords, story_terms
from digests.textkeys import compact_key, tokens
from digests.types import Annotations, Item, NewsItem


@dataclass(frozen=True, slots=True, eq=False)  # one object per known thing: identity is equality, hashing is cheap
class Entity:
    """A nameable thing the knowledge base knows: a model (``kind == "model"``), an organisation or a person."""

    kind: str
    id: str
    name: str
    ambiguous: bool
    forms: tuple[str, ...]
    developer: str = ""  # a model's maker's id

    @property
    def name_words(self) -> tuple[str, ...]:
        return tuple(tokens(self.name))


class Enricher:
    """Reads items against the knowledge base; built once, then cheap per item."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self._entities: PhraseIndex[Entity] = PhraseIndex()
        # Words that, near an ambiguous name, confirm the AI sense: a model's own cues and its developer's names;
        # for a company, the names of its models ("Runway" is the company when Gen-4 is named nearby).
        # Phrases around an ambiguous name, tagged True when they confirm the AI sense, False when they show the
        # other sense (Sora in Kingdom Hearts, a Veo sports camera); the other sense wins.
        self._senses: PhraseIndex[tuple[Entity, bool]] = PhraseIndex()
        self._owners: dict[str, set[Entity]] = {}  # each ambiguous form's entities
        for model in knowledge.models.values():
            forms = model.ambiguous_names or model.names
            entity = Entity("model", model.id, model.name, model.ambiguous, forms, model.developer.id)
            self._add_entity(entity, model.names)
            confirming = (*model.context_cues, *model.developer.aliases, model.developer.name)
            self._senses.add_all(confirming, (entity, True))
            # "Veo 3 de Google", "Kling AI": the name holds its own context, which the longer phrase hides.
            self._senses.add_all(_holding_a_cue(model.names, confirming), (entity, True))
            self._senses.add_all(model.negative_cues, (entity, False))
        for org in knowledge.organisations.values():
            entity = Entity(org.kind, org.id, org.name, org.ambiguous, org.ambiguous_names or org.names)
            self._add_entity(entity, org.names)
            self._senses.add_all(org.negative_cues, (entity, False))
            for model in knowledge.models.values():
                if model.developer.id == org.id:
                    self._senses.add_all(model.names, (entity, True))
        # "Universal" is the studio or the record company: the other's context shows which, not another sense.
        sharing = {owner for owners in self._owners.values() if len(owners) > 1 for owner in owners}
        for person in knowledge.people.values():
            names = (person.name, *person.aliases)
            kind = "performer" if person.performer else "person"
            self._entities.add_all(names, Entity(kind, person.id, person.name, False, names))
            # "Wan" after "James Wan" is his surname, not Alibaba's model; nor is an item naming him about another
            # Wan than the AI one, as an item naming a Veo camera is: he may well be in an AI story.
            for owner in self._owners.get(compact_key(person.name.split()[-1]), ()):
                self._senses.add_all(names, (owner, False))
                sharing.add(owner)
        self._sharing_a_name = frozenset(sharing)
        self._topics: PhraseIndex[str] = PhraseIndex()
        self._topic_order = {topic.id: index for index, topic in enumerate(knowledge.topics)}
        for topic in knowledge.topics:
            for phrases in topic.cues.values():
                self._topics.add_all(phrases, topic.id)
        knowledge.add_false_friends(self._topics)
        self._ai = _cue_index(knowledge.ai_cues)
        self._screen = _work_index(knowledge.screen_cues, knowledge.work_lookalikes)
        knowledge.add_false_friends(self._screen)
        self._supporting = frozenset(chain.from_iterable(knowledge.supporting_cues.values()))
        self._fiction = _cue_index(knowledge.fiction_cues)
        self._machines = _cue_index(knowledge.machine_cues)
        self._plot = _cue_index(knowledge.plot_cues)
        self._results = _cue_index(knowledge.results_cues)
        self._rights = _cue_index(knowledge.rights_cues)  # scanned on its own, only for AI items with no screen cue
        self._factual = _cue_index(knowledge.factual_text_cues)  # and this one only for those with a rights cue
        indexes = (
            *(self._entities, self._senses, self._topics, self._ai, self._screen),
            *(self._fiction, self._machines, self._plot, self._results),
        )
        self._first_words = frozenset().union(*(index.first_words for index in indexes))
        self._concepts = knowledge.concept_index()
        self._plain_ai = frozenset(cue for cues in knowledge.plain_ai_cues.values() for cue in cues)
        self._tools = frozenset(tuple(tokens(cue)) for cues in knowledge.tool_cues.values() for cue in cues)
        self._tool_lengths = sorted({len(tool) for tool in self._tools})

    def _add_entity(self, entity: Entity, names: tuple[str, ...]) -> None:
        """Index a known thing by all its names. Those outside its ambiguous forms name it with no context needed:
        "NBCUniversal" is the studio wherever it is written; only "Universal" needs confirming."""
        self._entities.add_all(entity.forms, entity)
        if entity.ambiguous:
            for form in entity.forms:
                self._owners.setdefault(compact_key(form), set()).add(entity)
        if clear := tuple(name for name in names if name not in entity.forms):
            self._entities.add_all(clear, replace(entity, ambiguous=False, forms=clear))

    def annotate(self, items: list[Item]) -> list[Annotations]:
        """Annotations for each item, in order; languages undeclared by the feed are detected in one batch."""
        undeclared = [index for index, item in enumerate(items) if not item.language]
        detected = detect_languages([f"{items[index].title}. {items[index].text}" for index in undeclared])
        languages = [item.language or "" for item in items]
        for index, language in zip(undeclared, detected, strict=True):
            languages[index] = language
        return [self._annotate_one(item, language) for item, language in zip(items, languages, strict=True)]

    def _annotate_one(self, item: Item, language: str) -> Annotations:
        text = f"{item.title}\n{item.text}"
        item_words = ItemWords.of(*_without_first_names_like_ai(item.title, item.text))
        words, title_length = item_words.words, item_words.title_length
        starts = starts_of(words, self._first_words)  # one pass for every index below
        ai_cues = self._ai.values_in(words, starts)
        if ai_cues and ai_cues <= self._supporting:
            ai_cues = set()  # "not made to satisfy any algorithm": a feed's ranking, unless another AI word is there
        if not ai_cues and "AI" in text:
            ai_cues = set(_COINED_AI_NAMES.findall(text))
        matches = [(tuple(words[start:end]), entity) for start, end, entity in self._entities.matches(words, starts)]
        found = {entity for _, entity in matches}
        ambiguous = [entity for entity in found if entity.ambiguous]
        # The context scan runs only for items naming an ambiguous entity.
        senses = self._senses.values_in(words, starts) if ambiguous else set()
        other_sense = {entity for entity, confirms in senses if not confirms}
        context = {entity for entity, confirms in senses if confirms}
        entities = [entity for entity in found if not entity.ambiguous]
        doubted: list[Entity] = []
        # A studio's or union's name is confirmed by screen words ("Amazon" the studio, not the investor); any
        # other company's by AI words ("Runway" the AI company, not a catwalk).
        in_screen = any(entity.kind in SCREEN_KINDS for entity in ambiguous)
        screen_cues = self._screen.values_in(words, starts, language) if in_screen else None
        for entity in ambiguous:
            has_field_cue = bool(screen_cues if entity.kind in SCREEN_KINDS else ai_cues)
            # A model's maker named for sure outweighs its name's other sense: Moonvalley's Marey, named after the
            # physiologist Étienne-Jules Marey, is still the model; so does the thing itself named for sure ("Runway
            # AI" beside a fashion category). Only names needing no context count, so the answer does not depend on
            # the order ambiguous names are confirmed in; looked for only when needed.
            no_other_sense = entity not in other_sense or any(
                named.id in (entity.developer, entity.id) and not named.ambiguous for named in entities
            )
            confirmed = _confirmed(entity, text, no_other_sense, entity in context, has_field_cue)
            (entities if confirmed else doubted).append(entity)
        if doubted and any(entity.kind == "model" for entity in entities):
            # A model compared with one named for sure is among its peers ("face au chinois Kling et au Gen-3 Alpha").
            peers = [e for e in doubted if e.kind == "model" and _confirmed(e, text, e not in other_sense, True, False)]
            entities += peers
            doubted = [entity for entity in doubted if entity not in peers]
        models = sorted(_without_family_names({entity for entity in entities if entity.kind == "model"}, matches))
        others = sorted({entity.id for entity in entities if entity.kind != "model"})
        topic_matches = list(self._topics.matches(words, starts, language))
        hits = Counter(topic for _, _, topic in topic_matches)
        # A headline cue counts twice.
        hits.update(topic for _, end, topic in topic_matches if end <= title_length)
        ordered_topics = tuple(sorted(hits, key=lambda topic: (-hits[topic], self._topic_order[topic])))
        if screen_cues is None:  # read once: here, unless a studio's ambiguous name needed them above
            screen_cues = set() if models else self._screen.values_in(words, starts, language)
        work = screen_cues | {(SCREEN_KINDS[e.kind], e.name) for e in entities if e.kind in SCREEN_KINDS}
        if work and all(cue in self._supporting for _, cue in work):
            work = set()  # "candid with directors": a board's, unless another sign of screen work is there
        relevant, reason = self._relevance(words, models, entities, ai_cues, work)
        if relevant and not models:
            relevant, reason = self._ai_in_passing(words, starts, title_length, entities, ai_cues, work, reason)
        used_otherwise = sorted(
            {entity.name for entity in doubted if entity in other_sense and entity not in self._sharing_a_name}
        )
        if used_otherwise and not models:
            # "Veo cameras film matches": the item is about the other Veo, whatever AI and film words it has.
            relevant, reason = False, f"about {', '.join(used_otherwise)} in another sense than the AI one; {reason}"
        elif doubted and not relevant:
            names = ", ".join(sorted({entity.name for entity in doubted}))
            reason = f"mentions {names} without the context that confirms it; {reason}"
        # Only what may reach a digest is clustered, so only that needs its story terms.
        terms = (
            story_terms(
                item.title,
                item.text,
                language,
                (*self.knowledge.model_names(models), *others, *_spans_of(matches, entities)),
                self._concepts,
                words=item_words,
            )
            if relevant
            else None
        )
        return Annotations(
            language=language,
            models=tuple(models),
            entities=tuple(others),
            topics=ordered_topics,
            relevant=relevant,
            reason=reason,
            terms=terms,
        )

    def _relevance(
        self,
        words: list[str],
        models: list[str],
        entities: list[Entity],
        ai_cues: set[str],
        work: set[tuple[str, str]],
    ) -> tuple[bool, str]:
        """``work`` holds the entertainment work the item names, as (field, cue or name)."""
        if models:
            names = ", ".join(self.knowledge.models[model].name for model in models)
            return True, f"concerns the AI video model(s) {names}"
        # A generative-AI company named (and confirmed, when its name is ambiguous) is an AI signal of its own.
        ai = sorted(ai_cues) + sorted({entity.name for entity in entities if entity.kind == "ai_company"})
        if ai and work:
            # A broadcaster named with no screen word may be its newsroom: AI garbling the BBC's headlines is news.
            if _only_broadcasters(work, entities) and (news := sorted(self._factual.values_in(words))):
                return False, f"about AI and a broadcaster's news ({', '.join(news[:3])}), not screen work"
            return True, f"AI cue ({', '.join(ai[:3])}) and entertainment-work cue ({_by_field(work)})"
        rights = []
        if ai:  # the works AI learns from: copyright words, or a library of them named (Getty Images)
            rights = sorted(self._rights.values_in(words))
            libraries = sorted({entity.name for entity in entities if entity.kind in RIGHTS_HOLDER_KINDS})
            if rights and not libraries and (texts := sorted(self._factual.values_in(words))):
                cues = ", ".join(texts[:3])
                return False, f"about AI and the rights in news, law or code ({cues}), not in creative work"
            rights += libraries
        if rights:
            return True, f"AI cue ({', '.join(ai[:3])}) and creative-rights cue ({', '.join(rights[:3])})"
        if ai:
            return False, f"about AI ({', '.join(ai[:3])}) but not film, TV or entertainment work"
        if work:
            return False, f"about entertainment work ({_by_field(work)}) but not AI"
        return False, "neither about AI nor about film, TV or entertainment work"

    def _ai_in_passing(
        self,
        words: list[str],
        starts: list[int],
        title_length: int,
        entities: list[Entity],
        ai_cues: set[str],
        work: set[tuple[str, str]],
        reason: str,
    ) -> tuple[bool, str]:
        """AI named only in plain words ("AI", "algorithm") may be no AI at work in entertainment: a film, series or
        game *about* an AI (a killer android, a rogue AI) when no AI company, model or union is named; or a company's
        results, where AI is a line of business beside its streaming service, unless the headline is about AI (a
        chief executive's view of AI, given on an earnings call). Either is out. Songs and dubbed videos tell no such
        stories: their "robots" are bots, « une intelligence artificielle » the tool that dubs."""
        if not ai_cues <= self._plain_ai:
            return True, reason
        industry = any(entity.kind in AI_INDUSTRY_KINDS for entity in entities)
        tells_stories = any(work_field in STORY_FIELDS for work_field, _ in work)
        if tells_stories and not industry and (fiction := self._characters(words, starts)):
            return False, f"a story with AI as a character ({', '.join(sorted(fiction)[:3])}), not AI in its making"
        # The headline is read for AI words only when results are told, which few items do.
        if (results := self._results.values_in(words, starts)) and not self._ai.values_in(words[:title_length]):
            return False, f"a company's results ({', '.join(sorted(results)[:3])}) naming AI as a line of business"
        return True, reason

    def _characters(self, words: list[str], starts: list[int]) -> set[str]:
        """The fiction cues in the words, but for an AI written as the tool something was made with: « des livres
        générés par une intelligence artificielle » are no story with an AI in it. Robots count where a plot is told."""
        characters = {
            cue
            for start, _, cues in self._fiction.spans(words, starts)
            if not any(tuple(words[max(0, start - length) : start]) in self._tools for length in self._tool_lengths)
            for cue in cues
        }
        if (machines := self._machines.values_in(words, starts)) and self._plot.values_in(words, starts):
            characters |= machines  # robots are rarer than plot words: looked for first
        return characters

    def for_readers(self, item: NewsItem) -> NewsItem:
        """A stored item as digests use it: model ids turned into the names readers know, and its subjects (what
        the headline names among its models and organisations: what it is about, not what it mentions in passing)."""
        found = self._entities.values_in(tokens(item.title))
        subjects = {entity.id for entity in found if entity.id in item.models or entity.id in item.entities}
        model_names = self.knowledge.model_names
        return replace(
            item,
            models=model_names(item.models),
            subjects=frozenset((*model_names(sorted(subjects)), *(s for s in subjects if s in item.entities))),
        )


# "Ai" or "Ia" written as a first name, before a surname (the voice actress Ai Kayano): not the AI cue, which
# news writes "AI" or "IA". The surname is captured, to find the same name in the headline.
_FIRST_NAMES_LIKE_AI = re.compile(r"\b(?:Ai|Ia)\b(?=\s+([A-Z][a-z]+))")


def _without_first_names_like_ai(title: str, text: str) -> tuple[str, str]:
    """The headline and text without "Ai" or "Ia" as a first name. A Title Case headline writes "Ai" for AI, so
    there it is a first name only before a surname the text gives it too ("Ai Weiwei fills the Design Museum")."""
    if "Ai " not in text and "Ia " not in text:
        return title, text
    surnames = set(_FIRST_NAMES_LIKE_AI.findall(text))
    if not surnames:
        return title, text
    in_title = rf"\b(?:Ai|Ia)\b(?=\s+(?:{'|'.join(sorted(surnames))})\b)"  # surnames are letters only
    return re.sub(in_title, "", title), _FIRST_NAMES_LIKE_AI.sub("", text)


# A name coined by gluing "AI" to a word ("GrimesAI", "PlayAI") is an AI product's: an AI cue no word list holds.
_COINED_AI_NAMES = re.compile(r"\b\w*[a-z]AI\b")


def _only_broadcasters(work: set[tuple[str, str]], entities: list[Entity]) -> bool:
    """Whether all the work an item names is broadcasters' and streamers' names."""
    broadcasters = {(SCREEN_KINDS[entity.kind], entity.name) for entity in entities if entity.kind == "streamer"}
    return bool(broadcasters) and work <= broadcasters


def _holding_a_cue(names: Iterable[str], cues: Iterable[str]) -> list[str]:
    """The names in which one of the cues is written whole."""
    cue_words = [f" {' '.join(tokens(cue))} " for cue in cues]
    return [name for name in names if any(cue in f" {' '.join(tokens(name))} " for cue in cue_words)]


def _spans_of(matches: list[tuple[tuple[str, ...], Entity]], entities: list[Entity]) -> Iterator[str]:
    """How the text wrote the entities it is about ("Writers Guild of America" for the WGA): those words are a
    known name, not proper nouns of their own."""
    accepted = set(entities)
    return (" ".join(span) for span, entity in matches if entity in accepted)


def _cue_index(cues: dict[str, tuple[str, ...]]) -> PhraseIndex[str]:
    index: PhraseIndex[str] = PhraseIndex()
    for phrases in cues.values():
        for phrase in phrases:
            index.add(phrase, phrase)
    return index


def _work_index(
    fields: dict[str, dict[str, tuple[str, ...]]], lookalikes: dict[str, tuple[str, ...]]
) -> PhraseIndex[tuple[str, str]]:
    """Entertainment-work cues as (field, cue), a cue written alike in both languages ("box office", "box-office")
    kept once, as English writes it, so an explanation names it once. Lookalike phrases ("Series B") hide the cues
    they hold."""
    index: PhraseIndex[tuple[str, str]] = PhraseIndex()
    for work_field, cues in fields.items():
        written = {" ".join(tokens(phrase)): phrase for phrases in reversed(cues.values()) for phrase in phrases}
        for phrase in written.values():
            index.add(phrase, (work_field, phrase))
    for phrase in chain.from_iterable(lookalikes.values()):
        index.hide(phrase)
    return index


def _without_family_names(models: set[Entity], matches: list[tuple[tuple[str, ...], Entity]]) -> set[str]:
    """ "Sora" beside "Sora 2" is the family name of the newer model, not a second model; a model named only by its
    bare name is dropped when a model of the same maker whose name extends it is named too ("Gen-2" beside
    "Gen-3 Alpha" stays: neither name extends the other)."""
    forms: dict[Entity, set[tuple[str, ...]]] = {}
    for words, entity in matches:
        forms.setdefault(entity, set()).add(words)
    kept = set()
    for model in models:
        bare = model.name_words
        superseded = forms.get(model) == {bare} and any(
            other is not model
            and other.developer == model.developer
            and other.name_words[: len(bare)] == bare
            and len(other.name_words) > len(bare)
            for other in models
        )
        if not superseded:
            kept.add(model.id)
    return kept


# Organisations whose mention makes an item about the AI or screen business, not about a fictional AI.
AI_INDUSTRY_KINDS = frozenset({"ai_company", "union", "guild_or_academy"})
# Organisations whose works are the creative rights at stake when AI learns from them (Getty Images' photographs).
RIGHTS_HOLDER_KINDS = frozenset({"stock_media"})
# Organisations and people whose mention places an item in the screen industry, or in the entertainment work beside
# it (an actor's or a singer's likeness copied by AI is performers' work, whatever words the report uses), with the
# field of work each names.
SCREEN_KINDS = {
    "studio": "film",
    "streamer": "television",
    "video_platform": "online video",
    "game_publisher": "games",
    "music_company": "music",
    "book_publisher": "publishing",
    "ad_agency": "advertising",
    "screen_tools": "production",
    "broadcast_regulator": "television",
    "film_body": "film",
    "auction_house": "art",
    "union": "film",
    "guild_or_academy": "film",
    "performer": "performance",
}
# The fields of work whose AI may be a character: films, series, plays, games and novels tell stories.
STORY_FIELDS = frozenset({"film", "television", "stage", "games", "publishing"})
# Fields an explanation names, and cues per field: enough to say why without listing the whole item.
EXPLAINED_FIELDS, EXPLAINED_CUES = 3, 3


def _by_field(work: set[tuple[str, str]]) -> str:
    """ "music: singer, songs; film: studio": the fields of work an item names, the most named first."""
    cues_by_field: dict[str, list[str]] = {}
    for work_field, cue in sorted(work):
        cues_by_field.setdefault(work_field, []).append(cue)
    fields = sorted(cues_by_field, key=lambda name: -len(cues_by_field[name]))[:EXPLAINED_FIELDS]
    return "; ".join(f"{name}: {', '.join(cues_by_field[name][:EXPLAINED_CUES])}" for name in fields)


def _confirmed(entity: Entity, text: str, no_other_sense: bool, own_context: bool, has_field_cue: bool) -> bool:
    """An ambiguous name counts when written as a proper name, with no sign of its other sense, and with its own
    context nearby (an organisation may also be confirmed by any cue of its field; a model needs its own)."""
    if not no_other_sense or not any(form in text for form in entity.forms):
        return False
    return own_context or (has_field_cue and entity.kind != "model")
