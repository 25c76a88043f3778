"""The one Jinja environment over templates/, with the escaping and date filters every output uses."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from digests import escape
from digests.types import Digest

TEMPLATES_DIR_ENV = "REELBRIEF_TEMPLATES_DIR"  # point at a copy of templates/ to restyle the output
DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
_ENVIRONMENTS_CACHED = 4  # one per templates directory in use; more only happens in tests
_DAY_FORMAT = "%Y-%m-%d"  # ISO dates read the same to every team, whatever their locale
# A digest's period_end is exclusive (the next period starts there), so the last day shown is the one
# just before it: 2024-09-16T00:00 → 2024-09-23T00:00 reads "2024-09-16 – 2024-09-22".
_LAST_INSTANT = timedelta(microseconds=1)


def templates_dir() -> Path:
    """The templates directory: $REELBRIEF_TEMPLATES_DIR if set, else the project's templates/."""
    return Path(os.environ.get(TEMPLATES_DIR_ENV) or DEFAULT_TEMPLATES_DIR)


def environment() -> Environment:
    """The shared Jinja environment for the current templates directory."""
    return _environment(templates_dir())


def macros(template_name: str) -> Any:
    """A template's macros, callable from Python: ``macros("slack.j2").story(view=...)``."""
    return environment().get_template(template_name).module


def utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive datetime is taken to be UTC already (as the pipeline stores them)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def day(moment: datetime) -> str:
    """A date as readers see it, e.g. ``2024-09-16`` (UTC)."""
    return utc(moment).strftime(_DAY_FORMAT)


def period(digest: Digest) -> str:
    """The digest's period as readers see it, e.g. ``2024-09-16 – 2024-09-22``."""
    start, end = utc(digest.period_start), utc(digest.period_end)
    last = end - _LAST_INSTANT if end > start else end
    return f"{day(start)} – {day(last)}"


@lru_cache(maxsize=_ENVIRONMENTS_CACHED)
def _environment(directory: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
    )
    env.filters.update(
        md=escape.markdown,
        slack=escape.slack,
        discord=escape.discord,
        http_url=escape.safe_url,
        slack_url=escape.slack_url,
        day=day,
        period=period,
    )
    return env
