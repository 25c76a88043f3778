"""The command layer as a Slack admin, a Slack member, a Discord admin and a Discord member use it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.commands import CHANNEL, PRIVATE, CommandLayer
from bot.config import Settings
from bot.services import Services, prepare
from digests.knowledge import KnowledgeBase
from digests.pipeline import Newsroom
from digests.store import channels
from digests.store.channels import ChannelRef
from tests.support.commands import NOW, Person


@pytest.fixture
def services(engine: Engine, knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Services:
    for name in ("DATABASE_URL", "REELBRIEF_FEEDS", "REELBRIEF_ALLOW_PRIVATE_NETWORKS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REELBRIEF_DATA_DIR", str(tmp_path))
    settings = Settings(_env_file=None)
    found = Services(Newsroom(engine, knowledge, policy=settings.fetch_policy), settings, clock=lambda: NOW)
    prepare(found, warn=lambda message: None)  # the bundled demo feeds, read once
    return found


@pytest.fixture
def layer(services: Services) -> CommandLayer:
    return CommandLayer(services)


@pytest.fixture
def people(layer: CommandLayer) -> Iterator[dict[str, Person]]:
    yield {
        "slack admin": Person(layer, "slack", "T1", "C1", "U_ADMIN", admin=True),
        "slack member": Person(layer, "slack", "T1", "C1", "U_MEMBER"),
        "discord admin": Person(layer, "discord", "G1", "100", "200", admin=True),
        "discord member": Person(layer, "discord", "G1", "100", "201"),
    }


def settings_of(services: Services, person: Person) -> channels.ChannelSettings:
    with services.engine.connect() as connection:
        return channels.channel_settings(connection, ChannelRef(person.platform, person.workspace, person.channel))


@pytest.mark.parametrize("who", ["slack member", "discord member", "slack admin", "discord admin"])
def test_everyone_can_look_up_models_and_preview_the_digest(people, who):
    person = people[who]
    card = person.says("/aimodel sora")
    assert card.ok and card.kind == "card" and card.data["card"].id == "sora"
    assert any("Sora" in item.title for item in card.data["news"])  # the latest stored stories about it
    preview = person.says("/digest")
    assert preview.ok and preview.visibility == PRIVATE
    assert preview.data["digest"].stories  # the bundled demo feeds' own span
    assert "Preview, only you see this" in person.reads("/digest")


@pytest.mark.parametrize(
    ("who", "who_can"), [("slack member", "Slack workspace admins and owners"), ("discord member", "Manage Server")]
)
@pytest.mark.parametrize(
    "command",
    [
        "/topics follow copyright",
        "/topics unfollow sora",
        "/digest post",
        "/digest schedule monday 09:00",
        "/digest off",
        "/digest language fr",
        "/feeds add https://example.com/feed.xml",
        "/feeds remove 1",
        "/reelbrief admins add U9",
        "/reelbrief audit",
    ],
)
def test_members_are_refused_configuration_politely_and_nothing_changes(services, people, who, who_can, command):
    person = people[who]
    before = settings_of(services, person)
    reply = person.says(command)
    assert not reply.ok and reply.kind == "refused"
    text = person.reads(command)
    assert text.startswith("Sorry") and who_can in text and "/digest" in text
    assert settings_of(services, person) == before
    with services.engine.connect() as connection:
        assert channels.audit_trail(connection, person.platform, person.workspace) == []


def test_a_slack_admin_configures_the_channel_and_the_audit_trail_says_who(services, people):
    admin = people["slack admin"]
    assert admin.says("/topics follow copyright").data["changed"]
    assert admin.says("/topics follow Runway").data["followable"].follow == channels.Follow("org", "runway")
    assert admin.says("/topics follow sorra").data["followable"].follow == channels.Follow("model", "sora")
    assert admin.says('/topics follow keyword "de-aging"').data["followable"].follow.kind == "keyword"
    assert not admin.says("/topics follow copyright").data["changed"]  # idempotent
    settings = settings_of(services, admin)
    assert {(follow.kind, follow.value) for follow in settings.follows} == {
        ("topic", "legal"),
        ("org", "runway"),
        ("model", "sora"),
        ("keyword", "de-aging"),
    }
    listing = admin.reads("/topics")
    assert "Legal and copyright (topic)" in listing and "Runway (company or studio)" in listing
    assert admin.says("/topics unfollow sora").data["changed"]
    assert admin.says("/topics unfollow de-aging").data["changed"]
    with services.engine.connect() as connection:
        trail = channels.audit_trail(connection, "slack", "T1")
    assert [entry.action for entry in trail] == ["unfollow", "unfollow", "follow", "follow", "follow", "follow"]
    assert {entry.user_id for entry in trail} == {"U_ADMIN"}
    assert "follow: topic legal" in admin.reads("/reelbrief audit")


def test_following_narrows_the_channel_digest(people):
    admin = people["slack admin"]
    everything = admin.says("/digest").data["digest"].stories
    admin.says("/topics follow Lionsgate")
    narrowed = admin.says("/digest").data["digest"].stories
    assert 0 < len(narrowed) < len(everything)
    assert all("lionsgate" in {e for item in story.items for e in item.entities} for story in narrowed)


def test_a_discord_admin_schedules_in_a_timezone_and_switches_the_digest(services, people):
    admin = people["discord admin"]
    reply = admin.says("/digest schedule friday 17:30 europe/paris")
    assert reply.ok and reply.data["schedule"] == channels.Schedule(4, 17, 30, "Europe/Paris")
    assert reply.data["next"].isoformat() == "2026-11-27T17:30:00+01:00"
    assert "every Friday at 17:30 (Europe/Paris)" in admin.reads("/digest schedule fri 17:30")  # zone kept
    assert not admin.says("/digest off").data["enabled"]
    assert not settings_of(services, admin).enabled
    assert "off here" in admin.reads("/digest")
    admin.says("/digest on")
    assert settings_of(services, admin).enabled
    assert admin.says("/digest language French").data["code"] == "fr"
    assert settings_of(services, admin).language == "fr"


def test_the_same_ids_on_two_platforms_are_two_workspaces(services, layer):
    slack = Person(layer, "slack", "X", "1", "U", admin=True)
    discord = Person(layer, "discord", "X", "1", "U", admin=True)
    slack.says("/topics follow copyright")
    assert settings_of(services, slack).follows and not settings_of(services, discord).follows


def test_posting_the_digest_is_for_the_channel_and_audited(services, people):
    admin = people["discord admin"]
    reply = admin.says("/digest post")
    assert reply.ok and reply.visibility == CHANNEL and reply.data["posted"]
    with services.engine.connect() as connection:
        [entry] = channels.audit_trail(connection, "discord", "G1")
    assert (entry.action, entry.user_id) == ("post", "200")


def test_an_admin_can_list_a_member_who_may_then_configure(people):
    admin, member = people["slack admin"], people["slack member"]
    assert member.says("/topics follow labour").kind == "refused"
    assert admin.says("/reelbrief admins add <@U_MEMBER|member>").data["user"] == "U_MEMBER"
    assert "@U\\_MEMBER" in admin.reads("/reelbrief admins")
    assert member.says("/topics follow labour").ok
    admin.says("/reelbrief admins remove U_MEMBER")
    refusal = member.reads("/topics follow deals")
    assert refusal.startswith("Sorry") and "U_MEMBER" not in refusal


@pytest.mark.parametrize(
    ("command", "suggestion"),
    [
        ("/aimodel sorra", None),  # forgiven: Sora's card
        ("/aimodel zzqx", "Sora"),  # unknown: the best-known models
        ("/topics follow Runwya", "Runway"),
        ("/topics follow labor", "labour"),
        ("/digest schedule fri 09:00 Europe/Pariss", "Europe/Paris"),
        ("/aimodle sora", "/aimodel"),
    ],
)
def test_unknown_names_get_suggestions(people, command, suggestion):
    reply = people["slack admin"].says(command)
    if suggestion is None:
        assert reply.ok and reply.data["card"].id == "sora"
    else:
        assert not reply.ok and suggestion in reply.data["suggestions"]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/digest schedule someday 09:00", "not a day of the week"),
        ("/digest schedule monday 25:61", "not a time of day"),
        ("/digest schedule monday", "takes 2 to 3 words"),
        ("/digest foo", "/digest has no 'foo'"),
        ("/digest language klingon", 'language "klingon"'),
        ('/topics follow "Gen-3', "quotation mark is not closed"),
        ("/aimodel", "/aimodel NAME takes at least one word"),
    ],
)
def test_malformed_commands_get_a_helpful_reply(people, command, expected):
    reply = people["slack admin"].says(command)
    assert not reply.ok
    assert expected in people["slack admin"].reads(command)


def test_help_is_generated_from_the_command_definitions(layer, people):
    from bot.commands import COMMANDS

    text = people["slack member"].reads("/reelbrief help")
    for command in COMMANDS.values():
        for action in command.actions:
            assert f"`{action.usage}` — {action.summary}" in text
    assert people["slack member"].reads("/topics help").count("\n- `/topics") == 3


def test_autocomplete_offers_models_and_follow_targets(layer):
    assert layer.complete("aimodel", "gen")[:3] == ["Gen-2", "Gen-3 Alpha", "Gen-4"]
    assert layer.complete("topics", "leg") == ["legal", "Legendary Entertainment"]  # a topic, then a studio
    assert layer.complete("digest", "sch") == ["schedule"]
