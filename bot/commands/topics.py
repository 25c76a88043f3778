"""/topics: what this channel follows, and following or unfollowing topics, models, companies and keywords."""

from __future__ import annotations

from bot.commands.digest import channel_of
from bot.commands.follows import MAX_KEYWORD_CHARS, MIN_KEYWORD_CHARS, UnknownFollowError, describe, resolve
from bot.commands.registry import Action
from bot.commands.request import Reply, Request
from bot.services import Services
from digests.store import channels

USAGE_FOLLOW = "/topics follow X"


def list_follows(services: Services, request: Request, words: list[str]) -> Reply:
    with services.engine.connect() as connection:
        settings = channels.channel_settings(connection, channel_of(request))
    follows = [describe(follow, services.knowledge) for follow in settings.follows]
    topics = [(topic.id, topic.title) for topic in services.knowledge.topics]
    return Reply("topics", {"follows": follows, "topics": topics, "enabled": settings.enabled})


def _unknown(error: UnknownFollowError, usage: str) -> Reply:
    data = {"what": "topic, model or company", "value": error.value, "suggestions": error.suggestions, "usage": usage}
    hint = MIN_KEYWORD_CHARS <= len(error.value) <= MAX_KEYWORD_CHARS
    return Reply("unknown", data | {"keyword_hint": hint}, ok=False)


def follow(services: Services, request: Request, words: list[str]) -> Reply:
    try:
        wanted = resolve(" ".join(words), services.knowledge)
    except UnknownFollowError as error:
        return _unknown(error, USAGE_FOLLOW)
    with services.engine.begin() as connection:
        changed = channels.follow(connection, channel_of(request), wanted.follow, request.user, services.clock())
    return Reply("followed", {"followable": wanted, "changed": changed, "following": True})


def unfollow(services: Services, request: Request, words: list[str]) -> Reply:
    text = " ".join(words)
    ref = channel_of(request)
    with services.engine.connect() as connection:
        current = [describe(found, services.knowledge) for found in channels.channel_settings(connection, ref).follows]
    # What the channel follows is matched first, so a keyword or a since-renamed id can always be dropped.
    matching = [known for known in current if text.casefold() in (known.label.casefold(), known.follow.value)]
    if matching:
        wanted = matching[0]
    else:
        try:
            wanted = resolve(text, services.knowledge)
        except UnknownFollowError as error:
            return _unknown(error, "/topics unfollow X")
    with services.engine.begin() as connection:
        changed = channels.unfollow(connection, ref, wanted.follow, request.user, services.clock())
    return Reply("followed", {"followable": wanted, "changed": changed, "following": False})


ACTIONS = (
    Action("topics", "", "", "List what this channel follows", list_follows),
    Action(
        "topics",
        "follow",
        "X",
        'Follow a topic (copyright, labour, deals…), a model (Sora), a company or studio (Runway), or keyword "X"',
        follow,
        admin=True,
        min_args=1,
        max_args=None,
    ),
    Action("topics", "unfollow", "X", "Stop following X", unfollow, admin=True, min_args=1, max_args=None),
)
