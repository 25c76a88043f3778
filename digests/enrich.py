"""Annotate items: language, the models and organisations they are about, their topics, and relevance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from digests.knowledge import KnowledgeBase
from digests.language import detect_languages
from digests.phrases import PhraseIndex
from digests.textkeys import tokens
from digests.types import Annotations, Item


@dataclass(frozen=True, slots=True)
class Entity:
    """A nameable thing the knowledge base knows: a model (``kind == "model"``), an organisation or a person."""

    kind: str
    id: str
    name: str
    ambiguous: bool
    forms: tuple[str, ...]
    cues: frozenset[tuple[str, ...]]


def _cue_phrases(phrases: tuple[str, ...] | list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(phrase)) for phrase in phrases if tokens(phrase))


class Enricher:
    """Reads items against the knowledge base; built once, then cheap per item."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self._entities: PhraseIndex[Entity] = PhraseIndex()
        for model in knowledge.models.values():
            cues = (*model.context_cues, *model.developer.aliases, model.developer.name)
            entity = Entity("model", model.id, model.name, model.ambiguous, model.names, _cue_phrases(cues))
            self._entities.add_all(model.names, entity)
        for org in knowledge.organisations.values():
            names = (org.name, *org.aliases)
            # "Runway" is the company when one of its models is named nearby.
            own_models = [
                name for model in knowledge.models.values() if model.developer.id == org.id for name in model.names
            ]
            cues = _cue_phrases(own_models)
            self._entities.add_all(names, Entity(org.kind, org.id, org.name, org.ambiguous, names, cues))
        for person in knowledge.people.values():
            names = (person.name, *person.aliases)
            self._entities.add_all(names, Entity("person", person.id, person.name, False, names, frozenset()))
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
        self._ai_cue_phrases = _cue_phrases([cue for cues in knowledge.ai_cues.values() for cue in cues])

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
        found = self._entities.values_in(words)
        present = _present_phrases(words)
        entities = [entity for entity in found if not entity.ambiguous or self._confirmed(entity, text, present)]
        models = sorted({entity.id for entity in entities if entity.kind == "model"})
        others = sorted({entity.id for entity in entities if entity.kind != "model"})
        hits = Counter(topic for _, _, topic in self._topics.matches(words))
        hits.update(topic for _, _, topic in self._topics.matches(title_words))  # a headline cue counts twice
        ordered_topics = tuple(sorted(hits, key=lambda topic: (-hits[topic], self._topic_order[topic])))
        relevant, reason = self._relevance(words, models, entities)
        return Annotations(
            language=language,
            models=tuple(models),
            entities=tuple(others),
            topics=ordered_topics,
            relevant=relevant,
            reason=reason,
        )

    def _confirmed(self, entity: Entity, text: str, present: set[tuple[str, ...]]) -> bool:
        """An ambiguous name counts only when written as a proper name and its context confirms the AI sense."""
        if not any(form in text for form in entity.forms):
            return False
        return bool(entity.cues & present) or bool(self._ai_cue_phrases & present)

    def _relevance(self, words: list[str], models: list[str], entities: list[Entity]) -> tuple[bool, str]:
        if models:
            names = ", ".join(self.knowledge.models[model].name for model in models)
            return True, f"concerns the AI video model(s) {names}"
        ai = sorted(self._ai.values_in(words))
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


def _present_phrases(words: list[str]) -> set[tuple[str, ...]]:
    """Every 1- to 3-word phrase of the text, to test context cues in constant time."""
    present: set[tuple[str, ...]] = set()
    for length in (1, 2, 3):
        present.update(tuple(words[i : i + length]) for i in range(len(words) - length + 1))
    return present
