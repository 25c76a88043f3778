"""The knowledge base of AI video models, organisations, people and topics, loaded from seeds/knowledge.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from digests.errors import KnowledgeBaseError, UnknownModelError
from digests.phrases import PhraseIndex
from digests.textkeys import compact_key

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
DEFAULT_KNOWLEDGE_FILE = SEEDS_DIR / "knowledge.yaml"

# A typo such as "sorra" or "moviegen" scores well above 80 against its model; unrelated names stay below.
FUZZY_MATCH_CUTOFF = 84
# Below the match cutoff, names this close are still worth offering as suggestions.
SUGGESTION_CUTOFF = 55
MAX_SUGGESTIONS = 5
# A typed prefix shorter than this ("ge", "so") says too little to pick a model.
MIN_PREFIX_LENGTH = 3


@dataclass(frozen=True, slots=True)
class Dated:
    """A dated fact on a card: a version, a partnership, a controversy."""

    date: str
    summary: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    ambiguous: bool
    description: str
    negative_cues: tuple[str, ...] = ()
    # When only some names are ambiguous ("Universal", not "NBCUniversal"): those; when empty, all of them are.
    ambiguous_names: tuple[str, ...] = ()
    parent: str | None = None  # the company a lab is part of (Google DeepMind: Google)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    role: str
    affiliations: tuple[str, ...]
    performer: bool = False  # an actor, singer or narrator: AI copying them is entertainment work


@dataclass(frozen=True, slots=True)
class ModelCard:
    id: str
    name: str
    developer: Organisation
    aliases: tuple[str, ...]
    misspellings: tuple[str, ...]
    kind: tuple[str, ...]
    summary: str
    announced: str | None
    released: str | None
    availability: str
    status: str
    predecessor: str | None
    successor: str | None
    versions: tuple[Dated, ...]
    partnerships: tuple[Dated, ...]
    controversies: tuple[Dated, ...]
    ambiguous: bool
    context_cues: tuple[str, ...]
    sources: tuple[str, ...]
    negative_cues: tuple[str, ...] = ()
    # As for organisations: the names that need context ("Stable Video", not "Stable Video Diffusion").
    ambiguous_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every form a text may use for this model (not the misspellings)."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    cues: dict[str, tuple[str, ...]]


@dataclass(slots=True)
class KnowledgeBase:
    """Everything Reelbrief knows before reading any feed."""

    organisations: dict[str, Organisation]
    people: dict[str, Person]
    models: dict[str, ModelCard]
    topics: list[Topic]
    ai_cues: dict[str, tuple[str, ...]]
    screen_cues: dict[str, dict[str, tuple[str, ...]]]  # entertainment work: field, then language
    # Phrases holding a work cue that name something else: a "Series B" round is no TV series.
    work_lookalikes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Work and AI cues other trades write too ("candid with directors", "no algorithm"): counted only beside another
    # cue of their kind.
    supporting_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of a story with an AI character (an android, a rogue AI), and the plain AI words such a story uses.
    fiction_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Robots, characters only in an item that tells a plot (someone plays, a hero, science fiction).
    machine_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plot_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plain_ai_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words before such an AI that make it a tool, not a character: « générés par » une intelligence artificielle.
    tool_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of a company's results, where plainly named AI is a line of business, not AI at work in entertainment.
    results_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of the rights in creative work (copyright, rights holders): with AI, a fight every studio watches.
    rights_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of factual texts as the works at stake (news articles, legal research, code): AI and the rights in them
    # are the press's, the law's or software's fight, not creative work's.
    factual_text_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Bilingual concepts (strike: strike, walkout, grève…): how reports in different languages meet.
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The broader concept a narrower one is a kind of (a film festival is a festival): its phrases name both.
    broader_concepts: dict[str, str] = field(default_factory=dict)
    # By language, the words of cues and concepts that language writes with another meaning (French "court": short).
    false_friends: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for model in self.models.values():
            for name in (*model.names, *model.misspellings, model.id):
                self._lookup.setdefault(compact_key(name), model.id)

    def concept_index(self) -> PhraseIndex[str]:
        """Concept ids by phrase, in every language; built per digest (a few milliseconds)."""
        index: PhraseIndex[str] = PhraseIndex()
        for concept, phrases in self.concepts.items():
            index.add_all(phrases, concept)
            if broader := self.broader_concepts.get(concept):
                index.add_all(phrases, broader)
        self.add_false_friends(index)
        return index

    def add_false_friends(self, index: PhraseIndex[Any]) -> None:
        """Tell a cue index which of its words each language writes with another meaning."""
        for language, words in self.false_friends.items():
            index.add_false_friends(language, words)

    def makers(self) -> dict[str, str]:
        """What naming a thing implies, as clustering sees names: each model's maker by the model's name (Sora:
        openai), each lab's parent company by the lab's id (google-deepmind: google), and the organisation a person
        speaks for, when there is one only (fran-drescher: sag-aftra)."""
        parents = {org.id: org.parent for org in self.organisations.values() if org.parent}
        spokespeople = {
            person.id: person.affiliations[0] for person in self.people.values() if len(person.affiliations) == 1
        }
        return spokespeople | parents | {model.name: model.developer.id for model in self.models.values()}

    def find_model(self, name: str) -> ModelCard:
        """The model a user meant: exact name or alias first, then the closest spelling; else UnknownModelError."""
        key = compact_key(name)
        if not key:
            raise UnknownModelError(name, self.suggest_models(""))
        if key in self._lookup:
            return self.models[self._lookup[key]]
        # "gen3" or "moviege": the start of exactly one model's names.
        starting = {model_id for name, model_id in self._lookup.items() if name.startswith(key)}
        if len(key) >= MIN_PREFIX_LENGTH and len(starting) == 1:
            return self.models[starting.pop()]
        best = process.extractOne(key, self._lookup.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_MATCH_CUTOFF)
        if best is not None:
            return self.models[self._lookup[best[0]]]
        raise UnknownModelError(name, self.suggest_models(name))

    def suggest_models(self, name: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Canonical names close to what the user typed; the best-known models when nothing is close."""
        key = compact_key(name)
        best_known = [model.name for model in self.models.values()][:limit]  # the knowledge base lists them first
        if not key:
            return best_known
        scored = process.extract(key, self._lookup.keys(), scorer=fuzz.WRatio, limit=limit * 4)
        names: list[str] = []
        for candidate, score, _ in scored:
            model_name = self.models[self._lookup[candidate]].name
            if score >= SUGGESTION_CUTOFF and model_name not in names:
                names.append(model_name)
        return names[:limit] or best_known

    def complete_models(self, prefix: str, limit: int = 25) -> list[str]:
        """Canonical names for autocomplete: those starting with the prefix, then those containing it."""
        key = compact_key(prefix)
        names = sorted(model.name for model in self.models.values())
        starting = [n for n in names if compact_key(n).startswith(key)]
        containing = [n for n in names if key in compact_key(n) and n not in starting]
        return (starting + containing)[:limit]

    def model_names(self, model_ids: Iterable[str]) -> tuple[str, ...]:
        """The names readers know for stored model ids (ids the knowledge base no longer has are dropped)."""
        return tuple(self.models[model_id].name for model_id in model_ids if model_id in self.models)

    def topic(self, topic_id: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)


def _text(value: Any) -> str | None:
    """YAML turns 2024-09-18 into a date; cards keep the text the reviewer wrote."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _dated(entries: list[dict[str, Any]] | None, organisations: dict[str, Organisation]) -> tuple[Dated, ...]:
    """Dated facts; a partner given as an organisation id is shown by its name."""
    facts = []
    for entry in entries or ():
        name = str(entry.get("name") or entry.get("partner") or "")
        facts.append(
            Dated(
                date=_text(entry.get("date")) or "",
                summary=str(entry.get("summary") or entry.get("note") or ""),
                name=organisations[name].name if name in organisations else name,
            )
        )
    return tuple(facts)


def _cues(mapping: dict[str, list[str]] | None) -> dict[str, tuple[str, ...]]:
    return {language: tuple(words) for language, words in (mapping or {}).items()}


def parse_knowledge(data: dict[str, Any]) -> KnowledgeBase:
    """Build a knowledge base from the YAML document; a missing key names the entry at fault."""
    try:
        organisations = {
            entry["id"]: Organisation(
                id=entry["id"],
                name=entry["name"],
                kind=entry["kind"],
                aliases=tuple(entry.get("aliases") or ()),
                ambiguous=bool(entry.get("ambiguous")),
                description=entry.get("description") or "",
                negative_cues=tuple(entry.get("negative_cues") or ()),
                ambiguous_names=tuple(entry.get("ambiguous_names") or ()),
                parent=entry.get("parent"),
            )
            for entry in data["organisations"]
        }
        for org in organisations.values():
            if org.parent and org.parent not in organisations:
                raise KnowledgeBaseError(f"organisation {org.id!r} names unknown parent {org.parent!r}")
        people = {
            entry["id"]: Person(
                id=entry["id"],
                name=entry["name"],
                aliases=tuple(entry.get("aliases") or ()),
                role=entry.get("role") or "",
                affiliations=tuple(entry.get("affiliations") or ()),
                performer=bool(entry.get("performer")),
            )
            for entry in data.get("people") or ()
        }
        models = {entry["id"]: _model(entry, organisations) for entry in data["models"]}
        topics = [
            Topic(id=entry["id"], title=entry["title"], cues=_cues(entry.get("cues"))) for entry in data["topics"]
        ]
        relevance = data.get("relevance") or {}
    except (KeyError, TypeError) as error:
        raise KnowledgeBaseError(f"knowledge base entry is missing {error}") from error
    return KnowledgeBase(
        organisations=organisations,
        people=people,
        models=models,
        topics=topics,
        ai_cues=_cues(relevance.get("ai_cues")),
        screen_cues={field: _cues(cues) for field, cues in (relevance.get("screen_cues") or {}).items()},
        work_lookalikes=_cues(relevance.get("work_lookalikes")),
        supporting_cues=_cues(relevance.get("supporting_cues")),
        fiction_cues=_cues(relevance.get("fiction_cues")),
        machine_cues=_cues(relevance.get("machine_cues")),
        plot_cues=_cues(relevance.get("plot_cues")),
        plain_ai_cues=_cues(relevance.get("plain_ai_cues")),
        tool_cues=_cues(relevance.get("tool_cues")),
        results_cues=_cues(relevance.get("results_cues")),
        rights_cues=_cues(relevance.get("rights_cues")),
        factual_text_cues=_cues(relevance.get("factual_text_cues")),
        concepts={entry["id"]: _concept_phrases(entry) for entry in data.get("concepts") or ()},
        broader_concepts={entry["id"]: entry["broader"] for entry in data.get("concepts") or () if "broader" in entry},
        false_friends={language: tuple(words) for language, words in (data.get("false_friends") or {}).items()},
    )


# A concept entry's keys besides its phrases by language.
_NOT_PHRASES = frozenset({"id", "broader"})


def _concept_phrases(entry: dict[str, Any]) -> tuple[str, ...]:
    """A concept's phrases in every language."""
    return tuple(chain.from_iterable(phrases for key, phrases in entry.items() if key not in _NOT_PHRASES))


def _model(entry: dict[str, Any], organisations: dict[str, Organisation]) -> ModelCard:
    developer = organisations.get(entry["developer"])
    if developer is None:
        raise KnowledgeBaseError(f"model {entry['id']!r} names unknown developer {entry['developer']!r}")
    return ModelCard(
        id=entry["id"],
        name=entry["name"],
        developer=developer,
        aliases=tuple(entry.get("aliases") or ()),
        misspellings=tuple(entry.get("misspellings") or ()),
        kind=tuple(entry.get("kind") or ()),
        summary=entry.get("summary") or "",
        announced=_text(entry.get("announced")),
        released=_text(entry.get("released")),
        availability=entry.get("availability") or "",
        status=entry.get("status") or "",
        predecessor=entry.get("predecessor"),
        successor=entry.get("successor"),
        versions=_dated(entry.get("versions"), organisations),
        partnerships=_dated(entry.get("partnerships"), organisations),
        controversies=_dated(entry.get("controversies"), organisations),
        ambiguous=bool(entry.get("ambiguous")),
        context_cues=tuple(entry.get("context_cues") or ()),
        sources=tuple(entry.get("sources") or ()),
        negative_cues=tuple(entry.get("negative_cues") or ()),
        ambiguous_names=tuple(entry.get("ambiguous_names") or ()),
    )


CONCEPTS_FILE_NAME = "concepts.yaml"


@cache
def load_knowledge(path: Path = DEFAULT_KNOWLEDGE_FILE) -> KnowledgeBase:
    """Load (once per path) the reviewed knowledge base."""
    data = _read_mapping(path)
    concepts = path.with_name(CONCEPTS_FILE_NAME)
    if "concepts" not in data and concepts.is_file():
        # The bilingual lexicon is long and edited apart; it sits beside the knowledge base it belongs to.
        data["concepts"] = _read_mapping(concepts).get("concepts")
    return parse_knowledge(data)


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as error:
        raise KnowledgeBaseError(f"cannot read the knowledge base {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(f"the knowledge base {path} is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"the knowledge base {path} must be a YAML mapping")
    return data
