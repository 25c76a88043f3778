"""Summaries of stories: the Summariser protocol and the built-in offline extractive summariser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sentencex import segment

from digests.textkeys import tokens
from digests.types import NewsItem

# A digest line a reader takes in at a glance: at most this many sentences and characters.
MAX_SENTENCES = 2
MAX_SUMMARY_CHARS = 320
# A sentence sharing this share of its words with the headline only repeats it.
HEADLINE_OVERLAP = 0.7
# Fragments shorter than this are captions or bylines, not sentences worth quoting.
MIN_SENTENCE_CHARS = 40


class Summariser(Protocol):
    """Writes a story's summary from its own items only."""

    def summarise(self, headline: str, items: Sequence[NewsItem], language: str) -> str: ...


def sentences(text: str, language: str) -> list[str]:
    """Sentences by sentencex's language-aware rules ("Andersen v. Stability AI" stays one sentence)."""
    return [part.strip() for part in segment(language if language != "und" else "en", text) if part.strip()]


def _overlap(sentence: str, headline_words: set[str]) -> float:
    words = set(tokens(sentence))
    return len(words & headline_words) / len(words) if words else 1.0


class ExtractiveSummariser:
    """Picks the leading sentences of the story's items, preferring the reader's language; never cuts mid-word."""

    def summarise(self, headline: str, items: Sequence[NewsItem], language: str) -> str:
        headline_words = set(tokens(headline))
        preferred = sorted(items, key=lambda item: (item.language != language, item.published))
        chosen: list[str] = []
        length = 0
        for item in preferred:
            for sentence in sentences(item.text, item.language):
                if len(sentence) < MIN_SENTENCE_CHARS or _overlap(sentence, headline_words) >= HEADLINE_OVERLAP:
                    continue
                if length + len(sentence) > MAX_SUMMARY_CHARS:
                    return " ".join(chosen) if chosen else _shorten(sentence, MAX_SUMMARY_CHARS)
                chosen.append(sentence)
                length += len(sentence) + 1
                if len(chosen) == MAX_SENTENCES:
                    return " ".join(chosen)
            if chosen:
                break
        return " ".join(chosen)


def _shorten(text: str, limit: int) -> str:
    """Cut at the last word boundary before the limit, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"
