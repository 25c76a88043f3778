"""Who may change a workspace's configuration, and how a refusal says who can."""

from __future__ import annotations

from bot.commands.request import Reply, Request
from bot.services import Services
from digests.store import channels

# Who the platform itself makes an admin; listed admins come on top (/reelbrief admins add).
PLATFORM_ADMINS = {
    "slack": "Slack workspace admins and owners",
    "discord": "members with the Manage Server permission",
    "console": "the console's admin (start it with --as-admin)",
}


def is_admin(services: Services, request: Request) -> bool:
    if request.platform_admin:
        return True
    with services.engine.connect() as connection:
        return channels.is_listed_admin(connection, request.platform, request.workspace, request.user)


def refusal(services: Services, request: Request, usage: str) -> Reply:
    """A polite no that names who can do it."""
    with services.engine.connect() as connection:
        listed = channels.listed_admins(connection, request.platform, request.workspace)
    return Reply(
        "refused",
        {"usage": usage, "who": PLATFORM_ADMINS.get(request.platform, "admins"), "listed": listed},
        ok=False,
    )
