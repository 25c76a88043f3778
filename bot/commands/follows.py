"""Turn what an admin typed after /topics follow into a Follow: a topic, a model, an organisation or a keyword."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from digests.errors import ReelbriefError, UnknownModelError
from digests.knowledge import KnowledgeBase
from digests.store.channels import Follow
from digests.textkeys import compact_key, fold

KEYWORD_PREFIXES = ("keyword", "keyword:", "mot-clé", "mot-clé:")
MIN_KEYWORD_CHARS, MAX_KEYWORD_CHARS = 2, 100
SUGGESTION_CUTOFF = 70
MAX_SUGGESTIONS = 5


class UnknownFollowError(ReelbriefError):
    def __init__(self, value: str, suggestions: list[str]) -> None:
        super().__init__(f"{value!r} is not a topic, model or company I know.")
        self.value = value
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class Followable:
    follow: Follow
    label: str  # how readers know it: "Legal and copyright", "Sora", "Runway"
    kind_label: str  # "topic", "model", "company or studio", "keyword"


KIND_LABELS = {"topic": "topic", "model": "model", "org": "company or studio", "keyword": "keyword"}


def describe(follow: Follow, knowledge: KnowledgeBase) -> Followable:
    """A stored follow as readers know it (a follow whose id the knowledge base lost shows its id)."""
    label = follow.value
    if follow.kind == "topic":
        label = next((topic.title for topic in knowledge.topics if topic.id == follow.value), label)
    elif follow.kind == "model" and follow.value in knowledge.models:
        label = knowledge.models[follow.value].name
    elif follow.kind == "org" and follow.value in knowledge.organisations:
        label = knowledge.organisations[follow.value].name
    return Followable(follow, label, KIND_LABELS[follow.kind])


def _names(knowledge: KnowledgeBase) -> dict[str, Follow]:
    """Every name a topic or organisation is known by, as a compact key (models go through find_model)."""
    names: dict[str, Follow] = {}
    for topic in knowledge.topics:
        for name in (topic.id, topic.title, *(cue for cues in topic.cues.values() for cue in cues)):
            names.setdefault(compact_key(name), Follow("topic", topic.id))
    for org in knowledge.organisations.values():
        for name in (*org.names, org.id):
            names.setdefault(compact_key(name), Follow("org", org.id))
    return names


def resolve(text: str, knowledge: KnowledgeBase) -> Followable:
    """Topics and organisations by exact name or cue, models with forgiving spelling; "keyword X" for free text."""
    first, _, rest = text.partition(" ")
    if fold(first) in KEYWORD_PREFIXES:
        return _keyword(rest)
    found = _names(knowledge).get(compact_key(text))
    if found is not None:
        return describe(found, knowledge)
    try:
        return describe(Follow("model", knowledge.find_model(text).id), knowledge)
    except UnknownModelError:
        raise UnknownFollowError(text, suggest(text, knowledge)) from None


def suggest(text: str, knowledge: KnowledgeBase) -> list[str]:
    labels = [topic.id for topic in knowledge.topics]
    labels += [org.name for org in knowledge.organisations.values()]
    labels += [model.name for model in knowledge.models.values()]
    close = process.extract(text, labels, scorer=fuzz.WRatio, limit=MAX_SUGGESTIONS, score_cutoff=SUGGESTION_CUTOFF)
    return [label for label, _, _ in close]


def _keyword(text: str) -> Followable:
    keyword = " ".join(fold(text).split())
    if not MIN_KEYWORD_CHARS <= len(keyword) <= MAX_KEYWORD_CHARS:
        raise ReelbriefError(f"A keyword must be {MIN_KEYWORD_CHARS} to {MAX_KEYWORD_CHARS} characters long.")
    return Followable(Follow("keyword", keyword), keyword, "keyword")


def completions(prefix: str, knowledge: KnowledgeBase, limit: int) -> list[str]:
    """Names to offer while an admin types: topic ids, then models, then organisations, by prefix."""
    key = compact_key(prefix)
    names = [topic.id for topic in knowledge.topics]
    names += sorted(model.name for model in knowledge.models.values())
    names += sorted(org.name for org in knowledge.organisations.values())
    return [name for name in names if compact_key(name).startswith(key)][:limit]
