"""Workspace and channel settings (follows, schedule, language, feeds, listed admins) and who changed them.

Every function takes a Connection and leaves the transaction to the caller. A change writes its audit row in that
same transaction and returns whether anything changed, so repeating a command changes and logs nothing. Reads never
write: workspace and channel rows appear on their first change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, exists, or_, select, update

from digests.store.schema import (
    Channel,
    ChannelFollow,
    Feed,
    StoredAuditEntry,
    StoredWorkspaceFeed,
    Workspace,
    WorkspaceAdmin,
)
from digests.store.sql import chunks, insert_if_new, insert_ignoring_duplicates

WORKSPACES = Workspace.__table__
ADMINS = WorkspaceAdmin.__table__
CHANNELS = Channel.__table__
FOLLOWS = ChannelFollow.__table__
WORKSPACE_FEEDS = StoredWorkspaceFeed.__table__
AUDIT_LOG = StoredAuditEntry.__table__
FEEDS = Feed.__table__

PLATFORMS = frozenset({"slack", "discord", "console"})
FOLLOW_KINDS = frozenset({"topic", "model", "org", "keyword"})
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Column widths: checked here so an over-long value fails the same way on SQLite (which would keep it) and PostgreSQL.
MAX_ID_LENGTH = 64
MAX_VALUE_LENGTH = 200
MAX_TIMEZONE_LENGTH = 64
MAX_LANGUAGE_LENGTH = 8
# Audit details quote values (up to MAX_VALUE_LENGTH) and feed URLs (longer): kept short enough to list.
MAX_DETAIL_LENGTH = 300


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A channel as the platforms name it: platform, workspace (Slack team, Discord guild) and channel ids."""

    platform: str
    workspace: str
    channel: str


@dataclass(frozen=True, slots=True)
class Follow:
    """A knowledge-base id (kind topic, model or org) or a folded keyword (kind keyword)."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Schedule:
    """When the weekly digest is posted: weekday (0 is Monday), local time and IANA time zone."""

    weekday: int
    hour: int
    minute: int
    timezone: str


DEFAULT_SCHEDULE = Schedule(0, 9, 0, "UTC")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    ref: ChannelRef
    follows: tuple[Follow, ...]
    schedule: Schedule
    language: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change; ``detail`` is plain user-supplied text, to be escaped when rendered."""

    at: datetime
    user_id: str
    channel: str | None
    action: str
    detail: str


@dataclass(frozen=True, slots=True)
class WorkspaceFeed:
    feed_id: int
    source: str
    title: str
    added_by: str
    added_at: datetime
    last_error: str | None


def _schedule_values(schedule: Schedule) -> dict[str, Any]:
    return {
        "weekday": schedule.weekday,
        "hour": schedule.hour,
        "minute": schedule.minute,
        "timezone": schedule.timezone,
    }


# What a channel without a row reads as, and what its row starts with.
DEFAULT_CHANNEL_VALUES = _schedule_values(DEFAULT_SCHEDULE) | {"language": DEFAULT_LANGUAGE, "enabled": True}


def _check_text(value: str, limit: int, what: str) -> None:
    if not value or len(value) > limit:
        raise ValueError(f"{what} must be 1 to {limit} characters, got {len(value)}")


def _check_ids(*ids: str) -> None:
    for value in ids:
        _check_text(value, MAX_ID_LENGTH, "an id")


def _check_follow(follow: Follow) -> None:
    if follow.kind not in FOLLOW_KINDS:
        raise ValueError(f"unknown follow kind {follow.kind!r}")
    _check_text(follow.value, MAX_VALUE_LENGTH, "a followed value")


def _check_schedule(schedule: Schedule) -> None:
    """Timezone names are checked by the caller (zoneinfo); the numbers are checked here too."""
    if schedule.weekday not in range(7) or schedule.hour not in range(24) or schedule.minute not in range(60):
        raise ValueError(f"no such weekly time: {schedule}")
    _check_text(schedule.timezone, MAX_TIMEZONE_LENGTH, "a time zone")


def describe_schedule(schedule: Schedule) -> str:
    """The schedule as the audit trail shows it, e.g. "Mon 09:00 Europe/Paris"."""
    return f"{WEEKDAY_NAMES[schedule.weekday]} {schedule.hour:02d}:{schedule.minute:02d} {schedule.timezone}"


def _workspace_id(connection: Connection, platform: str, workspace: str) -> int | None:
    query = select(WORKSPACES.c.id).where(WORKSPACES.c.platform == platform, WORKSPACES.c.external_id == workspace)
    return connection.execute(query).scalar()


def _ensure_workspace(connection: Connection, platform: str, workspace: str, now: datetime) -> int:
    """The workspace's id, creating its row; a concurrent creator's row is found, not duplicated."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}")
    _check_ids(workspace)
    found = _workspace_id(connection, platform, workspace)
    if found is not None:
        return found
    row = {"platform": platform, "external_id": workspace, "name": "", "created_at": now}
    insert_ignoring_duplicates(connection, WORKSPACES, [row])
    workspace_id = _workspace_id(connection, platform, workspace)
    assert workspace_id is not None  # inserted above, or by the writer the insert gave way to
    return workspace_id


def _channel_query(ref: ChannelRef) -> Any:
    return (
        select(CHANNELS)
        .join(WORKSPACES, WORKSPACES.c.id == CHANNELS.c.workspace_id)
        .where(
            WORKSPACES.c.platform == ref.platform,
            WORKSPACES.c.external_id == ref.workspace,
            CHANNELS.c.external_id == ref.channel,
        )
    )


def _channel_id(connection: Connection, workspace_id: int, channel: str) -> int | None:
    query = select(CHANNELS.c.id).where(CHANNELS.c.workspace_id == workspace_id, CHANNELS.c.external_id == channel)
    return connection.execute(query).scalar()


def _ensure_channel(connection: Connection, ref: ChannelRef, now: datetime) -> tuple[int, int]:
    """(workspace id, channel id), creating the rows (the channel with default settings) when missing."""
    workspace_id = _ensure_workspace(connection, ref.platform, ref.workspace, now)
    _check_ids(ref.channel)
    found = _channel_id(connection, workspace_id, ref.channel)
    if found is not None:
        return workspace_id, found
    row = DEFAULT_CHANNEL_VALUES | {
        "workspace_id": workspace_id,
        "external_id": ref.channel,
        "created_at": now,
        "updated_at": now,
    }
    insert_ignoring_duplicates(connection, CHANNELS, [row])
    channel_id = _channel_id(connection, workspace_id, ref.channel)
    assert channel_id is not None  # inserted above, or by the writer the insert gave way to
    return workspace_id, channel_id


def _audit(
    connection: Connection,
    workspace_id: int,
    channel: str | None,
    actor: str,
    action: str,
    detail: str,
    now: datetime,
) -> None:
    row = {
        "workspace_id": workspace_id,
        "channel_external_id": channel,
        "user_id": actor,
        "action": action,
        "detail": detail[:MAX_DETAIL_LENGTH],
        "at": now,
    }
    connection.execute(AUDIT_LOG.insert().values(row))


def _audited(
    connection: Connection,
    changed: bool,
    workspace_id: int,
    channel: str | None,
    actor: str,
    action: str,
    detail: str,
    now: datetime,
) -> bool:
    """Audit a change only when it happened, so repeating a command logs nothing; returns whether it did."""
    if changed:
        _audit(connection, workspace_id, channel, actor, action, detail, now)
    return changed


def record(connection: Connection, ref: ChannelRef, actor: str, action: str, detail: str, now: datetime) -> None:
    """Audit an action that changes no setting (a digest posted by hand), creating the workspace row if needed."""
    _check_ids(ref.workspace, ref.channel, actor)
    workspace_id = _ensure_workspace(connection, ref.platform, ref.workspace, now)
    _audit(connection, workspace_id, ref.channel, actor, action, detail, now)


def _settings(ref: ChannelRef, row: Row[Any], follows: Iterable[Follow]) -> ChannelSettings:
    return ChannelSettings(
        ref=ref,
        follows=tuple(follows),
        schedule=Schedule(row.weekday, row.hour, row.minute, row.timezone),
        language=row.language,
        enabled=row.enabled,
    )


def _follows_of(connection: Connection, channel_ids: list[int]) -> dict[int, list[Follow]]:
    """Each channel's follows, in a stable order (kind, then value)."""
    found: dict[int, list[Follow]] = defaultdict(list)
    for chunk in chunks(channel_ids):
        query = (
            select(FOLLOWS.c.channel_id, FOLLOWS.c.kind, FOLLOWS.c.value)
            .where(FOLLOWS.c.channel_id.in_(chunk))
            .order_by(FOLLOWS.c.channel_id, FOLLOWS.c.kind, FOLLOWS.c.value)
        )
        for channel_id, kind, value in connection.execute(query):
            found[channel_id].append(Follow(kind, value))
    return found


def channel_settings(connection: Connection, ref: ChannelRef) -> ChannelSettings:
    """The channel's settings; defaults (enabled, nothing followed) for a channel never configured."""
    row = connection.execute(_channel_query(ref)).first()
    if row is None:
        return ChannelSettings(ref, (), DEFAULT_SCHEDULE, DEFAULT_LANGUAGE, True)
    return _settings(ref, row, _follows_of(connection, [row.id])[row.id])


def enabled_channels(connection: Connection) -> list[ChannelSettings]:
    """Every enabled channel with a row, for the scheduler: channels never configured get no digest."""
    query = (
        select(CHANNELS, WORKSPACES.c.platform, WORKSPACES.c.external_id.label("workspace_external_id"))
        .join(WORKSPACES, WORKSPACES.c.id == CHANNELS.c.workspace_id)
        .where(CHANNELS.c.enabled.is_(True))
        .order_by(CHANNELS.c.id)
    )
    rows = connection.execute(query).all()
    follows = _follows_of(connection, [row.id for row in rows])
    return [
        _settings(ChannelRef(row.platform, row.workspace_external_id, row.external_id), row, follows[row.id])
        for row in rows
    ]


def follow(connection: Connection, ref: ChannelRef, follow: Follow, actor: str, now: datetime) -> bool:
    """Follow a topic, model, organisation or keyword; the first change to a channel creates its rows."""
    _check_follow(follow)
    _check_ids(actor)
    workspace_id, channel_id = _ensure_channel(connection, ref, now)
    row = {"channel_id": channel_id, "kind": follow.kind, "value": follow.value}
    inserted = insert_if_new(connection, FOLLOWS, row)
    detail = f"{follow.kind} {follow.value}"
    return _audited(connection, inserted, workspace_id, ref.channel, actor, "follow", detail, now)


def unfollow(connection: Connection, ref: ChannelRef, follow: Follow, actor: str, now: datetime) -> bool:
    """Stop following; on a channel never configured there is nothing to stop, and nothing is written."""
    _check_follow(follow)
    _check_ids(actor)
    row = connection.execute(_channel_query(ref)).first()
    if row is None:
        return False
    deleted = connection.execute(
        delete(FOLLOWS).where(
            FOLLOWS.c.channel_id == row.id, FOLLOWS.c.kind == follow.kind, FOLLOWS.c.value == follow.value
        )
    )
    detail = f"{follow.kind} {follow.value}"
    return _audited(connection, deleted.rowcount == 1, row.workspace_id, ref.channel, actor, "unfollow", detail, now)


def _update_channel(
    connection: Connection,
    ref: ChannelRef,
    values: dict[str, Any],
    now: datetime,
    *,
    actor: str,
    action: str,
    detail: str,
) -> bool:
    """Set channel columns and log the change when any of them differed; a channel without a row that is set to
    its defaults keeps having no row."""
    _check_ids(actor)
    row = connection.execute(_channel_query(ref)).first()
    if row is None and all(DEFAULT_CHANNEL_VALUES[name] == value for name, value in values.items()):
        return False
    workspace_id, channel_id = _ensure_channel(connection, ref, now)
    differs = or_(*(CHANNELS.c[name] != value for name, value in values.items()))
    statement = update(CHANNELS).where(and_(CHANNELS.c.id == channel_id, differs)).values(values | {"updated_at": now})
    changed = connection.execute(statement).rowcount == 1
    return _audited(connection, changed, workspace_id, ref.channel, actor, action, detail, now)


def set_schedule(connection: Connection, ref: ChannelRef, schedule: Schedule, actor: str, now: datetime) -> bool:
    """Move the weekly digest; ValueError for a weekday, hour or minute that does not exist."""
    _check_schedule(schedule)
    detail = describe_schedule(schedule)
    return _update_channel(
        connection, ref, _schedule_values(schedule), now, actor=actor, action="schedule", detail=detail
    )


def set_enabled(connection: Connection, ref: ChannelRef, enabled: bool, actor: str, now: datetime) -> bool:
    action = "enable" if enabled else "disable"
    return _update_channel(connection, ref, {"enabled": enabled}, now, actor=actor, action=action, detail="")


def set_language(connection: Connection, ref: ChannelRef, language: str, actor: str, now: datetime) -> bool:
    _check_text(language, MAX_LANGUAGE_LENGTH, "a language code")
    return _update_channel(
        connection, ref, {"language": language}, now, actor=actor, action="language", detail=language
    )


def add_workspace_feed(
    connection: Connection, platform: str, workspace: str, feed_id: int, actor: str, now: datetime
) -> bool:
    """Add a stored feed (see feeds.feed_ids) to the workspace; ValueError for an unknown feed id."""
    _check_ids(actor)
    source = _feed_source(connection, feed_id)
    if source is None:
        raise ValueError(f"no feed with id {feed_id}")
    listed = {"feed_id": feed_id}
    return _add_to_workspace(connection, WORKSPACE_FEEDS, listed, platform, workspace, actor, "feed_add", source, now)


def remove_workspace_feed(
    connection: Connection, platform: str, workspace: str, feed_id: int, actor: str, now: datetime
) -> bool:
    _check_ids(actor)
    source = _feed_source(connection, feed_id)
    if source is None:
        return False
    column = WORKSPACE_FEEDS.c.feed_id
    return _remove_from_workspace(connection, column, feed_id, platform, workspace, actor, "feed_remove", source, now)


def _feed_source(connection: Connection, feed_id: int) -> str | None:
    """The source of a stored feed, for the audit log; None for an unknown id."""
    return connection.execute(select(FEEDS.c.source).where(FEEDS.c.id == feed_id)).scalar()


def workspace_feeds(connection: Connection, platform: str, workspace: str) -> list[WorkspaceFeed]:
    """The feeds the workspace added, oldest first, with how their last fetch went."""
    query = (
        select(
            FEEDS.c.id,
            FEEDS.c.source,
            FEEDS.c.title,
            WORKSPACE_FEEDS.c.added_by,
            WORKSPACE_FEEDS.c.added_at,
            FEEDS.c.last_error,
        )
        .join(FEEDS, FEEDS.c.id == WORKSPACE_FEEDS.c.feed_id)
        .join(WORKSPACES, WORKSPACES.c.id == WORKSPACE_FEEDS.c.workspace_id)
        .where(WORKSPACES.c.platform == platform, WORKSPACES.c.external_id == workspace)
        .order_by(WORKSPACE_FEEDS.c.added_at, FEEDS.c.id)
    )
    return [WorkspaceFeed(*row) for row in connection.execute(query)]


def add_admin(connection: Connection, platform: str, workspace: str, user_id: str, actor: str, now: datetime) -> bool:
    """List a user as a Reelbrief admin of the workspace, on top of the platform's own admins."""
    _check_ids(user_id, actor)
    listed = {"user_id": user_id}
    return _add_to_workspace(connection, ADMINS, listed, platform, workspace, actor, "admin_add", user_id, now)


def remove_admin(
    connection: Connection, platform: str, workspace: str, user_id: str, actor: str, now: datetime
) -> bool:
    _check_ids(actor)
    column = ADMINS.c.user_id
    return _remove_from_workspace(connection, column, user_id, platform, workspace, actor, "admin_remove", user_id, now)


def _add_to_workspace(
    connection: Connection,
    table: Any,
    listed: dict[str, Any],
    platform: str,
    workspace: str,
    actor: str,
    action: str,
    detail: str,
    now: datetime,
) -> bool:
    """List something in a workspace (a feed, an admin) unless it already is; audited when it was added."""
    workspace_id = _ensure_workspace(connection, platform, workspace, now)
    row = {"workspace_id": workspace_id, **listed, "added_by": actor, "added_at": now}
    return _audited(connection, insert_if_new(connection, table, row), workspace_id, None, actor, action, detail, now)


def _remove_from_workspace(
    connection: Connection,
    column: Any,
    value: Any,
    platform: str,
    workspace: str,
    actor: str,
    action: str,
    detail: str,
    now: datetime,
) -> bool:
    """Unlist what ``column`` equal to ``value`` names in a workspace; audited when something was removed."""
    workspace_id = _workspace_id(connection, platform, workspace)
    if workspace_id is None:
        return False
    table = column.table
    deleted = connection.execute(delete(table).where(table.c.workspace_id == workspace_id, column == value))
    return _audited(connection, deleted.rowcount == 1, workspace_id, None, actor, action, detail, now)


def _admins_query(platform: str, workspace: str) -> Any:
    return (
        select(ADMINS.c.user_id)
        .join(WORKSPACES, WORKSPACES.c.id == ADMINS.c.workspace_id)
        .where(WORKSPACES.c.platform == platform, WORKSPACES.c.external_id == workspace)
    )


def is_listed_admin(connection: Connection, platform: str, workspace: str, user_id: str) -> bool:
    """Whether the workspace listed this user as a Reelbrief admin (platform admins are checked by the caller)."""
    query = select(exists(_admins_query(platform, workspace).where(ADMINS.c.user_id == user_id)))
    return bool(connection.execute(query).scalar())


def listed_admins(connection: Connection, platform: str, workspace: str) -> list[str]:
    """The listed admins, earliest added first."""
    query = _admins_query(platform, workspace).order_by(ADMINS.c.added_at, ADMINS.c.user_id)
    return list(connection.execute(query).scalars())


def audit_trail(connection: Connection, platform: str, workspace: str, limit: int = 20) -> list[AuditEntry]:
    """The workspace's latest changes, newest first (changes made at the same instant: last written first)."""
    query = (
        select(
            AUDIT_LOG.c.at,
            AUDIT_LOG.c.user_id,
            AUDIT_LOG.c.channel_external_id,
            AUDIT_LOG.c.action,
            AUDIT_LOG.c.detail,
        )
        .join(WORKSPACES, WORKSPACES.c.id == AUDIT_LOG.c.workspace_id)
        .where(WORKSPACES.c.platform == platform, WORKSPACES.c.external_id == workspace)
        .order_by(AUDIT_LOG.c.at.desc(), AUDIT_LOG.c.id.desc())
        .limit(limit)
    )
    return [AuditEntry(*row) for row in connection.execute(query)]
