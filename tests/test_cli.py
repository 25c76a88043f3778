"""The command-line contract: digest and aimodel outputs, exit statuses, and the bundled default run."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BUNDLED_FEEDS, REPO
from tests.support.feedbuilder import Entry, atom, rss

DAY = datetime(2024, 9, 18, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every CLI test gets its own data directory and no inherited configuration."""
    for name in ("DATABASE_URL", "REELBRIEF_FEEDS", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REELBRIEF_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str):
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return json.loads(out)


def bundled(*names: str) -> list[str]:
    files = sorted(BUNDLED_FEEDS.glob("*.xml"))
    return [argument for path in files if not names or path.name in names for argument in ("--source", str(path))]


def test_digest_without_arguments_renders_the_bundled_seeds(capsys):
    status, out, err = run(capsys, "digest")
    assert status == 0, err
    assert out.startswith("# ")
    assert "## " in out and "### " in out
    assert "Lionsgate" in out and "Sora" in out


def test_json_digest_follows_the_contract(capsys):
    digest = run_json(
        capsys, "digest", *bundled(), "--since", "2024-01-01", "--until", "2025-12-31", "--format", "json"
    )
    assert set(digest) == {"period", "stories"}
    assert datetime.fromisoformat(digest["period"]["start"]) == datetime(2024, 1, 1, tzinfo=UTC)
    assert digest["stories"], "the bundled feeds have stories in 2024-2025"
    seen: set[str] = set()
    for story in digest["stories"]:
        assert {"id", "headline", "summary", "section", "topics", "models", "items"} <= set(story)
        for item in story["items"]:
            assert set(item) == {"url", "title", "source", "published", "language", "models"}
            assert item["url"] not in seen, "an item appears in at most one story"
            seen.add(item["url"])
            assert item["language"] in {"en", "fr"}
            assert "utm_" not in item["url"]


def test_a_story_reported_in_english_and_french_lists_both_sources(capsys):
    digest = run_json(
        capsys, "digest", *bundled(), "--since", "2024-09-17", "--until", "2024-09-20", "--format", "json"
    )
    lionsgate = [story for story in digest["stories"] if "Lionsgate" in story["headline"]]
    assert len(lionsgate) == 1
    assert {item["language"] for item in lionsgate[0]["items"]} == {"en", "fr"}
    assert len({item["source"] for item in lionsgate[0]["items"]}) >= 2


def test_period_bounds_are_inclusive_days(capsys):
    digest = run_json(
        capsys, "digest", *bundled(), "--since", "2024-09-18", "--until", "2024-09-18", "--format", "json"
    )
    dates = [item["published"][:10] for story in digest["stories"] for item in story["items"]]
    assert dates and set(dates) == {"2024-09-18"}


def test_limit_caps_stories_and_topic_filters_them(capsys):
    span = ("--since", "2024-01-01", "--until", "2025-12-31")
    everything = run_json(capsys, "digest", *bundled(), *span, "--format", "json")
    limited = run_json(capsys, "digest", *bundled(), *span, "--format", "json", "--limit", "2")
    assert len(limited["stories"]) == 2 < len(everything["stories"])
    legal = run_json(capsys, "digest", *bundled(), *span, "--format", "json", "--topic", "legal")
    assert legal["stories"] and all("legal" in story["topics"] for story in legal["stories"])


def test_slack_and_discord_formats_print_message_payloads(capsys):
    span = ("--since", "2024-01-01", "--until", "2025-12-31")
    slack = run_json(capsys, "digest", *bundled(), *span, "--format", "slack")
    assert slack and all(message["text"] and message["blocks"] for message in slack)
    discord = run_json(capsys, "digest", *bundled(), *span, "--format", "discord")
    assert discord and all(message["allowed_mentions"] == {"parse": []} for message in discord)
    assert all(len(message["embeds"]) <= 10 for message in discord)


def test_hostile_feed_text_is_defused_in_every_chat_format(capsys, tmp_path):
    hostile = Entry(
        title="@everyone <!channel> <script>alert(1)</script> Sora reaches Hollywood studios",
        link="https://evil.example/sora",
        guid="evil-1",
        summary="<!here> OpenAI shows its Sora AI video model to film studios. [click](javascript:alert(1))",
        published=DAY,
    )
    path = tmp_path / "hostile.xml"
    path.write_bytes(rss([hostile]))
    day = ("--since", "2024-09-18", "--until", "2024-09-18")
    slack = json.dumps(run_json(capsys, "digest", "--source", str(path), *day, "--format", "slack"))
    assert "<!channel>" not in slack and "<!here>" not in slack and "Sora reaches" in slack
    discord = run_json(capsys, "digest", "--source", str(path), *day, "--format", "discord")
    assert all(message["allowed_mentions"] == {"parse": []} for message in discord)
    assert "@everyone" not in json.dumps(discord, ensure_ascii=False)
    status, html, _ = run(capsys, "digest", "--source", str(path), *day, "--format", "html")
    assert status == 0 and "<script>" not in html and 'href="javascript' not in html


def test_digest_of_http_sources_served_over_loopback(capsys, feed_server, monkeypatch):
    monkeypatch.setenv("REELBRIEF_ALLOW_PRIVATE_NETWORKS", "true")  # the operator allows the loopback feed server
    feed_server.add("/trades.xml", body=(BUNDLED_FEEDS / "demo-trades.rss.xml").read_bytes())
    digest = run_json(
        capsys, "digest", "--source", feed_server.url("/trades.xml"), "--since", "2024-01-01", "--format", "json"
    )
    assert digest["stories"]


def test_broken_sources_are_reported_and_the_rest_still_digested(capsys, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"\x00\x01 not a feed")
    status, out, err = run(capsys, "digest", "--source", str(broken), *bundled(), "--since", "2024-01-01")
    assert status == 0
    assert "broken.xml" in err and "warning" in err
    assert "## " in out


def test_no_readable_source_is_a_runtime_error(capsys, tmp_path):
    status, _, err = run(capsys, "digest", "--source", str(tmp_path / "nowhere.xml"))
    assert status == 1 and "error:" in err


@pytest.mark.parametrize("argv", [["digest", "--since", "18/09/2024"], ["digest", "--format", "pdf"], ["frobnicate"]])
def test_usage_errors_exit_with_status_2(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2


def test_ingest_is_idempotent(capsys):
    status, out, _ = run(capsys, "ingest", *bundled())
    assert status == 0 and " 0 unchanged" in out
    status, out, _ = run(capsys, "ingest", *bundled())
    assert status == 0 and " 0 new, 0 updated" in out


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("sora", "Sora"),
        ("SORA", "Sora"),
        ("sorra", "Sora"),
        ("moviegen", "Movie Gen"),
        ("gen3", "Gen-3 Alpha"),
        ("Movie-Gen", "Movie Gen"),
        ("veo 3", "Veo 3"),
        ("marey", "Marey"),
    ],
)
def test_aimodel_forgives_spelling(capsys, spelling, canonical):
    card = run_json(capsys, "aimodel", spelling, "--format", "json")
    assert card["name"] == canonical
    assert card["developer"] and card["summary"]


def test_aimodel_card_lists_stored_news(capsys):
    run(capsys, "ingest", *bundled())
    card = run_json(capsys, "aimodel", "sora", "--format", "json")
    assert card["news"] and all("Sora" in item["title"] or item["url"] for item in card["news"])
    status, text, _ = run(capsys, "aimodel", "sora")
    assert status == 0 and "Sora" in text and "OpenAI" in text


def test_unknown_model_exits_1_with_suggestions(capsys):
    status, out, _ = run(capsys, "aimodel", "soar", "--format", "json")
    reply = json.loads(out)
    assert status == 1
    assert reply["error"] and "Sora" in reply["suggestions"]
    status, _, err = run(capsys, "aimodel", "zzqxv")
    assert status == 1 and "Unknown model" in err


@pytest.mark.parametrize("process", ["slack", "discord"])
def test_unconfigured_chat_processes_fail_with_a_clear_message(capsys, process):
    status, _, err = run(capsys, process)
    assert status == 1 and "not configured" in err and "Traceback" not in err


def test_module_entry_point_runs_in_a_fresh_process(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "aimodel", "runway gen-3", "--format", "json"],
        cwd=REPO,
        env={"REELBRIEF_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Gen-3 Alpha"


def test_default_period_is_the_last_seven_days_for_configured_feeds(capsys, tmp_path, monkeypatch):
    recent = Entry(
        title="Runway opens Gen-4 to film studios",
        link="https://x.example/gen4",
        guid="recent",
        summary="Runway released Gen-4, its AI video model, to studios.",
        published=datetime.now(UTC) - timedelta(days=2),
    )
    old = Entry(
        title="Runway signs Lionsgate AI deal",
        link="https://x.example/old",
        guid="old",
        summary="Runway and Lionsgate sign an AI video model deal.",
        published=datetime.now(UTC) - timedelta(days=30),
    )
    path = tmp_path / "feed.atom"
    path.write_bytes(atom([recent, old], language="en"))
    monkeypatch.setenv("REELBRIEF_FEEDS", str(path))
    digest = run_json(capsys, "digest", "--format", "json")
    titles = [item["title"] for story in digest["stories"] for item in story["items"]]
    assert titles == [recent.title]


def test_explain_says_why_each_item_is_in_or_out(capsys):
    status, out, err = run(capsys, "digest", *bundled(), "--since", "2024-01-01", "--until", "2025-12-31", "--explain")
    assert status == 0, err
    left_out = out.split("## Left out")[1].split("## Kept")[0]
    kept = out.split("## Kept")[1]
    assert "Kingdom Hearts" in left_out and "box office" in left_out.lower()
    assert "not AI" in left_out or "neither" in left_out
    assert "Lionsgate" in kept and "concerns the AI video model" in kept
