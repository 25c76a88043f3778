"""python -m bot console: try every slash command in a terminal, against the local store, without an account."""

from __future__ import annotations

import contextlib
import sys

from bot.commands import CHANNEL, CommandLayer, Request, render_reply

WORKSPACE, CHANNEL_ID = "console", "console"
ADMIN_USER, MEMBER_USER = "console-admin", "console-member"
PROMPT = "reelbrief> "
GREETING = "Reelbrief console: type a slash command (/reelbrief help lists them), or quit."
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit"})


def console_request(text: str, *, as_admin: bool) -> Request:
    return Request(
        platform="console",
        workspace=WORKSPACE,
        channel=CHANNEL_ID,
        user=ADMIN_USER if as_admin else MEMBER_USER,
        text=text,
        platform_admin=as_admin,
    )


def run_one(layer: CommandLayer, text: str, *, as_admin: bool) -> bool:
    """Run one command and print its reply; True when it did what was asked."""
    reply = layer.handle(console_request(text, as_admin=as_admin))
    if reply.visibility == CHANNEL:
        print("[posted to the channel]")
    sys.stdout.write(render_reply(reply))
    return reply.ok


def repl(layer: CommandLayer, *, as_admin: bool) -> None:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history where the platform has it)
    print(GREETING)
    while True:
        try:
            text = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if text.strip().casefold() in QUIT_WORDS:
            return
        if text.strip():
            run_one(layer, text, as_admin=as_admin)
