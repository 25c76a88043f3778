"""Make parsed entries safe and comparable: plain text, canonical URLs, stable identities, UTC dates."""

from __future__ import annotations

import hashlib
import html
import re
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from digests.types import Item, ParsedEntry, ParsedFeed

TITLE_LIMIT = 300  # a headline longer than this is a paragraph; chat previews cut earlier anyway
TITLE_FROM_TEXT_LIMIT = 100  # an untitled entry is named by the first words of its text
TEXT_LIMIT = 4000  # enough for enrichment, clustering and an extractive summary
AUTHOR_LIMIT = 200  # a byline, not a biography
# Markup past this many characters is not read: it costs parse time and could only add text beyond
# TEXT_LIMIT (feed HTML rarely carries ten times more markup than text).
HTML_SCAN_LIMIT = 50_000
MAX_CLOCK_SKEW = timedelta(days=1)  # feeds lie about the future; more ahead than this means "now"
ELLIPSIS = "…"

# Query parameters that only track the reader; two links differing only by these are one article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "igshid", "igsh", "_hsenc", "_hsmi", "__hstc",
        "__hssc", "__hsfp", "hsctatracking", "spm", "cmpid", "icid", "ncid", "mkt_tok", "oly_anon_id",
        "oly_enc_id", "vero_id", "vero_conv", "_ga", "_gl", "s_cid", "sr_share", "wt.mc_id", "at_medium",
        "at_campaign",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)  # utm_source, utm_medium, utm_campaign, utm_content, utm_term, utm_id…
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ASCII_HOST = re.compile(r"[a-z0-9._-]+")
_IPV6_HOST = re.compile(r"[0-9a-f:.]+")
# Characters left as they are in paths and queries; others (spaces, non-ASCII) are percent-encoded so that
# "/café" and "/caf%C3%A9" are one URL.
_URL_SAFE = "/?:@!$&'()*+,;=%-._~"

# Elements whose content is never reader text.
_DROPPED_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "canvas",
        "head", "title", "textarea", "select", "button", "video", "audio", "frameset", "noembed",
    }
)  # fmt: skip
# Elements text flows through: "Run<b>way</b>" is one word. Every other element is a word boundary.
_INLINE_ELEMENTS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
        "ins", "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
        "time", "tt", "u", "var", "wbr",
    }
)  # fmt: skip
_TEXT_NODE = "-text"  # lexbor's tag for text; comments and doctypes are "-comment", "-doctype"
# Control characters (tab, newlines, the separators \x1c-\x1f and the like are whitespace and collapse instead),
# bidi overrides that reorder text shown in chat, and stray byte-order marks: none of them printable.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")

# A lexbor document costs ~20 µs to create but a fragment parsed into a reused one ~2 µs. A reused document
# keeps the memory of what it parsed, so each thread replaces its own after this much work.
_FRAGMENTS_PER_DOCUMENT = 256
_CHARS_PER_DOCUMENT = 256_000


def html_to_text(markup: str) -> str:
    """Feed HTML (or plain text) as safe plain text: no markup, entities decoded, whitespace collapsed."""
    if "<" not in markup:
        return _clean(html.unescape(markup) if "&" in markup else markup)
    return _clean(_fragment_text(markup))


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """One spelling per http(s) URL, so the same article links compare equal; None when not usable."""
    if not url or not (url := url.strip()):
        return None
    try:
        if base and not _is_http_url(url):
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = _canonical_host(parts.hostname)
    if scheme not in _DEFAULT_PORTS or host is None:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path, safe=_URL_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, quote(_without_tracking(parts.query), safe=_URL_SAFE), ""))


def item_identity(guid: str | None, url: str | None) -> str | None:
    """A stable key for an entry: its GUID, or its canonical URL (a GUID that is a URL counts as a URL)."""
    guid = guid.strip() if guid else ""
    if guid:
        canonical = canonical_url(guid) if _is_http_url(guid) else None
        return f"url:{canonical}" if canonical else f"guid:{guid}"
    canonical = canonical_url(url)
    return f"url:{canonical}" if canonical else None


def normalise_entry(
    entry: ParsedEntry, feed: ParsedFeed, *, fetched_at: datetime, base_url: str | None = None
) -> Item | None:
    """The entry as an Item, or None when it has nothing to show (no title, no text, no link)."""
    url = canonical_url(entry.link, base_url or feed.link)
    text = _truncate(_best_text(entry), TEXT_LIMIT)
    title = _truncate(html_to_text(entry.title[:HTML_SCAN_LIMIT]), TITLE_LIMIT)
    title = title or _truncate(text, TITLE_FROM_TEXT_LIMIT) or url or ""
    if not title:
        return None
    fetched = _as_utc(fetched_at)
    updated = _not_after(entry.updated, fetched)
    return Item(
        identity=item_identity(entry.guid, url) or _fallback_identity(feed, title),
        url=url,
        title=title,
        text=text,
        author=_author(entry.author),
        published=_not_after(entry.published, fetched) or updated,
        updated=updated,
        language=_language_code(entry.language) or _language_code(feed.language),
        content_hash=_content_hash(title, text, url),
    )


# --- text ----------------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Whitespace collapsed and invisible characters dropped, looked for only when the collapsed text shows one."""
    collapsed = " ".join(text.split())
    return collapsed if collapsed.isprintable() else " ".join(_INVISIBLE.sub("", collapsed).split())


def _fragment_text(markup: str) -> str:
    """Parse ``markup`` as an HTML5 fragment and read its text: dropped elements skipped, blocks spaced."""
    container = _fragment_container(len(markup))
    container.inner_html = markup
    parts: list[str] = []
    # Depth-first, without recursion (hostile HTML nests deeply); a " " pushed under a block's children
    # marks where the block ends.
    stack: list[LexborNode | str | None] = [container.first_child]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, str):
            parts.append(node)
            continue
        stack.append(node.next)
        tag = node.tag
        if tag == _TEXT_NODE:
            parts.append(node.text_content or "")
        elif tag in _INLINE_ELEMENTS:
            stack.append(node.first_child)
        elif tag not in _DROPPED_ELEMENTS and not tag.startswith("-"):
            parts.append(" ")
            stack.extend((" ", node.first_child))
    return "".join(parts)


_thread_state = threading.local()


def _fragment_container(size: int) -> LexborNode:
    """This thread's reusable <div> to parse fragments into (a fresh document every so often)."""
    state = _thread_state
    worn = getattr(state, "fragments", _FRAGMENTS_PER_DOCUMENT) >= _FRAGMENTS_PER_DOCUMENT
    if worn or state.chars >= _CHARS_PER_DOCUMENT:
        document = LexborHTMLParser("<div></div>")
        state.document, state.container = document, document.css_first("div")
        state.fragments = state.chars = 0
    state.fragments += 1
    state.chars += size
    return state.container


def _best_text(entry: ParsedEntry) -> str:
    """Text of the longer of content and summary, or of the other when the longer one holds no text."""
    longer, shorter = sorted((entry.content_html, entry.summary_html), key=len, reverse=True)
    return html_to_text(longer[:HTML_SCAN_LIMIT]) or html_to_text(shorter[:HTML_SCAN_LIMIT])


def _author(author: str | None) -> str | None:
    """The byline as plain text, or None."""
    if not author:
        return None
    return _truncate(html_to_text(author[:HTML_SCAN_LIMIT]), AUTHOR_LIMIT) or None


def _truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when one is near, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


# --- URLs and identity ---------------------------------------------------------------------------------------


def _is_http_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _canonical_host(hostname: str | None) -> str | None:
    """Lowercase ASCII (IDNA) host, IPv6 in brackets; None when it is not a usable host name."""
    host = (hostname or "").rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if _ASCII_HOST.fullmatch(host):
        return host
    if ":" in host and _IPV6_HOST.fullmatch(host):
        return f"[{host}]"
    return None


def _without_tracking(query: str) -> str:
    """The query minus tracking parameters, other parameters kept in their order."""
    if not query:
        return ""
    kept = []
    for pair in query.split("&"):
        name = pair.partition("=")[0].lower()
        if pair and name not in TRACKING_PARAMS and not name.startswith(TRACKING_PREFIXES):
            kept.append(pair)
    return "&".join(kept)


def _fallback_identity(feed: ParsedFeed, title: str) -> str:
    """For entries with neither GUID nor URL: the feed and the title are all that stays the same."""
    key = f"{feed.link or feed.title}\x1f{title}"
    return "hash:" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def _content_hash(title: str, text: str, url: str | None) -> str:
    """Changes whenever what a reader sees changes, so an edited entry is noticed."""
    payload = f"{title}\x1f{text}\x1f{url or ''}".encode()
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


# --- dates and language --------------------------------------------------------------------------------------


def _as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _not_after(moment: datetime | None, fetched: datetime) -> datetime | None:
    """``moment`` in UTC, or ``fetched`` when it claims to be more than MAX_CLOCK_SKEW in the future."""
    if moment is None:
        return None
    moment = _as_utc(moment)
    return fetched if moment > fetched + MAX_CLOCK_SKEW else moment


def _language_code(tag: str | None) -> str | None:
    """ISO 639-1 code of a language tag: "fr-FR" -> "fr", "en_US" -> "en"; None when it is not one."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").partition("-")[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None
