"""A story cut down for one chat message: fields shortened to budgets, only the sources that fit listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from digests.chat_limits import LINK_URL_MAX, fit, text_length
from digests.escape import safe_url
from digests.types import Story


@dataclass(frozen=True, slots=True)
class Budgets:
    """Escaped-length budgets for a story's parts (together, without sources, they must fit the limit)
    and how many sources to list at most: chat is skimmed, the rest are counted as "…and N more"."""

    headline: int
    summary: int
    models: int
    label: int
    source: int
    sources: int


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source link: raw (unescaped) text, and a safe http(s) URL or None to show the label unlinked."""

    label: str
    url: str | None
    source: str
    published: datetime


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story's text already shortened to budgets; templates escape it."""

    headline: str
    summary: str
    models: str
    sources: tuple[SourceView, ...]
    more_sources: int = 0


def story_view(story: Story, budgets: Budgets, escape: Callable[[str], str]) -> StoryView:
    """The story with each part cut so that its escaped form stays within its budget."""
    shown = story.items[: budgets.sources]
    return StoryView(
        headline=fit(story.headline, budgets.headline, escape),
        summary=fit(story.summary, budgets.summary, escape),
        models=fit(", ".join(story.models), budgets.models, escape),
        sources=tuple(
            SourceView(
                label=fit(item.title or item.source, budgets.label, escape),
                url=link_url(item.url),
                source=fit(item.source, budgets.source, escape),
                published=item.published,
            )
            for item in shown
        ),
        more_sources=len(story.items) - len(shown),
    )


def link_url(url: str | None) -> str | None:
    """A URL worth linking: http(s), safely quoted, and not absurdly long."""
    safe = safe_url(url)
    return safe if safe and len(safe) <= LINK_URL_MAX else None


def render_within(render: Callable[[StoryView], str], view: StoryView, limit: int) -> str:
    """Render the story within ``limit``: with all its sources if they fit, else with those that fit, in
    order, the others counted as "…and N more". The budgets make the story fit without any source."""
    text = render(view)
    if text_length(text) <= limit:
        return text
    fitted = replace(view, sources=(), more_sources=view.more_sources + len(view.sources))
    text = render(fitted)
    if text_length(text) > limit:
        raise ValueError(f"story budgets exceed the {limit}-character limit even without sources")
    for source in view.sources:
        candidate = replace(fitted, sources=(*fitted.sources, source), more_sources=fitted.more_sources - 1)
        candidate_text = render(candidate)
        if text_length(candidate_text) <= limit:
            fitted, text = candidate, candidate_text
    return text
