"""Model lookup forgives spelling the way users type, and refuses with suggestions when nothing is close."""

from __future__ import annotations

import pytest

from digests.errors import KnowledgeBaseError, UnknownModelError
from digests.knowledge import load_knowledge, parse_knowledge
from digests.textkeys import fold, tokens


@pytest.mark.parametrize(
    ("typed", "model_id"),
    [
        ("Sora", "sora"),
        ("  sora ", "sora"),
        ("Sora 2", "sora-2"),
        ("sorra", "sora"),
        ("moviegen", "movie-gen"),
        ("MOVIE-GEN", "movie-gen"),
        ("gen3", "runway-gen-3-alpha"),
        ("Gen-4", "runway-gen-4"),
        ("marey", "marey"),
        ("stable video diffusion", "stable-video-diffusion"),
        ("veo3", "veo-3"),
        ("dream machine", "luma-dream-machine"),
    ],
)
def test_find_model_forgives_case_spacing_hyphens_aliases_and_typos(knowledge, typed, model_id):
    assert knowledge.find_model(typed).id == model_id


@pytest.mark.parametrize("typed", ["photoshop", "zzz", "", "--"])
def test_unknown_names_raise_with_suggestions(knowledge, typed):
    with pytest.raises(UnknownModelError) as caught:
        knowledge.find_model(typed)
    assert caught.value.suggestions, "the user is always offered names to try"


def test_suggestions_are_close_names(knowledge):
    assert "Sora" in knowledge.suggest_models("soar")
    assert knowledge.suggest_models("veo")[0].startswith("Veo")


def test_autocomplete_offers_prefix_matches_first(knowledge):
    completions = knowledge.complete_models("ve")
    assert completions[:3] == ["Veo", "Veo 2", "Veo 3"]


def test_partners_given_as_ids_are_shown_by_name(knowledge):
    partners = [deal.name for deal in knowledge.find_model("gen-3 alpha").partnerships]
    assert "Lionsgate" in partners


def test_a_card_naming_an_unknown_developer_is_refused():
    data = {"organisations": [], "models": [{"id": "x", "name": "X", "developer": "nobody"}], "topics": []}
    with pytest.raises(KnowledgeBaseError, match="unknown developer"):
        parse_knowledge(data)


def test_a_missing_knowledge_file_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_knowledge(tmp_path / "missing.yaml")


def test_each_model_s_maker_is_known_by_the_model_s_name(knowledge):
    makers = knowledge.makers()
    assert makers["Sora"] == "openai"
    assert makers[knowledge.models["veo-3"].name] == "google-deepmind"
    parents = {org.id for org in knowledge.organisations.values() if org.parent}
    spokespeople = {person.id for person in knowledge.people.values() if len(person.affiliations) == 1}
    assert set(makers) == {model.name for model in knowledge.models.values()} | parents | spokespeople


def test_a_lab_implies_its_parent_company(knowledge):
    assert knowledge.makers()["google-deepmind"] == "google"


def test_a_person_of_one_organisation_implies_it_and_a_person_of_several_none(knowledge):
    """Fran Drescher speaks for SAG-AFTRA; James Cameron, of Lightstorm and Stability AI's board, for neither."""
    makers = knowledge.makers()
    assert makers["fran-drescher"] == "sag-aftra"
    assert knowledge.people["james-cameron"].affiliations == ("stability-ai", "lightstorm")
    assert "james-cameron" not in makers


def test_an_organisation_naming_an_unknown_parent_is_refused():
    data = {"organisations": [{"id": "lab", "name": "Lab", "kind": "ai_company", "parent": "nobody"}], "models": []}
    with pytest.raises(KnowledgeBaseError, match="unknown parent"):
        parse_knowledge({**data, "topics": []})


def test_a_narrower_concept_s_phrases_name_its_broader_concept_too(knowledge):
    """ "Animation Film Festival" and « Festival international du film d'animation » must meet on "festival"."""
    index = knowledge.concept_index()
    assert index.values_in(["film", "festival"]) == {"film-festival", "festival"}
    assert index.values_in(["festival", "international"]) == {"festival"}
    assert "broader" not in " ".join(knowledge.concepts["film-festival"])  # the key is no phrase
    assert set(knowledge.broader_concepts.values()) <= knowledge.concepts.keys()


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("New Brunswick", "Nouveau-Brunswick"),
        ("Nova Scotia", "Nouvelle-Écosse"),
        ("British Columbia", "Colombie-Britannique"),
    ],
)
def test_a_province_named_differently_in_french_is_one_place(knowledge, english, french):
    """Canada's French-language press writes its provinces in French: the reports must still meet on the place."""
    index = knowledge.concept_index()
    assert index.values_in(list(tokens(english))) == index.values_in(list(tokens(french))) != set()


@pytest.mark.parametrize(
    ("listed", "inflected"),
    [
        ("règles", "règle"),  # « la nouvelle règle » of a festival
        ("encadre", "encadrés"),
        ("interdit", "interdira"),
        ("condemned", "condemns"),
        ("narrator", "narrators"),
        ("narrateur", "narrateurs"),
        ("négociateurs", "négociateur"),
        ("protections", "protection"),
        ("vocale", "vocales"),
        ("virale", "virales"),
        ("unveiled", "reveal"),
        ("dévoile", "dévoiler"),
        ("pirated", "pirates"),
        ("suspended", "suspending"),
    ],
)
def test_a_concept_is_found_whatever_the_inflection_of_its_word(knowledge, listed, inflected):
    """Two reports of one event inflect its words as their sentences need: « la nouvelle règle » and "the rules"."""
    index = knowledge.concept_index()
    assert index.values_in([fold(inflected)]) == index.values_in([fold(listed)]) != set()


def test_each_false_friend_is_a_cue_or_concept_word_on_its_own(knowledge):
    """A false friend guards something: it is a topic cue, a work cue or a concept phrase by itself."""
    phrases = [
        *(phrase for topic in knowledge.topics for cues in topic.cues.values() for phrase in cues),
        *(phrase for field in knowledge.screen_cues.values() for cues in field.values() for phrase in cues),
        *(phrase for concept in knowledge.concepts.values() for phrase in concept),
    ]
    single_words = {fold(phrase) for phrase in phrases if len(tokens(phrase)) == 1}
    assert knowledge.false_friends
    for words in knowledge.false_friends.values():
        folded = {fold(word) for word in words}  # written with their accents, matched folded like every cue
        assert folded <= single_words, folded - single_words
