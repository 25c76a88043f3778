"""Enrichment tags models, organisations, topics and relevance, with a reason for every decision."""

from __future__ import annotations

import pytest

from digests.enrich import Enricher
from digests.types import Item


def item(title: str, text: str = "", language: str | None = "en") -> Item:
    return Item(
        identity=f"guid:{title}",
        url=None,
        title=title,
        text=text,
        author=None,
        published=None,
        updated=None,
        language=language,
        content_hash="x",
    )


@pytest.fixture(scope="module")
def enricher(knowledge) -> Enricher:
    return Enricher(knowledge)


def test_models_and_organisations_are_tagged(enricher):
    [notes] = enricher.annotate(
        [item("Runway and Lionsgate sign a deal", "Runway will train a Gen-3 Alpha based model for Lionsgate films.")]
    )
    assert "runway-gen-3-alpha" in notes.models
    assert {"runway", "lionsgate"} <= set(notes.entities)
    assert notes.topics[0] == "deals"
    assert notes.relevant and "Gen-3 Alpha" in notes.reason


def test_french_items_get_french_topic_cues(enricher):
    [notes] = enricher.annotate(
        [item("Le syndicat SAG-AFTRA obtient des garanties sur l'IA", "La grève des acteurs prend fin.", "fr")]
    )
    assert notes.topics[0] == "labour"
    assert notes.language == "fr"


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        ("Alibaba open-sources its video model", "Anyone can download the weights.", "en"),
        ("Alibaba met son modèle vidéo en libre accès", "Les poids sont téléchargeables.", "fr"),
        ("Le modèle d'Alibaba passe en open source", "Les poids sont téléchargeables.", "fr"),
    ],
)
def test_open_weights_are_a_release_in_both_languages(enricher, title, text, language):
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.topics[:1] == ("releases",)


def test_undeclared_languages_are_detected(enricher):
    english, french = enricher.annotate(
        [
            item("OpenAI shows Sora to Hollywood studios", "The company met producers in Los Angeles.", None),
            item("OpenAI présente Sora aux studios", "L'entreprise a rencontré des producteurs à Los Angeles.", None),
        ]
    )
    assert (english.language, french.language) == ("en", "fr")


@pytest.mark.parametrize(
    "title",
    [
        "Inside Out 2 tops the weekend box office with a record opening",
        "Chip maker reports record quarterly earnings on data-centre demand",
        "A simple recipe for a weeknight ratatouille",
    ],
)
def test_noise_is_left_out_with_a_reason(enricher, title):
    [notes] = enricher.annotate([item(title)])
    assert not notes.relevant
    assert notes.reason


def test_an_ambiguous_model_compared_with_a_model_named_for_sure_is_that_model(enricher):
    text = "Luma's Dream Machine sharpens its motion to keep up with Kling and with Gen-3 Alpha of Runway."
    [notes] = enricher.annotate([item("Dream Machine 1.5 is out", text)])
    assert {"kling", "luma-dream-machine", "runway-gen-3-alpha"} <= set(notes.models)
    [notes] = enricher.annotate([item("Kling family opens a bakery", "Marc Kling bakes bread in the old town.")])
    assert notes.models == ()


def test_ambiguous_names_need_their_ai_context(enricher):
    game, model = enricher.annotate(
        [
            item("Kingdom Hearts arrives on Steam", "Sora, Donald and Goofy return in the remastered collection."),
            item("OpenAI opens Sora", "OpenAI's text-to-video model Sora is now available to subscribers."),
        ]
    )
    assert "sora" not in game.models and not game.relevant
    assert "Sora in another sense than the AI one" in game.reason
    assert "sora" in model.models


@pytest.mark.parametrize(
    "title",
    [
        "New generative AI chatbot helps accountants file taxes",
        "AI start-up raises $600 million for its commercial language models",
        "Phone maker adds generative AI to its camera app to erase objects from photos",
    ],
)
def test_ai_without_screen_industry_is_out(enricher, title):
    [notes] = enricher.annotate([item(title)])
    assert not notes.relevant and "not film" in notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        ("Judge rules AI training on books was fair use", "Authors had sued over generative AI training.", "en"),
        ("Authors lose copyright suit over Llama", "They said Meta trained its Llama models on their books.", "en"),
        ("L'Italie vote sa loi sur l'IA", "Une œuvre faite avec l'IA n'est protégée par le droit d'auteur que…", "fr"),
        ("Anthropic settles with writers", "Its Claude models had learnt from books under copyright.", "en"),
        ("Le juge valide l'accord avec les écrivains", "Leurs livres piratés avaient servi à entraîner une IA.", "fr"),
        ("Court sides with LAION", "Its AI training data falls under the text-and-data-mining exception.", "en"),
        (
            "Adobe says Firefly learns only from Adobe Stock",
            "It does not train its generative AI on clients' files.",
            "en",
        ),
    ],
)
def test_ai_and_the_rights_in_creative_work_are_in_even_without_a_film(enricher, title, text, language):
    """Copyright fights over AI training set what studios may do with AI: a film team wants them in its digest."""
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant and "creative-rights cue" in notes.reason, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        (
            "Judge lets the Times press its copyright claims against OpenAI",
            "The paper says ChatGPT copies its articles; the case turns on training on news stories as fair use.",
            "en",
        ),
        (
            "A digital publisher sues OpenAI over ChatGPT",
            "It says its tech reviews were copied to train the models, and OpenAI says training is fair use.",
            "en",
        ),
        (
            "Des groupes de presse poursuivent OpenAI",
            "Ils accusent son robot conversationnel de reprendre leurs articles, au mépris du droit d'auteur.",
            "fr",
        ),
        (
            "Droit d'auteur : des journaux attaquent une start-up d'IA",
            "Les éditeurs de presse accusent son robot conversationnel de reprendre leurs articles sans payer.",
            "fr",
        ),
        # Legal research and code are factual texts too (Thomson Reuters v. Ross).
        (
            "Judge rejects fair use for a legal AI start-up",
            "It copied a legal research service's headnotes, infringing its copyright, to build an AI search tool.",
            "en",
        ),
    ],
)
def test_ai_and_the_rights_in_news_are_the_press_s_fight_not_a_film_team_s(enricher, title, text, language):
    [notes] = enricher.annotate([item(title, text, language)])
    assert not notes.relevant and "rights in news, law or code" in notes.reason, notes.reason


def test_news_beside_creative_work_or_a_library_of_it_stays_in(enricher):
    authors, photos = enricher.annotate(
        [
            item("Authors and newspapers sue an AI firm", "Novelists say its generative AI copied their books."),
            item("Getty Images and newspapers sue an AI firm", "Its AI copied their photos, in breach of copyright."),
        ]
    )
    assert authors.relevant and photos.relevant, (authors.reason, photos.reason)


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("TikTok lets users see fewer AI videos in their feed", "en"),
        ("TikTok teste un curseur pour voir moins de vidéos générées par l'IA", "fr"),
        ("Les vidéos générées par intelligence artificielle envahissent les réseaux", "fr"),
    ],
)
def test_ai_made_videos_are_screen_work_in_either_language(enricher, title, language):
    [notes] = enricher.annotate([item(title, "", language)])
    assert notes.relevant and "production" in notes.reason, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        ("Nvidia shows an AI denoiser at Gamescom", "A neural network trained on more data cleans up lighting.", "en"),
        ("La Gamescom mise sur l'IA générative", "Les éditeurs y montrent des personnages animés par l'IA.", "fr"),
        ("CES : un DLSS 4.5 dopé à l'IA", "Pour les joueurs PC, un nouveau modèle d'intelligence artificielle.", "fr"),
    ],
)
def test_a_games_fair_or_its_players_are_the_games_industry(enricher, title, text, language):
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant and "games" in notes.reason, notes.reason


def test_a_company_named_for_sure_outweighs_its_name_s_other_sense(enricher):
    """ "Runway's AI" names the company; a fashion category at its festival does not make it a catwalk."""
    festival, catwalk = enricher.annotate(
        [
            item(
                "Runway's AI Festival comes to New York",
                "Runway held the gala of its festival, whose categories now include film, fashion and gaming.",
            ),
            item("Models walk the runway at Paris fashion week", "The AI-designed prints drew applause."),
        ]
    )
    assert festival.relevant and "runway" in festival.entities, festival.reason
    assert not catwalk.relevant and "runway" not in catwalk.entities, catwalk.reason


def test_valve_in_a_production_pipeline_is_still_the_game_company(enricher):
    text = "Developers must describe the AI in their production pipeline for their video games."
    [notes] = enricher.annotate([item("Valve adds AI disclosures to Steam", text)])
    assert notes.relevant and "valve" in notes.entities, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language", "company"),
    [
        (
            "ZeniMax testers win a say over AI",
            "The union must be told when AI tools affect members' work.",
            "en",
            "zenimax",
        ),
        (
            "Roblox lets players conjure cars with AI",
            "Its Cube model turns a prompt into a drivable object.",
            "en",
            "roblox",
        ),
        ("Valve asks Steam developers to disclose AI", "Video games made with AI must say so.", "en", "valve"),
        (
            "Respeecher recreates a late actor's voice",
            "The studio licensed his recordings for the series.",
            "en",
            "respeecher",
        ),
        (
            "Flawless AI re-syncs actors' lips for a dubbed film",
            "Its tool changes the mouth, not the voice.",
            "en",
            "flawless",
        ),
        ("HeyGen translates a singer's interview", "Her lips move with the new language.", "en", "heygen"),
        (
            "Pixar used machine learning to draw its heroine's flames",
            "Neural style transfer shaped the fire.",
            "en",
            "pixar",
        ),
        (
            "Disney's Olaf robot learned to walk by reinforcement learning",
            "Walt Disney Imagineering made him move like the film's character.",
            "en",
            "disney",
        ),
        (
            "Un robot de Disney appris par renforcement",
            "L'apprentissage par renforcement lui donne la démarche du personnage du film.",
            "fr",
            "disney",
        ),
        (
            "Blizzard tells staff an AI tool now draws concept art",
            "Artists of its games fear for their jobs.",
            "en",
            "activision-blizzard",
        ),
        (
            "Weta FX tests generative AI on a new feature",
            "The New Zealand house will use it on effects shots.",
            "en",
            "weta-fx",
        ),
        (
            "TF1 will draw its weather maps with generative AI",
            "The group says forecasters keep the last word.",
            "en",
            "tf1",
        ),
        (
            "L'IA générative arrive chez France Télévisions",
            "Le groupe public forme ses équipes.",
            "fr",
            "france-televisions",
        ),
        ("Canal+ tests AI on its catalogue", "The pay-TV group wants subtitles on its series.", "en", "canal-plus"),
        ("YouTube takes down AI fakes of a face on request", "The privacy process now covers them.", "en", "youtube"),
        ("Priyanka Chopra, nouvelle cible des hypertrucages", "Sa voix vante un placement.", "fr", "priyanka-chopra"),
        ("Twitch bans an AI streamer", "Her jokes and voice are generated by an AI system.", "en", "twitch"),
        ("TikTok laisse régler la part de vidéos d'IA", "Un curseur s'ajoute aux sujets du fil.", "fr", "tiktok"),
    ],
)
def test_known_names_of_entertainment_work_and_synthetic_media_count(enricher, title, text, language, company):
    """Game companies, studios, effects houses and broadcasters are entertainment work; synthetic-media companies,
    whose tools copy voices and faces, are AI."""
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant and company in notes.entities, notes.reason


def test_flawless_as_an_adjective_is_no_company(enricher):
    [notes] = enricher.annotate(
        [item("A flawless performance lifts the film", "The actor's AI-free turn drew praise.")]
    )
    assert "flawless" not in notes.entities


def test_the_lumiere_festival_is_not_google_s_model_even_beside_ai(enricher):
    festival, model = enricher.annotate(
        [
            item(
                "Del Toro in Lyon: AI can go to hell",
                "He brought Frankenstein to the Lumiere festival and defended cinema.",
            ),
            item("Google Research shows Lumiere", "The text-to-video model generates a whole clip in one pass."),
        ]
    )
    assert "lumiere" not in festival.models and festival.relevant, festival.reason
    assert "lumiere" in model.models


def test_copyright_without_ai_stays_out(enricher):
    [notes] = enricher.annotate([item("Publisher wins copyright suit", "A court found the novel's sequel infringing.")])
    assert not notes.relevant


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Football clubs film matches with Veo cameras", "The Veo Cam uses AI to follow the ball on the pitch."),
        ("Veo's seated scooters join the city fleet", "Veo offers a seated model for older riders."),
    ],
)
def test_a_name_used_in_its_other_sense_takes_the_item_out(enricher, title, text):
    [other] = enricher.annotate([item(title, text)])
    assert not other.relevant and "veo" not in other.models
    assert "Veo in another sense" in other.reason


def test_a_studio_that_holds_a_model_s_name_is_not_the_model(enricher):
    [notes] = enricher.annotate(
        [item("Kraftwerk's Kling Klang sound on tour", "The band plays 'The Model' and 'Autobahn' in 3-D.")]
    )
    assert not notes.relevant and "kling" not in notes.models


def test_a_model_s_maker_named_outweighs_its_name_s_other_sense(enricher):
    [launch] = enricher.annotate(
        [item("Moonvalley shows Marey", "The model is named after the physiologist Étienne-Jules Marey.")]
    )
    assert launch.relevant and launch.models == ("marey",), launch.reason
    [museum] = enricher.annotate(
        [item("Marey's chronophotography on show", "The physiologist filmed birds in flight.")]
    )
    assert not museum.relevant and "marey" not in museum.models


def test_the_kingdom_hearts_publisher_objecting_to_sora_2_does_not_make_it_the_game_hero(enricher):
    [letter] = enricher.annotate(
        [
            item(
                "Square Enix and Bandai Namco ask OpenAI to stop training Sora 2 on their works",
                "The Japanese publishers say many videos made with Sora 2 closely resemble their games and anime.",
            )
        ]
    )
    assert letter.relevant and letter.models == ("sora-2",)
    [game] = enricher.annotate([item("Sora returns in Kingdom Hearts IV", "Square Enix showed Sora and Riku.")])
    assert not game.relevant and "sora" not in game.models


def test_ai_copying_a_known_performer_is_performers_work_without_a_film_word(enricher):
    [fakes, album, other] = enricher.annotate(
        [
            item("Explicit AI fakes of Taylor Swift flood X", "The deepfakes were viewed millions of times."),
            item("Taylor Swift announces a new album", "The record comes out in October."),
            item("Explicit AI fakes of a politician flood X", "The deepfakes were viewed millions of times."),
        ]
    )
    assert fakes.relevant and "taylor-swift" in fakes.entities and "Taylor Swift" in fakes.reason
    assert not album.relevant and not other.relevant


def test_microsoft_is_known_apart_from_its_games_division(enricher):
    [research, games] = enricher.annotate(
        [
            item("Microsoft Research shows VASA-1", "The model animates a face from one photo and a voice clip."),
            item("Microsoft Gaming shows Muse", "The AI model generates gameplay visuals for Xbox."),
        ]
    )
    assert research.entities == ("microsoft",)
    assert games.entities == ("xbox",)


def test_a_company_is_confirmed_by_its_own_models(enricher):
    [notes] = enricher.annotate([item("Runway opens Gen-4 to studios", "Gen-4 keeps characters consistent.")])
    assert "runway" in notes.entities and "runway-gen-4" in notes.models


def test_a_family_name_beside_its_newer_model_tags_only_the_newer_model(enricher):
    [notes] = enricher.annotate(
        [item("OpenAI pauses Sora videos of a civil rights leader", "Sora 2 users can no longer make such clips.")]
    )
    assert notes.models == ("sora-2",)


def test_an_older_model_named_in_full_beside_a_newer_one_keeps_both_tags(enricher):
    [notes] = enricher.annotate(
        [item("Runway shows Gen-3 Alpha", "The video model makes steadier shots than Gen-2, the AI company says.")]
    )
    assert set(notes.models) == {"runway-gen-3-alpha", "runway-gen-2"}


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        (
            "A sci-fi epic opens in a world ruled by AI",
            "The film's hero leads the last humans against artificial intelligence.",
            "en",
        ),
        (
            "Le nouveau film de Bonello sort en salles",
            "En 2044, l'intelligence artificielle domine et Léa Seydoux y joue Gabrielle.",
            "fr",
        ),
        ("« La Bête » : un monde gouverné par l'intelligence artificielle", "Le film sort mercredi en salles.", "fr"),
        # The world's ruler may be named after the world ("de 2044"), or the story be a war against it.
        ("Le film de Bonello sort en salles", "Il imagine un monde de 2044 gouverné par l'IA.", "fr"),
        (
            "A science-fiction epic opens today",
            "It is set during a war between humanity and artificial intelligence.",
            "en",
        ),
        (
            "« La Bête » sort mercredi",
            "Le film imagine un futur gouverné par les machines et l'intelligence artificielle.",
            "fr",
        ),
        # A game's AI, its companions' behaviour, is a character's, not AI used to make the game.
        ("Dragon's Dogma 2 divise les joueurs", "Ses compagnons sont contrôlés par l'IA du jeu de Capcom.", "fr"),
        # A virtual assistant in a thriller is its character too.
        (
            "« Dalloway », le thriller où une IA écrit",
            "La romancière s'appuie sur un assistant virtuel envahissant.",
            "fr",
        ),
        # A robot in a horror film is its character.
        ("A horror hit at the box office", "Its lifelike robot doll's artificial intelligence turns murderous.", "en"),
        # A film whose subject is AI, or an AI some actor plays, is a story about AI too.
        (
            "A governor unveils a Nollywood drama",
            "Its producers call it a feature film about artificial intelligence.",
            "en",
        ),
        (
            "« Mercy » sort vendredi",
            "Le film le fait plaider devant une juge d'intelligence artificielle jouée par Rebecca Ferguson.",
            "fr",
        ),
    ],
)
def test_a_film_about_ai_or_set_in_a_world_ai_rules_is_a_story_about_ai(enricher, title, text, language):
    """The AI is the world the story is set in, written in plain words, as every AI report writes it: only the
    ruling says it is a setting and not a tool."""
    [notes] = enricher.annotate([item(title, text, language)])
    assert not notes.relevant and "character" in notes.reason, notes.reason


def test_rules_about_ai_in_films_are_no_world_ruled_by_ai(enricher):
    [notes] = enricher.annotate(
        [
            item(
                "The Academy sets AI rules for films",
                "Using artificial intelligence neither helps nor harms a film's Oscar chances.",
            )
        ]
    )
    assert notes.relevant, notes.reason


def test_an_ai_a_policy_asks_for_is_no_character(enricher):
    text = (
        "La société des auteurs de cinéma et de télévision publie cinq propositions pour une intelligence artificielle "
        "respectueuse de leurs droits."
    )
    [notes] = enricher.annotate([item("IA : les auteurs formulent cinq propositions", text, "fr")])
    assert notes.relevant, notes.reason


def test_a_film_about_an_ai_character_is_not_ai_in_filmmaking(enricher):
    [notes] = enricher.annotate(
        [
            item(
                "Killer-doll sequel opens softly at the box office",
                "The horror film about a murderous AI doll and a rival android took $10 million this weekend.",
            )
        ]
    )
    assert not notes.relevant
    assert "AI as a character" in notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language", "character"),
    [
        (
            "Cannes opens with a comedy",
            "Actors play actors shooting a film directed by an artificial intelligence.",
            "en",
            True,
        ),
        (
            "Un film d'ouverture très méta",
            "Les comédiens y tournent un film dirigé par une intelligence artificielle.",
            "fr",
            True,
        ),
        (
            "The spy saga's last film",
            "Its hero hunts a rogue artificial intelligence, the Entity, across the film.",
            "en",
            True,
        ),
        ("A novel told by a robot", "Its narrator is an artificial intelligence that learns to love.", "en", True),
        # An AI given a name, as a character is, even with a word between the article and the AI.
        (
            "An anime series takes the franchise to Tokyo",
            "In the series, a scientist builds a rival artificial intelligence called Kokoro.",
            "en",
            True,
        ),
        ("Une série d'animation sur Netflix", "Son héros affronte une IA baptisée Entité.", "fr", True),
        # An AI written as the tool a book was made with is AI at work, not a character.
        (
            "Des romans signés d'une autrice qu'elle n'a jamais écrits",
            "Ces livres autoédités ont été générés par une intelligence artificielle.",
            "fr",
            False,
        ),
        (
            "A list of novels that do not exist",
            "It was written with the help of an artificial intelligence.",
            "en",
            False,
        ),
        ("Une liste de romans inventés", "Elle a été rédigée à l'aide d'une intelligence artificielle.", "fr", False),
        (
            "Un court métrage primé au festival",
            "Ses personnages ont été fabriqués par une intelligence artificielle.",
            "fr",
            False,
        ),
        (
            "Sa « mère » dans la comédie a été créée par l'IA",
            "Le visage d'une comédienne a été transformé par une intelligence artificielle pour le film.",
            "fr",
            False,
        ),
    ],
)
def test_an_artificial_intelligence_in_a_film_or_novel_is_a_character_unless_written_as_a_tool(
    enricher, title, text, language, character
):
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant is not character, notes.reason
    assert ("AI as a character" in notes.reason) is character


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Spotify retire des chansons de Boomy",
            "Des robots gonflaient les écoutes de ces morceaux composés par l'IA.",
        ),
        ("Les Reels doublés automatiquement", "Une intelligence artificielle double les vidéos des créateurs."),
    ],
)
def test_songs_and_dubbed_videos_tell_no_story_with_an_ai_character(enricher, title, text):
    """Music's "robots" are bots inflating plays; the AI that dubs a video is a tool, not a character."""
    [notes] = enricher.annotate([item(title, text, "fr")])
    assert notes.relevant, notes.reason


def test_a_company_s_results_naming_ai_as_a_business_are_no_ai_in_entertainment(enricher):
    text = (
        "Third-quarter net sales rose 11%; its artificial intelligence business grew fast. Advertising grew too, "
        "helped by commercials on its streaming service."
    )
    [notes] = enricher.annotate([item("Retail giant beats forecasts", text)])
    assert not notes.relevant and "company's results (net sales, third quarter)" in notes.reason
    [notes] = enricher.annotate([item("The streamer's results", "Net income rose; generative AI made its new series.")])
    assert notes.relevant, notes.reason
    text = "It added 13 million members in the fourth quarter, helped by its series and its recommendation AI."
    [notes] = enricher.annotate([item("Streamer beats forecasts", text)])
    assert not notes.relevant and "company's results (fourth quarter)" in notes.reason


def test_a_chief_s_view_of_ai_given_on_an_earnings_call_is_about_ai(enricher):
    """The headline is about AI: the results are only where it was said."""
    text = "Asked about artificial intelligence on the third-quarter earnings call, he said it must make better shows."
    [notes] = enricher.annotate([item("Streaming chief on AI: the test is better shows", text)])
    assert notes.relevant, notes.reason


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Firefly Studios remasters a classic", "Its computer-controlled rival lords, the AI opponents, return."),
        ("China's 'AI tigers' go public", "The start-ups dubbed AI tigers sell language models to businesses."),
    ],
)
def test_game_opponents_and_a_nickname_are_no_ai_in_entertainment_work(enricher, title, text):
    """A game's AI opponents are characters, not AI used in making it; "dubbed" a name is no dubbing."""
    [notes] = enricher.annotate([item(title, text)])
    assert not notes.relevant, notes.reason


def test_a_studio_s_warning_to_ai_crawlers_is_no_film_about_robots(enricher):
    """« les robots » here are the crawlers that would train AI models on the films."""
    text = (
        "Après l'avertissement contre le piratage, la mise en garde contre les robots : ses films ne peuvent servir à "
        "entraîner des modèles d'intelligence artificielle."
    )
    [notes] = enricher.annotate([item("Un studio interdit l'entraînement sur ses films", text, "fr")])
    assert notes.relevant, notes.reason


def test_ai_used_to_make_a_film_stays_relevant_even_with_robots_on_screen(enricher):
    [notes] = enricher.annotate(
        [item("Sci-fi film uses generative AI for its robot crowds", "The studio used AI-generated extras.")]
    )
    assert notes.relevant


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        ("Broadcaster unveils an AI presenter", "The channel's new presenter was generated with AI.", "en"),
        ("Voice actors fight AI voice clones", "Dubbing artists want consent before their voices are cloned.", "en"),
        ("Doublage : les comédiens face aux clones vocaux", "Les doubleurs réclament un accord.", "fr"),
        ("Fake trailers made with AI lose their ads", "Channels posting AI trailers will no longer earn money.", "en"),
        ("Court rules on AI and song lyrics", "A chatbot reproduced lyrics without a licence, songwriters said.", "en"),
        ("Une radio confie l'antenne à l'IA", "Ses animateurs sont désormais des voix de synthèse.", "fr"),
        ("Publisher shows AI game characters", "A language model lets players talk to non-player characters.", "en"),
        ("Un film écrit par un robot conversationnel", "Le réalisateur a confié son scénario à l'outil.", "fr"),
        ("AI may cut audiovisual creators' pay", "A study of generative AI puts a fifth of their pay at risk.", "en"),
        ("Netflix tests generative AI search", "Members can describe what they feel like watching.", "en"),
        ("Pluribus credits say no AI was used", "Its writers' room kept generative AI out.", "en"),
        ("Final Fantasy publisher sets an AI target", "Square Enix wants generative AI to run most testing.", "en"),
        ("Krafton se veut « AI first »", "L'éditeur coréen confie des tâches à l'intelligence artificielle.", "fr"),
        ("Record company sues an AI song maker", "Sony Music says the model was trained on its recordings.", "en"),
        ("Behind the AI Christmas commercial", "The brand's holiday commercial was made with generative AI.", "en"),
        ("Cannes Lions : un Grand Prix retiré", "La vidéo de l'agence avait été retouchée par IA.", "fr"),
        ("An AI-assisted track wins a Grammy", "Machine learning lifted the vocal from an old demo.", "en"),
        ("Une chanson faite par IA en tête des ventes", "Son interprète est entièrement virtuel.", "fr"),
        ("An AI text-to-audio model for foley", "Sound editors describe footsteps and get a generated clip.", "en"),
        ("Audible offers AI narration", "Publishers can turn books into audiobooks read by synthetic voices.", "en"),
        ("H&M va cloner ses mannequins", "Des doubles numériques poseront pour ses campagnes publicitaires.", "fr"),
        ("Runway passe aux modèles de monde", "Ces modèles de monde serviront au jeu vidéo et aux studios.", "fr"),
        ("Une actrice victime d'une vidéo hypertruquée", "Son visage a été plaqué sur celui d'une autre.", "fr"),
        ("Le visage numérique d'un acteur disparu", "Il réapparaît dans la suite de la saga.", "fr"),
        (
            "Robert Downey Jr. vows to sue over AI copies of him",
            "He means any digital replica, even after death.",
            "en",
        ),
        ("Sites sell a cloned narration", "A synthetic voice copies a famous naturalist's.", "en"),
        ("A singer warns her fans about fake songs", "The tracks use software mimicking her voice.", "en"),
        ("Un animateur disparu revient en podcast", "Une intelligence artificielle imite sa voix.", "fr"),
        ("Un mannequin virtuel dans Vogue", "La jeune femme a été créée par intelligence artificielle.", "fr"),
        ("A fashion page stars a model who does not exist", "The advertisement's model was made with AI.", "en"),
        ("One photo is enough to make anyone talk", "The video shows the person singing, a deepfake risk.", "en"),
        ("Avec EMO, une photo se met à parler", "Le modèle génère une vidéo où le visage suit la voix.", "fr"),
        ("Grimes opens Elf.Tech", "Fans turn their own vocals into GrimesAI songs.", "en"),
        ("Doom runs on a neural network", "A diffusion model draws each frame; no game engine is needed.", "en"),
        ("Un monde jouable généré par IA", "Chaque image est prédite par le modèle, sans moteur de jeu.", "fr"),
        ("Chatbot ad pulled after viewers object", "The spot sold an AI chatbot writing a child's fan letter.", "en"),
        ("JO : Google retire sa publicité pour son IA", "Le spot avait été diffusé pendant les retransmissions.", "fr"),
        ("Tennis highlights get AI commentary", "Generative AI voices the clips, with no commentator.", "en"),
        ("« Miss IA » : une influenceuse virtuelle sacrée", "Le concours réunit des créatures faites par IA.", "fr"),
        ("Publisher rules out AI art in its comics", "No generative AI will draw its comic books.", "en"),
        ("La BD refuse l'IA générative", "Les dessinateurs de l'éditeur ne s'en serviront pas.", "fr"),
        ("A retailer's teens campaign has no real models", "Its ads show faces made by generative software.", "en"),
        ("Deepfakes : une agence défend ses chanteuses", "Des vidéos truquées par IA visent un groupe de k-pop.", "fr"),
        ("Un éditeur de jeux admet une image faite par IA", "Wizards of the Coast promet de mieux vérifier.", "fr"),
        ("A sci-fi prize screened its jurors with ChatGPT", "Novelists on the shortlist called it a betrayal.", "en"),
        ("Le prix Goncourt face à l'IA", "Des romanciers refusent que leurs livres entraînent des modèles.", "fr"),
        ("Une marque de soda confie sa publicité à DALL-E", "L'annonceur exposera les images des internautes.", "fr"),
        ("Court bars chatbots posing as a film director", "Fake accounts spoke in his name.", "en"),
        ("Voice actors sue over cloned copies of their voices", "A start-up sold them to its clients.", "en"),
        ("Un générateur de musique en libre accès", "Les compositeurs de musique d'illustration s'inquiètent.", "fr"),
        ("Kindle Direct Publishing caps new titles", "Amazon acts against a flood of AI-generated books.", "en"),
        ("HarperCollins licenses backlist titles for AI training", "Authors must opt in to the deal.", "en"),
        ("Des auteurs autoédités face à l'IA", "La plateforme veut savoir quels textes sont générés.", "fr"),
        ("Les traducteurs littéraires dénoncent la traduction automatique", "Une agence relira les textes.", "fr"),
        ("NCSoft shows language models for its designers", "They will draft quests and dialogue.", "en"),
        ("Retailer pulls AI-made titles sold under a writer's name", "She covers the publishing business.", "en"),
        ("Photographer turns down an award for an AI image", "The contest's judges had not spotted it.", "en"),
        ("Concours photo : l'image primée sortait d'une IA", "Le photographe refuse son prix.", "fr"),
        ("ESPN's AI-written recap misses a farewell", "The network publishes AI recaps of its games.", "en"),
        ("Glénat denies using AI", "Fans blamed generative AI for a botched panel in its new edition.", "en"),
        ("Une couverture faite par IA", "Le livre arrive en librairie avec une image générée par IA.", "fr"),
        ("Publicis bets on AI for its agencies", "CoreAI brings its data and engineers together.", "en"),
        ("An image model's first testers", "Concept artists praise its draft mode before a full render.", "en"),
        ("Un musée expose les images des IA", "Des œuvres d'artistes détournent les modèles génératifs.", "fr"),
        ("AI trained on late-night talk shows", "Transcripts of their clips went into training data.", "en"),
        ("Des IA entraînées sur des chaînes YouTube", "Des youtubeurs découvrent que leurs vidéos ont servi.", "fr"),
        ("Un générateur de sons par IA", "Il compose des morceaux et des bruitages sur demande.", "fr"),
        ("A robot's portrait sells for $1 million", "Sotheby's sold the work, painted with AI.", "en"),
        ("Les peintres face à l'IA générative", "Une galeriste expose des œuvres d'art faites par des modèles.", "fr"),
        ("Steam turns away a game with AI art", "A games industry analyst shared its AI-generated sprites.", "en"),
        ("Final Cut Pro 11 brings AI captions", "A large language model writes them; no green screen needed.", "en"),
        ("Un logiciel de montage mise sur l'IA", "Il sous-titre les vidéos grâce à un modèle de langage.", "fr"),
        ("An influencer rents out a chatbot clone of herself", "Fans pay to talk to its GPT-4 copy.", "en"),
        ("Une influenceuse vend son double", "Un robot conversationnel imite sa voix pour ses abonnés.", "fr"),
        ("KISS hand the stage to digital avatars", "The band's virtual performers will play on without them.", "en"),
        ("KISS laisse la place à ses doubles virtuels", "Le groupe de rock a fait ses adieux samedi.", "fr"),
        ("Marilyn Monroe en avatar conversationnel", "L'actrice répond de nouveau aux questions de ses fans.", "fr"),
        ("A burger chain's contest serves AI jingles", "Each entry comes back with an AI-generated picture.", "en"),
        ("La marque fait chanter l'IA", "Un jingle composé par IA accompagne l'opération de marketing.", "fr"),
        (
            "Doublage automatique : les prototypes d'Adobe inquiètent",
            "Les comédiens y voient un signe pour leur métier.",
            "fr",
        ),
        ("MusicLM : Google compose sur commande", "Les musiciens s'inquiètent pour leurs droits.", "fr"),
        ("A radio host sues Google over NotebookLM's voice", "He says its podcast host copies his cadence.", "en"),
        ("Les doubleurs attaquent les cloneurs de voix", "Des comédiens visent deux plateformes.", "fr"),
        (
            "Une série doublée sans doubleurs",
            "Une intelligence artificielle a traduit les entretiens en clonant la voix.",
            "fr",
        ),
        ("A documentary dubbed without dubbers", "The software translated each interview, cloning the voice.", "en"),
        ("Spielberg draws his line on AI", "It may help with location scouting, never decide the dialogue.", "en"),
        (
            "Reface : la plainte d'une vedette de téléréalité avance",
            "L'application d'échange de visages exploite des extraits de films.",
            "fr",
        ),
        ("Une streameuse virtuelle suspendue", "Cette VTubeuse parle avec une voix générée par une IA.", "fr"),
        ("Un faux journal de France 24 circule", "L'image du présentateur a été détournée, sa voix fabriquée.", "fr"),
        (
            "La BBC essaie l'IA générative",
            "Elle aide ses journalistes et transcrit les commentaires de ses radios locales.",
            "fr",
        ),
        ("Nvidia opens its remastering tool to all", "Modders get generative AI texture tools for old games.", "en"),
        ("Alexa loses its celebrity voices", "Text-to-speech made them from an actor's recordings.", "en"),
        ("Alexa perd ses voix de stars", "Une synthèse vocale les tirait des enregistrements d'un acteur.", "fr"),
        ("Des ralentis à 360 degrés pour les JO", "L'IA d'Alibaba Cloud les fournit aux diffuseurs.", "fr"),
        ("A gym's New Year ads are AI slop on purpose", "Its slogan pairs AI-generated fakes with real members.", "en"),
        (
            "La campagne IA d'une salle de sport fait jaser",
            "Son slogan oppose des images générées par IA au réel.",
            "fr",
        ),
    ],
)
def test_entertainment_work_beyond_film_sets_counts_as_the_screen_industry(enricher, title, text, language):
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant, notes.reason


def test_the_reason_names_the_fields_of_work_the_item_is_in(enricher):
    [notes] = enricher.annotate([item("A singer's cloned voice tops the charts", "Her songs were made with AI.")])
    assert notes.relevant and "music: singer, songs" in notes.reason
    [notes] = enricher.annotate([item("Celine Dion warns fans about AI songs", "The fakes copy her voice.")])
    assert notes.relevant and "performance: Céline Dion" in notes.reason and "music: songs" in notes.reason
    [notes] = enricher.annotate([item("Box office: the sequel opens strong", "The film beat the studio's forecast.")])
    assert not notes.relevant and "film: box office, film, studio" in notes.reason


def test_only_a_word_glued_to_a_capital_ai_is_a_coined_ai_name(enricher):
    [notes] = enricher.annotate([item("SHANGHAI studios sign with Dubai", "The film group's songs top the charts.")])
    assert not notes.relevant, notes.reason


def test_a_generative_ai_company_named_is_an_ai_signal(enricher):
    [notes] = enricher.annotate([item("Moonvalley opens a studio for filmmakers", "Directors can book sessions.")])
    assert notes.relevant and "Moonvalley" in notes.reason
    [notes] = enricher.annotate([item("A new studio opens for filmmakers", "Directors can book sessions.")])
    assert not notes.relevant


def test_sora_the_reading_app_is_not_the_video_model(enricher):
    [notes] = enricher.annotate(
        [item("Summer reading with the Sora app", "Pupils borrow e-books and audiobooks through OverDrive's Sora app.")]
    )
    assert notes.models == () and not notes.relevant


def test_the_sora_video_app_is_sora_2(enricher):
    """OpenAI's Sora video app is where Sora 2 shipped, in either language."""
    text = "Mattel prepares its first products with OpenAI, which also runs the Sora video app."
    [english] = enricher.annotate([item("OpenAI cuts off a toy maker", text)])
    text = "OpenAI, qui développe ChatGPT et l'application vidéo Sora, fait face à des plaintes."
    [french] = enricher.annotate([item("Mattel repousse son jouet conçu avec OpenAI", text, "fr")])
    assert english.models == french.models == ("sora-2",), (english.models, french.models)


def test_open_sora_is_its_own_model_not_openai_s_sora(enricher):
    """HPC-AI Tech's Open-Sora 2.0 is named after Sora, not a version of Sora 2; a comparison still names Sora."""
    text = "HPC-AI Tech released Open-Sora 2.0, an open video model it says comes close to OpenAI's Sora."
    [notes] = enricher.annotate([item("Open-Sora 2.0 trained for $200,000", text)])
    assert notes.models == ("open-sora", "sora"), notes.reason


def test_a_science_fiction_film_dubbed_with_ai_is_ai_in_its_making(enricher):
    [notes] = enricher.annotate(
        [item("Sci-fi film opens with AI lip-sync dubbing", "AI reshaped the actors' lips to match the English dub.")]
    )
    assert notes.relevant, notes.reason


def test_the_words_of_a_known_name_are_not_proper_nouns_of_their_own_in_story_terms(enricher):
    """Clustering counts a known name or a concept once: "Writers Guild of America" is the WGA, not also "Guild"
    and "America"; "Burbank" is the Los Angeles concept that a French "Los Angeles" meets, not also a noun."""
    [notes] = enricher.annotate(
        [
            item(
                "Writers and Make-A-Video: studios weigh AI scripts",
                "Members of the Writers Guild of America met Meta about Make-A-Video in Burbank on Monday.",
            )
        ]
    )
    assert notes.relevant and notes.terms is not None
    anchors = notes.terms.anchors.split()
    assert "~los-angeles" in anchors and "~monday" in anchors
    assert not {"^guild", "^america", "^make-a-video", "^meta", "^burbank", "^monday"} & set(anchors)


@pytest.mark.parametrize(
    ("title", "text", "model"),
    [
        (
            "Une publicité diffusée pendant la finale",
            "Le réalisateur a tourné les plans avec Veo 3 de Google.",
            "veo-3",
        ),
        (
            "A betting ad aired during the finals",
            "The director made every shot with Google Veo 3 in two days.",
            "veo-3",
        ),
    ],
)
def test_a_name_that_holds_its_own_context_confirms_the_model(enricher, title, text, model):
    """An ambiguous model's name written with its maker ("Veo 3 de Google") needs no other AI word nearby."""
    [notes] = enricher.annotate([item(title, text, "fr" if "publicité" in title else "en")])
    assert model in notes.models


@pytest.mark.parametrize(
    ("title", "text", "model"),
    [
        (
            "Runway's Aleph reshoots footage",
            "Runway's in-context video model Aleph changes camera angles.",
            "runway-aleph",
        ),
        ("Genmo opens Mochi 1", "Genmo released the weights of its open-source video model Mochi 1.", "mochi"),
        ("ShengShu ships Vidu 2.0", "The Chinese start-up's video model Vidu now costs less per clip.", "vidu"),
        ("Tencent opens HunyuanVideo", "Tencent published the 13-billion-parameter model's weights.", "hunyuan-video"),
        ("Lightricks releases LTX Video", "The open-weight LTXV model makes clips in real time.", "ltx-video"),
        ("Alibaba opens Wan2.2-Animate", "Tongyi Lab's model animates a character from a performer's video.", "wan"),
    ],
)
def test_newer_video_models_are_known(enricher, title, text, model):
    [notes] = enricher.annotate([item(title, text)])
    assert model in notes.models


def test_a_video_model_s_french_form_is_known(enricher):
    text = "Le modèle vidéo de Firefly gagne une référence de composition."
    [notes] = enricher.annotate([item("Adobe Firefly génère des bruitages", text, "fr")])
    assert notes.models == ("firefly-video",)


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ("In the film she plays a detective who hunts a rogue robot built by an AI firm.", True),
        ("Sci-fi thriller pits a soldier against robots that turned on humanity in the film.", True),
        # A robot in a speech or at a product launch tells no plot: the AI there is the one that made the images.
        ("The director says AI images of his film feel like a robot taking your humanity.", False),
        ("The studio says the AI-made still of its film was shown at Tesla's We, Robot event.", False),
    ],
)
def test_a_robot_is_a_character_only_where_a_plot_is_told(enricher, text, character):
    [notes] = enricher.annotate([item("A film and AI", text)])
    assert notes.relevant is not character, notes.reason


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Mochi shop opens in Kyoto", "The rice cake dessert shop sells Mochi with matcha ice cream; AI menus help."),
        ("Paulo Coelho's Aleph gets a film", "The novel Aleph, by Paulo Coelho, will be adapted for the screen."),
        ("Tesla shows Optimus Gen-2", "A video of the humanoid robot shows it walking faster and handling an egg."),
    ],
)
def test_newer_models_ordinary_senses_are_not_tagged(enricher, title, text):
    [notes] = enricher.annotate([item(title, text)])
    assert not {"mochi", "runway-aleph", "runway-gen-2"} & set(notes.models)


def test_ai_video_start_ups_are_known_companies(enricher):
    """Viggle, Higgsfield and Hedra make AI video: naming one names the AI industry, as a model would."""
    for name in ("Viggle", "Higgsfield", "Hedra"):
        [notes] = enricher.annotate([item(f"{name} raises money to animate film characters", "Investors back it.")])
        assert notes.relevant and name.lower() in notes.entities, notes.reason


def test_a_company_whose_name_holds_a_model_s_is_that_company_not_the_model(enricher):
    """Aleph Alpha, the German maker of language models, is not Runway's Aleph."""
    text = "The Heidelberg start-up builds AI language models, a rival to American video and text generators."
    [notes] = enricher.annotate([item("Aleph Alpha raises $500 million", text)])
    assert notes.models == () and "aleph-alpha" in notes.entities


def test_a_broadcaster_s_newsroom_is_no_screen_work(enricher):
    """AI garbling the BBC's headlines is news about news, as AI and the rights in newspapers is the press's."""
    text = "The BBC had complained after an AI-generated summary of its news alerts invented a headline."
    [notes] = enricher.annotate([item("Apple pauses AI summaries of news apps", text)])
    assert not notes.relevant and "news" in notes.reason, notes.reason
    [notes] = enricher.annotate([item("The BBC tests AI dubbing on its dramas", "Actors will be asked first.")])
    assert notes.relevant, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "entity"),
    [
        ("AI helps surgeons size a heart valve", "The valve replacement model was trained on scans.", "valve"),
        (
            "AI runs the Canal",
            "An AI system now schedules ships through the Panama Canal's locks to save water.",
            "canal-plus",
        ),
        (
            "A blizzard shuts the Midwest",
            "An AI weather model forecast the storm and the snow that closed Chicago's airports for two days.",
            "activision-blizzard",
        ),
    ],
)
def test_a_company_s_name_in_its_other_sense_is_no_company(enricher, title, text, entity):
    """A heart valve, the Panama Canal and a snowstorm are no game company or pay-TV group, however much AI."""
    [notes] = enricher.annotate([item(title, text)])
    assert entity not in notes.entities and not notes.relevant, notes.reason


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "OpenAI removes its chief executive",
            "OpenAI's board of directors said Sam Altman, who runs the artificial intelligence company, would leave.",
        ),
        (
            "A publisher sues Google over AI Overviews",
            "The owner of The Hollywood Reporter says Google's AI summaries of its articles cut the clicks it needs.",
        ),
        (
            "Meta's AI chats will personalise the ads you see",
            "Meta will use what people tell its AI assistant to target ads on Facebook and Instagram.",
        ),
    ],
)
def test_phrases_holding_a_work_cue_that_name_something_else_are_no_work(enricher, title, text):
    """A board of directors, a trade paper's name and a platform's ad targeting hold film and advertising words."""
    [notes] = enricher.annotate([item(title, text)])
    assert not notes.relevant, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "relevant"),
    [
        ("OpenAI's board removes its chief", "It said he was not consistently candid with directors about AI.", False),
        ("Director James Cameron warns about AI weapons", "He fears an arms race between nations.", False),
        ("Director James Cameron warns about AI actors", "He fears for the performers of his films.", True),
        (
            "OpenAI courts film directors",
            "OpenAI's film directors said Sam Altman, who runs the artificial intelligence company, would leave.",
            True,
        ),
        # Nor is an algorithm alone AI at work: a feed's ranking, unless another AI word is there.
        ("Serkis premieres his animated film at Annecy", "He says it was not made to satisfy any algorithm.", False),
        ("Serkis premieres his animated film at Annecy", "A generative AI algorithm drew its backgrounds.", True),
    ],
)
def test_directors_or_an_algorithm_alone_are_no_sign_of_ai_in_film_work(enricher, title, text, relevant):
    [notes] = enricher.annotate([item(title, text)])
    assert notes.relevant is relevant, notes.reason


@pytest.mark.parametrize("round_name", ["Series B", "Series C"])
def test_a_start_up_s_funding_round_is_no_tv_series(enricher, round_name):
    """« séries » is a French television cue and folds to "series": a Series B round must not read as one."""
    text = f"The French AI developer raised €1.7 billion in a {round_name} round to sell its models to banks."
    [notes] = enricher.annotate([item("Chip-equipment maker leads AI round", text)])
    assert not notes.relevant, notes.reason
    [notes] = enricher.annotate(
        [item("Le développeur d'IA lève 1,7 milliard", "Ses modèles doubleront des séries.", "fr")]
    )
    assert notes.relevant, notes.reason


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        ("Meta releases SAM 2", "An open model that follows objects, for video editing and effects.", "en"),
        ("Meta dévoile SAM 2, une IA qui détoure", "Pour les truquistes, la rotoscopie ira plus vite.", "fr"),
        ("VideoJAM : des vidéos d'IA plus crédibles", "Les générateurs de vidéos trébuchent sur les gestes.", "fr"),
        ("Fans split over a GPT-powered digital twin", "The K-pop singer's avatar chats with fans.", "en"),
        ("DaVinci Resolve 18.5 leans on its Neural Engine", "Editors get transcripts and a relighting effect.", "en"),
        ("Editing by transcript", "Machine learning transcribes interviews for assistant editors, colourists.", "en"),
        ("Pocket FM raises $103 million", "The audio drama platform uses AI to write pilot scripts faster.", "en"),
        ("PixVerse séduit Alibaba", "La pépite de la vidéo générée transforme une photo en clip.", "fr"),
        ("Blackmagic ajoute de l'apprentissage automatique", "Le logiciel transcrit la parole des rushes.", "fr"),
        ("HeyGen lève 60 millions", "Ses clones traduisent un discours en gardant le mouvement des lèvres.", "fr"),
        ("AI start-up raises $20 million", "Its models lip-sync translated speech in any voice.", "en"),
        ("Penn's offer to the studios", "If they want his scans, he wants theirs, to make virtual replicas.", "en"),
        ("Gran Turismo 7 : l'IA Sophy arrive", "Sur PS5, les joueurs affrontent un pilote entraîné par l'IA.", "fr"),
        ("Avec la PS5 Pro, l'IA devient un argument", "L'upscaling par réseau de neurones arrive sur console.", "fr"),
        ("Three premieres about AI", "Of the festival's world premieres, one was made with an image generator.", "en"),
        ("Une IA à l'affiche", "En première mondiale, un court réalisé avec un générateur d'images.", "fr"),
        ("A new Molière comedy", "A university theatre troupe wrote it with AI models from Mistral.", "en"),
        ("Molière ressuscité par l'IA", "Le dramaturge aurait-il écrit ainsi ? L'IA a proposé les répliques.", "fr"),
        ("Avatars as understudies?", "Panellists said AI avatars could cover absent actors in the West End.", "en"),
        ("Robots bipèdes", "Formés par apprentissage par renforcement, au parc d'attractions.", "fr"),
        ("Elmo sends AI greetings", "The clips are assembled with AI tools, not recorded by the puppeteers.", "en"),
        ("Elmo salue votre enfant", "En version animée, fabriquée avec l'intelligence artificielle.", "fr"),
        ("Doubleurs espagnols : un verrou", "Le décret encadre le clonage de leur voix par les studios.", "fr"),
    ],
)
def test_newer_ai_and_work_words_are_known(enricher, title, text, language):
    """AI words: an open model, GPT, a neural engine or network, « vidéo générée », « clonage de leur voix », virtual
    replicas. Work words: rotoscoping and « truquistes », video generators in the plural, colourists and assistant
    editors, audio drama and lip sync, consoles in French too, world premieres, the stage (theatres, playwrights,
    theme parks), puppeteers and « version animée »; Blackmagic Design, a maker of cinema cameras and editing software,
    is screen work."""
    [notes] = enricher.annotate([item(title, text, language)])
    assert notes.relevant, notes.reason


def test_a_neural_network_in_a_game_s_plot_is_a_character(enricher):
    """A rogue neural network in a shooter's story is fiction, as a rogue AI is."""
    text = "The shooter's plot turns on a rogue neural network that turns the robots of a Soviet utopia on people."
    [notes] = enricher.annotate([item("Atomic Heart launches on Xbox and PlayStation", text)])
    assert not notes.relevant, notes.reason


def test_the_animation_guild_is_known_by_its_acronym_only_where_it_is_a_union(enricher):
    """ "TAG" in capitals beside screen work is the Animation Guild; a price tag is not, nor is TAG Heuer."""
    [notes] = enricher.annotate(
        [item("TAG's AI language: notice, but no veto", "The guild's contract asks studios to consult on AI.")]
    )
    assert "the-animation-guild" in notes.entities and notes.relevant, notes.reason
    for title, text in [
        ("A generative AI tool with a studio price tag", "The tag for the film's effects keeps rising."),
        ("TAG Heuer films its watch advert with AI", "The studio shot the advert with generative AI."),
    ]:
        [notes] = enricher.annotate([item(title, text)])
        assert "the-animation-guild" not in notes.entities, title


def test_screen_regulators_and_funds_place_an_item_in_screen_work(enricher):
    """The CRTC rules on Canadian content on TV and Telefilm funds films: either, with AI, is screen news; Arcom,
    which also polices porn sites, is named without placing an item anywhere; a CNC machine is no film centre."""
    [notes] = enricher.annotate([item("CRTC opens a review", "Can video made by artificial intelligence qualify?")])
    assert notes.relevant and "crtc" in notes.entities, notes.reason
    [notes] = enricher.annotate([item("Telefilm Canada sets AI rules", "It asks applicants to disclose AI use.")])
    assert notes.relevant and "telefilm-canada" in notes.entities, notes.reason
    text = "La loi punit les hypertrucages sexuels et renforce les moyens de l'Arcom contre les sites."
    [notes] = enricher.annotate([item("La loi SREN promulguée", text, "fr")])
    assert not notes.relevant and "arcom" in notes.entities, notes.reason
    [notes] = enricher.annotate([item("AI runs the CNC mill", "Generative AI writes the CNC programs for the parts.")])
    assert "cnc" not in notes.entities, notes.reason


def test_tv_set_makers_are_names_not_screen_work(enricher):
    """Samsung and LG are named, so their reports tell them apart; a maker of sets and phones is no screen work."""
    text = "Both add a chatbot to the home screen."
    [notes] = enricher.annotate([item("Samsung and LG add AI to their phones", text)])
    assert {"samsung", "lg-electronics"} <= set(notes.entities) and not notes.relevant, notes.reason


def test_the_writers_guild_of_canada_is_not_the_writers_guild_of_america(enricher):
    text = "The Writers Guild of Canada asked the broadcasting regulator not to count AI-made shows as Canadian."
    [notes] = enricher.annotate([item("Screenwriters tell the CRTC AI is no Canadian content", text)])
    assert "wgc" in notes.entities and "wga" not in notes.entities, notes.entities


def test_a_game_set_in_a_world_of_robots_tells_a_story(enricher):
    """A shooter "set in" a Soviet utopia whose robots turn on people tells a plot: its AI sidekick is a character,
    whatever console it is out on."""
    text = (
        "Atomic Heart is out on consoles and PC. The shooter is set in an alternate 1955 in which robots turn on the"
        " people they serve, and the hero carries a wisecracking artificial intelligence in his glove."
    )
    [notes] = enricher.annotate([item("Atomic Heart launches", text)])
    assert not notes.relevant, notes.reason


def test_an_ai_print_ad_is_advertising_and_a_horror_film_s_ai_doll_a_character(enricher):
    """A magazine's AI-made print ad is advertising work; a horror film about an AI-powered doll tells a plot, so its
    AI is a character, not AI at work on the film."""
    [ad] = enricher.annotate([item("The cost of a cheap AI print ad", "The brand's generated visual ran in Vogue.")])
    assert ad.relevant, ad.reason
    text = "The horror film follows an AI-powered companion doll that grows murderously protective of a girl."
    [film] = enricher.annotate([item("M3GAN's marketers send dancers out before the release", text)])
    assert not film.relevant, film.reason


def test_a_line_of_chips_is_no_tv_series(enricher):
    """Apple's generative AI needs its "M-series chips": a product line, not television."""
    text = "The generative AI features come to iPads and Macs with Apple's own M-series chips this autumn."
    [notes] = enricher.annotate([item("Apple unveils its AI features", text)])
    assert not notes.relevant, notes.reason
    [notes] = enricher.annotate([item("Apple unveils its AI features", text + " A drama series used them.")])
    assert notes.relevant, notes.reason


def test_ai_as_a_first_name_is_no_ai_cue(enricher):
    """The voice actresses Sora Amamiya and Ai Kayano in an anime's cast: neither Sora the model nor AI."""
    text = "Le studio reprend sa distribution : Sora Amamiya, Ai Kayano et Rie Takahashi doublent les épisodes."
    [notes] = enricher.annotate([item("Une deuxième saison pour la série animée", text, "fr")])
    assert not notes.relevant and notes.models == ()
    [notes] = enricher.annotate([item("Le studio double la série avec l'IA", text.replace("Ai Kayano", "l'IA"), "fr")])
    assert notes.relevant


def test_ai_as_a_first_name_in_the_headline_is_no_ai_cue_when_the_text_writes_the_same_name(enricher):
    """ "Ai Weiwei fills the Design Museum": the headline's "Ai" is the artist's first name, as the text shows; a Title
    Case headline's "Ai" before a word the text never writes after it is still AI."""
    text = "Ai Weiwei: Making Sense, the Chinese artist's first show about design, opens at the museum on Friday."
    [notes] = enricher.annotate([item("Ai Weiwei fills London's Design Museum with Lego", text)])
    assert not notes.relevant, notes.reason
    text = "The artist's studio used an AI model to light the scenes of its short film."
    [notes] = enricher.annotate([item("Ai Lights The Artist's Short Film", text)])
    assert notes.relevant, notes.reason


def test_a_known_persons_surname_written_alone_is_that_person_not_a_model(enricher):
    """ "Wan" after "James Wan" is the producer, not Alibaba's Wan; yet an item naming him may well be about AI."""
    text = "The sequel to James Wan's hit about a murderous AI-powered doll opened low; Wan's company made it again."
    [notes] = enricher.annotate([item("'M3GAN 2.0' stumbles at the box office", text)])
    assert "wan" not in notes.models, notes.reason
    text = "James Wan's company will make a horror film with generative AI tools; Wan says artists stay in charge."
    [notes] = enricher.annotate([item("Atomic Monster signs an AI deal", text)])
    assert notes.relevant and "wan" not in notes.models, notes.reason
    [notes] = enricher.annotate([item("James Wan's film uses Alibaba's Wan video model for its effects", text)])
    assert "wan" in notes.models, notes.reason


def test_a_studio_named_by_a_word_of_another_trade_needs_screen_words_to_count(enricher):
    """ "Amazon" investing in an AI start-up is the retailer, not Amazon MGM Studios: an AI word does not confirm a
    studio, a screen word does; and "NBCUniversal" is the studio wherever it is written."""
    text = "Former Google DeepMind researchers raised $220 million from Amazon and Samsung to build AI agents."
    [notes] = enricher.annotate([item("French AI start-up H raises $220 million", text)])
    assert "amazon-mgm" not in notes.entities and not notes.relevant, notes.reason
    text = "Amazon will use generative AI to dub films and series on its streaming service."
    [notes] = enricher.annotate([item("Amazon tries AI dubbing", text)])
    assert "amazon-mgm" in notes.entities and notes.relevant
    text = "NBCUniversal said a synthetic version of the commentator's voice will narrate daily recaps."
    [notes] = enricher.annotate([item("Olympic recaps in an AI-generated voice", text)])
    assert "universal" in notes.entities and notes.relevant, notes.reason


def test_a_model_named_by_an_ordinary_phrase_needs_it_written_as_a_name_with_its_context(enricher):
    """ "stable video" is what a camera gimbal promises; "Stable Video Diffusion" is only ever the model."""
    text = "The palm-sized camera on a three-axis gimbal promises stable video while walking, in 4K."
    [gimbal] = enricher.annotate([item("DJI's pocket camera promises stable video", text)])
    assert "stable-video-diffusion" not in gimbal.models and not gimbal.relevant
    text = "Stability AI says Stable Video now animates a still image into a four-second clip for film previs."
    [model] = enricher.annotate([item("Stability AI updates its video model", text)])
    assert "stable-video-diffusion" in model.models
    [model] = enricher.annotate([item("Studios test stable video diffusion for storyboards")])
    assert "stable-video-diffusion" in model.models


@pytest.mark.parametrize(
    ("title", "text", "organisation"),
    [
        (
            "Universal and Udio settle",
            "The record company and the AI music start-up will launch a licensed service for songs in 2026.",
            "universal-music-group",
        ),
        (
            "Disney and Universal sue Midjourney",
            "The studios say the AI image generator copies characters from their films.",
            "universal",
        ),
        (
            "Universal fait retirer le faux duo généré par IA",
            "Sous la pression de leur maison de disques, les plateformes de streaming ont supprimé la chanson.",
            "universal-music-group",
        ),
    ],
)
def test_a_name_two_known_companies_share_goes_to_the_one_its_context_shows(enricher, title, text, organisation):
    """ "Universal" is the studio or the record company: music words show the one, film words the other, and
    neither is then "used in another sense" that would drop the item."""
    [notes] = enricher.annotate([item(title, text, "fr" if "IA" in title else "en")])
    assert organisation in notes.entities and notes.relevant, notes.reason
    assert {"universal", "universal-music-group"} - {organisation} & set(notes.entities) == set()


def test_ai_learning_from_a_photo_library_is_a_creative_rights_story(enricher):
    text = "The High Court ruled that Stable Diffusion, trained on millions of its photos, is no infringing copy."
    [notes] = enricher.annotate([item("Getty Images largely loses its UK case against Stability AI", text)])
    assert notes.relevant and "Getty Images" in notes.reason, notes.reason
    [notes] = enricher.annotate([item("Getty Images reports higher quarterly revenue from its photo subscriptions")])
    assert not notes.relevant


def test_a_word_french_writes_with_another_meaning_is_not_the_english_cue(enricher):
    """French "court" is short: « un court plan animé » is no court case, while "court" in English is, and « court
    métrage » is still a short film."""
    [short] = enricher.annotate([item("Runway anime une image", "Gen-2 en tire un court plan animé.", "fr")])
    assert "legal" not in short.topics and "~court" not in short.terms.anchors.split()
    [english] = enricher.annotate([item("Runway goes to court", "A court hears the Gen-2 case.", "en")])
    assert "legal" in english.topics and "~court" in english.terms.anchors.split()
    [film] = enricher.annotate([item("Un court métrage fait avec Gen-2", "Runway le présente.", "fr")])
    assert "~short-film" in film.terms.anchors.split()


def test_french_premiere_is_first_unless_a_longer_phrase_makes_it_a_screening(enricher):
    """« la première fois » is the first time, not a film's premiere; « avant-première » and "premiere" in English
    are screenings."""
    [first] = enricher.annotate([item("Runway ouvre Gen-4", "Pour la première fois, Gen-4 garde un personnage.", "fr")])
    assert "~premiere" not in first.terms.anchors.split()
    [screening] = enricher.annotate([item("Runway ouvre Gen-4", "Gen-4 montré en avant-première à Paris.", "fr")])
    assert "~premiere" in screening.terms.anchors.split()
    [english] = enricher.annotate([item("Runway's Gen-4 film premieres", "The premiere of the Gen-4 short.", "en")])
    assert "~premiere" in english.terms.anchors.split()


def test_english_words_french_writes_otherwise_are_not_the_french_concept(enricher):
    """News "bulletins" read by an AI voice are no ballots, a "signature" style no signing; « bulletins de vote »
    are."""
    text = "The broadcaster's AI voice reads the bulletins in the newsreader's signature style."
    [english] = enricher.annotate([item("AI newsreader on the radio", text)])
    assert not {"~ballot", "~signing"} & set(english.terms.anchors.split())
    text = "Les comédiens de doublage ont glissé leurs bulletins contre l'IA : la signature de l'accord attendra."
    [french] = enricher.annotate([item("Doublage et IA : vote des comédiens", text, "fr")])
    assert {"~ballot", "~signing"} <= set(french.terms.anchors.split()), french.terms.anchors


def test_a_french_verb_spelt_like_an_english_work_word_is_no_sign_of_screen_work(enricher):
    """« présenter un avant-projet » is to table a draft, not a TV presenter; « une présentatrice » and an English
    "presenter" are screen work."""
    text = "Le gouvernement doit présenter un projet de loi sur l'intelligence artificielle d'ici la fin de l'année."
    [bill] = enricher.annotate([item("La Suisse ratifiera la convention sur l'IA", text, "fr")])
    assert not bill.relevant, bill.reason
    text = "The broadcaster's presenter was cloned with artificial intelligence for a late-night show."
    [english] = enricher.annotate([item("An AI clone of a presenter", text)])
    assert english.relevant and "presenter" in english.reason, english.reason


def test_an_operating_theatre_or_a_theatre_of_war_is_no_stage(enricher):
    """AI in surgery, in war and in a boardroom's « coup de théâtre » name a theatre that is no stage, nor does a film
    opening in theatres."""
    [surgery] = enricher.annotate([item("AI in the operating theatre", "A machine learning model guides surgeons.")])
    text = "Coup de théâtre : le conseil d'administration de la start-up d'IA générative limoge son patron."
    [board] = enricher.annotate([item("Une start-up d'IA limoge son patron", text, "fr")])
    assert not board.relevant, board.reason
    [war] = enricher.annotate(
        [item("L'IA sur le front", "Les drones pilotés par IA changent le théâtre des opérations.", "fr")]
    )
    assert not surgery.relevant and not war.relevant, (surgery.reason, war.reason)
    [stage] = enricher.annotate([item("AI on stage", "A theatre company used generative AI to write its play.")])
    assert stage.relevant and "stage: on stage, theatre" in stage.reason, stage.reason
    [film] = enricher.annotate([item("An AI-made feature", "Made with generative AI, it opens in theatres today.")])
    assert film.relevant and "film: in theatres" in film.reason and "stage" not in film.reason, film.reason


def test_a_cloud_s_ai_studio_for_developers_is_no_film_studio(enricher):
    """Google AI Studio and Azure AI Studio are developer tools; an AI studio making films is a studio."""
    [google] = enricher.annotate([item("Gemini 2.5 Pro for developers", "It is available in Google AI Studio.")])
    [azure] = enricher.annotate([item("Azure AI Foundry", "The existing Azure AI Studio becomes the Foundry portal.")])
    assert not google.relevant and not azure.relevant, (google.reason, azure.reason)
    [films] = enricher.annotate([item("An AI studio opens", "The AI studio will make films for streamers.")])
    assert films.relevant, films.reason
