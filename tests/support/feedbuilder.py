"""Build small RSS 2.0 and Atom documents for tests, escaping what the caller passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Entry:
    title: str
    link: str | None = None
    guid: str | None = None
    summary: str = ""
    published: datetime | None = None


def rss(entries: list[Entry], *, title: str = "Test Feed", language: str | None = "en") -> bytes:
    parts = []
    for entry in entries:
        fields = [f"<title>{escape(entry.title)}</title>"]
        if entry.link:
            fields.append(f"<link>{escape(entry.link)}</link>")
        if entry.guid:
            fields.append(f'<guid isPermaLink="false">{escape(entry.guid)}</guid>')
        if entry.summary:
            fields.append(f"<description>{escape(entry.summary)}</description>")
        if entry.published:
            fields.append(f"<pubDate>{format_datetime(entry.published)}</pubDate>")
        parts.append(f"<item>{''.join(fields)}</item>")
    lang = f"<language>{language}</language>" if language else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>{lang}{''.join(parts)}"
        "</channel></rss>"
    ).encode()


def atom(entries: list[Entry], *, title: str = "Test Atom", language: str = "fr") -> bytes:
    parts = []
    for index, entry in enumerate(entries):
        stamp = entry.published.isoformat() if entry.published else "2024-01-01T00:00:00+00:00"
        link = f'<link rel="alternate" href="{escape(entry.link)}"/>' if entry.link else ""
        parts.append(
            f"<entry><id>{escape(entry.guid or f'urn:test:{index}')}</id><title>{escape(entry.title)}</title>"
            f"{link}<updated>{stamp}</updated><summary>{escape(entry.summary)}</summary></entry>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">'
        f"<title>{escape(title)}</title><id>urn:test:feed</id><updated>2024-01-01T00:00:00Z</updated>"
        f"{''.join(parts)}</feed>"
    ).encode()
