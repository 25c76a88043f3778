"""Read "/digest schedule DAY HH:MM [TIMEZONE]" forgivingly, and say when the next digest is due."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import process

from digests.store.channels import Schedule
from digests.textkeys import fold

WEEKDAYS = (
    ("monday", "mon", "lundi", "lun"),
    ("tuesday", "tue", "tues", "mardi", "mar"),
    ("wednesday", "wed", "mercredi", "mer"),
    ("thursday", "thu", "thurs", "jeudi", "jeu"),
    ("friday", "fri", "vendredi", "ven"),
    ("saturday", "sat", "samedi", "sam"),
    ("sunday", "sun", "dimanche", "dim"),
)
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?$")
MAX_ZONE_SUGGESTIONS = 3


class ScheduleError(ValueError):
    """A schedule that cannot be read; the message says what to type, and ``suggestions`` offers zone names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


def day_name(weekday: int) -> str:
    return WEEKDAYS[weekday][0].capitalize()


def weekday(text: str) -> int:
    key = fold(text).rstrip(".")
    for number, names in enumerate(WEEKDAYS):
        if key in names:
            return number
    raise ScheduleError(f"{text!r} is not a day of the week; try Monday, Tue or vendredi.")


def time_of_day(text: str) -> tuple[int, int]:
    match = _TIME.match(text.strip().lower())
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ScheduleError(f"{text!r} is not a time of day; use 24-hour HH:MM, such as 09:00 or 17:30.")
    return hour, minute


@cache
def _zones() -> dict[str, str]:
    """IANA zone names by their case-folded form, read once (listing them walks the zone database)."""
    return {name.casefold(): name for name in available_timezones()}


def timezone(text: str) -> str:
    """The IANA name the user meant, whatever its case; unknown names get the closest ones as suggestions."""
    name = _zones().get(text.strip().casefold())
    if name is not None:
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    close = process.extract(text, list(_zones().values()), limit=MAX_ZONE_SUGGESTIONS)
    raise ScheduleError(
        f"{text!r} is not a time zone I know; use an IANA name such as Europe/Paris or America/Los_Angeles.",
        [zone for zone, _, _ in close],
    )


def parse_schedule(words: list[str], current_zone: str) -> Schedule:
    """DAY HH:MM [TIMEZONE]; without a zone the channel keeps the one it has."""
    day = weekday(words[0])
    hour, minute = time_of_day(words[1])
    zone = timezone(words[2]) if len(words) > 2 else current_zone
    return Schedule(day, hour, minute, zone)


def next_delivery(schedule: Schedule, now: datetime) -> datetime:
    """The next moment the schedule falls due after ``now``, in the schedule's zone (wall-clock time kept)."""
    zone = ZoneInfo(schedule.timezone)
    local = now.astimezone(zone)
    days_ahead = (schedule.weekday - local.weekday()) % 7
    candidate = (local + timedelta(days=days_ahead)).replace(
        hour=schedule.hour, minute=schedule.minute, second=0, microsecond=0
    )
    if candidate <= local:
        candidate += timedelta(days=7)
    return candidate.replace(tzinfo=zone)
