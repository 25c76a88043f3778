"""Which language an item is written in: the feed's word when it gives one, else a statistical detector."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# The languages our sources are written in; a closed set keeps detection fast and sure.
DETECTED_LANGUAGES = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.GERMAN,
    Language.ITALIAN,
    Language.PORTUGUESE,
)
# Detection reads this much of an item: enough to be sure, little enough to stay fast.
SAMPLE_CHARS = 400
UNKNOWN = "und"


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*DETECTED_LANGUAGES).build()


def _code(language: Language | None) -> str:
    return UNKNOWN if language is None else language.iso_code_639_1.name.lower()


def detect_languages(texts: list[str]) -> list[str]:
    """ISO 639-1 codes for many texts at once (detection runs in parallel); "und" when unsure."""
    if not texts:
        return []
    samples = [text[:SAMPLE_CHARS] for text in texts]
    return [_code(language) for language in _detector().detect_languages_in_parallel_of(samples)]
