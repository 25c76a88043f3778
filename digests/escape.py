"""Make untrusted feed text and URLs inert in each output format (Markdown, Slack mrkdwn, Discord, links)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Control characters and bidi overrides: invisible in chat, and able to make a label lie about its text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that start inline syntax
# (emphasis, code, links and images, autolinks, raw HTML, entities, tables, strikethrough).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<|~&])")
# Block syntax only matters where a line starts: headings, quotes, lists, setext underlines, ordered lists.
_MARKDOWN_LINE_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")

# Discord markdown: emphasis, code, strikethrough, spoilers, quotes, masked links.
_DISCORD_INLINE = re.compile(r"([\\`*_~|>\[\]()])")
# Headings (#, ##, ###, -# subtext) and list markers only work at the start of a line.
_DISCORD_LINE_START = re.compile(r"^([#+-])|^(\d+)([.)])")
# Mass pings written as words, and <@user>, <@&role>, <#channel>, </command:id>, <:emoji:id>, <t:…> tokens.
_DISCORD_AT_WORD = re.compile(r"@(everyone|here)", re.IGNORECASE)
_DISCORD_TOKEN = re.compile(r"<(?=[@#:/]|a:|t:)")
_ZERO_WIDTH_SPACE = "\u200b"

# A host is letters/digits (any script), dots and hyphens, or a bracketed IPv6 literal; optional port.
# No user-info: "https://trusted.example@evil.example" exists to mislead, and news links never need it.
_HOST = re.compile(r"^(?:[\w.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_ALLOWED_SCHEMES = frozenset({"http", "https"})
# Kept as-is when re-quoting a URL: RFC 3986 reserved and unreserved characters and "%" (already-encoded
# bytes), minus "(", ")", "[", "]", "'" which end or confuse Markdown links. Everything else (spaces, "<",
# ">", "|", '"', "`", "\\", "{", "}", non-ASCII) is percent-encoded, so a URL can never close a link early.
_URL_SAFE_CHARS = "/?#@!$&*+,;=:%~"


def squash(text: str) -> str:
    """One line of visible text: control characters dropped and every run of whitespace made one space."""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def markdown(text: str) -> str:
    """CommonMark/GFM-safe text: no links, emphasis, HTML, entities or block syntax can come from feed text."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", squash(text))
    return _MARKDOWN_LINE_START.sub(_escape_marker, escaped, count=1)


def slack(text: str) -> str:
    """Slack mrkdwn-safe text.

    Slack only links, mentions and pings through ``<…>`` tokens (``<!channel>``, ``<@U123>``,
    ``<https://x|label>``), so escaping ``&``, ``<`` and ``>`` as Slack asks defuses all of them, while
    plain words like "@everyone" stay readable and inert (we also send mrkdwn with ``verbatim: true`` so
    Slack never auto-parses them). Emphasis characters cannot be escaped in mrkdwn and are harmless.
    """
    return squash(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def discord(text: str) -> str:
    """Discord-markdown-safe text: formatting escaped, mentions broken with a zero-width space."""
    escaped = _DISCORD_INLINE.sub(r"\\\1", squash(text))
    return discord_plain(_DISCORD_LINE_START.sub(_escape_marker, escaped, count=1))


def discord_plain(text: str) -> str:
    """Text for Discord fields shown without markdown (embed author, footer): only mentions broken."""
    broken = _DISCORD_AT_WORD.sub(lambda match: f"@{_ZERO_WIDTH_SPACE}{match.group(1)}", squash(text))
    return _DISCORD_TOKEN.sub(f"<{_ZERO_WIDTH_SPACE}", broken)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, re-quoted so it cannot break out of any link syntax."""
    if not url:
        return None
    candidate = url.strip()
    if _INVISIBLE.search(candidate) or _WHITESPACE.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme not in _ALLOWED_SCHEMES or not _HOST.match(parts.netloc):
        return None
    authority_start = len(parts.scheme) + len("://")  # urlsplit also accepts "http:/x"; we do not
    if candidate[:authority_start].lower() != f"{parts.scheme}://":
        return None
    rest = candidate[authority_start + len(parts.netloc) :]
    return f"{parts.scheme}://{parts.netloc}{quote(rest, safe=_URL_SAFE_CHARS)}"


def slack_url(url: str | None) -> str | None:
    """A safe URL for the inside of a Slack ``<url|label>`` token (``|<>`` are already percent-encoded)."""
    safe = safe_url(url)
    return safe.replace("&", "&amp;") if safe else None


def _escape_marker(match: re.Match[str]) -> str:
    """Backslash-escape a block marker found at the start of a line (``#``, ``-``, ``1.`` …)."""
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"
