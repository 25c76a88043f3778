"""/aimodel NAME: a model card with the latest stories about the model."""

from __future__ import annotations

from bot.commands.registry import Action
from bot.commands.request import Reply, Request
from bot.services import Services
from digests.errors import UnknownModelError

NEWS_PER_CARD = 5


def model_card(services: Services, request: Request, words: list[str]) -> Reply:
    knowledge = services.knowledge
    name = " ".join(words)
    try:
        card = knowledge.find_model(name)
    except UnknownModelError as error:
        return Reply(
            "unknown",
            {"what": "model", "value": name, "suggestions": error.suggestions, "usage": "/aimodel NAME"},
            ok=False,
        )
    return Reply(
        "card",
        {
            "card": card,
            "news": services.newsroom.news_about(card.id, NEWS_PER_CARD),
            "predecessor": knowledge.models.get(card.predecessor or ""),
            "successor": knowledge.models.get(card.successor or ""),
        },
    )


ACTIONS = (
    Action(
        "aimodel",
        "",
        "NAME",
        "Show a model's card and its latest news; spelling is forgiven",
        model_card,
        min_args=1,
        max_args=None,
    ),
)
