"""/reelbrief admins and audit: who besides the platform's admins may configure Reelbrief, and who changed what."""

from __future__ import annotations

import re

from bot.commands.registry import Action
from bot.commands.request import Reply, Request
from bot.services import Services
from digests.store import channels

AUDIT_ENTRIES_SHOWN = 20
# Slack sends <@U123|name>, Discord <@123> or <@!123>: the user id is what is stored.
_MENTION = re.compile(r"^<@!?(\w+)(?:\|[^>]*)?>$")


def user_id(text: str) -> str:
    match = _MENTION.match(text)
    return match.group(1) if match else text.removeprefix("@")


def list_admins(services: Services, request: Request, words: list[str]) -> Reply:
    with services.engine.connect() as connection:
        listed = channels.listed_admins(connection, request.platform, request.workspace)
    return Reply("admins", {"listed": listed})


def _change(services: Services, request: Request, words: list[str], adding: bool) -> Reply:
    user = user_id(words[0])
    if not user or len(user) > channels.MAX_ID_LENGTH:
        return Reply(
            "invalid",
            {"message": "That is not a user.", "suggestions": [], "usage": "/reelbrief admins add USER"},
            ok=False,
        )
    change = channels.add_admin if adding else channels.remove_admin
    with services.engine.begin() as connection:
        changed = change(connection, request.platform, request.workspace, user, request.user, services.clock())
    return Reply("admin_changed", {"user": user, "adding": adding, "changed": changed})


def add(services: Services, request: Request, words: list[str]) -> Reply:
    return _change(services, request, words, True)


def remove(services: Services, request: Request, words: list[str]) -> Reply:
    return _change(services, request, words, False)


def audit(services: Services, request: Request, words: list[str]) -> Reply:
    with services.engine.connect() as connection:
        entries = channels.audit_trail(connection, request.platform, request.workspace, AUDIT_ENTRIES_SHOWN)
    return Reply("audit", {"entries": entries})


ACTIONS = (
    Action("reelbrief", "admins", "", "List the people listed as Reelbrief admins here", list_admins),
    Action(
        "reelbrief", "admins add", "USER", "List USER as a Reelbrief admin", add, admin=True, min_args=1, max_args=1
    ),
    Action(
        "reelbrief", "admins remove", "USER", "Take USER off the admin list", remove, admin=True, min_args=1, max_args=1
    ),
    Action("reelbrief", "audit", "", "Who changed what, newest first", audit, admin=True),
)
