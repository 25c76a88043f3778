"""/feeds: the feeds this workspace reads; admins add feeds (checked on the spot) and remove the ones they added."""

from __future__ import annotations

import asyncio
import html
import re

from bot.channel_digest import workspace_sources
from bot.commands.registry import Action
from bot.commands.request import Reply, Request
from bot.services import Services
from digests.errors import FetchError
from digests.gather import check_feed_url
from digests.store import channels
from digests.store import feeds as feed_store

MAX_URL_CHARS = 2048
_SLACK_LINK = re.compile(r"^<([^|>]*)(?:\|[^>]*)?>$")


def link_target(text: str) -> str:
    """The address in a word: Slack sends links as <URL> or <URL|what was typed>, with & written &amp;."""
    match = _SLACK_LINK.match(text)
    return html.unescape(match.group(1)) if match else text


def default_feeds(services: Services) -> list[feed_store.FeedRow]:
    """The operator's feeds (REELBRIEF_FEEDS, or the bundled demo feeds), which every workspace reads."""
    default_ids = services.newsroom.feed_ids(services.settings.default_sources)
    with services.engine.connect() as connection:
        return feed_store.feed_rows(connection, default_ids)


def list_feeds(services: Services, request: Request, words: list[str]) -> Reply:
    with services.engine.connect() as connection:
        added = channels.workspace_feeds(connection, request.platform, request.workspace)
    return Reply("feeds", {"defaults": default_feeds(services), "added": added})


def _refused(url: str, reason: str) -> Reply:
    return Reply("feed_refused", {"url": url, "reason": reason}, ok=False)


def add_feed(services: Services, request: Request, words: list[str]) -> Reply:
    url = link_target(words[0])
    if len(url) > MAX_URL_CHARS:
        return _refused(url[:80] + "…", f"the address is longer than {MAX_URL_CHARS} characters")
    try:
        check_feed_url(url, services.newsroom.policy)  # file paths and inward addresses never come from chat
    except FetchError as error:
        return _refused(url, error.reason)
    if url in workspace_sources(services, request.platform, request.workspace):
        return Reply("feed_known", {"url": url})
    report = asyncio.run(services.newsroom.ingest([url]))  # the address guard checks every hop and connection
    [outcome] = report.feeds
    if outcome.status == "failed":
        return _refused(url, outcome.error or "it could not be read")
    [feed_id] = services.newsroom.feed_ids([url])
    with services.engine.begin() as connection:
        channels.add_workspace_feed(
            connection, request.platform, request.workspace, feed_id, request.user, services.clock()
        )
    return Reply("feed_added", {"id": feed_id, "url": url, "title": outcome.title, "new": outcome.counts.new})


def remove_feed(services: Services, request: Request, words: list[str]) -> Reply:
    wanted = link_target(words[0]).removeprefix("#")
    with services.engine.connect() as connection:
        added = channels.workspace_feeds(connection, request.platform, request.workspace)
    found = next((feed for feed in added if wanted in (str(feed.feed_id), feed.source)), None)
    if found is None:
        default = next((feed for feed in default_feeds(services) if wanted in (str(feed.id), feed.source)), None)
        return Reply("feed_not_removable", {"wanted": wanted, "default": default, "added": added}, ok=False)
    with services.engine.begin() as connection:
        channels.remove_workspace_feed(
            connection, request.platform, request.workspace, found.feed_id, request.user, services.clock()
        )
    return Reply("feed_removed", {"feed": found})


ACTIONS = (
    Action("feeds", "", "", "List the feeds this workspace reads", list_feeds),
    Action(
        "feeds",
        "add",
        "URL",
        "Add an RSS or Atom feed (read once on the spot, refused with a reason if it is not a feed)",
        add_feed,
        admin=True,
        min_args=1,
        max_args=1,
    ),
    Action(
        "feeds",
        "remove",
        "URL|ID",
        "Remove a feed this workspace added",
        remove_feed,
        admin=True,
        min_args=1,
        max_args=1,
    ),
)
