"""Reports of one event become one story; different events about the same names stay apart."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from digests.cluster import cluster
from digests.types import NewsItem

DAY = datetime(2024, 9, 18, 12, tzinfo=UTC)


def news(
    identity: str, title: str, when: datetime, language: str = "en", models=(), entities=(), subjects=(), text=""
) -> NewsItem:
    return NewsItem(
        id=hash(identity),
        identity=identity,
        url=None,
        title=title,
        text=text,
        source="feed",
        published=when,
        language=language,
        models=tuple(models),
        entities=tuple(entities),
        subjects=frozenset(subjects),
    )


def test_cross_language_reports_of_one_deal_merge():
    english = news("a", "Lionsgate hands its library to Runway", DAY, entities=("runway", "lionsgate"))
    french = news("b", "Lionsgate confie son catalogue à Runway", DAY, "fr", entities=("runway", "lionsgate"))
    assert cluster([english, french]) == [[english, french]]


def test_same_names_months_apart_are_different_stories():
    meetings = news("a", "OpenAI pitches Sora to Hollywood", DAY, models=("sora",), entities=("openai",))
    release = news(
        "b", "OpenAI releases Sora to subscribers", DAY + timedelta(days=270), models=("sora",), entities=("openai",)
    )
    assert cluster([release, meetings]) == [[meetings], [release]]


def test_near_identical_titles_merge_without_known_names():
    first = news("a", "Studio executives debate generative video at festival panel", DAY)
    second = news("b", "Studio executives debate generative video at a festival panel", DAY + timedelta(hours=5))
    other = news("c", "Union negotiators return to the table next week", DAY)
    assert sorted(map(len, cluster([first, second, other]))) == [1, 2]


def test_clustering_is_deterministic_whatever_the_input_order():
    items = [
        news(
            str(index),
            f"Report {index} on Runway and Lionsgate",
            DAY + timedelta(hours=index),
            entities=("runway", "lionsgate"),
        )
        for index in range(6)
    ]
    assert cluster(items) == cluster(list(reversed(items)))


def test_later_reports_join_existing_stories_without_reshuffling_them():
    names = {"entities": ("runway", "lionsgate")}
    week = [
        news("a", "Lionsgate hands its library to Runway", DAY, **names),
        news("b", "Lionsgate confie son catalogue à Runway", DAY + timedelta(hours=3), "fr", **names),
        news("c", "Union negotiators return to the table", DAY + timedelta(hours=4), entities=("sag-aftra",)),
    ]
    before = cluster(week)
    later = news("d", "Runway's Lionsgate deal: what filmmakers get", DAY + timedelta(days=1), **names)
    after = cluster([*week, later])
    assert after[0] == [*before[0], later]
    assert after[1:] == before[1:]


def test_headlines_naming_the_same_things_merge_across_languages_despite_other_names_in_passing():
    english = news(
        "a",
        "Runway previews Gen-3 Alpha",
        DAY,
        models=("Gen-3 Alpha", "Gen-2"),
        entities=("runway",),
        subjects=("Gen-3 Alpha", "runway"),
    )
    french = news(
        "b",
        "Runway riposte avec Gen-3 Alpha",
        DAY,
        "fr",
        models=("Gen-3 Alpha", "Dream Machine", "Sora"),
        entities=("runway", "luma-ai", "openai"),
        subjects=("Gen-3 Alpha", "runway"),
    )
    english.text = "Chief executive Cristóbal Valenzuela said the model improves on Gen-2."
    french.text = "Pour Cristóbal Valenzuela, son patron, le modèle répond à Dream Machine et à Sora."
    assert cluster([english, french]) == [[english, french]]


def test_one_model_and_its_maker_named_across_languages_do_not_make_one_event():
    """On a busy week every report about Sora names Sora and OpenAI: across languages, two reports must share
    something besides the model and its maker (a person, a place, a figure) to tell one event."""
    names = {"models": ("Sora",), "entities": ("openai",), "subjects": ("Sora", "openai")}
    makers = {"Sora": "openai"}
    unveiled = news("a", "OpenAI unveils Sora", DAY, **names)
    unveiled.text = "OpenAI showed clips of Tokyo streets and mammoths, each up to 60 seconds long."
    advert = news("b", 'Sora d\'OpenAI signe une publicité pour Toys"R"Us', DAY + timedelta(hours=5), "fr", **names)
    advert.text = "La marque de jouets a présenté à Cannes Lions un film réalisé avec le modèle."
    same_event = news("c", "OpenAI dévoile Sora", DAY + timedelta(hours=6), "fr", **names)
    same_event.text = "OpenAI a montré des rues de Tokyo et des mammouths, en clips de 60 secondes au plus."
    assert cluster([unveiled, advert, same_event], makers=makers) == [[unveiled, same_event], [advert]]


def test_headlines_naming_different_things_that_each_other_report_tells_too_can_be_one_event():
    """A daughter's plea about AI videos of her father, and Sora 2 bringing back the dead: each report names what the
    other's headline names, so the headlines are two angles, not two events."""
    names = {"models": ("Sora 2",), "entities": ("openai", "ada-marsh", "leo-marsh")}
    english = news(
        "a",
        "Ada Marsh begs fans to stop sending AI videos of Leo Marsh",
        DAY,
        subjects=("ada-marsh", "leo-marsh"),
        **names,
    )
    english.text = (
        "In an Instagram story on Monday, the actress said clips of her late father made with Sora 2 hurt her."
    )
    french_headline = "Sora 2 : les morts célèbres ressuscités, leurs proches protestent"
    french = news("b", french_headline, DAY + timedelta(hours=10), "fr", subjects=("Sora 2",), **names)
    french.text = (
        "Avec l'application d'OpenAI, des vidéos de Leo Marsh circulent ; sa fille Ada Marsh a protesté lundi."
    )
    assert [english, french] in _among_unrelated(english, french)


def test_a_passing_mention_does_not_tie_reports_whose_headlines_differ():
    deal = news("a", "Disney invests in OpenAI", DAY, entities=("disney", "openai"), subjects=("disney", "openai"))
    letter = news(
        "b",
        "Disney met Google en demeure",
        DAY,
        "fr",
        entities=("disney", "google", "openai"),  # "...the day it signed with OpenAI"
        subjects=("disney", "google"),
    )
    assert cluster([deal, letter]) == [[deal], [letter]]


def test_reports_naming_few_known_things_meet_across_languages_on_proper_nouns_and_figures():
    english = news("a", "Newsom signs replica bills", DAY, entities=("sag-aftra",))
    english.text = "California governor Gavin Newsom signed AB 2602 and AB 1836, backed by the union, on Tuesday."
    french = news("b", "La Californie protège les acteurs", DAY, "fr", entities=("sag-aftra",))
    french.text = "Le gouverneur Gavin Newsom a promulgué les lois AB 2602 et AB 1836, portées par le syndicat."
    unrelated = news("c", "Grève dans le doublage", DAY, "fr", entities=("sag-aftra",))
    unrelated.text = (
        "Les comédiens de doublage de Paris réclament des garanties, selon le Syndicat français des artistes."
    )
    assert sorted(cluster([english, french, unrelated]), key=len) == [[unrelated], [english, french]]


def test_bilingual_concepts_bridge_reports_in_different_languages():
    from digests.phrases import PhraseIndex

    concepts: PhraseIndex[str] = PhraseIndex()
    concepts.add_all(["strike", "grève"], "strike")
    concepts.add_all(["video game", "jeu vidéo"], "video-game")
    concepts.add_all(["friday", "vendredi"], "friday")
    english = news("a", "Union calls video game strike", DAY, entities=("sag-aftra",))
    english.text = "Performers will strike from Friday against game companies."
    french = news("b", "Jeu vidéo : les comédiens en grève", DAY, "fr", entities=("sag-aftra",))
    french.text = "Le syndicat a lancé vendredi une grève contre les éditeurs."
    assert cluster([english, french], concepts) == [[english, french]]
    assert cluster([english, french]) == [[english], [french]]


def test_a_report_full_of_names_the_other_language_lacks_is_still_found_through_its_concepts():
    """Its rarest anchors are the names only it gives; the concepts both reports share must find it all the same."""
    from digests.phrases import PhraseIndex

    concepts: PhraseIndex[str] = PhraseIndex()
    for phrases, concept in (
        (["brazil", "brésil"], "brazil"),
        (["dubbing", "doublage"], "dubbing"),
        (["regulation", "régulation"], "regulation"),
        (["friday", "vendredi"], "friday"),
    ):
        concepts.add_all(phrases, concept)
    english = news("a", "Voice actors launch a campaign", DAY)
    english.text = (
        "Actors Wendel Bezerra, Fernanda Baronne, Ricardo Juarez, Marco Ribeiro, Luiza Caspary, Guilherme Briggs, "
        "Mauro Ramos, Sergio Moreno, Vagner Fagundes, Tatiane Keplmair, Flora Paulita, Hermes Baroli, Alfredo "
        "Rollo, Fatima Noya, Selma Lopes, Nair Amorim and Orlando Drummond asked on Friday for dubbing regulation "
        "in Brazil."
    )
    french = news("b", "Les comédiens se mobilisent", DAY + timedelta(hours=20), "fr")
    french.text = "Les comédiens de doublage du Brésil réclament depuis vendredi une régulation de leur métier."
    assert cluster([english, french], concepts) == [[english, french]]


def test_headlines_quoting_different_films_are_different_events_however_alike_the_rest():
    names = {"models": ("Pika",), "entities": ("pika-labs", "paramount"), "subjects": ("Pika", "pika-labs")}
    text = "Paramount filed a copyright lawsuit against Pika Labs on Wednesday, alleging that Pika copied the film."
    first = news("a", "Paramount sues Pika Labs over 'Hollow Atlas'", DAY, **names)
    second = news("b", "Paramount sues Pika Labs over 'Northern Canyon'", DAY + timedelta(hours=2), **names)
    again = news("c", "Paramount takes Pika Labs to court over « Hollow Atlas »", DAY + timedelta(hours=3), **names)
    for item in (first, second, again):
        item.text = text
    assert cluster([first, second, again]) == [[first, again], [second]]


def test_a_quotation_whose_report_names_the_other_headline_s_title_is_no_other_work():
    """'National ESPN App Day' is the launch of the app whose 'SportsCenter for You' the other headline quotes, as its
    report says; a headline quoting 'SportsCenter Classic', which its report never names, stays a work of its own."""
    names = {"entities": ("espn",), "subjects": ("espn",)}
    first = news("a", "ESPN's new streaming app brings an AI-built 'SportsCenter for You'", DAY, **names)
    first.text = "ESPN launched its streaming app on Thursday with SportsCenter for You, an AI-made daily recap."
    second = news("b", "'National ESPN App Day': the sports giant bets on streams", DAY + timedelta(hours=9), **names)
    second.text = "ESPN launched its streaming app on Thursday, and SportsCenter for You leads its personalised recaps."
    other = news("c", "ESPN's new streaming app revives 'SportsCenter Classic'", DAY + timedelta(hours=9), **names)
    other.text = "ESPN launched its streaming app on Thursday with old episodes, an AI-made daily recap among them."
    stories = cluster([first, second, other])
    assert [first, second] in stories and [other] in stories


def test_a_title_translated_in_another_language_is_the_same_work_a_different_one_is_not():
    names = {"models": ("Veo 2",), "entities": ("google",), "subjects": ("Google",)}
    english = news("a", "Google AI expands 'The Wizard of Oz' for the Sphere", DAY, **names)
    english.text = "Google used Veo 2 to widen the 1939 film for the Sphere in Las Vegas, where it opens on Thursday."
    french = news("b", "Google et l'IA agrandissent « Le Magicien d'Oz » pour la Sphere", DAY, "fr", **names)
    french.text = "Google a utilisé Veo 2 pour élargir le film de 1939 projeté jeudi à la Sphere de Las Vegas."
    other = news("c", "Google et l'IA agrandissent « Autant en emporte le vent » pour la Sphere", DAY, "fr", **names)
    other.text = french.text
    stories = cluster([english, french, other])
    assert [english, french] in stories and [other] in stories


def test_a_title_given_abroad_in_the_other_report_s_text_is_the_same_work():
    """A Spanish-language film is « Juego de brujas » to a French headline and 'The Witch Game' to an English one;
    the French report gives the English title too."""
    names = {"entities": ("miracle-media",), "subjects": ()}
    english = news("a", "Argentine horror film 'The Witch Game' gets an AI-made English dub", DAY, **names)
    english.text = "Miracle Media releases The Witch Game by Fabián Forte in Britain with AI-cloned English voices."
    french = news("b", "« Juego de brujas » : un film d'horreur argentin doublé par l'IA", DAY, "fr", **names)
    french.text = "Miracle Media sortira « The Witch Game » (« Juego de brujas ») de Fabián Forte en version anglaise."
    other = news("c", "« Noche de lobos » : un film d'horreur argentin doublé par l'IA", DAY, "fr", **names)
    other.text = "Miracle Media sortira « Night of Wolves » (« Noche de lobos ») de Fabián Forte en version anglaise."
    stories = cluster([english, french, other])
    assert [english, french] in stories and [other] in stories


def test_a_report_naming_the_series_the_other_headline_quotes_tells_the_same_episode():
    """An English headline quotes an episode's title, a French one the series' name; the English report's opening
    names the series, unquoted: one work. Another series quoted the same way is another, and a one-word title written
    as a plain word is no mention: the English "here" is not « Here », another episode."""
    names = {"models": ("Sora 2",), "entities": ("openai",), "subjects": ("Sora 2",)}
    english = news("a", "Satire takes on Sora 2 in 'Fake Friends Forever'", DAY, **names)
    english.text = (
        "Mellow Valley mocked OpenAI's app here, in the third episode of its 28th season, aired on Wednesday."
    )
    french = news("b", "« Mellow Valley » se moque de Sora 2", DAY + timedelta(hours=6), "fr", **names)
    french.text = (
        "Dans le troisième épisode de sa 28e saison, la série d'animation Mellow Valley raille l'outil d'OpenAI."
    )
    other = news("c", "« Quiet Harbour » se moque de Sora 2", DAY + timedelta(hours=7), "fr", **names)
    other.text = (
        "Dans le troisième épisode de sa 28e saison, la série d'animation Quiet Harbour raille l'outil d'OpenAI."
    )
    stories = cluster([english, french, other])
    assert [english, french] in stories and [other] in stories
    french.title = "« Here » : Mellow Valley se moque de Sora 2"
    french.text = french.text.replace("troisième", "quatrième")
    assert cluster([english, french]) == [[english], [french]]


def _unrelated_reports() -> list[NewsItem]:
    """Three reports of other events the same day, so that rarity weighs words as in a real digest."""
    reports = [
        news("c", "Studio strike ends", DAY + timedelta(hours=3)),
        news("d", "La chaîne lance une série", DAY + timedelta(hours=4), "fr"),
        news("e", "Platform removes fake trailers", DAY + timedelta(hours=5)),
    ]
    reports[0].text = "Workers in Georgia voted on Monday."
    reports[1].text = "France Télévisions a annoncé lundi une série."
    reports[2].text = "Google said on Tuesday that it removed channels."
    return reports


def _among_unrelated(*reports: NewsItem) -> list[list[NewsItem]]:
    """The stories the reports make beside three reports of other events."""
    return cluster([*reports, *_unrelated_reports()])


# An English report naming someone the knowledge base does not know, a French report of it some hours later, and two
# French headlines: one naming the same person, one not.
UNKNOWN_PERSON_REPORTS = {
    # A person named by both headlines is what both reports are about: the openings then need to agree less (where
    # and when are told differently by each outlet).
    "surname": (
        news(
            "a",
            "Naturalist Hollis Brandwyn 'appalled' by AI copies of his voice",
            DAY,
            text="The naturalist told the BBC in Sydney on Sunday that websites run from Texas and Ohio sell "
            "narration in his voice, cloned by Brandwyn impersonators.",
        ),
        timedelta(hours=20),
        "Des sites vendent des récits lus par une voix imitant celle de Brandwyn, selon la BBC, qui cite des vidéos "
        "publiées sur YouTube et TikTok depuis Lagos.",
        "Brandwyn : sa voix clonée vendue en ligne",
        "Voix imitées : des sites vendent de faux récits",
    ),
    # A first name and a surname in both headlines say whom the news is about that day; a surname alone says less.
    "full-name": (
        news(
            "a",
            "Union condemns AI-made explicit images of Mara Quell",
            DAY,
            entities=("sag-aftra",),
            subjects=("sag-aftra",),
            text="The actors' union called the fake images of Mara Quell that spread on X this week harmful, and "
            "backed the Intimate Images Act from Representative Joel Marlow of Ohio.",
        ),
        timedelta(hours=3),
        "Fabriquées par IA, des images de la chanteuse ont été vues des millions de fois sur le réseau social "
        "d'Elon Musk avant que la Maison Blanche ne réagisse.",
        "De fausses images de Mara Quell inondent X",
        "De fausses images de Quell inondent X",
    ),
}


@pytest.mark.parametrize("case", UNKNOWN_PERSON_REPORTS)
def test_headlines_naming_the_same_unknown_person_meet_on_fewer_shared_anchors(case):
    english, later, french_text, naming_them, not_naming_them = UNKNOWN_PERSON_REPORTS[case]

    def stories_with(french_headline: str) -> list[list[NewsItem]]:
        return _among_unrelated(english, news("b", french_headline, DAY + later, "fr", text=french_text))

    assert len(stories_with(naming_them)) == 4
    assert len(stories_with(not_naming_them)) == 5


def test_a_headline_naming_a_word_of_the_title_the_other_quotes_meets_it():
    """'What Marisol Did' and "the Marisol Vane photos" name one person: the headlines meet, as when both name her."""

    first_text = (
        "Viewers spotted warped hands in pictures of Marisol in the true-crime film, which Netflix shot in Ontario "
        "in 2010."
    )
    second = news(
        "b",
        "Director insists the Marisol Vane photos are genuine",
        DAY + timedelta(hours=6),
        text="Petra Lund told a Toronto newspaper that the 2010 images were only edited to hide their source.",
    )

    def stories_with(first_headline: str) -> list[list[NewsItem]]:
        return _among_unrelated(news("a", first_headline, DAY, text=first_text), second)

    assert len(stories_with("Viewers question AI images in 'What Marisol Did'")) == 4
    assert len(stories_with("Viewers question AI images in 'What She Did'")) == 5


def test_a_headline_title_translated_word_for_word_or_in_part_is_not_a_different_work():
    names = {"entities": ("fable-studio",)}
    english = news("a", "Start-up sets out to rebuild the lost reels of 'The Magnificent Ambersons'", DAY, **names)
    english.text = (
        "Fable and the director Brian Rose want to recreate 43 minutes RKO cut from Orson Welles's 1942 film."
    )
    french = news(
        "b", "Une start-up veut recréer « La Splendeur des Amberson »", DAY + timedelta(hours=9), "fr", **names
    )
    french.text = "Fable et Brian Rose veulent recréer les 43 minutes du film de 1942 coupées par RKO à Welles."
    assert cluster([english, french]) == [[english, french]]
    french.title = "Une start-up veut recréer « La Dame de Shanghai »"
    assert cluster([english, french]) == [[english], [french]]


def test_a_quoted_word_too_short_for_a_title_is_no_other_work_across_languages():
    """« IA » is the French 'AI', not a title: it tells nothing against a headline quoting a longer label."""
    english = news("a", "Dara Vell says 'Made with AI' labels make no sense for game shops", DAY)
    english.text = "The Korvid chief told Valve on Thursday that Steam's disclosure tag should go: AI is everywhere."
    french = news("b", "Dara Vell juge inutile la mention « IA » sur Steam", DAY + timedelta(hours=14), "fr")
    french.text = "Le patron de Korvid demande à Valve de retirer de Steam l'étiquette qui signale l'usage de l'IA."
    assert [english, french] in _among_unrelated(english, french)
    french.title = "Dara Vell juge inutile la mention « Fabriqué par des humains » sur Steam"
    assert [english] in _among_unrelated(english, french)


def test_a_quotation_in_a_headline_is_not_taken_for_a_film_title():
    names = {"entities": ("sag-aftra",), "subjects": ("sag-aftra",)}
    first = news("a", "SAG-AFTRA chief: 'we are not against the technology at all'", DAY, **names)
    second = news("b", "SAG-AFTRA says 'Consent first' as talks resume", DAY + timedelta(hours=1), **names)
    for item in (first, second):
        item.text = "The union's negotiators met studio lawyers on Monday to discuss digital replicas of performers."
    assert cluster([first, second]) == [[first, second]]


def test_a_quotation_beside_a_word_of_the_other_headline_s_title_is_speech_not_another_title():
    """« Aucune IA générative » capitalised is words said, not a film, when the headline also names the film the
    other headline quotes: 'Harrowgate Lane' and « Harrowgate 3 »."""
    names = {"entities": ("james-cameron", "stability-ai")}
    english = news("a", "'Harrowgate Lane' will open with a 'no generative AI' card, its director says", DAY, **names)
    english.text = "The director told an audience in Wellington that no generative AI was used to make the film."
    headline = "« Aucune IA générative » : le réalisateur l'affichera au début de Harrowgate 3"
    french = news("b", headline, DAY + timedelta(hours=20), "fr", **names)
    french.text = "Le réalisateur a annoncé en Nouvelle-Zélande un carton affirmant que l'IA générative n'a pas servi."
    assert [english, french] in _among_unrelated(english, french)
    french.title = "« Aucune IA générative » : le réalisateur l'affichera au début de son film"
    assert [english] in _among_unrelated(english, french)


def test_an_english_quotation_in_sentence_case_is_speech_not_a_title_the_other_headline_lacks():
    """English titles capitalise their words: 'This show was made by humans' is a credit line, so a French headline
    quoting the series' own title is no different work. (The English report does not name the series: a report
    naming it would be about that work whatever it quotes.)"""
    english = news("a", "'This show was made by humans': Orla Fenwick explains her credit line", DAY)
    english.text = "Orla Fenwick, creator of the Apple TV series, told Variety she rejects generative AI."
    french = news("b", "« Marrow Bay » : Orla Fenwick signe une série garantie sans IA", DAY + timedelta(hours=8), "fr")
    french.text = "La série d'Orla Fenwick sur Apple TV se termine par une mention contre l'IA générative."
    assert [english, french] in _among_unrelated(english, french)
    english.title = "'Made By Humans': Orla Fenwick explains her credit line"  # now a title the French one lacks
    assert [english] in _among_unrelated(english, french)


def test_same_language_reports_in_different_words_meet_on_their_proper_nouns():
    first = news("a", "Zemeckis reunites Hanks and Wright for a film shot from one spot", DAY)
    first.text = "Robert Zemeckis used tools from Metaphysic so that Tom Hanks and Robin Wright play their characters."
    second = news("b", "How 'Here' made its stars decades younger", DAY + timedelta(hours=6))
    second.text = "On set, Tom Hanks and Robin Wright watched monitors where Metaphysic turned them young for Zemeckis."
    other = news("c", "A festival jury honours a documentary", DAY + timedelta(hours=2))
    other.text = "The Toronto jury gave its top award to a film about Hollywood stuntmen."
    assert sorted(cluster([first, second, other]), key=len) == [[other], [first, second]]


def test_a_short_brief_meets_the_longer_report_that_holds_all_its_names():
    long = news("a", "Netflix sets rules for generative AI in its productions", DAY, entities=("netflix",))
    long.text = (
        "Netflix told producers in Los Angeles, Madrid and Seoul that Ted Sarandos approved guidelines covering "
        "Guillermo Navarro, Bela Bajaria, Amy Reinhard and Scott Stuber's former team, plus the Writers Guild."
    )
    brief = news("b", "Netflix encadre l'IA", DAY + timedelta(hours=8), "fr", entities=("netflix",))
    brief.text = "Les lignes directrices, validées par Ted Sarandos, visent aussi Bela Bajaria à Los Angeles."
    assert cluster([long, brief]) == [[long, brief]]


def test_the_same_stories_come_out_in_every_process_whatever_its_hash_seed():
    """Set order changes with PYTHONHASHSEED; scores must not, or a story at a threshold flips between runs."""
    import subprocess
    import sys

    script = (
        "from benchmarks import corpus\n"
        "from benchmarks.pipeline_bench import NOW\n"
        "from digests.cluster import cluster\n"
        "from digests.enrich import Enricher\n"
        "from digests.knowledge import load_knowledge\n"
        "from digests.parse import parse_feed\n"
        "from digests.pipeline import normalise_feed\n"
        "from digests.types import NewsItem\n"
        "knowledge = load_knowledge()\n"
        "enricher = Enricher(knowledge)\n"
        "news = []\n"
        "for source, content in corpus.generate(1500, items_per_feed=250):\n"
        "    items = normalise_feed(parse_feed(content, source), NOW)\n"
        "    for item, notes in zip(items, enricher.annotate(items)):\n"
        "        if notes.relevant:\n"
        "            news.append(enricher.for_readers(NewsItem(len(news), item.identity, item.url, item.title,\n"
        "                item.text, source, item.published or NOW, notes.language, notes.models,\n"
        "                notes.entities, notes.topics, terms=notes.terms)))\n"
        "print([[item.identity for item in story] for story in cluster(news, knowledge.concept_index())])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    assert runs.pop().count("guid:") > 500


def test_terms_worked_out_at_ingest_give_the_stories_the_text_gives(knowledge):
    """Stored terms only spare work: the labelled set clusters the same with them as from its text alone."""
    from dataclasses import replace

    from benchmarks.evaluate import DEFAULT_FILE, load_labelled, to_item, to_news
    from digests.enrich import Enricher

    enricher = Enricher(knowledge)
    labelled = [entry for entry in load_labelled(DEFAULT_FILE) if entry.relevant]
    annotations = enricher.annotate([to_item(entry) for entry in labelled])
    with_terms = [
        enricher.for_readers(to_news(number, entry, notes))
        for number, (entry, notes) in enumerate(zip(labelled, annotations, strict=True))
    ]
    assert all(item.terms and item.terms.words for item in with_terms)
    from_text = [replace(item, terms=None) for item in with_terms]
    identities = [
        [[item.identity for item in story] for story in cluster(items, knowledge.concept_index())]
        for items in (with_terms, from_text)
    ]
    assert identities[0] == identities[1]
    assert len(identities[0]) < len(labelled)  # reports did merge: the comparison is not between singletons


def test_clustering_leaves_the_cycle_collector_as_it_found_it():
    import gc

    items = [news("a", "Runway and Lionsgate sign a deal", DAY, entities=("runway", "lionsgate"))]
    assert gc.isenabled()
    cluster(items)
    assert gc.isenabled()
    gc.disable()
    try:
        cluster(items)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_same_figure_about_the_same_known_name_pins_one_event():
    """Pika and $80 million in both reports: one funding round, however differently the rest is told."""

    def stories_with(amount: str) -> list[list[NewsItem]]:
        first = news("a", "Pika raises money as the AI video race heats up", DAY, models=("Pika",))
        first.text = f"Pika said it raised {amount} million from Spark Capital."
        second = news("b", "Actor among backers as Palo Alto video firm closes round", DAY + timedelta(hours=5))
        second.models = ("Pika",)
        second.text = "Pika closed an 80 million round with the actor Jared Leto."
        return _among_unrelated(first, second)

    assert len(stories_with("80")) == 4
    assert len(stories_with("135")) == 5


def test_two_versions_of_one_model_are_two_releases_however_alike_the_rest():
    def launch(identity: str, version: str, hours: int) -> NewsItem:
        item = news(identity, f"Kuaishou releases Kling {version} with longer clips", DAY + timedelta(hours=hours))
        item.models, item.entities, item.subjects = ("Kling",), ("kuaishou",), frozenset({"Kling", "kuaishou"})
        item.text = f"Kling {version} makes ten-second clips at 1080p for Kuaishou's paying subscribers in Beijing."
        return item

    same = [launch("a", "2.1", 0), launch("b", "2.1", 6)]
    assert _among_unrelated(*same)[0] == same
    other = [launch("a", "2.0", 0), launch("b", "2.1", 6)]
    assert len(_among_unrelated(*other)) == 5


def test_a_model_s_own_number_is_no_version():
    """ "Sora 2" is a model: a report of its launch and one naming "Sora 2" in passing share no version anchor."""
    first = news("a", "OpenAI launches Sora 2 with sound", DAY, models=("Sora 2",), entities=("openai",))
    second = news("b", "Sora 2 : OpenAI lance son application", DAY + timedelta(hours=4), "fr", models=("Sora 2",))
    second.entities = ("openai",)
    first.text = "Sora 2 arrives on Tuesday with an app."
    second.text = "Sora 2 arrive mardi avec une application."
    assert len(cluster([first, second], makers={"Sora 2": "openai"})) == 2  # a model and its maker are no event


def test_headlines_about_two_people_the_other_report_never_names_are_two_events():
    """Tom Hanks's deepfake advert and Gayle King's, the same week, on the same platform: two stories."""
    hanks = news("a", "Hanks warns fans about a fake dental plan advert", DAY)
    hanks.text = "Tom Hanks told his Instagram followers that a video used his likeness without consent."
    king = news("b", "Gayle King disowns a weight-loss video", DAY + timedelta(hours=30))
    king.text = "The presenter told Instagram followers that her likeness was used in an altered video."
    assert len(_among_unrelated(hanks, king)) == 5
    king.text = "Like Tom Hanks last week, she told Instagram followers that her likeness was used in a video."
    assert len(_among_unrelated(hanks, king)) == 4


def test_a_model_in_one_headline_and_its_maker_in_the_other_name_the_same_things():
    """ "Training Sora" and "OpenAI warned" are about the same things: the maker named in one headline is no other
    subject than the model named in the other."""
    english = news(
        "a",
        "YouTube chief says training Sora on its videos breaks the rules",
        DAY,
        models=("Sora",),
        subjects=("Sora",),
    )
    english.entities = ("openai",)
    english.text = "Neal Mohan told Bloomberg that training Sora on YouTube videos would violate its terms."
    french = news(
        "b",
        "Neal Mohan met en garde OpenAI contre l'usage des vidéos de YouTube",
        DAY + timedelta(hours=10),
        "fr",
        models=("Sora",),
        entities=("openai",),
        subjects=("openai",),
    )
    french.text = "Interrogé par Bloomberg, le patron de YouTube, Neal Mohan, vise Sora et les vidéos de la plateforme."
    assert cluster([english, french], makers={"Sora": "openai"}) == [[english, french]]


def test_a_headline_about_a_model_the_other_report_never_names_does_not_meet_it_on_the_maker():
    """A launch of Sora 2 and an actress accusing OpenAI, the same day: both headlines name OpenAI, but only one
    report is about Sora 2 at all."""
    launch = news("a", "OpenAI lance Sora 2 et son application", DAY, "fr", models=("Sora 2",), entities=("openai",))
    launch.subjects = frozenset({"Sora 2", "openai"})
    voice = news("b", "Scarlett Johansson says OpenAI copied her voice", DAY + timedelta(hours=6), entities=("openai",))
    voice.subjects = frozenset({"openai"})
    launch.topics = voice.topics = ("releases",)
    assert len(cluster([launch, voice], makers={"Sora 2": "openai"})) == 2


def test_reports_of_one_event_come_within_a_day_and_a_half_of_its_first():
    """The same names two days after a story began are a new event (a trailer pulled, then its consultant
    dropped): outlets tell one event the same day or the next."""
    names = {"entities": ("runway", "lionsgate")}
    first = news("a", "Lionsgate hands its library to Runway", DAY, **names)
    next_day = news("b", "Lionsgate confie son catalogue à Runway", DAY + timedelta(hours=30), "fr", **names)
    two_days_on = news("c", "Lionsgate and Runway expand their deal", DAY + timedelta(hours=40), **names)
    assert cluster([first, next_day, two_days_on]) == [[first, next_day], [two_days_on]]


def _deal_reports(follow_up_after: timedelta, *, figure: bool = True) -> list[NewsItem]:
    """A deal's first report, a French one 20 hours on, and an English follow-up ``follow_up_after`` the first, which
    gives the deal's figure again when ``figure``."""
    names = {"entities": ("runway", "lionsgate")}
    first = news("a", "Lionsgate hands its library to Runway", DAY, **names)
    first.text = (
        "Lionsgate will let Runway train a custom video model on its 20,000 titles, the studio said in Santa Monica."
    )
    next_day = news("b", "Lionsgate confie son catalogue à Runway", DAY + timedelta(hours=20), "fr", **names)
    next_day.text = (
        "Runway entraînera un modèle vidéo sur les 20 000 titres de Lionsgate, a annoncé le studio à Santa Monica."
    )
    titles = "20,000 titles" if figure else "titles"
    follow_up = news("c", f"What Lionsgate's Runway deal means for its {titles}", DAY + follow_up_after, **names)
    follow_up.text = f"Analysts in Santa Monica weigh what a custom model trained on {titles} is worth to the studio."
    return [first, next_day, follow_up]


def test_a_follow_up_joins_a_story_still_being_told_up_to_two_days_after_its_first_report():
    """Outlets keep telling an event while it is news: a follow-up 40 hours after the first report, 20 after the
    latest, in the same place, is the same story; the same report 31 hours after a story's last report is not (the
    story had gone quiet), unless it gives the same figure about the same known name, which pins the event (the deal's
    20,000 titles); nor is any beyond two days."""
    reports = _deal_reports(timedelta(hours=40), figure=False)
    assert cluster(reports) == [reports]
    for figure in (False, True):
        quiet = _deal_reports(timedelta(hours=40), figure=figure)
        quiet[1].published = DAY + timedelta(hours=9)
        assert cluster(quiet) == ([quiet] if figure else [quiet[:2], quiet[2:]])
    late = _deal_reports(timedelta(hours=49))
    assert cluster(late) == [late[:2], late[2:]]


def test_a_follow_up_whose_headline_pins_the_story_joins_it_even_after_a_quiet_day():
    """A follow-up 31 hours after a story's last report joins it when both headlines quote one title (or name one
    person or place the knowledge base does not know): that says which story it follows, however quiet the day."""
    quiet = _deal_reports(timedelta(hours=40), figure=False)
    quiet[1].published = DAY + timedelta(hours=9)
    quiet[0].title = "Lionsgate hands 'John Wick' and its library to Runway"
    quiet[2].title = "What Lionsgate's Runway deal means for 'John Wick' and its titles"
    assert cluster(quiet) == [quiet]
    quiet[2].title = "What Lionsgate's Runway deal means for 'Saw' and its titles"
    assert cluster(quiet) == [quiet[:2], quiet[2:]]


def test_words_spelt_alike_in_both_languages_tie_reports_that_share_few_of_their_anchors():
    """An English and a French report of one advert share two of their many names, and words spelt alike in both
    languages (produced, production; generative, génératifs; animation): one event. The same names with the rest
    told in other words are not enough."""
    english = news("a", "Again this year, Coca-Cola's holiday commercial is made with AI", DAY)
    english.text = (
        "The company again produced the animated advertisement with generative video models, working with the "
        "Silverside studio of Pratik Thakar in Atlanta; critics on Reddit called the animation of the trucks "
        "artificial."
    )
    alike = news(
        "b", "Noël : la nouvelle publicité de Coca-Cola encore produite par IA", DAY + timedelta(hours=8), "fr"
    )
    alike.text = (
        "La marque a de nouveau confié la production de son film publicitaire animé aux modèles génératifs, avec le "
        "studio Silverside ; Jason Zada et les critiques de Los Angeles jugent l'animation des camions artificielle."
    )
    unlike = news(
        "c", "Noël : la marque Coca-Cola récidive avec une réclame faite par IA", DAY + timedelta(hours=8), "fr"
    )
    unlike.text = (
        "La marque de boissons diffuse de nouveau sa réclame de fin d'année, confiée au studio Silverside ; Jason "
        "Zada et des spectateurs de Los Angeles trouvent les camions sans âme."
    )
    assert cluster([english, alike]) == [[english, alike]]
    assert cluster([english, unlike]) == [[english], [unlike]]


def test_a_report_in_another_language_finds_the_story_under_its_headline_subject(knowledge):
    """The English report names so many people and apps that the concepts it shares with the French one are not
    among the rare terms it is indexed under; the company both headlines are about still finds it."""
    english = replace(
        news("a", "Meta launches AI chatbots played by Snoop Dogg, Kendall Jenner and Tom Brady", DAY),
        text="Meta unveiled 28 AI characters for WhatsApp, Messenger and Instagram at its Connect conference. "
        "Kendall Jenner is Billie, Snoop Dogg a Dungeon Master and Tom Brady a sports fan called Bru, each wearing "
        "the face of a celebrity who licensed a likeness.",
        entities=("meta",),
        subjects=frozenset({"meta"}),
        topics=("releases",),
    )
    french = replace(
        news("b", "Meta prête les visages de stars à ses robots conversationnels", DAY + timedelta(hours=13), "fr"),
        text="Paris Hilton, MrBeast et Naomi Osaka incarnent les personnages que Meta dévoile : des célébrités "
        "prêtent leur visage, un modèle de langage écrit les réponses, annonce Mark Zuckerberg.",
        entities=("meta", "mark-zuckerberg"),
        subjects=frozenset({"meta"}),
        topics=("releases",),
    )
    assert cluster([english, french], knowledge.concept_index()) == [[english, french]]


@pytest.mark.parametrize(
    ("english", "french", "topic"),
    [
        pytest.param(
            (
                "Google DeepMind brings Lyria 2 to its Music AI Sandbox",
                ("google-deepmind",),
                ("google-deepmind",),
                "Musicians and producers in the US get wider access to the Sandbox, now running Lyria 2.",
            ),
            (
                "Google ouvre sa Music AI Sandbox à plus de musiciens",
                ("google", "google-deepmind"),
                ("google",),
                "Google DeepMind élargit l'accès à sa Sandbox, qui repose désormais sur Lyria 2, son modèle musical.",
            ),
            "releases",
            id="a lab and its parent company",
        ),
        pytest.param(
            (
                "SAG-AFTRA leaders take members' AI questions as ratification begins",
                ("sag-aftra",),
                ("sag-aftra",),
                "On Monday the union's leaders answered members on the deal's AI terms before the ratification vote.",
            ),
            (
                "Fran Drescher répond aux critiques sur l'IA lors d'une réunion en ligne",
                ("fran-drescher", "sag-aftra"),
                ("fran-drescher",),
                "Lundi, la présidente de SAG-AFTRA a défendu l'accord devant les membres avant la ratification.",
            ),
            "labour",
            id="a union and its president",
        ),
    ],
)
def test_a_headline_naming_what_the_other_s_subject_implies_can_tell_one_event(knowledge, english, french, topic):
    """Google DeepMind's release reported in French as Google's, SAG-AFTRA's meeting with members through its
    president: the lab is part of the company, the president speaks for the union."""
    reports = []
    for (title, entities, subjects, text), language, hours in ((english, "en", 0), (french, "fr", 5)):
        report = news(str(hours), title, DAY + timedelta(hours=hours), language, entities=entities, subjects=subjects)
        report.text, report.topics = text, (topic,)
        reports.append(report)
    concepts = knowledge.concept_index()
    assert cluster(reports, concepts) == [[report] for report in reports]
    assert cluster(reports, concepts, knowledge.makers()) == [reports]


def test_some_anchors_and_some_words_in_common_together_tell_one_event_in_one_language(knowledge):
    """Two takes on one trademark filing share a few names and a few words, neither enough alone."""
    first = news("a", "McConaughey trademarks his catchphrase against AI fakes", DAY)
    first.text = (
        "Matthew McConaughey has registered eight trademarks with the US Patent and Trademark Office, among them "
        "his 'alright, alright, alright' line from Dazed and Confused, to deter unauthorised AI copies of his voice "
        "and face."
    )
    second = news("b", "Why an actor's lawyers are filing his face and voice as trademarks", DAY + timedelta(hours=19))
    second.text = (
        "Kevin Yorn, a lawyer for McConaughey, told The Wall Street Journal that his trademark filings give him a "
        "federal claim against AI copies of his voice."
    )
    assert [first, second] in cluster([first, second, *_unrelated_reports()], knowledge.concept_index())


def test_headlines_naming_the_same_things_and_nothing_else_need_less_wording_in_common():
    """Two angles on one day's Pixar news: the animators' trick, the effects chief's interview. Headlines about
    Pixar alone and a little shared wording tell one story; the same wording under another studio's headline does
    not."""
    trick = news(
        "a",
        "Pixar turned to machine learning to tame the flames in its new film",
        DAY,
        entities=("pixar",),
        subjects=("pixar",),
        text="Animators struggled to make the fire heroine look warm; a supervisor suggested neural style transfer "
        "after reading a research paper on volumes.",
    )
    text = "Almost every shot carried fire or water, the supervisor says, so the studio borrowed neural style "
    "transfer from research and built new volumetric tools for its animators."
    interview = news("b", "The effects supervisor behind Pixar's fire and water", DAY + timedelta(hours=6), text=text)
    other = replace(interview, identity="c", id=hash("c"), title="The effects supervisor behind Aardman's new film")
    assert len(_among_unrelated(trick, replace(interview, entities=("pixar",), subjects=frozenset({"pixar"})))) == 4
    assert len(_among_unrelated(trick, replace(other, entities=("aardman",), subjects=frozenset({"aardman"})))) == 5


def test_headlines_about_the_same_things_with_leads_spelt_alike_across_languages_tell_one_event():
    """An English and a French report of one announcement, the same names in both headlines (Gen-2 bringing its
    maker) and no place, figure or person besides them: words spelt alike in both languages (systems, systèmes;
    simulate, simulent) tell one event, where leads sharing none do not."""
    names = {"models": ("Gen-2",), "entities": ("runway",), "subjects": ("Gen-2", "runway")}
    english = news("a", "Runway bets Gen-2's future on general world models", DAY, **names)
    english.text = "Runway says its next systems will simulate complex worlds, their objects and interactions."
    french = news("b", "Runway veut que Gen-2 reproduise le monde", DAY + timedelta(hours=15), "fr", **names)
    french.text = "Runway prépare des systèmes qui simulent des mondes complexes, leurs objets et leurs interactions."
    makers = {"Gen-2": "runway"}
    assert [english, french] in cluster([english, french, *_unrelated_reports()], makers=makers)
    french.text = (
        "La start-up new-yorkaise annonce une mise à jour de Gen-2, sans dire quand elle sortira ni à quel prix."
    )
    assert [english] in cluster([english, french, *_unrelated_reports()], makers=makers)
