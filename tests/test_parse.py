"""parse_feed: golden fixtures for RSS 2.0, Atom, RDF and JSON Feed, the feedparser fallback, and non-feeds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import fastfeedparser
import pytest

from digests.errors import ParseError
from digests.normalise import html_to_text
from digests.parse import parse_feed
from digests.types import ParsedEntry, ParsedFeed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def rss(items: str, channel: str = "<title>T</title><link>https://t.example.com/</link>") -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


# --- golden fixtures -------------------------------------------------------------------------------------


def test_rss2_golden() -> None:
    assert parse_feed(fixture("rss2.xml"), "https://reel.example.com/feed.xml") == ParsedFeed(
        title="Reel & Deal",
        link="https://reel.example.com/",
        language="en-us",
        entries=[
            ParsedEntry(
                guid="reel-1001",
                link="https://reel.example.com/news/runway-lionsgate?utm_source=rss",
                title='Runway & Lionsgate sign "Gen-3 Alpha" deal',
                summary_html="<p>The studio will train a <b>custom</b> model.</p>",
                content_html="<p>The studio will train a <b>custom</b> model on its library.</p>"
                "<script>alert(1)</script>",
                author="Ana Ruiz",
                published=utc(2025, 6, 10, 7, 30),  # 09:30 +0200
                updated=None,
                language=None,
            ),
            ParsedEntry(
                guid="https://reel.example.com/news/sora-2",  # no <guid>: fastfeedparser's copy of the link
                link="https://reel.example.com/news/sora-2",  # was "/news/sora-2"
                title="Sora 2 reaches more countries",
                summary_html="OpenAI widens access.",
                content_html="",
                author=None,
                published=None,
                updated=None,
                language=None,
            ),
            ParsedEntry(
                guid="https://reel.example.com/news/veo-3",
                link="https://reel.example.com/news/veo-3",  # a permalink GUID stands in for <link>
                title="&lt;b&gt;Veo 3&lt;/b&gt; <i>adds</i> sound",  # XML-decoded once, still HTML
                summary_html="Google’s model now makes audio.",
                content_html="",
                author="desk@reel.example.com (News Desk)",
                published=utc(2025, 6, 11, 18, 0),
                updated=None,
                language=None,
            ),
        ],
    )


def test_atom_golden() -> None:
    assert parse_feed(fixture("atom.xml"), "cine-ia") == ParsedFeed(
        title="Cinéma & IA",
        link="https://cine.example.org/blog/",
        language="fr-FR",
        entries=[
            ParsedEntry(
                guid="tag:cine.example.org,2025:marey",
                link="https://cine.example.org/blog/2025/marey",  # the alternate link, not the enclosure
                title="Marey, le modèle « propre » de Moonvalley",
                summary_html="Un modèle entraîné sur des images sous licence.",
                content_html="<p>Un modèle entraîné sur des images <em>sous licence</em>, pour les studios.</p>",
                author="Claire Martin",
                published=utc(2025, 6, 12, 12, 15),  # 07:15 -05:00
                updated=utc(2025, 6, 12, 14, 0),
                language=None,
            ),
            ParsedEntry(
                guid="tag:cine.example.org,2025:movie-gen",
                link="https://cine.example.org/blog/2025/movie-gen",  # "2025/movie-gen" against xml:base
                title="Movie Gen <em>preview</em>",
                # No <summary>: fastfeedparser fills in a plain-text excerpt of the content.
                summary_html="Meta shows Movie Gen .",
                content_html='<div xmlns="http://www.w3.org/1999/xhtml"><p>Meta shows <strong>Movie Gen</strong>.'
                "</p></div>",
                author=None,
                published=utc(2025, 6, 11, 10, 0),  # only <updated>: fastfeedparser reports it as both
                updated=utc(2025, 6, 11, 10, 0),
                language="en",  # the entry's own xml:lang
            ),
        ],
    )


def test_rdf_golden() -> None:
    assert parse_feed(fixture("rdf.xml"), "kino") == ParsedFeed(
        title="Kino und KI",
        link="https://kino.example.de/",
        language="de-DE",  # dc:language
        entries=[
            ParsedEntry(
                guid="https://kino.example.de/artikel/pika",  # rdf:about
                link="https://kino.example.de/artikel/pika",
                title="Pika 2.0 für Trickfilm",
                summary_html="Neue Funktionen für Animation.",
                content_html="",
                author="Jonas Weber",
                published=utc(2025, 6, 9, 10, 0),  # dc:date 12:00 +02:00
                updated=None,
                language=None,
            )
        ],
    )


def test_json_feed_golden() -> None:
    assert parse_feed(fixture("feed.json"), "wire") == ParsedFeed(
        title="Studio Wire",
        link="https://wire.example.com/",
        language="en-GB",
        entries=[
            ParsedEntry(
                guid="wire-42",
                link="https://wire.example.com/42",
                title="SAG-AFTRA and AI replicas",
                summary_html="New terms.",
                content_html="<p>New terms for <b>digital replicas</b>.</p>",
                author="Lee Park",
                published=utc(2025, 6, 8, 22, 0),
                updated=None,
                language=None,
            )
        ],
    )


def test_feed_without_entries_is_valid() -> None:
    assert parse_feed(fixture("empty-channel.xml"), "quiet") == ParsedFeed(
        title="Quiet feed", link="https://quiet.example.com/", language=None, entries=[]
    )


# --- links, dates, language ------------------------------------------------------------------------------


def test_relative_links_resolve_against_the_document_url_when_the_channel_has_no_link() -> None:
    content = rss("<item><title>A</title><link>../news/1</link></item>", channel="<title>T</title>")
    feed = parse_feed(content, "https://site.example.com/feeds/all.xml")
    assert feed.entries[0].link == "https://site.example.com/news/1"


def test_relative_links_stay_relative_when_nothing_gives_a_base() -> None:
    content = rss("<item><title>A</title><link>/news/1</link></item>", channel="<title>T</title>")
    assert parse_feed(content, "a local file").entries[0].link == "/news/1"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Tue, 10 Jun 2025 09:30:00 +0200", utc(2025, 6, 10, 7, 30)),
        ("Tue, 10 Jun 2025 03:30:00 EDT", utc(2025, 6, 10, 7, 30)),
        ("Tue, 10 Jun 2025 07:30:00 GMT", utc(2025, 6, 10, 7, 30)),
        ("2025-06-10T03:30:00-04:00", utc(2025, 6, 10, 7, 30)),
        ("2025-06-10T07:30:00Z", utc(2025, 6, 10, 7, 30)),
        ("next Tuesday-ish", None),
        ("", None),
    ],
)
def test_dates_become_utc(written: str, expected: datetime | None) -> None:
    feed = parse_feed(rss(f"<item><title>A</title><pubDate>{written}</pubDate></item>"), "dates")
    published = feed.entries[0].published
    assert published == expected
    assert published is None or published.utcoffset() is not None


def test_xml_lang_on_the_channel_is_the_feed_language() -> None:
    content = rss("<item><title>A</title></item>").replace(b"<channel>", b'<channel xml:lang="es-MX">')
    assert parse_feed(content, "es").language == "es-MX"


# --- the feedparser fallback -----------------------------------------------------------------------------


def test_ill_formed_feed_is_read_in_full_by_the_fallback() -> None:
    content = fixture("illformed.xml")
    # The premise: fastfeedparser's recovering parser loses text and whole entries here.
    assert [e["title"] for e in fastfeedparser.parse(content)["entries"]] == ["Runway"]
    feed = parse_feed(content, "tinsel")
    assert [html_to_text(e.title) for e in feed.entries] == [
        "Runway Gen-3 & Veo, side by side",
        "Pika & Luma update their models",
    ]
    assert html_to_text(feed.entries[0].summary_html) == "Shot for shot comparison & notes"


def test_feed_fastfeedparser_finds_no_entries_in_is_read_by_the_fallback() -> None:
    content = fixture("rss090.xml")
    assert fastfeedparser.parse(content)["entries"] == []  # the premise
    feed = parse_feed(content, "old")
    assert [(e.title, e.link) for e in feed.entries] == [
        ("Lionsgate and Runway, in 0.90", "https://old.example.com/lionsgate")
    ]


def test_declared_entities_are_expanded() -> None:
    feed = parse_feed(fixture("dtd-entities.xml"), "entities")
    assert (feed.entries[0].title, feed.entries[0].summary_html) == ("Lionsgate trains a model", "Lionsgate and Runway")


def test_http_charset_is_honoured_for_documents_that_do_not_declare_one() -> None:
    content = rss("<item><title>CAFE Runway</title></item>").replace(b"CAFE", "Café".encode("latin-1"))
    feed = parse_feed(content, "latin", content_type="application/rss+xml; charset=iso-8859-1")
    assert feed.entries[0].title == "Café Runway"


# --- not feeds -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (fixture("not-a-feed.html"), "HTML page"),
        (fixture("not-a-json-feed.json"), "JSON but not a JSON Feed"),
        (b"[1, 2, 3]", "JSON but not a JSON Feed"),
        (bytes(range(256)) * 8, "not XML"),
        (b"Just some words, no markup.", "not XML"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', "no RSS, Atom"),
    ],
)
def test_non_feeds_raise_parse_error_with_a_reason(content: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_feed(content, "https://example.com/page")
    assert raised.value.source == "https://example.com/page"
    assert raised.value.reason.startswith("not an RSS or Atom feed: ")
    assert reason in raised.value.reason


def test_bytes_naming_a_local_file_are_not_read_as_that_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(fixture("rss2.xml"))
    with pytest.raises(ParseError):
        parse_feed(str(path).encode(), "path")


# --- no network, no external entities --------------------------------------------------------------------


class _CountingHandler(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'<!ENTITY secret "LEAKED-OVER-HTTP">' if self.path.endswith(".dtd") else b"LEAKED-OVER-HTTP"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def entity_server() -> Iterator[str]:
    _CountingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _parsed_text(content: bytes) -> str:
    try:
        feed = parse_feed(content, "hostile")
    except ParseError as error:
        return str(error)
    return repr(feed)


@pytest.mark.parametrize("well_formed", [True, False])
def test_external_entities_and_dtds_are_never_fetched(entity_server: str, tmp_path: Path, well_formed: bool) -> None:
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("LEAKED-FROM-DISK")
    broken = "" if well_formed else "<br>"  # an ill-formed twin takes the feedparser path
    documents = [
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{entity_server}/rss.dtd"><rss version="2.0"><channel>'
        f"<title>T</title><item><title>A &secret; {broken}</title></item></channel></rss>",
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY web SYSTEM "{entity_server}/x">'
        f'<!ENTITY disk SYSTEM "{secret_file.as_uri()}">]><rss version="2.0"><channel><title>T</title>'
        f"<item><title>A &web; &disk; {broken}</title></item></channel></rss>",
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{entity_server}/rss.dtd"><rss version="2.0"><channel>'
        f"<title>T</title><item><title>No entities {broken}</title></item></channel></rss>",
    ]
    for document in documents:
        text = _parsed_text(document.encode())
        assert "LEAKED" not in text
    assert _CountingHandler.requests == []


def test_entity_expansion_bombs_are_refused() -> None:
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "boom">{entities}]><rss version="2.0"><channel>'
        "<title>T</title><item><title>&e9;</title></item></channel></rss>"
    )
    with pytest.raises(ParseError, match="expansion attack"):
        parse_feed(document.encode(), "bomb")
