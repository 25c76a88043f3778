"""Annotate items: language, the models and organisations they are about, their topics, and relevance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from digests.knowledge import KnowledgeBase
from digests.language import detect_languages
from digests.phrases import PhraseIndex
from digests.textkeys import tokens
from digests.types import Annotations, Item


@dataclass(frozen=True, slots=True, eq=False)  # one object per known thing: identity is equality, hashing is cheap
class Entity:
    """A nameable thing the knowledge base knows: a model (``kind == "model"``), an organisation or a person."""

    kind: str
    id: str
    name: str
    ambiguous: bool
    forms: tuple[str, ...]


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
        for model in knowledge.models.values():
            entity = Entity("model", model.id, model.name, model.ambiguous, model.names)
            self._entities.add_all(model.names, entity)
            self._senses.add_all((*model.context_cues, *model.developer.aliases, model.developer.name), (entity, True))
            self._senses.add_all(model.negative_cues, (entity, False))
        for org in knowledge.organisations.values():
            names = (org.name, *org.aliases)
            entity = Entity(org.kind, org.id, org.name, org.ambiguous, names)
            self._entities.add_all(names, entity)
            self._senses.add_all(org.negative_cues, (entity, False))
            for model in knowledge.models.values():
                if model.developer.id == org.id:
                    self._senses.add_all(model.names, (entity, True))
        for person in knowledge.people.values():
            names = (person.name, *person.aliases)
            self._entities.add_all(names, Entity("person", person.id, person.name, False, names))
        self._topics: PhraseIndex[str] = PhraseIndex()
        self._topic_order = {topic.id: index for index, topic in enumerate(knowledge.topics)}
        for topic in knowledge.topics:
            for phrases in topic.cues.values():
                self._topics.add_all(phrases, topic.id)
        self._ai: PhraseIndex[str] = PhraseIndex()
        self._screen: PhraseIndex[str] = PhraseIndex()
        for phrases in knowledge.ai_cues.values():
            for phrase in phrases:
                self._ai.add(phrase, phrase)
        for phrases in knowledge.screen_cues.values():
            for phrase in phrases:
                self._screen.add(phrase, phrase)

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
        title_words = tokens(item.title)
        words = title_words + tokens(item.text)
        ai_cues = self._ai.values_in(words)
        found = self._entities.values_in(words)
        ambiguous = [entity for entity in found if entity.ambiguous]
        # The context scan runs only for items naming an ambiguous entity.
        senses = self._senses.values_in(words) if ambiguous else set()
        other_sense = {entity for entity, confirms in senses if not confirms}
        context = {entity for entity, confirms in senses if confirms}
        entities = [entity for entity in found if not entity.ambiguous]
        doubted: list[Entity] = []
        for entity in ambiguous:
            confirmed = _confirmed(entity, text, entity not in other_sense, entity in context, bool(ai_cues))
            (entities if confirmed else doubted).append(entity)
        models = sorted({entity.id for entity in entities if entity.kind == "model"})
        others = sorted({entity.id for entity in entities if entity.kind != "model"})
        hits = Counter(topic for _, _, topic in self._topics.matches(words))
        hits.update(topic for _, _, topic in self._topics.matches(title_words))  # a headline cue counts twice
        ordered_topics = tuple(sorted(hits, key=lambda topic: (-hits[topic], self._topic_order[topic])))
        relevant, reason = self._relevance(words, models, entities, ai_cues)
        used_otherwise = sorted({entity.name for entity in doubted if entity in other_sense})
        if used_otherwise and not models:
            # "Veo cameras film matches": the item is about the other Veo, whatever AI and film words it has.
            relevant, reason = False, f"about {', '.join(used_otherwise)} in another sense than the AI one; {reason}"
        elif doubted and not relevant:
            names = ", ".join(sorted({entity.name for entity in doubted}))
            reason = f"mentions {names} but not in the AI sense; {reason}"
        return Annotations(
            language=language,
            models=tuple(models),
            entities=tuple(others),
            topics=ordered_topics,
            relevant=relevant,
            reason=reason,
        )

    def _relevance(
        self, words: list[str], models: list[str], entities: list[Entity], ai_cues: set[str]
    ) -> tuple[bool, str]:
        if models:
            names = ", ".join(self.knowledge.models[model].name for model in models)
            return True, f"concerns the AI video model(s) {names}"
        ai = sorted(ai_cues)
        screen = sorted(self._screen.values_in(words))
        screen += sorted({entity.name for entity in entities if entity.kind in SCREEN_ORGANISATION_KINDS})
        if ai and screen:
            return True, f"AI cue ({', '.join(ai[:3])}) and screen-industry cue ({', '.join(screen[:3])})"
        if ai:
            return False, f"about AI ({', '.join(ai[:3])}) but not film, TV or entertainment work"
        if screen:
            return False, f"about the screen industry ({', '.join(screen[:3])}) but not AI"
        return False, "neither about AI nor about film, TV or entertainment work"


# Organisations whose mention places an item in the screen industry.
SCREEN_ORGANISATION_KINDS = frozenset({"studio", "union", "guild_or_academy"})


def _confirmed(entity: Entity, text: str, no_other_sense: bool, own_context: bool, has_ai_cue: bool) -> bool:
    """An ambiguous name counts when written as a proper name, with no sign of its other sense, and with its own
    context nearby (a company may also be confirmed by any AI cue; a model needs its own)."""
    if not no_other_sense or not any(form in text for form in entity.forms):
        return False
    return own_context or (has_ai_cue and entity.kind != "model")
