"""Command definitions: the single source for dispatch, permissions, usage lines, help and autocomplete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands.request import Reply, Request
from bot.services import Services

Handler = Callable[[Services, Request, list[str]], Reply]


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a command does: ``/topics follow X`` is command "topics", verb "follow", arguments "X"."""

    command: str
    verb: str  # "" for the bare command; may be two words ("admins add")
    arguments: str  # as shown in usage lines, e.g. "DAY HH:MM [TIMEZONE]"
    summary: str
    handler: Handler
    admin: bool = False
    min_args: int = 0
    max_args: int | None = 0  # None: any number of words (a name with spaces)

    @property
    def usage(self) -> str:
        return " ".join(part for part in (f"/{self.command}", self.verb, self.arguments) if part)

    def accepts(self, count: int) -> bool:
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    summary: str
    actions: tuple[Action, ...]

    def match(self, words: list[str]) -> tuple[Action, list[str]] | None:
        """The action the words name (longest verb first) and its arguments; the bare action when none does."""
        folded = [word.casefold() for word in words]
        for action in sorted(self.actions, key=lambda action: -len(action.verb.split())):
            verb = action.verb.split()
            if verb and folded[: len(verb)] == verb:
                return action, words[len(verb) :]
        bare = next((action for action in self.actions if not action.verb), None)
        return (bare, words) if bare is not None else None

    @property
    def verbs(self) -> list[str]:
        return [action.verb for action in self.actions if action.verb]
