"""python -m bot console: one command with --command, or a REPL; a member by default, an admin with --as-admin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO


@pytest.fixture(autouse=True)
def private_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("DATABASE_URL", "REELBRIEF_FEEDS", "REELBRIEF_ALLOW_PRIVATE_NETWORKS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REELBRIEF_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def console(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["console", *argv])
    return status, capsys.readouterr().out


def test_one_command_prints_its_reply_and_exits(capsys):
    status, out = console(capsys, "--command", "/aimodel sora")
    assert status == 0
    assert out.startswith("## Sora — OpenAI") and "**Latest news**" in out
    assert "OpenAI opens Sora to ChatGPT subscribers" in out  # the bundled feeds were read on first use


def test_a_console_member_is_refused_configuration_and_an_admin_is_not(capsys):
    status, out = console(capsys, "--command", "/topics follow copyright")
    assert status == 1 and out.startswith("Sorry") and "--as-admin" in out
    status, out = console(capsys, "--as-admin", "--command", "/topics follow copyright")
    assert status == 0 and "now follows the topic **Legal and copyright**" in out
    status, out = console(capsys, "--command", "/topics")  # the store remembers, for everyone
    assert status == 0 and "Legal and copyright (topic)" in out


def test_an_unknown_model_exits_1_with_suggestions(capsys):
    status, out = console(capsys, "--command", "/aimodel gen3")
    assert status == 0 and out.startswith("## Gen-3 Alpha")  # forgiven: the start of one model's name
    status, out = console(capsys, "--command", "/aimodel qqqq")
    assert status == 1 and "Did you mean" in out


def test_the_repl_runs_commands_until_quit(tmp_path):
    session = "/reelbrief help\n/digest post\n/aimodel veo 3\nquit\n/aimodel sora\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=session,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"REELBRIEF_DATA_DIR": str(tmp_path / "repl"), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "**Reelbrief commands**" in done.stdout
    assert "Sorry, `/digest post`" in done.stdout
    assert "## Veo 3 — Google DeepMind" in done.stdout
    assert "## Sora —" not in done.stdout  # nothing runs after quit
    assert "Traceback" not in done.stderr
