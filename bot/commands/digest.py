"""/digest: preview this channel's digest, post it, and set when and in which language it arrives."""

from __future__ import annotations

from bot.channel_digest import channel_digest
from bot.commands.registry import Action
from bot.commands.request import CHANNEL, PRIVATE, Reply, Request
from bot.commands.schedule import ScheduleError, day_name, next_delivery, parse_schedule
from bot.services import Services
from digests.llm_summary import LANGUAGE_NAMES
from digests.store import channels
from digests.store.channels import ChannelRef


def channel_of(request: Request) -> ChannelRef:
    return ChannelRef(request.platform, request.workspace, request.channel)


def _digest_reply(services: Services, request: Request, *, posted: bool) -> Reply:
    now = services.clock()
    found = channel_digest(services, channel_of(request), now)
    data = {
        "digest": found.digest,
        "settings": found.settings,
        "next": next_delivery(found.settings.schedule, now),
        "posted": posted,
    }
    return Reply("digest", data, visibility=CHANNEL if posted else PRIVATE)


def preview(services: Services, request: Request, words: list[str]) -> Reply:
    return _digest_reply(services, request, posted=False)


def post(services: Services, request: Request, words: list[str]) -> Reply:
    reply = _digest_reply(services, request, posted=True)
    stories = len(reply.data["digest"].stories)
    with services.engine.begin() as connection:
        channels.record(connection, channel_of(request), request.user, "post", f"{stories} stories", services.clock())
    return reply


def schedule(services: Services, request: Request, words: list[str]) -> Reply:
    ref = channel_of(request)
    with services.engine.connect() as connection:
        current = channels.channel_settings(connection, ref)
    try:
        wanted = parse_schedule(words, current.schedule.timezone)
    except ScheduleError as error:
        return Reply(
            "invalid",
            {"message": str(error), "suggestions": error.suggestions, "usage": "/digest schedule DAY HH:MM [TIMEZONE]"},
            ok=False,
        )
    now = services.clock()
    with services.engine.begin() as connection:
        changed = channels.set_schedule(connection, ref, wanted, request.user, now)
    data = {"schedule": wanted, "day": day_name(wanted.weekday), "changed": changed, "next": next_delivery(wanted, now)}
    return Reply("scheduled", data)


def _switch(services: Services, request: Request, enabled: bool) -> Reply:
    now = services.clock()
    with services.engine.begin() as connection:
        changed = channels.set_enabled(connection, channel_of(request), enabled, request.user, now)
        settings = channels.channel_settings(connection, channel_of(request))
    return Reply("switched", {"enabled": enabled, "changed": changed, "next": next_delivery(settings.schedule, now)})


def turn_off(services: Services, request: Request, words: list[str]) -> Reply:
    return _switch(services, request, False)


def turn_on(services: Services, request: Request, words: list[str]) -> Reply:
    return _switch(services, request, True)


def language(services: Services, request: Request, words: list[str]) -> Reply:
    code = words[0].casefold()
    names = {name.casefold(): key for key, name in LANGUAGE_NAMES.items()}
    code = names.get(code, code)
    if code not in LANGUAGE_NAMES:
        choices = [f"{key} ({name})" for key, name in LANGUAGE_NAMES.items()]
        return Reply(
            "unknown",
            {"what": "language", "value": words[0], "suggestions": choices, "usage": "/digest language CODE"},
            ok=False,
        )
    with services.engine.begin() as connection:
        changed = channels.set_language(connection, channel_of(request), code, request.user, services.clock())
    return Reply("language", {"code": code, "name": LANGUAGE_NAMES[code], "changed": changed})


ACTIONS = (
    Action("digest", "", "", "Preview this channel's digest now (only you see it)", preview),
    Action("digest", "post", "", "Post this channel's digest to the channel now", post, admin=True),
    Action(
        "digest",
        "schedule",
        "DAY HH:MM [TIMEZONE]",
        "Set the weekly delivery, e.g. Monday 09:00 Europe/Paris",
        schedule,
        admin=True,
        min_args=2,
        max_args=3,
    ),
    Action("digest", "off", "", "Stop the weekly digest in this channel", turn_off, admin=True),
    Action("digest", "on", "", "Start the weekly digest in this channel again", turn_on, admin=True),
    Action(
        "digest",
        "language",
        "CODE",
        f"Write headlines and summaries in {', '.join(LANGUAGE_NAMES)}",
        language,
        admin=True,
        min_args=1,
        max_args=1,
    ),
)
