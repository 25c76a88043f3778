"""normalise: safe plain text, canonical URLs, stable identities, UTC dates, and whole entries."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest

from digests.normalise import (
    TEXT_LIMIT,
    TITLE_FROM_TEXT_LIMIT,
    TITLE_LIMIT,
    canonical_url,
    html_to_text,
    item_identity,
    normalise_entry,
)
from digests.types import Item, ParsedEntry, ParsedFeed

FETCHED_AT = datetime(2025, 6, 12, 12, 0, tzinfo=UTC)
FEED = ParsedFeed(title="Reel & Deal", link="https://reel.example.com/", language="en-US", entries=[])


def entry(**fields: object) -> ParsedEntry:
    defaults: dict[str, object] = {
        "guid": "reel-1",
        "link": "https://reel.example.com/news/1",
        "title": "Runway signs a studio deal",
        "summary_html": "<p>Short.</p>",
        "content_html": "",
        "author": None,
        "published": datetime(2025, 6, 10, 9, 30, tzinfo=UTC),
        "updated": None,
        "language": None,
    }
    return ParsedEntry(**(defaults | fields))  # type: ignore[arg-type]


def normalise(parsed: ParsedEntry, feed: ParsedFeed = FEED, base_url: str | None = None) -> Item | None:
    return normalise_entry(parsed, feed, fetched_at=FETCHED_AT, base_url=base_url)


# --- html_to_text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Plain title", "Plain title"),
        ("Run<b>way</b> Gen-<i>3</i>", "Runway Gen-3"),
        ("<script>alert(1)</script>Hello", "Hello"),
        ("&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ("AT&amp;T &amp; Runway&nbsp;Gen&#8209;3", "AT&T & Runway Gen‑3"),
        ("<p>One</p><p>Two</p>", "One Two"),
        ("line<br>break<li>item</li>", "line break item"),
        ("<style>p{color:red}</style><iframe src=x>frame</iframe><object>obj</object>Text", "Text"),
        ("<svg><script>x()</script><text>svg</text></svg>after", "after"),
        ("<noscript>tracking</noscript><template>t</template>kept", "kept"),
        ('<img src=x onerror="alert(1)">Caption', "Caption"),
        ("<!-- hidden -->visible", "visible"),
        ("unclosed <b>bold", "unclosed bold"),
        ("  lots \n of\t\tspace  ", "lots of space"),
        ("ctrl\x00chars\x07 here\x1b", "ctrlchars here"),
        ("bidi \u202eevil\u202c text\ufeff", "bidi evil text"),
        ("<p>\x00in\x01markup</p>", "inmarkup"),
        ("field\x1fseparated\x1crecords", "field separated records"),  # whitespace to str.split
        ("bidi \u202e between words", "bidi between words"),
        ("<textarea>typed</textarea><select><option>o</option></select>form", "form"),
        ("", ""),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_html_to_text_survives_deep_nesting() -> None:
    assert html_to_text("<div><span>" * 5000 + "deep" + "</span></div>" * 5000) == "deep"


def test_an_unclosed_element_does_not_leak_into_the_next_call() -> None:
    assert html_to_text("<script>never closed") == ""
    assert html_to_text("<textarea>never closed") == ""
    assert html_to_text("<p>fresh</p>") == "fresh"


def test_html_to_text_is_stable_across_many_calls_and_threads() -> None:
    cases = {f"<p>Item <b>{n}</b></p><script>x</script>": f"Item {n}" for n in range(2000)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(html_to_text, cases))
    assert results == list(cases.values())


# --- canonical_url ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.COM:443/a?utm_source=x&id=3&fbclid=y#frag", "https://example.com/a?id=3"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com/?b=2&a=1&utm_medium=rss&UTM_Campaign=z", "https://example.com/?b=2&a=1"),
        (
            "https://example.com/?ref=home&gclid=1&mc_cid=2&mc_eid=3&_hsenc=x&_hsmi=y&igshid=z&spm=a&cmpid=b"
            "&yclid=c&msclkid=d&ref_src=e",
            "https://example.com/",
        ),
        ("https://example.com/a?id=1&&utm_source=x", "https://example.com/a?id=1"),
        ("  https://example.com/spaced  ", "https://example.com/spaced"),
        ("https://user:secret@example.com/", "https://example.com/"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com/café story", "https://example.com/caf%C3%A9%20story"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("ftp://example.com/file", None),
        ("javascript:alert(1)", None),
        ("mailto:desk@example.com", None),
        ("/relative/only", None),
        ("https://example.com:99999/", None),
        ("https://exa mple.com/", None),
        ("https:///no-host", None),
        ("http://[::1/", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_url(url: str | None, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


def test_canonical_url_resolves_against_a_base() -> None:
    assert canonical_url("../b?utm_source=x", "https://site.example/dir/sub/") == "https://site.example/dir/b"
    assert canonical_url("https://other.example/x", "https://site.example/") == "https://other.example/x"


# --- item_identity ---------------------------------------------------------------------------------------


def test_identity_prefers_the_guid() -> None:
    assert item_identity("  reel-1001 ", "https://reel.example.com/a") == "guid:reel-1001"


def test_identity_falls_back_to_the_canonical_url() -> None:
    assert item_identity(None, "https://Reel.example.com/a?utm_source=rss") == "url:https://reel.example.com/a"
    assert item_identity("   ", "https://reel.example.com/a") == "url:https://reel.example.com/a"


def test_a_guid_that_is_a_url_is_the_same_identity_as_that_link_elsewhere() -> None:
    one_feed = item_identity("HTTPS://reel.example.com/a?utm_campaign=feed", None)
    other_feed = item_identity(None, "https://reel.example.com/a")
    assert one_feed == other_feed == "url:https://reel.example.com/a"


def test_no_guid_and_no_usable_url_has_no_identity() -> None:
    assert item_identity(None, None) is None
    assert item_identity("", "/relative") is None


# --- normalise_entry -------------------------------------------------------------------------------------


def test_entry_becomes_an_item() -> None:
    item = normalise(
        entry(
            title="Runway &amp; <b>Lionsgate</b>",
            link="https://Reel.example.com/news/1?utm_source=rss",
            author="<a href='x'>Ana</a> Ruiz",
            language="fr-FR",
        )
    )
    assert item is not None
    assert (item.identity, item.url, item.title, item.text, item.author, item.language) == (
        "guid:reel-1",
        "https://reel.example.com/news/1",
        "Runway & Lionsgate",
        "Short.",
        "Ana Ruiz",
        "fr",
    )


def test_hostile_markup_never_survives() -> None:
    item = normalise(
        entry(
            title="<script>alert(1)</script>Hello",
            summary_html='<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>Body',
            content_html="",
            author="<style>*{}</style>Desk",
        )
    )
    assert item is not None
    assert (item.title, item.text, item.author) == ("Hello", "Body", "Desk")


def test_escaped_markup_is_kept_as_literal_text() -> None:
    item = normalise(entry(title="&lt;b&gt;Veo&lt;/b&gt; adds sound"))
    assert item is not None
    assert item.title == "<b>Veo</b> adds sound"


def test_text_comes_from_the_longer_of_content_and_summary() -> None:
    longer_content = normalise(entry(summary_html="Short.", content_html="<p>The <b>full</b> story.</p>"))
    longer_summary = normalise(entry(summary_html="<p>A long summary here.</p>", content_html="Tiny"))
    empty_content = normalise(entry(summary_html="Summary", content_html="<p><img src='long-url.jpg'></p>"))
    assert longer_content is not None and longer_content.text == "The full story."
    assert longer_summary is not None and longer_summary.text == "A long summary here."
    assert empty_content is not None and empty_content.text == "Summary"


def test_long_title_and_text_are_capped_at_a_word_boundary() -> None:
    words = " ".join(f"word{n}" for n in range(2000))
    item = normalise(entry(title=words, content_html=f"<p>{words}</p>"))
    assert item is not None
    for value, limit in ((item.title, TITLE_LIMIT), (item.text, TEXT_LIMIT)):
        assert len(value) <= limit
        assert value.endswith("…")
        assert words.startswith(value[:-1]) and words[len(value) - 1] == " "


def test_untitled_entry_is_named_by_its_first_words() -> None:
    text = "Moonvalley opens Marey to studios. " * 10
    item = normalise(entry(title="  ", summary_html=text))
    assert item is not None
    assert item.title.startswith("Moonvalley opens Marey to studios.")
    assert len(item.title) <= TITLE_FROM_TEXT_LIMIT and item.title.endswith("…")


def test_entry_with_only_a_link_is_titled_by_it() -> None:
    item = normalise(entry(title="", summary_html="", link="https://reel.example.com/x"))
    assert item is not None
    assert item.title == "https://reel.example.com/x"


def test_entry_with_nothing_to_show_is_dropped() -> None:
    assert normalise(entry(guid="g", title="<script>x</script>", summary_html="", link=None)) is None


def test_relative_links_resolve_against_base_url_or_feed_link() -> None:
    feed_without_link = dataclasses.replace(FEED, link=None)
    relative = entry(link="/news/2")
    assert normalise(relative, base_url="https://base.example/feed").url == "https://base.example/news/2"
    assert normalise(relative).url == "https://reel.example.com/news/2"
    assert normalise(relative, feed_without_link).url is None


def test_identity_without_guid_or_url_is_a_stable_hash_of_feed_and_title() -> None:
    bare = entry(guid=None, link=None, title="Runway Gen-3 Alpha")
    first, again = normalise(bare), normalise(bare)
    other_title = normalise(entry(guid=None, link=None, title="Veo 3"))
    other_feed = normalise(bare, dataclasses.replace(FEED, link="https://other.example.com/"))
    assert first is not None and again is not None and other_title is not None and other_feed is not None
    assert first.identity.startswith("hash:") and len(first.identity) == len("hash:") + 40
    assert first.identity == again.identity
    assert len({first.identity, other_title.identity, other_feed.identity}) == 3


def test_edited_entry_keeps_its_identity_but_changes_its_content_hash() -> None:
    original = normalise(entry(summary_html="<p>Runway signs with Lionsgate.</p>"))
    unchanged = normalise(entry(summary_html="<p>Runway signs with Lionsgate.</p>"))
    edited = normalise(entry(summary_html="<p>Runway signs with Lionsgate and AMC.</p>"))
    retitled = normalise(entry(title="Runway signs a bigger deal", summary_html="<p>Runway signs with Lionsgate.</p>"))
    assert original is not None and unchanged is not None and edited is not None and retitled is not None
    assert original.identity == edited.identity == retitled.identity
    assert original.content_hash == unchanged.content_hash
    assert len({original.content_hash, edited.content_hash, retitled.content_hash}) == 3


def test_dates_are_utc_and_published_falls_back_to_updated() -> None:
    paris = timezone(timedelta(hours=2))
    item = normalise(entry(published=None, updated=datetime(2025, 6, 11, 10, 0, tzinfo=paris)))
    assert item is not None
    assert item.published == item.updated == datetime(2025, 6, 11, 8, 0, tzinfo=UTC)
    assert item.published.tzinfo is UTC


def test_undated_entry_stays_undated() -> None:
    item = normalise(entry(published=None, updated=None))
    assert item is not None and item.published is None and item.updated is None


def test_dates_far_in_the_future_are_treated_as_fetch_time() -> None:
    far = normalise(entry(published=FETCHED_AT + timedelta(days=3), updated=FETCHED_AT + timedelta(days=400)))
    near = normalise(entry(published=FETCHED_AT + timedelta(hours=12)))
    assert far is not None and near is not None
    assert far.published == far.updated == FETCHED_AT
    assert near.published == FETCHED_AT + timedelta(hours=12)


@pytest.mark.parametrize(
    ("entry_language", "feed_language", "expected"),
    [
        ("fr-FR", "en", "fr"),
        ("en_US", None, "en"),
        (None, "DE", "de"),
        ("english", "es-MX", "es"),
        ("x-klingon", None, None),
        (None, None, None),
    ],
)
def test_language_is_an_iso_639_1_code(
    entry_language: str | None, feed_language: str | None, expected: str | None
) -> None:
    item = normalise(entry(language=entry_language), dataclasses.replace(FEED, language=feed_language))
    assert item is not None and item.language == expected
