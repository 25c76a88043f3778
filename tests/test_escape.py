"""Hostile feed text and URLs stay inert in every output format."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digests import escape
from digests.render import FORMATS, discord_messages, render, slack_messages
from digests.types import Digest, NewsItem, Section, Story

HOSTILE = (
    "@everyone",
    "@here",
    "<!channel>",
    "<!here>",
    "<@U123>",
    "<@&987>",
    "<#C42>",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<https://evil.example|Reuters>",
    "# heading\n> quote\n- list",
)
EVIL_URLS = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x", "vbscript:x")
WHEN = datetime(2024, 9, 17, 9, 30, tzinfo=UTC)


def _hostile_digest(text: str, url: str | None = "https://example.com/story") -> Digest:
    """Every feed-text field of a digest set to the hostile text."""
    item = NewsItem(id=1, identity="i1", url=url, title=text, text=text, source=text, published=WHEN, language="en")
    story = Story(id="s1", headline=text, summary=text, section="deals", topics=(), models=(text,), items=[item])
    return Digest(
        title=f"Digest {text}",
        period_start=datetime(2024, 9, 16, tzinfo=UTC),
        period_end=datetime(2024, 9, 23, tzinfo=UTC),
        sections=[Section(key="deals", title=f"Deals {text}", stories=[story])],
    )


def _strings(node: Any) -> list[str]:
    """Every string value in a JSON-like payload."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return [node] if isinstance(node, str) else []


# Every "<" in Slack text must open one of our own link tokens: http(s) URL, a "|", a label without <>.
SLACK_TOKEN = re.compile(r"<[^>]*>")
OUR_SLACK_LINK = re.compile(r"<https?://[^|<>\s]+\|[^<>]*>")


@pytest.mark.parametrize("text", HOSTILE)
def test_slack_payloads_carry_no_live_tokens(text: str) -> None:
    for message in slack_messages(_hostile_digest(text)):
        assert message["text"].strip()
        for string in _strings(message):
            for token in SLACK_TOKEN.findall(string):
                assert OUR_SLACK_LINK.fullmatch(token), token
            for live in ("<!channel>", "<!here>", "<@U123>", "<!everyone>", "<https://evil.example|"):
                assert live not in string


@pytest.mark.parametrize("text", HOSTILE)
def test_slack_text_is_sent_verbatim_so_slack_parses_nothing_itself(text: str) -> None:
    for message in slack_messages(_hostile_digest(text)):
        for block in message["blocks"]:
            objects = [block["text"]] if "text" in block else block.get("elements", [])
            for obj in objects:
                assert obj["type"] == "plain_text" or obj["verbatim"] is True


@pytest.mark.parametrize("text", HOSTILE)
def test_discord_payloads_mention_nobody(text: str) -> None:
    for message in discord_messages(_hostile_digest(text)):
        assert message["allowed_mentions"] == {"parse": []}
        for string in _strings(message):
            assert "@everyone" not in string
            assert "@here" not in string
            assert "<@" not in string
            assert "<#" not in string
        # Author names are plain text in Discord; content, titles and descriptions are markdown.
        rendered = [message["content"]] + [e[key] for e in message["embeds"] for key in ("title", "description")]
        for string in rendered:
            assert not re.search(r"(?<!\\)\]\(javascript", string)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_never_contains_feed_markup(text: str) -> None:
    page = render(_hostile_digest(text), "html")
    assert "<script" not in page
    assert "<!channel>" not in page
    assert "<https://evil" not in page
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', page))


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_never_contains_feed_markup(text: str) -> None:
    page = render(_hostile_digest(text), "markdown")
    assert not re.search(r"(?<!\\)<(script|!channel|@U123|https://evil)", page)
    assert not re.search(r"(?<!\\)\]\(javascript", page)
    assert "\n# heading" not in page
    assert "\n> quote" not in page


@pytest.mark.parametrize("url", EVIL_URLS)
def test_a_non_http_url_never_becomes_a_link(url: str) -> None:
    digest = _hostile_digest("Studio deal", url=url)
    assert "](" not in render(digest, "markdown").split("## ")[-1]
    assert "href=" not in render(digest, "html")
    for message in slack_messages(digest):
        assert not any("|Studio deal>" in string for string in _strings(message))
    for message in discord_messages(digest):
        for embed in message["embeds"]:
            assert "url" not in embed
            assert "](" not in embed["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_leaves_the_digest_untouched(fmt: str) -> None:
    digest = _hostile_digest(HOSTILE[0])
    before = json.dumps(render(digest, "json"))
    render(digest, fmt)
    assert json.dumps(render(digest, "json")) == before


def test_json_keeps_feed_text_raw() -> None:
    story = json.loads(render(_hostile_digest("<!channel> & [x](javascript:y)"), "json"))["stories"][0]
    assert story["headline"] == "<!channel> & [x](javascript:y)"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1&c=2#d", "https://example.com/a?b=1&c=2#d"),
        ("HTTP://example.com/x", "http://example.com/x"),
        ("https://example.com/a_(film)", "https://example.com/a_%28film%29"),
        ("https://example.com/a|b<c>", "https://example.com/a%7Cb%3Cc%3E"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("https://exämple.de/café", "https://exämple.de/caf%C3%A9"),
        ("https://[2001:db8::1]:8443/x", "https://[2001:db8::1]:8443/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("javascript://example.com/%0Aalert(1)", None),
        ("ftp://example.com/film.mov", None),
        ("data:text/html,hi", None),
        ("/relative/path", None),
        ("//evil.example/x", None),
        ("https://trusted.example@evil.example/", None),
        ("https://exa mple.com/", None),
        ("https://example.com/a b", None),
        ("https:/example.com", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_keeps_only_http_links_that_cannot_break_out(url: str | None, expected: str | None) -> None:
    assert escape.safe_url(url) == expected


def test_slack_url_escapes_ampersands_as_slack_asks() -> None:
    assert escape.slack_url("https://example.com/?a=1&b=2|x") == "https://example.com/?a=1&amp;b=2%7Cx"
    assert escape.slack_url("javascript:alert(1)") is None


def test_escapers_keep_words_readable() -> None:
    assert escape.slack("Sora & Veo <3 @everyone") == "Sora &amp; Veo &lt;3 @everyone"
    assert escape.markdown("Gen-3 *Alpha* [beta]") == r"Gen-3 \*Alpha\* \[beta\]"
    assert escape.discord("Runway_Gen-3 ||spoiler||") == r"Runway\_Gen-3 \|\|spoiler\|\|"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title", r"\# Title"),
        ("-# subtext", r"\-# subtext"),
        ("- item", r"\- item"),
        ("1. first", r"1\. first"),
        ("@everyone look", "@\u200beveryone look"),
        ("hi <@123> and <@&45> in <#67>", "hi <\u200b@123\\> and <\u200b@&45\\> in <\u200b#67\\>"),
        ("line one\n# line two", r"line one # line two"),
    ],
)
def test_discord_escapes_line_starts_and_breaks_mentions(text: str, expected: str) -> None:
    assert escape.discord(text) == expected


@given(st.text())
def test_slack_escaped_text_has_no_angle_brackets_or_bare_ampersands(text: str) -> None:
    escaped = escape.slack(text)
    assert "<" not in escaped and ">" not in escaped
    assert re.sub(r"&(amp|lt|gt);", "", escaped).count("&") == 0


@given(st.text())
def test_markdown_escaped_text_has_only_escaped_syntax_characters(text: str) -> None:
    escaped = escape.markdown(text)
    assert not set(re.sub(r"\\.", "", escaped)) & set("\\`*_[]<|~&\n")
    assert not re.match(r"[#>+=-]|\d+[.)]", escaped)  # no heading, quote, list or underline


@given(st.text())
def test_discord_escaped_text_cannot_mention_or_format(text: str) -> None:
    escaped = escape.discord(text)
    assert "@everyone" not in escaped.lower() and "@here" not in escaped.lower()
    assert not re.search(r"<[@#:/]", escaped)
    assert not set(re.sub(r"\\.", "", escaped)) & set("\\`*_~|[]()\n")
