"""The platform-neutral command layer: a Request in, a Reply out, whatever the text or the platform."""

from __future__ import annotations

import logging

from rapidfuzz import process

from bot.commands import admins, aimodel, digest, feeds, topics
from bot.commands.follows import completions as follow_completions
from bot.commands.permissions import is_admin, refusal
from bot.commands.registry import Action, Command
from bot.commands.request import Reply, Request
from bot.commands.text import words
from bot.services import Services
from digests.errors import ReelbriefError

log = logging.getLogger(__name__)
MAX_COMPLETIONS = 25  # Discord's limit on autocomplete choices; Slack's is larger


def _help(services: Services, request: Request, args: list[str]) -> Reply:
    """Help for every command, or for one: generated from the definitions below, never written twice."""
    if args:
        name = args[0].casefold().lstrip("/")
        if name not in COMMANDS:
            return _unknown_command(args[0])
        return Reply("help", {"commands": [COMMANDS[name]]})
    return Reply("help", {"commands": list(COMMANDS.values())})


HELP = Action("reelbrief", "help", "[COMMAND]", "Show what every command does", _help, max_args=1)

COMMANDS = {
    command.name: command
    for command in (
        Command("aimodel", "Model cards with the latest news", aimodel.ACTIONS),
        Command("digest", "This channel's weekly digest", digest.ACTIONS),
        Command("topics", "What this channel follows", topics.ACTIONS),
        Command("feeds", "The feeds this workspace reads", feeds.ACTIONS),
        Command("reelbrief", "Help, admins and the audit trail", (HELP, *admins.ACTIONS)),
    )
}


def _unknown_command(name: str) -> Reply:
    close = process.extract(name.lstrip("/"), list(COMMANDS), limit=2, score_cutoff=60)
    return Reply(
        "unknown",
        {
            "what": "command",
            "value": name,
            "suggestions": [f"/{command}" for command, _, _ in close],
            "usage": "/reelbrief help",
        },
        ok=False,
    )


def _usage_error(command: Command, action: Action | None, args: list[str]) -> Reply:
    if action is None or (args and not action.verb and action.max_args == 0):
        message = f"/{command.name} has no {args[0]!r}." if args else f"/{command.name} needs more."
    else:
        message = f"{action.usage} takes {_count(action)}."
    return Reply("invalid", {"message": message, "suggestions": [], "usage": "", "command": command}, ok=False)


def _count(action: Action) -> str:
    if action.max_args is None:
        return "at least one word"
    if action.min_args == action.max_args:
        return "no more words" if action.max_args == 0 else f"exactly {action.max_args}"
    return f"{action.min_args} to {action.max_args} words"


class CommandLayer:
    """Runs commands for every adapter (console, Slack, Discord): parsing, permissions, handlers, never a traceback."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def handle(self, request: Request) -> Reply:
        try:
            return self._handle(request)
        except ReelbriefError as error:  # unreadable text (CommandTextError) included
            return Reply("invalid", {"message": str(error), "suggestions": [], "usage": ""}, ok=False)
        except Exception:
            # Transactions roll back, so nothing was half-changed; the details go to the operator's log only.
            log.exception("command failed: %r", request.text[:200])
            return Reply("failure", {}, ok=False)

    def _handle(self, request: Request) -> Reply:
        text_words = words(request.text)
        if request.command is not None:
            name, args = request.command, text_words
        elif text_words:
            name, args = text_words[0], text_words[1:]
        else:
            return _help(self.services, request, [])
        command = COMMANDS.get(name.casefold().lstrip("/"))
        if command is None:
            return _unknown_command(name)
        if args and args[0].casefold() == "help" and command.name != "reelbrief":
            return _help(self.services, request, [command.name])
        matched = command.match(args)
        if matched is None:
            return _usage_error(command, None, args)
        action, action_args = matched
        if not action.accepts(len(action_args)):
            return _usage_error(command, action, action_args)
        if action.admin and not is_admin(self.services, request):
            return refusal(self.services, request, action.usage)
        return action.handler(self.services, request, action_args)

    def complete(self, command: str, partial: str) -> list[str]:
        """Autocomplete choices for adapters that offer them (Discord): model names, follow targets, verbs."""
        knowledge = self.services.knowledge
        name = command.casefold().lstrip("/")
        if name == "aimodel":
            return knowledge.complete_models(partial)[:MAX_COMPLETIONS]
        if name == "topics":
            return follow_completions(partial, knowledge, MAX_COMPLETIONS)
        found = COMMANDS.get(name)
        verbs = found.verbs if found else list(COMMANDS)
        return [verb for verb in verbs if verb.startswith(partial.casefold())][:MAX_COMPLETIONS]
