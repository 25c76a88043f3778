"""Model card replies: a model's facts from the knowledge base plus its latest stored news, as data or text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from digests.knowledge import Dated, ModelCard
from digests.render import item_to_dict
from digests.templating import environment
from digests.types import NewsItem

CARD_TEMPLATE = "model_card.md.j2"


def _dated(facts: Sequence[Dated]) -> list[dict[str, str]]:
    return [{"date": fact.date, "name": fact.name, "summary": fact.summary} for fact in facts]


def card_to_dict(card: ModelCard, news: Sequence[NewsItem]) -> dict[str, Any]:
    """The card as JSON-ready data; news items carry raw text (escaping is the reader's job)."""
    return {
        "id": card.id,
        "name": card.name,
        "developer": card.developer.name,
        "aliases": list(card.aliases),
        "kind": list(card.kind),
        "summary": card.summary,
        "announced": card.announced,
        "released": card.released,
        "status": card.status,
        "availability": card.availability,
        "predecessor": card.predecessor,
        "successor": card.successor,
        "versions": _dated(card.versions),
        "partnerships": _dated(card.partnerships),
        "controversies": _dated(card.controversies),
        "sources": list(card.sources),
        "news": [item_to_dict(item) for item in news],
    }


def render_card(card: ModelCard, news: Sequence[NewsItem], models: dict[str, ModelCard] | None = None) -> str:
    """The card as Markdown text, for a terminal or a chat reply."""
    linked = models or {}
    return (
        environment()
        .get_template(CARD_TEMPLATE)
        .render(
            card=card,
            news=news,
            predecessor=linked.get(card.predecessor or ""),
            successor=linked.get(card.successor or ""),
        )
    )
