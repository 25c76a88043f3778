"""Workspace and channel settings in the store: defaults, idempotent changes, isolation, feeds, admins, audit trail."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select

from digests.store import channels as store
from digests.store.channels import DEFAULT_LANGUAGE, DEFAULT_SCHEDULE, ChannelRef, Follow, Schedule
from digests.store.database import MIGRATIONS_DIR
from digests.store.feeds import feed_ids, record_failure
from digests.store.schema import Base, Channel, StoredAuditEntry, Workspace

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NEWSROOM = ChannelRef("slack", "T0001", "C0001")
COPYRIGHT = Follow("topic", "copyright")
SORA = Follow("model", "sora")
CONFIGURATION_TABLES = {"workspaces", "workspace_admins", "channels", "channel_follows", "workspace_feeds", "audit_log"}


def _count(engine: Engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _alembic(engine: Engine, action, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, revision)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_the_migration_matches_the_schema_and_round_trips(engine):
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert _tables(engine) >= CONFIGURATION_TABLES
    _alembic(engine, command.downgrade, "0002")
    assert not CONFIGURATION_TABLES & _tables(engine)
    assert {"feeds", "items", "summaries"} <= _tables(engine)
    _alembic(engine, command.upgrade, "head")
    assert _tables(engine) >= CONFIGURATION_TABLES


def test_an_unknown_channel_reads_as_defaults_without_writing(engine):
    with engine.begin() as connection:
        settings = store.channel_settings(connection, NEWSROOM)
        assert store.enabled_channels(connection) == []
        assert store.workspace_feeds(connection, "slack", "T0001") == []
        assert store.listed_admins(connection, "slack", "T0001") == []
        assert store.audit_trail(connection, "slack", "T0001") == []
    assert settings == store.ChannelSettings(NEWSROOM, (), DEFAULT_SCHEDULE, DEFAULT_LANGUAGE, True)
    assert (_count(engine, Workspace), _count(engine, Channel)) == (0, 0)


def test_following_twice_changes_and_logs_once(engine):
    with engine.begin() as connection:
        assert store.follow(connection, NEWSROOM, COPYRIGHT, "U1", NOW)
        assert not store.follow(connection, NEWSROOM, COPYRIGHT, "U2", NOW)
        assert store.follow(connection, NEWSROOM, SORA, "U1", NOW)
        assert store.channel_settings(connection, NEWSROOM).follows == (SORA, COPYRIGHT)
        assert store.unfollow(connection, NEWSROOM, COPYRIGHT, "U2", NOW)
        assert not store.unfollow(connection, NEWSROOM, COPYRIGHT, "U2", NOW)
        assert store.channel_settings(connection, NEWSROOM).follows == (SORA,)
        actions = [(entry.action, entry.detail) for entry in store.audit_trail(connection, "slack", "T0001")]
    assert sorted(actions) == [("follow", "model sora"), ("follow", "topic copyright"), ("unfollow", "topic copyright")]


def test_unfollowing_on_an_unknown_channel_writes_nothing(engine):
    with engine.begin() as connection:
        assert not store.unfollow(connection, NEWSROOM, COPYRIGHT, "U1", NOW)
    assert (_count(engine, Workspace), _count(engine, Channel)) == (0, 0)


def test_settings_are_kept_per_channel_workspace_and_platform(engine):
    neighbours = [
        ChannelRef("slack", "T0001", "C0002"),
        ChannelRef("slack", "T0002", "C0001"),
        ChannelRef("discord", "T0001", "C0001"),
    ]
    paris = Schedule(4, 17, 30, "Europe/Paris")
    with engine.begin() as connection:
        store.follow(connection, NEWSROOM, COPYRIGHT, "U1", NOW)
        store.set_schedule(connection, NEWSROOM, paris, "U1", NOW)
        store.set_language(connection, NEWSROOM, "fr", "U1", NOW)
        for ref in neighbours:
            store.follow(connection, ref, SORA, "U1", NOW)
        assert store.channel_settings(connection, NEWSROOM) == store.ChannelSettings(
            NEWSROOM, (COPYRIGHT,), paris, "fr", True
        )
        for ref in neighbours:
            assert store.channel_settings(connection, ref) == store.ChannelSettings(
                ref, (SORA,), DEFAULT_SCHEDULE, DEFAULT_LANGUAGE, True
            )
        assert len(store.audit_trail(connection, "slack", "T0001")) == 4
        assert len(store.audit_trail(connection, "discord", "T0001")) == 1


@pytest.mark.parametrize(
    "schedule",
    [Schedule(7, 9, 0, "UTC"), Schedule(-1, 9, 0, "UTC"), Schedule(0, 24, 0, "UTC"), Schedule(0, 9, 60, "UTC")],
)
def test_impossible_weekly_times_are_refused(engine, schedule):
    with engine.begin() as connection, pytest.raises(ValueError):
        store.set_schedule(connection, NEWSROOM, schedule, "U1", NOW)
    assert _count(engine, Channel) == 0


def test_setting_a_channel_to_what_it_already_has_changes_nothing(engine):
    evening = Schedule(6, 23, 59, "America/Los_Angeles")
    with engine.begin() as connection:
        assert not store.set_schedule(connection, NEWSROOM, DEFAULT_SCHEDULE, "U1", NOW)
        assert not store.set_enabled(connection, NEWSROOM, True, "U1", NOW)
        assert not store.set_language(connection, NEWSROOM, DEFAULT_LANGUAGE, "U1", NOW)
    assert (_count(engine, Channel), _count(engine, StoredAuditEntry)) == (0, 0)
    with engine.begin() as connection:
        assert store.set_schedule(connection, NEWSROOM, evening, "U1", NOW)
        assert not store.set_schedule(connection, NEWSROOM, evening, "U1", NOW)
        assert store.set_language(connection, NEWSROOM, "de", "U1", NOW)
        assert not store.set_language(connection, NEWSROOM, "de", "U1", NOW)
        trail = store.audit_trail(connection, "slack", "T0001")
    assert sorted((entry.action, entry.detail) for entry in trail) == [
        ("language", "de"),
        ("schedule", "Sun 23:59 America/Los_Angeles"),
    ]


def test_disabled_channels_are_left_out_of_the_schedule(engine):
    quiet = ChannelRef("discord", "G1", "D1")
    with engine.begin() as connection:
        store.follow(connection, NEWSROOM, COPYRIGHT, "U1", NOW)
        store.follow(connection, quiet, SORA, "U1", NOW)
        assert store.set_enabled(connection, quiet, False, "U1", NOW)
        assert not store.set_enabled(connection, quiet, False, "U1", NOW)
        assert [settings.ref for settings in store.enabled_channels(connection)] == [NEWSROOM]
        assert store.enabled_channels(connection)[0].follows == (COPYRIGHT,)
        assert store.set_enabled(connection, quiet, True, "U2", NOW)
        assert [settings.ref for settings in store.enabled_channels(connection)] == [NEWSROOM, quiet]
        actions = [entry.action for entry in store.audit_trail(connection, "discord", "G1")]
    assert actions == ["enable", "disable", "follow"]


@pytest.mark.parametrize(
    "bad",
    [Follow("person", "james-wan"), Follow("keyword", ""), Follow("keyword", "x" * 201)],
)
def test_malformed_follows_are_refused(engine, bad):
    with engine.begin() as connection, pytest.raises(ValueError):
        store.follow(connection, NEWSROOM, bad, "U1", NOW)


def test_unknown_platforms_and_overlong_ids_are_refused(engine):
    with engine.begin() as connection:
        with pytest.raises(ValueError):
            store.follow(connection, ChannelRef("teams", "T1", "C1"), SORA, "U1", NOW)
        with pytest.raises(ValueError):
            store.follow(connection, ChannelRef("slack", "T1", "C" * 65), SORA, "U1", NOW)
        with pytest.raises(ValueError):
            store.add_admin(connection, "slack", "T1", "U" * 65, "U1", NOW)
        assert store.follow(connection, NEWSROOM, Follow("keyword", "k" * 200), "U" * 64, NOW)


def test_workspace_feeds_carry_their_feed_rows(engine):
    trades, blog = "https://trades.example/feed.xml", "https://blog.example/rss"
    with engine.begin() as connection:
        ids = feed_ids(connection, [trades, blog], NOW)
        record_failure(connection, ids[blog], "HTTP 503", NOW)
        assert store.add_workspace_feed(connection, "slack", "T0001", ids[blog], "U1", NOW)
        assert store.add_workspace_feed(connection, "slack", "T0001", ids[trades], "U2", NOW + timedelta(minutes=1))
        assert not store.add_workspace_feed(connection, "slack", "T0001", ids[blog], "U2", NOW)
        assert store.add_workspace_feed(connection, "discord", "G1", ids[trades], "U3", NOW)
        with pytest.raises(ValueError):
            store.add_workspace_feed(connection, "slack", "T0001", max(ids.values()) + 1, "U1", NOW)
        feeds = store.workspace_feeds(connection, "slack", "T0001")
        assert feeds == [
            store.WorkspaceFeed(ids[blog], blog, "", "U1", NOW, "HTTP 503"),
            store.WorkspaceFeed(ids[trades], trades, "", "U2", NOW + timedelta(minutes=1), None),
        ]
        assert store.remove_workspace_feed(connection, "slack", "T0001", ids[blog], "U1", NOW)
        assert not store.remove_workspace_feed(connection, "slack", "T0001", ids[blog], "U1", NOW)
        assert not store.remove_workspace_feed(connection, "slack", "T9999", ids[trades], "U1", NOW)
        assert [feed.feed_id for feed in store.workspace_feeds(connection, "slack", "T0001")] == [ids[trades]]
        assert [feed.feed_id for feed in store.workspace_feeds(connection, "discord", "G1")] == [ids[trades]]
        trail = store.audit_trail(connection, "slack", "T0001")
    assert sorted((entry.action, entry.detail, entry.channel) for entry in trail) == [
        ("feed_add", blog, None),
        ("feed_add", trades, None),
        ("feed_remove", blog, None),
    ]


def test_listed_admins(engine):
    with engine.begin() as connection:
        assert store.add_admin(connection, "slack", "T0001", "U2", "U1", NOW)
        assert store.add_admin(connection, "slack", "T0001", "U3", "U1", NOW + timedelta(seconds=1))
        assert not store.add_admin(connection, "slack", "T0001", "U2", "U3", NOW + timedelta(seconds=2))
        assert store.listed_admins(connection, "slack", "T0001") == ["U2", "U3"]
        assert store.is_listed_admin(connection, "slack", "T0001", "U2")
        assert not store.is_listed_admin(connection, "slack", "T0002", "U2")
        assert not store.is_listed_admin(connection, "discord", "T0001", "U2")
        assert store.remove_admin(connection, "slack", "T0001", "U2", "U3", NOW + timedelta(seconds=3))
        assert not store.remove_admin(connection, "slack", "T0001", "U2", "U3", NOW + timedelta(seconds=4))
        assert not store.is_listed_admin(connection, "slack", "T0001", "U2")
        assert store.listed_admins(connection, "slack", "T0001") == ["U3"]
        actions = [(entry.action, entry.detail) for entry in store.audit_trail(connection, "slack", "T0001")]
    assert actions == [("admin_remove", "U2"), ("admin_add", "U3"), ("admin_add", "U2")]


def test_the_audit_trail_lists_the_newest_changes_first(engine):
    with engine.begin() as connection:
        for minutes, keyword in enumerate(["deepfake", "residuals", "dubbing"]):
            store.follow(connection, NEWSROOM, Follow("keyword", keyword), "U1", NOW + timedelta(minutes=minutes))
        # Two changes at the same instant: the one written last is listed first.
        store.set_language(connection, NEWSROOM, "es", "U2", NOW + timedelta(minutes=5))
        store.set_enabled(connection, NEWSROOM, False, "U2", NOW + timedelta(minutes=5))
        trail = store.audit_trail(connection, "slack", "T0001", limit=4)
    assert trail == [
        store.AuditEntry(NOW + timedelta(minutes=5), "U2", "C0001", "disable", ""),
        store.AuditEntry(NOW + timedelta(minutes=5), "U2", "C0001", "language", "es"),
        store.AuditEntry(NOW + timedelta(minutes=2), "U1", "C0001", "follow", "keyword dubbing"),
        store.AuditEntry(NOW + timedelta(minutes=1), "U1", "C0001", "follow", "keyword residuals"),
    ]


def test_audit_details_are_capped(engine):
    long_source = "https://feeds.example/" + "a" * 600
    with engine.begin() as connection:
        feed_id = feed_ids(connection, [long_source], NOW)[long_source]
        store.add_workspace_feed(connection, "slack", "T0001", feed_id, "U1", NOW)
        [entry] = store.audit_trail(connection, "slack", "T0001")
    assert entry.detail == long_source[: store.MAX_DETAIL_LENGTH]


def test_creating_the_same_workspace_twice_finds_the_first(engine):
    with engine.begin() as connection:
        store.add_admin(connection, "slack", "T0001", "U2", "U1", NOW)
    with engine.begin() as connection:
        store.follow(connection, NEWSROOM, SORA, "U1", NOW)
    assert (_count(engine, Workspace), _count(engine, Channel)) == (1, 1)


def test_a_concurrent_writer_waits_for_the_first_and_finds_its_rows(engine):
    """The second transaction starts while the first holds uncommitted workspace, channel and follow rows."""
    outcome: list[bool | BaseException] = []

    def second_writer() -> None:
        try:
            with engine.begin() as connection:
                outcome.append(store.follow(connection, NEWSROOM, SORA, "U2", NOW))
        except BaseException as error:  # handed to the test thread, which fails on it
            outcome.append(error)

    with engine.begin() as connection:
        assert store.follow(connection, NEWSROOM, SORA, "U1", NOW)
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)  # let the second writer block on the first one's rows or lock
    thread.join(timeout=30)
    assert outcome == [False]
    assert (_count(engine, Workspace), _count(engine, Channel), _count(engine, StoredAuditEntry)) == (1, 1, 1)
