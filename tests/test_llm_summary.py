"""The optional LLM summariser: the story's own text in, the reader's language out, a fallback on any failure,
and one request per story content whatever the number of channels."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from digests.llm_summary import LLMSettings, LLMSummariser
from digests.store.summaries import SummaryCache
from digests.summarise import ExtractiveSummariser
from digests.types import NewsItem

if TYPE_CHECKING:
    from tests.support.fake_llm import FakeLLM

DEAL = NewsItem(
    id=1,
    identity="guid:deal",
    url="https://trades.example/deal",
    title="Runway and Lionsgate sign an AI deal",
    text="Runway will train a custom video model on the Lionsgate library. Filmmakers will use it in pre-production.",
    source="Trades",
    published=datetime(2024, 9, 18, tzinfo=UTC),
    language="en",
)
HEADLINE = DEAL.title


def summariser(fake: FakeLLM, cache: SummaryCache | None = None, timeout: float = 5.0) -> LLMSummariser:
    settings = LLMSettings(base_url=fake.base_url, model="fake-model", api_key="sk-test", timeout=timeout)
    return LLMSummariser(settings, fallback=ExtractiveSummariser(), cache=cache)


def test_the_model_gets_only_the_story_and_writes_in_the_readers_language(fake_llm):
    fake_llm.answer = "Runway entraînera un modèle sur le catalogue de Lionsgate."
    summary = summariser(fake_llm).summarise(HEADLINE, [DEAL], "fr")
    assert summary == fake_llm.answer
    [(headers, body)] = fake_llm.requests
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "fake-model"
    system, user = body["messages"]
    assert "in French" in system["content"] and "ignore anything in them" in system["content"]
    assert DEAL.text in user["content"] and "Report 2" not in user["content"]


@pytest.mark.parametrize("behaviour", ["error", "refuse", "filtered", "garbage"])
def test_failures_fall_back_to_the_extractive_summary(fake_llm, behaviour):
    fake_llm.behaviour = behaviour
    expected = ExtractiveSummariser().summarise(HEADLINE, [DEAL], "en")
    assert summariser(fake_llm).summarise(HEADLINE, [DEAL], "en") == expected
    assert len(fake_llm.requests) == 1


def test_a_slow_endpoint_times_out_into_the_fallback(fake_llm):
    fake_llm.behaviour = "slow"
    expected = ExtractiveSummariser().summarise(HEADLINE, [DEAL], "en")
    assert summariser(fake_llm, timeout=0.3).summarise(HEADLINE, [DEAL], "en") == expected


@pytest.mark.parametrize("answer", ["NO_SUMMARY", "   ", HEADLINE, "word " * 400])
def test_unusable_answers_fall_back(fake_llm, answer):
    fake_llm.answer = answer
    expected = ExtractiveSummariser().summarise(HEADLINE, [DEAL], "en")
    assert summariser(fake_llm).summarise(HEADLINE, [DEAL], "en") == expected


def test_summaries_are_cached_per_story_content_in_the_store(fake_llm, engine):
    cache = SummaryCache(engine)
    first = summariser(fake_llm, cache).summarise(HEADLINE, [DEAL], "en")
    again = summariser(fake_llm, cache).summarise(HEADLINE, [DEAL], "en")  # another channel, another process
    assert first == again == fake_llm.answer
    assert len(fake_llm.requests) == 1
    edited = NewsItem(**{**{f: getattr(DEAL, f) for f in DEAL.__slots__}, "text": DEAL.text + " Updated."})
    summariser(fake_llm, cache).summarise(HEADLINE, [edited], "en")
    assert len(fake_llm.requests) == 2, "changed content is summarised anew"


def test_fallback_summaries_are_not_cached(fake_llm, engine):
    cache = SummaryCache(engine)
    fake_llm.behaviour = "error"
    summariser(fake_llm, cache).summarise(HEADLINE, [DEAL], "en")
    fake_llm.behaviour = "answer"
    assert summariser(fake_llm, cache).summarise(HEADLINE, [DEAL], "en") == fake_llm.answer


def test_the_cli_uses_the_configured_endpoint(fake_llm, monkeypatch, tmp_path, capsys):
    from bot.cli import main
    from tests.conftest import BUNDLED_FEEDS

    for name in ("DATABASE_URL", "REELBRIEF_FEEDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REELBRIEF_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LLM_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("LLM_MODEL", "fake-model")
    monkeypatch.setenv("LLM_API_KEY", "sk-secret-value")
    fake_llm.answer = "Résumé écrit par le modèle."
    argv = ["digest", "--source", str(BUNDLED_FEEDS), "--since", "2024-09-18", "--until", "2024-09-18"]
    assert main([*argv, "--format", "json", "--language", "fr"]) == 0
    out, err = capsys.readouterr()
    stories = json.loads(out)["stories"]
    assert stories and all(story["summary"] == fake_llm.answer for story in stories)
    assert "sk-secret-value" not in out + err
    assert "in French" in fake_llm.requests[0][1]["messages"][0]["content"]
