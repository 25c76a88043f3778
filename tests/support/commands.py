"""Drive the command layer as people on each platform would: a Slack or Discord admin or member."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.commands import CommandLayer, Reply, Request, render_reply

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # a Saturday


@dataclass
class Person:
    """Someone typing slash commands in one channel; ``admin`` is what the platform says about them."""

    layer: CommandLayer
    platform: str
    workspace: str
    channel: str
    user: str
    admin: bool = False
    replies: list[Reply] = field(default_factory=list)

    def says(self, text: str) -> Reply:
        reply = self.layer.handle(
            Request(self.platform, self.workspace, self.channel, self.user, text, platform_admin=self.admin)
        )
        self.replies.append(reply)
        return reply

    def reads(self, text: str) -> str:
        """The reply as the console (Markdown) shows it."""
        return render_reply(self.says(text))
