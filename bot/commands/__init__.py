"""Slash commands, once for every platform: parse, check permissions, run, and describe the reply as data."""

from bot.commands.layer import COMMANDS, CommandLayer
from bot.commands.replies import render_reply
from bot.commands.request import CHANNEL, PRIVATE, Reply, Request

__all__ = ["CHANNEL", "COMMANDS", "PRIVATE", "CommandLayer", "Reply", "Request", "render_reply"]
