"""The command layer against misuse: feeds added from chat, SSRF through /feeds add, hostile text, internal errors.

Feeds are served by real loopback servers. Refusals of loopback addresses are checked against a server listening
there, whose request log proves no request was sent; other inward addresses are refused before any socket opens.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text

from bot.commands import CommandLayer, Reply, Request, render_reply
from bot.commands.feeds import default_feeds
from bot.commands.follows import MAX_KEYWORD_CHARS
from bot.commands.text import MAX_COMMAND_CHARS
from bot.config import Settings
from bot.services import Services, prepare
from digests.escape import markdown
from digests.gather import FetchPolicy
from digests.knowledge import KnowledgeBase
from digests.pipeline import Newsroom
from digests.store import channels
from digests.store.channels import ChannelRef, Follow
from digests.store.database import open_store
from digests.templating import templates_dir
from tests.support.commands import NOW, Person
from tests.support.feed_server import FeedServer
from tests.support.feedbuilder import Entry, rss

if TYPE_CHECKING:
    from digests.store.channels import AuditEntry, WorkspaceFeed

FEED_TITLE = "Screen AI Wire"
FEED = rss(
    [
        Entry("Sora 2 reaches the cutting room", "https://wire.example/sora", "wire-1", "Editors try it.", NOW),
        Entry("Runway signs a studio deal", "https://wire.example/runway", "wire-2", "A deal.", NOW - timedelta(1)),
    ],
    title=FEED_TITLE,
)
HTML_PAGE = "<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>"
SWITCH_HINT = "(set REELBRIEF_ALLOW_PRIVATE_NETWORKS=true to fetch from it)"
# What the environment could set that changes these tests: every test starts without them.
ENVIRONMENT_NAMES = ("DATABASE_URL", "REELBRIEF_FEEDS", "REELBRIEF_ALLOW_PRIVATE_NETWORKS")
SECOND_LOOPBACK = "127.0.0.2"  # Linux answers on all of 127/8, so a second "host" is one bind away
# Every kind of reply the layer may give: one template each in templates/replies/.
REPLY_KINDS = frozenset(
    path.name.removesuffix(".md.j2")
    for path in (templates_dir() / "replies").glob("*.md.j2")
    if not path.name.startswith("_")
)


# --- services over real stores ---


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """Settings see only what the test sets: no operator feeds, no database URL, the private-network switch off."""
    for name in ENVIRONMENT_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REELBRIEF_DATA_DIR", str(tmp_path))
    return monkeypatch


def services_over(engine: Engine, knowledge: KnowledgeBase, policy: FetchPolicy | None = None) -> Services:
    """Services as the entry points build them, except that ``policy`` (when given) replaces the Newsroom's."""
    configured = Settings(_env_file=None)
    newsroom = Newsroom(engine, knowledge, policy=policy or configured.fetch_policy)
    return Services(newsroom, configured, clock=lambda: NOW)


@pytest.fixture
def services(environment: pytest.MonkeyPatch, engine: Engine, knowledge: KnowledgeBase) -> Services:
    """The guard as shipped: chat feed URLs may not reach loopback or intranet addresses."""
    return services_over(engine, knowledge)


@pytest.fixture
def local_services(environment: pytest.MonkeyPatch, engine: Engine, knowledge: KnowledgeBase) -> Services:
    """The operator's switch on (settings and fetch policy agree), so feeds on the loopback server can be added."""
    environment.setenv("REELBRIEF_ALLOW_PRIVATE_NETWORKS", "true")
    found = services_over(engine, knowledge)
    assert found.newsroom.policy.allow_private_networks and found.settings.fetch_policy.allow_private_networks
    prepare(found, warn=lambda message: None)  # the bundled demo feeds: the operator's default feeds
    return found


def admin_of(services: Services) -> Person:
    return Person(CommandLayer(services), "slack", "T1", "C1", "U_ADMIN", admin=True)


def added_feeds(services: Services) -> list[WorkspaceFeed]:
    with services.engine.connect() as connection:
        return channels.workspace_feeds(connection, "slack", "T1")


def trail(services: Services) -> list[AuditEntry]:
    with services.engine.connect() as connection:
        return channels.audit_trail(connection, "slack", "T1", limit=1000)


def follows_of(services: Services, person: Person) -> tuple[Follow, ...]:
    ref = ChannelRef(person.platform, person.workspace, person.channel)
    with services.engine.connect() as connection:
        return channels.channel_settings(connection, ref).follows


def assert_refused(reply: Reply, *reasons: str) -> None:
    """A feed refusal that says why (each of ``reasons`` is part of it) and renders as a sentence, not an error dump."""
    assert (reply.kind, reply.ok) == ("feed_refused", False)
    assert all(reason in reply.data["reason"] for reason in reasons)
    assert render_reply(reply) == f"I did not add {markdown(reply.data['url'])}: {markdown(reply.data['reason'])}.\n"


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: connections to it are refused, and no other test can take it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


@pytest.fixture
def second_server() -> Iterator[FeedServer]:
    with FeedServer(SECOND_LOOPBACK) as server:
        yield server


# --- 1. adding and removing feeds, with the private-network switch on ---


def test_an_admin_adds_a_real_feed_lists_it_and_removes_it(local_services: Services, feed_server: FeedServer):
    admin = admin_of(local_services)
    url = feed_server.add("/feed.xml", FEED)

    added = admin.says(f"/feeds add {url}")

    assert (added.kind, added.ok) == ("feed_added", True)
    assert (added.data["url"], added.data["title"], added.data["new"]) == (url, FEED_TITLE, 2)
    stored = local_services.newsroom.items(NOW - timedelta(days=7), NOW, sources=[url], relevant_only=False)
    assert {item.title for item in stored} == {"Sora 2 reaches the cutting room", "Runway signs a studio deal"}
    feed_id = added.data["id"]
    defaults, workspace_part = admin.reads("/feeds").split("**Added in this workspace:**")
    assert f"- `#{feed_id}` {FEED_TITLE} — {url}" in workspace_part and url not in defaults
    [entry] = trail(local_services)
    assert (entry.action, entry.detail, entry.user_id) == ("feed_add", url, "U_ADMIN")

    again = admin.says(f"/feeds add <{url}>")  # as Slack wraps links
    assert (again.kind, again.ok) == ("feed_known", True)
    assert admin.reads(f"/feeds add {url}") == f"This workspace already reads {url}.\n"
    assert feed_server.hits("/feed.xml") == 1  # a known feed is not fetched again

    removed = admin.says(f"/feeds remove {feed_id}")
    assert (removed.kind, removed.ok, removed.data["feed"].feed_id) == ("feed_removed", True, feed_id)
    assert added_feeds(local_services) == []
    assert admin.says(f"/feeds add {url}").kind == "feed_added"
    assert admin.says(f"/feeds remove <{url}>").kind == "feed_removed"
    assert added_feeds(local_services) == []
    assert "- none yet" in admin.reads("/feeds")
    assert [entry.action for entry in trail(local_services)] == ["feed_remove", "feed_add", "feed_remove", "feed_add"]


def test_default_and_unknown_feeds_cannot_be_removed(local_services: Services, feed_server: FeedServer):
    admin = admin_of(local_services)
    added = admin.says(f"/feeds add {feed_server.add('/feed.xml', FEED)}")
    default = default_feeds(local_services)[0]

    refused = admin.says(f"/feeds remove {default.id}")

    assert (refused.kind, refused.ok, refused.data["default"]) == ("feed_not_removable", False, default)
    shown = render_reply(refused)
    assert "one of the operator's default feeds" in shown and "REELBRIEF_FEEDS" in shown
    unknown = admin.reads("/feeds remove 999")
    assert unknown.startswith('This workspace added no feed "999".')
    assert f"It added: `#{added.data['id']}` {FEED_TITLE}." in unknown
    assert len(added_feeds(local_services)) == 1
    assert [entry.action for entry in trail(local_services)] == ["feed_add"]


def test_a_workspace_cannot_remove_another_workspaces_feed(local_services: Services, feed_server: FeedServer):
    url = feed_server.add("/feed.xml", FEED)
    feed_id = admin_of(local_services).says(f"/feeds add {url}").data["id"]
    other = Person(CommandLayer(local_services), "slack", "T2", "C9", "U_OTHER", admin=True)

    for wanted in (str(feed_id), url):
        refused = other.says(f"/feeds remove {wanted}")
        assert (refused.kind, refused.ok, refused.data["added"]) == ("feed_not_removable", False, [])

    assert [feed.feed_id for feed in added_feeds(local_services)] == [feed_id]
    assert [entry.action for entry in trail(local_services)] == ["feed_add"]


@pytest.mark.parametrize(
    ("what", "reason"),
    [
        ("html", "not an RSS or Atom feed: it is an HTML page"),
        ("missing", "HTTP 404"),
        ("unreachable", "connection refused"),
    ],
)
def test_what_is_not_a_readable_feed_is_refused_with_a_reason(
    local_services: Services, feed_server: FeedServer, closed_port: int, what: str, reason: str
):
    urls = {
        "html": feed_server.add("/page.html", HTML_PAGE, headers={"Content-Type": "text/html; charset=utf-8"}),
        "missing": feed_server.url("/missing.xml"),
        "unreachable": f"http://127.0.0.1:{closed_port}/feed.xml",
    }
    admin = admin_of(local_services)

    assert_refused(admin.says(f"/feeds add {urls[what]}"), reason)

    assert added_feeds(local_services) == [] and trail(local_services) == []
    assert "- none yet" in admin.reads("/feeds")


def test_a_slack_link_with_its_typed_text_is_added_as_its_url(local_services: Services, feed_server: FeedServer):
    url = feed_server.add("/feed.xml", FEED)
    typed = url.removeprefix("http://")

    added = admin_of(local_services).says(f"/feeds add <{url}|{typed}>")  # how Slack sends a link typed bare

    assert (added.kind, added.data.get("url")) == ("feed_added", url)


# --- 2. server-side request forgery through /feeds add, with the guard as shipped ---


@pytest.mark.parametrize(
    ("host", "netloc", "reasons"),
    [
        ("127.0.0.1", "127.0.0.1", [f"127.0.0.1 is a loopback address {SWITCH_HINT}"]),
        ("::1", "[::1]", [f"::1 is a loopback address {SWITCH_HINT}"]),
        ("127.0.0.1", "localhost", ["localhost resolves to ", f", a loopback address {SWITCH_HINT}"]),  # on connect
    ],
)
def test_loopback_servers_are_refused_without_a_request(services: Services, host: str, netloc: str, reasons: list[str]):
    try:
        server = FeedServer(host)
    except OSError as exc:
        pytest.skip(f"{host} cannot be bound here: {exc}")
    with server:
        server.add("/feed.xml", FEED)

        assert_refused(admin_of(services).says(f"/feeds add http://{netloc}:{server.port}/feed.xml"), *reasons)

        assert server.hits("/feed.xml") == 0 and server.requests == []
    assert added_feeds(services) == [] and trail(services) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/feed", f"10.0.0.1 is a private address {SWITCH_HINT}"),
        ("http://169.254.169.254/latest/meta-data/", f"169.254.169.254 is a link-local address {SWITCH_HINT}"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("/etc/passwd", "not a URL: give an http:// or https:// address"),
        ("ftp://example.com/x", "unsupported URL scheme 'ftp'"),
        ("gopher://x", "unsupported URL scheme 'gopher'"),
    ],
)
def test_inward_and_non_http_addresses_are_refused_before_any_socket(services: Services, url: str, reason: str):
    assert_refused(admin_of(services).says(f"/feeds add {url}"), reason)

    assert added_feeds(services) == [] and trail(services) == []
    with services.engine.connect() as connection:
        assert connection.execute(select(channels.FEEDS.c.source)).scalars().all() == []  # never even tried


def test_a_redirect_from_an_allowed_server_to_another_loopback_address_is_refused(
    environment: pytest.MonkeyPatch,
    engine: Engine,
    knowledge: KnowledgeBase,
    feed_server: FeedServer,
    second_server: FeedServer,
):
    """Only 127.0.0.1 (and ::1, should "localhost" name it) is allowed, by the Newsroom's policy; the switch is off.

    The settings' own check cannot express allowed networks and refuses numeric loopback hosts, so the allowed
    server is named "localhost" (names are checked when connecting, by the Newsroom's policy): the first hop is
    really fetched, and the redirect to 127.0.0.2 is what the guard refuses.
    """
    allowed = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))
    services = services_over(engine, knowledge, FetchPolicy(timeout=5.0, allowed_networks=allowed))
    assert not services.settings.fetch_policy.allow_private_networks
    target = second_server.add("/feed.xml", FEED)
    feed_server.redirect("/feed.xml", target)
    start = f"http://localhost:{feed_server.port}/feed.xml"

    reply = admin_of(services).says(f"/feeds add {start}")

    assert_refused(reply, f"redirect to {target} refused: {SECOND_LOOPBACK} is a loopback address {SWITCH_HINT}")
    assert feed_server.hits("/feed.xml") == 1
    assert second_server.requests == []
    assert added_feeds(services) == [] and trail(services) == []


# --- 3. hostile text, as a property ---


@pytest.fixture(scope="module")
def hostile_layer(tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase) -> Iterator[CommandLayer]:
    """One SQLite store with the demo feeds for every example: fast, and state piles up as it would in use."""
    directory = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        for name in ENVIRONMENT_NAMES:
            patch.delenv(name, raising=False)
        patch.setenv("REELBRIEF_DATA_DIR", str(directory))
        engine = open_store(f"sqlite:///{directory / 'store.db'}")
        found = services_over(engine, knowledge, FetchPolicy(timeout=5.0))  # no example may wait long
    prepare(found, warn=lambda message: None)
    yield CommandLayer(found)
    engine.dispose()


PREFIXES = (
    "",
    "/topics follow",
    "/topics follow keyword",
    "/topics unfollow",
    "/feeds add",
    "/feeds remove",
    "/reelbrief admins add",
    "/reelbrief admins remove",
    "/reelbrief help",
    "/digest schedule",
    "/digest language",
    "/aimodel",
    "topics",
    "/reelbrief",
)
# Only addresses refused before any socket reaches a public host: no example may go out to the network.
PIECES = (
    '"',
    "'",
    "“",
    "«",
    '"unclosed',
    "help",
    "keyword",
    "follow",
    "<!channel>",
    "<!everyone>",
    "@everyone",
    "@here",
    "<@U1>",
    "<@U1|bob>",
    "<#C1|general>",
    "**bold**",
    "[x](http://evil.example)",
    "<script>alert(1)</script>",
    "`code`",
    "# heading",
    "\u202eevil",
    "\x00",
    "\ud800",
    "\x1b[31m",
    "y" * 65,  # one more than an id may have
    "z" * 700,  # more than a command may have
    "Europe/Paris",
    "fri",
    "25:99",
    "http://127.0.0.1/feed.xml",
    "http://10.0.0.1/",
    "http://localhost:1/feed.xml",
    "<http://169.254.169.254/latest/meta-data/>",
    "file:///etc/passwd",
    "/etc/passwd",
    "gopher://x",
    "1",
    "-1",
    "#1",
)
SEPARATORS = (" ", "  ", "\n", "\t", "\r\n", "\x00", "\u202e", "\u200b", "\x1b")
# Commands that work, run by an admin and by a member; the admin-only ones are refused to the member.
REAL_COMMANDS = {
    "/digest": False,
    "/digest post": True,
    "/topics": False,
    "/feeds": False,
    "/reelbrief help": False,
    "/reelbrief admins": False,
    "/reelbrief audit": True,
    "/aimodel sora": False,
    "/topics follow copyright": True,
    "/digest schedule fri 17:30 Europe/Paris": True,
    "/digest language fr": True,
}
# User markup that would act if it reached the reply unescaped: HTML, Slack specials, mentions.
RAW_MARKUP = re.compile(r"(?<!\\)<(?:script|!channel|!everyone|@U1|#C1)")
SEPARATOR = st.sampled_from(SEPARATORS)
# A hostile piece, random text, or a run of letters as long as a command may be (limits are where bugs hide).
PIECE = st.sampled_from(PIECES) | st.text(max_size=30) | st.integers(1, MAX_COMMAND_CHARS).map("y".__mul__)


@st.composite
def hostile_arguments(draw: st.DrawFn) -> str:
    """An argument (a piece, or several in quotes), sometimes one word too many, each word after a space, control
    or format character."""
    argument = draw(PIECE | st.lists(PIECE, min_size=2, max_size=3).map(lambda pieces: f'"{" ".join(pieces)}"'))
    words = [argument, *draw(st.lists(PIECE, max_size=1))]
    return "".join(draw(SEPARATOR) + word for word in words) + draw(SEPARATOR)


def handled(layer: CommandLayer, is_admin: bool, command: str) -> Reply:
    """The reply to ``command``, checked: one of the layer's templates, no failure, what was typed escaped, and a
    member changed nothing."""
    user = "U_ADMIN" if is_admin else "U_MEMBER"

    reply = layer.handle(Request("slack", "T1", "C1", user, command, platform_admin=is_admin))

    assert reply.kind in REPLY_KINDS and reply.kind != "failure"
    assert RAW_MARKUP.search(render_reply(reply)) is None
    if not is_admin:
        with layer.services.engine.connect() as connection:
            changes = channels.audit_trail(connection, "slack", "T1", limit=100_000)
        assert all(entry.user_id != user for entry in changes)
    return reply


@pytest.mark.parametrize("is_admin", [True, False], ids=["admin", "member"])
@settings(max_examples=150, deadline=None)
@given(command=st.text(max_size=700))
def test_any_text_gets_a_reply_never_a_failure(hostile_layer: CommandLayer, is_admin: bool, command: str):
    handled(hostile_layer, is_admin, command)


@pytest.mark.parametrize("is_admin", [True, False], ids=["admin", "member"])
@pytest.mark.parametrize("prefix", PREFIXES)
@settings(max_examples=60, deadline=None)
@given(arguments=hostile_arguments())
def test_hostile_arguments_get_a_reply_never_a_failure(
    hostile_layer: CommandLayer, is_admin: bool, prefix: str, arguments: str
):
    handled(hostile_layer, is_admin, prefix + arguments)


@pytest.mark.parametrize("is_admin", [True, False], ids=["admin", "member"])
@pytest.mark.parametrize(("command", "admin_only"), REAL_COMMANDS.items())
def test_real_commands_work_among_hostile_ones(
    hostile_layer: CommandLayer, is_admin: bool, command: str, admin_only: bool
):
    reply = handled(hostile_layer, is_admin, command)

    assert (reply.kind == "refused") == (admin_only and not is_admin)
    assert reply.ok == (reply.kind != "refused")


# --- 4. specific hostile cases ---


def test_a_keyword_with_markup_is_stored_as_text_and_escaped_in_replies(services: Services):
    admin = admin_of(services)
    keyword = "<!channel> **bold** [x](http://evil)"

    reply = admin.says(f'/topics follow keyword "{keyword}"')

    assert reply.ok and reply.data["followable"].follow == Follow("keyword", keyword)
    assert follows_of(services, admin) == (Follow("keyword", keyword),)
    for shown in (render_reply(reply), admin.reads("/topics"), admin.reads("/reelbrief audit")):
        assert "[x](http" not in shown and "**bold**" not in shown and RAW_MARKUP.search(shown) is None
        assert r"\<!channel> \*\*bold\*\* \[x\](http://evil)" in shown


def test_a_runaway_command_is_refused_as_too_long_and_changes_nothing(services: Services):
    admin = admin_of(services)
    command = "/topics follow " + "copyright " * 1000

    reply = admin.says(command)

    assert (reply.kind, reply.ok) == ("invalid", False)
    assert f"the most I read is {MAX_COMMAND_CHARS}" in render_reply(reply)
    assert follows_of(services, admin) == () and trail(services) == []


@pytest.mark.parametrize(
    "command",
    [
        "/topics\nfollow\tcopyright\r\n",
        "\x00/topics\x1bfollow\u202ecopyright\x7f",
        "/topics\u200bfollow\ufeffcopyright",
    ],
)
def test_control_characters_and_newlines_separate_words(services: Services, command: str):
    admin = admin_of(services)

    reply = admin.says(command)

    assert (reply.kind, reply.ok) == ("followed", True)
    assert follows_of(services, admin) == (Follow("topic", "legal"),)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u3000", "\u2028"], ids=["nbsp", "narrow-nbsp", "cjk", "line"])
def test_unicode_spaces_separate_words(services: Services, space: str):
    admin = admin_of(services)

    reply = admin.says(f"/topics{space}follow{space}copyright")

    assert (reply.kind, reply.ok) == ("followed", True)
    assert follows_of(services, admin) == (Follow("topic", "legal"),)


def test_an_over_long_follow_is_refused_cleanly(services: Services):
    admin = admin_of(services)

    reply = admin.says("/topics follow " + "a" * 300)

    assert (reply.kind, reply.ok) == ("unknown", False)
    assert "Traceback" not in render_reply(reply)
    assert follows_of(services, admin) == () and trail(services) == []


KEYWORD_HINT = "as a free keyword anyway"


@pytest.mark.parametrize("keyword", ["a" * 300, "a"], ids=["long", "short"])
def test_a_keyword_of_the_wrong_length_gets_the_limit(services: Services, keyword: str):
    shown = admin_of(services).reads(f"/topics follow keyword {keyword}")

    assert KEYWORD_HINT not in shown
    assert f"{MAX_KEYWORD_CHARS}" in shown


def test_an_unknown_name_too_long_for_a_keyword_is_not_offered_as_one(services: Services):
    shown = admin_of(services).reads("/topics follow " + "a" * 300)

    assert KEYWORD_HINT not in shown


@pytest.mark.parametrize(
    ("platform", "mention", "stored"),
    [("slack", "<@U123|bob>", "U123"), ("slack", "<@U123>", "U123"), ("discord", "<@!456>", "456")],
)
def test_a_user_mention_lists_the_user_id(services: Services, platform: str, mention: str, stored: str):
    admin = Person(CommandLayer(services), platform, "T1", "C1", "U_ADMIN", admin=True)

    reply = admin.says(f"/reelbrief admins add {mention}")

    assert (reply.kind, reply.ok, reply.data["user"]) == ("admin_changed", True, stored)
    with services.engine.connect() as connection:
        assert channels.listed_admins(connection, platform, "T1") == [stored]


def test_an_unknown_subcommand_lists_the_commands_actions(services: Services):
    reply = admin_of(services).says("/feeds purge")

    assert (reply.kind, reply.ok) == ("invalid", False)
    shown = render_reply(reply)
    assert shown.startswith("/feeds has no 'purge'.")
    for usage in ("/feeds", "/feeds add URL", "/feeds remove URL|ID"):
        assert f"- `{usage}` — " in shown
    assert added_feeds(services) == [] and trail(services) == []


# --- 5. internal errors ---


def test_an_internal_error_is_a_polite_failure_and_rolls_back(services: Services, caplog: pytest.LogCaptureFixture):
    admin = admin_of(services)
    with services.engine.begin() as connection:
        connection.execute(text("DROP TABLE channel_follows"))

    with caplog.at_level(logging.ERROR, logger="bot.commands.layer"):
        reply = admin.says("/topics follow copyright")  # creates the channel's rows, then fails on the follow

    assert (reply.kind, reply.ok) == ("failure", False)
    shown = render_reply(reply)
    assert "nothing was changed" in shown and "channel_follows" not in shown and "Traceback" not in shown
    [record] = caplog.records
    assert record.exc_info is not None and "channel_follows" in str(record.exc_info[1])  # the operator's log has it
    with services.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(channels.CHANNELS)).scalar() == 0  # rolled back
        assert connection.execute(select(func.count()).select_from(channels.WORKSPACES)).scalar() == 0
    assert trail(services) == []


def test_a_read_that_fails_is_a_polite_failure(services: Services):
    with services.engine.begin() as connection:
        connection.execute(text("DROP TABLE channel_follows"))
        connection.execute(text("DROP TABLE channels"))

    reply = admin_of(services).says("/topics")

    assert (reply.kind, reply.ok) == ("failure", False)
    assert "nothing was changed" in render_reply(reply)
