"""Turn fetched feed bytes into a ParsedFeed: fastfeedparser when the document is sound, feedparser when not."""

from __future__ import annotations

import io
import json
import re
import time
import xml.parsers.expat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import fastfeedparser
import feedparser

from digests.errors import ParseError
from digests.types import ParsedEntry, ParsedFeed

# An item or entry start tag, any namespace prefix, any case (CDF writes <ITEM>): tells "a feed with no
# entries" from "a feed fastfeedparser could not read".
_ENTRY_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s/>]", re.IGNORECASE)
_ENTRY_NAMES = frozenset({"item", "entry"})
_ALTERNATE_RELS = frozenset({None, "alternate"})  # an Atom link without rel is the alternate one
_XML_LANG = "xml:lang"
_XML_BASE = "xml:base"
_XHTML = b"xhtml"  # Atom text constructs of type "xhtml" (or "application/xhtml+xml") hold markup
# Enough of a document's start to recognise what it is when it is not a feed.
_SNIFF_BYTES = 1024
_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_NOT_A_FEED = "not an RSS or Atom feed"
# A parser complaint quoted to the user is cut to one short line.
MAX_PROBLEM_CHARS = 160


def parse_feed(content: bytes, source: str, *, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS 2.0/0.9x, RSS 1.0 (RDF), Atom or JSON Feed bytes; ParseError when they are not a feed.

    ``source`` names the feed in errors; when it is an http(s) URL it is also the base for relative links.
    """
    if not content.strip():
        raise ParseError(source, f"{_NOT_A_FEED}: the document is empty")
    doc_url = source if _is_http_url(source) else None
    try:
        parsed = _parse_fast(content, doc_url)
    except _NestedEntities:
        raise ParseError(source, "refused: it defines XML entities by other entities (an expansion attack)") from None
    if parsed is None:
        parsed = _parse_tolerant(content, doc_url, content_type)
    if parsed is None:
        raise ParseError(source, f"{_NOT_A_FEED}: {_why_not_a_feed(content)}")
    return parsed


# --- fast path: fastfeedparser on documents that are well-formed --------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scan:
    """What fastfeedparser does not report: channel language and xml:base, and each entry's own xml:lang."""

    language: str | None = None
    base: str | None = None
    entry_languages: tuple[str | None, ...] = ()


class _UsesEntities(Exception):
    """The document declares entities or uses ones from a DTD: fastfeedparser would lose their text."""


class _NestedEntities(Exception):
    """An entity defined by other entities: the shape of an expansion bomb, which no real feed needs."""


class _Scanner:
    """One expat pass: proves the document well-formed and entity-free, and reads what fastfeedparser skips.

    Handlers run only over the channel header, plus over entry start tags when the document uses xml:lang,
    so a plain feed costs one C-speed pass. Expat never fetches DTDs or external entities.
    """

    def __init__(self, want_entry_languages: bool) -> None:
        self._parser = xml.parsers.expat.ParserCreate()
        self._parser.StartElementHandler = self._head_start
        self._parser.EndElementHandler = self._head_end
        self._parser.CharacterDataHandler = self._head_text
        self._parser.EntityDeclHandler = self._entity_declared
        self._parser.EndDoctypeDeclHandler = self._doctype_end
        self._parser.SkippedEntityHandler = self._entity_skipped
        self._declares_entities = False
        self._want_entry_languages = want_entry_languages
        self._depth = 0
        self._language_text: list[str] | None = None
        self._channel_language: str | None = None
        self._xml_lang: str | None = None
        self._base: str | None = None
        self._entry_languages: list[str | None] = []

    def scan(self, content: bytes) -> _Scan | None:
        try:
            self._parser.Parse(content, True)
        except (xml.parsers.expat.ExpatError, LookupError, ValueError, _UsesEntities):
            return None  # LookupError: an encoding expat cannot read
        language = self._channel_language or self._xml_lang
        return _Scan(language, self._base, tuple(self._entry_languages))

    def _entity_declared(self, name: str, is_parameter: bool, value: str | None, *_: object) -> None:
        if value and ("&" in value or "%" in value):
            raise _NestedEntities
        self._declares_entities = True

    def _doctype_end(self) -> None:
        if self._declares_entities:
            raise _UsesEntities  # stop before any expansion; feedparser reads such documents safely

    def _entity_skipped(self, name: str, is_parameter: bool) -> None:
        raise _UsesEntities  # defined in a DTD expat does not read (e.g. &nbsp; from RSS 0.91's)

    def _head_start(self, name: str, attrs: dict[str, str]) -> None:
        self._depth += 1
        local = name.rpartition(":")[2].lower()
        if local in _ENTRY_NAMES:
            self._parser.StartElementHandler = self._entry_start if self._want_entry_languages else None
            self._parser.EndElementHandler = None
            self._parser.CharacterDataHandler = None
            if self._want_entry_languages:
                self._entry_start(name, attrs)
        elif self._depth == 1 or local == "channel":
            self._xml_lang = self._xml_lang or attrs.get(_XML_LANG)
            self._base = self._base or attrs.get(_XML_BASE)
        elif local == "language" and self._channel_language is None:
            self._language_text = []

    def _head_end(self, name: str) -> None:
        self._depth -= 1
        if self._language_text is not None:
            self._channel_language = "".join(self._language_text).strip() or None
            self._language_text = None

    def _head_text(self, text: str) -> None:
        if self._language_text is not None:
            self._language_text.append(text)

    def _entry_start(self, name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2].lower() in _ENTRY_NAMES:
            self._entry_languages.append(attrs.get(_XML_LANG))


def _parse_fast(content: bytes, doc_url: str | None) -> ParsedFeed | None:
    """fastfeedparser's reading of a sound document, or None when feedparser should have a go."""
    if _looks_like_json(content):
        if not _is_json_feed(content):
            return None
        scan: _Scan | None = _Scan()
    else:
        scan = _Scanner(want_entry_languages=_XML_LANG.encode() in content).scan(content)
    if scan is None:
        return None  # ill-formed: fastfeedparser's recovering parser would silently drop text or entries
    try:
        result = fastfeedparser.parse(content)
    except Exception:  # it raises ValueError, AttributeError, TypeError... on documents it rejects
        return None
    entries = result.get("entries") or []
    if not entries and _ENTRY_TAG.search(content):
        return None  # e.g. RSS 0.90 or an unknown Atom namespace: feedparser reads those entries
    if not all(entry.get("title") for entry in entries) and _XHTML in content:
        return None  # fastfeedparser reads element text only, so loses titles written as XHTML
    return _from_fastfeedparser(result.get("feed") or {}, entries, scan, doc_url)


def _from_fastfeedparser(
    feed: Mapping[str, Any], entries: list[Mapping[str, Any]], scan: _Scan, doc_url: str | None
) -> ParsedFeed:
    """Map fastfeedparser's feedparser-like dicts (RSS, Atom, RDF and JSON Feed alike) to our types."""
    feed_link = _resolve(_text(feed.get("link")), doc_url)
    base = _resolve(scan.base, feed_link or doc_url) or feed_link or doc_url
    languages = scan.entry_languages if len(scan.entry_languages) == len(entries) else (None,) * len(entries)
    return ParsedFeed(
        title=_text(feed.get("title")),
        link=feed_link,
        language=scan.language or _text(feed.get("language")) or None,
        entries=[_fastfeedparser_entry(entry, base, lang) for entry, lang in zip(entries, languages, strict=True)],
    )


def _fastfeedparser_entry(entry: Mapping[str, Any], base: str | None, language: str | None) -> ParsedEntry:
    given_link = _text(entry.get("link"))
    link = _resolve(_alternate_link(given_link, entry.get("links")), base)
    guid = _text(entry.get("id"))
    # fastfeedparser copies its link into a missing id (and a URL id into a missing link); the two cannot be
    # told apart, and either way the id is then the link, made absolute like it.
    guid = link if guid == given_link else guid or None
    if link is None and guid and _is_http_url(guid):
        link = guid  # an Atom id that is a URL is the entry's permalink, as feedparser reads it
    summary = _text(entry.get("description"))
    content = _first(entry.get("content"))
    content_html = _content_value(content)
    return ParsedEntry(
        guid=guid,
        link=link,
        title=_text(entry.get("title")),
        summary_html=summary,
        # fastfeedparser copies an RSS <description> into content; that is no content of its own.
        content_html="" if content_html == summary else content_html,
        author=_text(entry.get("author")) or None,
        published=_iso_datetime(entry.get("published")),
        updated=_iso_datetime(entry.get("updated")),
        language=language or _text(content.get("language")) or None,
    )


def _alternate_link(link: str, links: Any) -> str | None:
    """``link`` unless fastfeedparser took it from a related/enclosure/via link for want of an alternate one."""
    if not link or not isinstance(links, list):
        return link or None
    rels = {item.get("rel") for item in links if isinstance(item, Mapping) and item.get("href") == link}
    return link if not rels or rels & _ALTERNATE_RELS else None


def _content_value(content: Mapping[str, Any]) -> str:
    """The content's markup; for Atom type="xhtml" fastfeedparser keeps the <content> element, so unwrap it."""
    value = _text(content.get("value"))
    if content.get("type") in ("xhtml", "application/xhtml+xml") and value.startswith("<"):
        start, end = value.find(">") + 1, value.rfind("</")
        return value[start:end] if 0 < start <= end else ""
    return value


def _iso_datetime(value: Any) -> datetime | None:
    """fastfeedparser gives dates as ISO 8601 strings already converted to UTC."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _looks_like_json(content: bytes) -> bool:
    return content.lstrip().startswith((b"{", b"["))


def _is_json_feed(content: bytes) -> bool:
    """JSON Feed declares itself in "version"; other JSON (APIs, errors) is not a feed."""
    try:
        document = json.loads(content)
    except ValueError:
        return False
    version = document.get("version") if isinstance(document, dict) else None
    return isinstance(version, str) and "jsonfeed.org" in version


# --- tolerant path: feedparser on everything else ----------------------------------------------------------


def _parse_tolerant(content: bytes, doc_url: str | None, content_type: str | None) -> ParsedFeed | None:
    """feedparser's reading (ill-formed XML, odd encodings, entities), or None when it finds no feed."""
    headers = {"content-type": content_type} if content_type else {}
    if doc_url:
        headers["content-location"] = doc_url
    try:
        # A stream, never bytes: feedparser would open bytes that name a local file.
        result = feedparser.parse(
            io.BytesIO(content), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception:  # a hostile document must end in ParseError, whatever feedparser raises
        return None
    if not result.get("entries") and not result.get("version"):
        return None
    parsed = _from_feedparser(result.get("feed") or {}, result.get("entries") or [], doc_url)
    if result.get("bozo"):
        reason = str(result.get("bozo_exception") or "unknown error").splitlines()[0][:MAX_PROBLEM_CHARS]
        parsed.problem = f"ill-formed feed read leniently ({reason})"
    return parsed


def _from_feedparser(feed: Mapping[str, Any], entries: list[dict[str, Any]], doc_url: str | None) -> ParsedFeed:
    """Map feedparser's FeedParserDicts to our types (links are already resolved against xml:base)."""
    feed_link = _resolve(_text(feed.get("link")), doc_url)
    base = feed_link or doc_url
    parsed = []
    for entry in entries:
        content = _first(entry.get("content"))
        details = (content, entry.get("summary_detail") or {}, entry.get("title_detail") or {})
        parsed.append(
            ParsedEntry(
                guid=_text(entry.get("id")) or None,
                link=_resolve(_text(entry.get("link")), base),
                title=_text(entry.get("title")),
                summary_html=_text(entry.get("summary")),
                content_html=_text(content.get("value")),
                author=_text(entry.get("author")) or None,
                published=_struct_datetime(entry.get("published_parsed")),
                # dict.get: FeedParserDict.get would answer "published" for a missing "updated", and warn.
                updated=_struct_datetime(dict.get(entry, "updated_parsed")),
                language=next((_text(d.get("language")) for d in details if d.get("language")), None),
            )
        )
    title_language = (feed.get("title_detail") or {}).get("language")
    return ParsedFeed(
        title=_text(feed.get("title")),
        link=feed_link,
        language=_text(feed.get("language") or title_language) or None,
        entries=parsed,
    )


def _struct_datetime(value: Any) -> datetime | None:
    """feedparser gives dates as UTC ``time.struct_time``."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except ValueError:
        return None


# --- shared helpers ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A string field, stripped; JSON Feed may carry numbers or worse where text belongs."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _first(values: Any) -> Mapping[str, Any]:
    """The first dict of a content list, or an empty one."""
    if isinstance(values, list) and values and isinstance(values[0], Mapping):
        return values[0]
    return {}


def _resolve(link: str | None, base: str | None) -> str | None:
    """``link`` made absolute against ``base`` when it is relative; unusable links stay as they are."""
    if not link:
        return None
    if not base or _is_http_url(link):
        return link
    try:
        return urljoin(base, link)
    except ValueError:  # e.g. an unterminated IPv6 host
        return link


def _is_http_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _why_not_a_feed(content: bytes) -> str:
    """A short human reason, from the document's first bytes."""
    head = content[:_SNIFF_BYTES]
    for mark in _BYTE_ORDER_MARKS:
        head = head.removeprefix(mark)
    head = head.lstrip().lower()
    if head.startswith((b"{", b"[")):
        return "it is JSON but not a JSON Feed"
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "it is an HTML page; look for its RSS or Atom link"
    if not head.startswith(b"<") or b"\x00" in head:
        return "it is not XML"
    return "no RSS, Atom or RDF feed element was found"
