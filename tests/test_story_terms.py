"""Story terms: the lead's words tagged with their language, and anchors that read the same in any language."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digests.phrases import PhraseIndex
from digests.story_terms import LEAD_WORDS, QUOTATION, ItemWords, story_terms


def _concepts() -> PhraseIndex[str]:
    concepts: PhraseIndex[str] = PhraseIndex()
    concepts.add_all(["strike", "grève", "piquet de grève"], "strike")
    return concepts


def test_words_are_tagged_with_the_language_and_anchors_read_the_same_across_languages():
    french = story_terms(
        "Doublage : grève des comédiens chez Netflix",
        "Selon le syndicat, 1 200 voix françaises ont rejoint la grève lancée par l'Union des comédiens.",
        "fr",
        ["netflix"],
        _concepts(),
    )
    english = story_terms(
        "Dubbing actors strike over Netflix AI voices",
        "The union says 1,200 French voices joined the strike called by the Union des comédiens.",
        "en",
        ["netflix"],
        _concepts(),
    )
    assert "fr:doublage" in french.words.split() and "fr:comediens" in french.words.split()
    assert all(word.startswith("en:") for word in english.words.split())
    shared = set(french.anchors.split()) & set(english.anchors.split())
    assert {"~strike", "#1200", "^union"} <= shared
    assert "^netflix" not in shared  # a known name is anchored once, by clustering, not again as a proper noun


def test_words_that_open_a_sentence_are_not_proper_nouns():
    terms = story_terms("Studios meet", "Talks resumed. Negotiators met Paramount on Friday.", "en", [], _concepts())
    anchors = terms.anchors.split()
    assert "^paramount" in anchors and "^friday" in anchors
    assert "^talks" not in anchors and "^negotiators" not in anchors


def test_the_word_both_the_headline_and_the_text_open_with_is_a_name_unless_the_item_writes_it_in_lowercase():
    """ "Odyssey lets users walk…", "Odyssey, the start-up…": the subject of both, never written in lowercase, is a
    name; "Streaming" opening both is a word the item also writes as "streaming"."""
    title, text = "Odyssey lets users walk through AI video", "Odyssey, the start-up, opened a preview."
    assert "^odyssey" in story_terms(title, text, "en", [], _concepts()).anchors.split()
    title, text = "Streaming services test AI trailers", "Streaming firms say streaming needs more trailers."
    assert "^streaming" not in story_terms(title, text, "en", [], _concepts()).anchors.split()
    title, text = "Odyssey lets users walk through AI video", "The start-up Odyssey opened a preview."
    assert story_terms(title, text, "en", [], _concepts()).anchors.split().count("^odyssey") == 1


def test_a_possessive_opening_a_sentence_is_a_name_unless_a_contraction_a_time_or_written_in_lowercase():
    """ "Chamonix's tourist office says…": a place named only there is still a name; "That's", "Today's" are not, nor
    is "Studio's" where the item also writes "studio"."""
    text = "Chamonix's tourist office defends its posters. That's the resort's view. Today's post went viral."
    anchors = story_terms("Alpine resort defends its ads", text, "en", [], _concepts()).anchors.split()
    assert "^chamonix" in anchors and "^that" not in anchors and "^today" not in anchors
    text = "Studio's heads met. The studio said no."
    assert "^studio" not in story_terms("Heads meet", text, "en", [], _concepts()).anchors.split()
    title = "A million seats for an old film: Sphere's Oz bet pays off"
    assert "^sphere" in story_terms(title, "The gamble paid.", "en", [], _concepts()).anchors.split()


def test_a_capital_after_a_colon_is_a_name_in_french_but_may_open_a_sentence_in_english():
    """French writes on in lowercase after a colon (« Doublage : la pétition… »), so « Critique : Napoléon III revit »
    names Napoléon; English capitalises there ("SXSW: Denied an interview, a director…")."""
    french = story_terms("Critique : Napoléon III revit", "La série : un pari.", "fr", [], _concepts())
    assert "^napoleon" in french.anchors.split()
    english = story_terms("SXSW: Denied an interview, he builds a deepfake", "Review: Fine.", "en", [], _concepts())
    assert "^denied" not in english.anchors.split() and "^fine" not in english.anchors.split()


def test_the_small_words_a_name_capitalises_are_no_proper_nouns():
    """ "The Feast" and « Les Inrocks » name a theatre company and a magazine: "Feast" and "Inrocks" are the names."""
    english = story_terms("Theatre casts chatbots", "The Seattle company The Feast staged it.", "en", [], _concepts())
    french = story_terms("Une pièce écrite par l'IA", "Selon Les Inrocks, la troupe la jouera.", "fr", [], _concepts())
    assert "^feast" in english.anchors.split() and "^the" not in english.anchors.split()
    assert "^inrocks" in french.anchors.split() and "^les" not in french.anchors.split()


def test_a_word_with_an_inner_capital_is_a_proper_noun_even_opening_a_sentence_or_a_title_case_headline():
    """ "TikTok" and "YouTube" are names wherever they stand; "Labels" opening a sentence is just a word."""
    title, text = "YouTube Adds Labels For AI Videos", "TikTok has one too. Labels spread."
    terms = story_terms(title, text, "en", [], _concepts())
    anchors = terms.anchors.split()
    assert "^youtube" in anchors and "^tiktok" in anchors
    assert "^adds" not in anchors and "^labels" not in anchors


def test_a_figure_in_the_headline_is_an_anchor_as_one_in_the_opening_is():
    """ "More than 125 Hollywood figures urge Newsom…" and "a letter signed by more than 125 stars" meet on 125."""
    headline = story_terms("125 stars back the AI bill", "The letter went to the governor.", "en", [], _concepts())
    opening = story_terms("Stars back the AI bill", "More than 125 stars signed the letter.", "en", [], _concepts())
    assert "#125" in headline.anchors.split() and "#125" in opening.anchors.split()


def test_a_word_in_capitals_is_a_proper_noun_even_opening_a_sentence():
    """ "KISS" and "GMA" open their headlines in both languages: names, as an inner capital is; "AI" is not one."""
    english = story_terms("KISS hand the stage to avatars", "AI made them. GMA aired it.", "en", [], _concepts())
    french = story_terms("KISS tire sa révérence", "Le groupe a joué samedi.", "fr", [], _concepts())
    assert {"^kiss", "^gma"} <= set(english.anchors.split()) and "^kiss" in french.anchors.split()
    assert not {"^ai", "^made"} & set(english.anchors.split())


def test_only_the_lead_is_kept_and_the_caller_s_tokens_give_the_same_terms():
    text = " ".join(f"word{number:04d}" for number in range(LEAD_WORDS + 50))
    terms = story_terms("Long report", text, "en", [], _concepts())
    words = terms.words.split()
    assert words[:2] == ["en:long", "en:report"]
    assert len(words) == 2 + LEAD_WORDS
    words = ItemWords.of("Long report", text)
    assert words.words == ["long", "report", *text.split()] and words.title_length == 2
    assert 0 < words.opening_length < LEAD_WORDS
    assert story_terms("Long report", text, "en", [], _concepts(), words=words) == terms


def test_a_hyphenated_known_name_is_not_also_a_proper_noun():
    terms = story_terms(
        "Meta updates Make-A-Video",
        "Studios in Burbank tried Make-A-Video on Monday.",
        "en",
        ["Make-A-Video"],
        _concepts(),
    )
    anchors = terms.anchors.split()
    assert "^burbank" in anchors and "^make-a-video" not in anchors


def test_a_place_a_concept_names_is_anchored_once_as_the_concept_in_either_language():
    """ "London" and "Londres" are one place: as proper nouns they would be two anchors no report shares across
    languages, diluting the one they do share."""
    concepts = _concepts()
    concepts.add_all(["london", "londres", "londonienne"], "united-kingdom")
    english = story_terms("Cinema cancels AI film", "The London venue called off the premiere.", "en", [], concepts)
    french = story_terms("Film déprogrammé", "La salle de Londres a renoncé à la première.", "fr", [], concepts)
    assert english.anchors.split() == french.anchors.split() == ["~united-kingdom"]


def test_a_known_model_s_version_is_an_anchor_of_its_own():
    terms = story_terms(
        "Kuaishou ships Kling 2.1 to subscribers",
        "Kling 2.1 follows Kling 2.0 by six weeks; Gen-4.5 and Veo 3.1 are its rivals, said Kuaishou on May 29.",
        "en",
        ["Kling", "Gen-4", "Veo 3"],
        _concepts(),
    )
    versions = [anchor for anchor in terms.anchors.split() if anchor.startswith("%")]
    assert versions == ["%gen-4.5", "%kling-2.0", "%kling-2.1", "%veo-3.1"]  # no "%may-29": May is no model


def test_ai_written_with_a_capital_is_no_proper_noun():
    terms = story_terms("Fans decry clips", "Fans shared AI-generated clips of Robin Williams.", "en", [], _concepts())
    assert "^ai-generated" not in terms.anchors.split() and "^williams" in terms.anchors.split()


def test_a_name_written_from_a_lowercase_letter_is_a_name_wherever_it_stands():
    """ "diVine", "iPhone": a capital after the first letters makes a name, in a headline in Title Case too; a unit of
    three letters ("kHz") does not."""
    title, text = "diVine Revives Vine's Loops", "The app, diVine, runs on the iPhone at 48 kHz."
    anchors = story_terms(title, text, "en", [], _concepts()).anchors.split()
    assert {"^divine", "^iphone"} <= set(anchors) and "^khz" not in anchors


def test_an_abbreviation_s_plural_is_no_name():
    """ "TVs" and "GPUs" are things, not names, however they are capitalised; "KISS" and "TikTok" are names."""
    text = "Samsung's TVs use Nvidia GPUs, and KISS played on TikTok."
    anchors = set(story_terms("Sets at CES", text, "en", [], _concepts()).anchors.split())
    assert not {"^tvs", "^gpus"} & anchors and {"^kiss", "^tiktok"} <= anchors


def test_capitals_in_a_french_headline_are_names_and_a_quoted_title_makes_no_title_case():
    """French headlines are never in Title Case; an English one is not just because it quotes a film's title."""

    def nouns(headline: str, language: str) -> set[str]:
        return {anchor for anchor in story_terms(headline, "", language, [], _concepts()).anchors.split()}

    assert {"^zemeckis", "^hanks", "^wright"} <= nouns("Robert Zemeckis rajeunit Tom Hanks et Robin Wright", "fr")
    assert not nouns("Robert Zemeckis De-Ages Tom Hanks And Robin Wright", "en")
    assert "^luisi" in nouns("'The Last Screenwriter' director Peter Luisi puts his film online", "en")


def test_a_version_written_before_its_model_is_the_same_version():
    """ "la version 1.6 de Kling" is Kling 1.6, as French often writes it."""
    french = story_terms(
        "Kuaishou met à jour Kling", "Kuaishou déploie la version 1.6 de Kling.", "fr", ["Kling"], _concepts()
    )
    english = story_terms(
        "Kuaishou ships Kling 1.6", "Kling 1.6 follows prompts more closely.", "en", ["Kling"], _concepts()
    )
    assert "%kling-1.6" in french.anchors.split() and "%kling-1.6" in english.anchors.split()
    unknown = story_terms("Mise à jour", "La version 2 de Photoshop arrive.", "fr", ["Kling"], _concepts())
    assert not [anchor for anchor in unknown.anchors.split() if anchor.startswith("%")]


def test_a_version_glued_to_its_model_is_the_same_version():
    """ "Wan2.1-VACE", as Alibaba writes it, is Wan 2.1; a dotted number glued to an unknown name is no version."""
    glued = story_terms("Alibaba opens Wan2.1-VACE", "The Wan2.1 model edits video.", "en", ["Wan"], _concepts())
    spaced = story_terms("Alibaba publie VACE", "Une déclinaison de Wan 2.1.", "fr", ["Wan"], _concepts())
    assert "%wan-2.1" in glued.anchors.split() and "%wan-2.1" in spaced.anchors.split()
    unknown = story_terms("Update", "Python3.12 is out.", "en", ["Wan"], _concepts())
    assert not [anchor for anchor in unknown.anchors.split() if anchor.startswith("%")]


# A quotation as first written: it opens at the start or after a space or "(", tried at every position.
PLAIN_QUOTATION = re.compile(
    r"(?:^|(?<=[\s(]))(?:'([^']+)'|\"([^\"]+)\"|‘([^’]+)’|“([^”]+)”|«\s*([^»]+?)\s*»)(?=$|[\s,.:;!?)])"
)


@given(st.text(alphabet=st.sampled_from("ab X'\"‘’“”«»(),.!\n")))
def test_quotations_are_found_as_the_plain_definition_finds_them(text: str):
    """QUOTATION looks behind an opening mark only once it has found one; it must find what trying every position
    finds."""
    assert [match.groups() for match in QUOTATION.finditer(text)] == [
        match.groups() for match in PLAIN_QUOTATION.finditer(text)
    ]
