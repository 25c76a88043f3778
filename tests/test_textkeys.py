"""Folding and tokenising: one definition of a word for every matcher."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digests.textkeys import compact_key, fold, tokens

WORD = re.compile(r"\w+")


def test_tokens_are_folded_words_split_at_punctuation_hyphens_and_apostrophes():
    assert tokens("Runway's Gen-3 Alpha, l’IA « générative »!") == [
        "runway",
        "s",
        "gen",
        "3",
        "alpha",
        "l",
        "ia",
        "generative",
    ]
    assert tokens("snake_case stays one word\tacross\nlines") == [
        "snake_case",
        "stays",
        "one",
        "word",
        "across",
        "lines",
    ]
    assert compact_key("Gen-3 Alpha") == compact_key("gen3alpha")
    assert fold("𝐀𝐈") == "ai" and tokens("𝐀𝐈 video") == ["ai", "video"]  # a styled form is the plain letter


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_cut_into_the_same_words_as_any_other_text(text: str):
    assert tokens(text) == WORD.findall(text.lower())


@given(st.text())
def test_tokens_are_the_word_runs_of_the_folded_text(text: str):
    assert tokens(text) == WORD.findall(fold(text))


@given(st.text(alphabet=st.sampled_from("aZé9_œß’'«»—–“”‘ -.\n")))
def test_news_punctuation_outside_ascii_separates_words_as_in_the_folded_text(text: str):
    assert tokens(text) == WORD.findall(fold(text))
