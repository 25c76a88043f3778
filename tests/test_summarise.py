"""The extractive summary: one to two whole sentences, not the headline again, the reader's language first."""

from __future__ import annotations

from datetime import UTC, datetime

from digests.summarise import MAX_SUMMARY_CHARS, ExtractiveSummariser
from digests.types import NewsItem


def news(text: str, language: str = "en", identity: str = "a") -> NewsItem:
    return NewsItem(
        id=1,
        identity=identity,
        url=None,
        title="t",
        text=text,
        source="s",
        published=datetime(2024, 9, 18, tzinfo=UTC),
        language=language,
    )


HEADLINE = "Runway and Lionsgate sign a deal"


def test_skips_a_sentence_that_repeats_the_headline():
    text = (
        "Runway and Lionsgate sign a deal. The studio will let Runway train a custom model on its library. "
        "Filmmakers will use it in pre-production. A third sentence is not needed here at all."
    )
    summary = ExtractiveSummariser().summarise(HEADLINE, [news(text)], "en")
    assert summary.startswith("The studio will let Runway train")
    assert "sign a deal." not in summary
    assert summary.count(". ") <= 1


def test_prefers_the_readers_language():
    french = news("Le studio laissera Runway entraîner un modèle sur son catalogue de films.", "fr", "fr")
    english = news("The studio will let Runway train a custom model on its whole film library.", "en", "en")
    assert ExtractiveSummariser().summarise(HEADLINE, [french, english], "en").startswith("The studio")


def test_never_cuts_mid_word():
    long_sentence = "The studio " + "really " * 80 + "wants this."
    summary = ExtractiveSummariser().summarise(HEADLINE, [news(long_sentence)], "en")
    assert len(summary) <= MAX_SUMMARY_CHARS
    assert summary.endswith("…") and summary[:-1].split()[-1] == "really"


def test_abbreviations_do_not_end_sentences():
    text = "A judge let Andersen v. Stability AI go ahead on the main claims. Artists welcomed the ruling loudly."
    summary = ExtractiveSummariser().summarise("Court ruling", [news(text)], "en")
    assert summary.startswith("A judge let Andersen v. Stability AI go ahead on the main claims.")
