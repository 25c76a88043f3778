"""Known phrases are found in one pass: the longest at each position, never overlapping, in any case or accent."""

from __future__ import annotations

from digests.phrases import PhraseIndex, starts_of
from digests.textkeys import tokens


def index(*phrases: tuple[str, str]) -> PhraseIndex[str]:
    built: PhraseIndex[str] = PhraseIndex()
    for phrase, value in phrases:
        built.add(phrase, value)
    return built


def spans(found: PhraseIndex[str], text: str) -> list[tuple[str, list[str]]]:
    words = tokens(text)
    return [(" ".join(words[start:end]), values) for start, end, values in found.spans(words)]


def test_the_longest_phrase_at_a_position_wins_and_its_words_are_not_found_again():
    found = index(("digital", "d"), ("digital replica", "dr"), ("digital replica law", "drl"), ("replica", "r"))
    assert spans(found, "A digital replica law passed") == [("digital replica law", ["drl"])]
    assert spans(found, "Her digital replica was made") == [("digital replica", ["dr"])]


def test_a_longer_phrase_that_fails_late_falls_back_to_the_shorter_ones():
    found = index(("voice", "v"), ("voice clone law", "vcl"), ("clone", "c"))
    assert spans(found, "a voice clone made") == [("voice", ["v"]), ("clone", ["c"])]


def test_a_phrase_may_end_the_text_and_a_first_word_alone_may_be_last():
    found = index(("open letter", "ol"), ("open", "o"))
    assert spans(found, "They signed an open letter") == [("open letter", ["ol"])]
    assert spans(found, "The doors are open") == [("open", ["o"])]


def test_one_phrase_carries_every_value_given_to_it_once():
    found = index(("Sora", "model"), ("sora", "character"), ("SORA", "model"))
    assert found.values_in(tokens("Sora is back")) == {"model", "character"}
    assert [value for _, _, value in found.matches(tokens("Sora is back"))] == ["model", "character"]


def test_a_hidden_phrase_yields_nothing_and_hides_the_shorter_phrases_it_holds():
    found = index(("series", "tv"), ("tv series", "tv"))
    found.hide("Series B")
    assert found.values_in(tokens("It raised a Series B round")) == set()
    assert found.values_in(tokens("A new TV series and a series about Series B rounds")) == {"tv"}


def test_accents_and_case_do_not_matter():
    found = index(("réalisateur", "director"))
    assert found.values_in(tokens("Le REALISATEUR parle")) == {"director"}


def test_given_starts_limit_where_phrases_may_begin():
    found = index(("film", "f"), ("studio", "s"))
    words = tokens("film studio")
    assert found.values_in(words, [1]) == {"s"}
    assert starts_of(words, found.first_words) == [0, 1]
