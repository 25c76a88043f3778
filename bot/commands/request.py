"""What a chat platform hands the command layer, and what the layer hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Visibility = Literal["private", "channel"]
PRIVATE: Visibility = "private"  # only the caller sees it (Slack ephemeral, Discord ephemeral, the console)
CHANNEL: Visibility = "channel"  # posted to the channel for everyone


@dataclass(frozen=True, slots=True)
class Request:
    """One slash command as typed, with who typed it where; every text field is untrusted."""

    platform: str  # "slack", "discord" or "console"
    workspace: str  # Slack team id, Discord guild id
    channel: str
    user: str
    text: str  # "/topics follow copyright", or just "follow copyright" with ``command`` set
    command: str | None = None  # platforms that route commands by name give it apart from the text
    platform_admin: bool = False  # Slack workspace admin or owner, Discord Manage Server: the adapter knows


@dataclass(frozen=True, slots=True)
class Reply:
    """Reply data, rendered by the templates in ``templates/replies/<kind>.md.j2`` (and by adapters natively)."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    visibility: Visibility = PRIVATE
    ok: bool = True
