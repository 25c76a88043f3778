"""Replies as Markdown, through templates/replies/<kind>.md.j2 (the console prints these; adapters add their own)."""

from __future__ import annotations

from bot.commands.request import Reply
from digests.templating import environment


def render_reply(reply: Reply) -> str:
    text = environment().get_template(f"replies/{reply.kind}.md.j2").render(**reply.data)
    return text.strip("\n") + "\n"
