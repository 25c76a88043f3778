"""A real HTTP server on a loopback address that tests fill with routes, so fetch code is tested over a socket.

Usage::

    with FeedServer() as server:
        url = server.add("/feed.xml", body=b"<rss/>", etag='"v1"')
        server.redirect("/old", "/feed.xml")
        ...
        assert server.requests[0][1]["User-Agent"].startswith("Reelbrief")

or take the ``feed_server`` pytest fixture: register this module with
``pytest_plugins = ("tests.support.feed_server",)`` (tests/conftest.py does) and, for annotations, import
``FeedServer`` under ``TYPE_CHECKING`` (a plain import before the plugin loads defeats assert rewriting).

Every route answers GET. Unknown paths answer 404. Each request is recorded with its headers.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DEFAULT_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
CHUNK_SIZE = 64 * 1024  # write size of routes that do not ask for another
TRICKLE_LIMIT_SECONDS = 3.0  # a slow route stops by itself, so a client that never gives up still ends
SHUTDOWN_POLL_SECONDS = 0.02  # how often serve_forever looks for shutdown; the default 0.5 s slows tests
IDLE_CONNECTION_SECONDS = 10.0  # idle keep-alive connections are dropped, so handler threads always finish


@dataclass(frozen=True, slots=True)
class Route:
    """How one path answers."""

    body: bytes = b""
    status: int = HTTPStatus.OK
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay_per_chunk: float = 0.0
    chunk_size: int = CHUNK_SIZE
    chunked: bool = False

    def validators(self) -> dict[str, str]:
        """The ETag and Last-Modified headers this route sends on 200 and 304."""
        headers = {"ETag": self.etag, "Last-Modified": self.last_modified}
        return {name: value for name, value in headers.items() if value}

    def is_fresh_for(self, request: Message) -> bool:
        """Whether the request's conditional headers match, so the answer is 304 (If-None-Match wins)."""
        if_none_match = request.get("If-None-Match")
        if if_none_match is not None:
            return self.etag is not None and _etag_matches(if_none_match, self.etag)
        if_modified_since = request.get("If-Modified-Since")
        if if_modified_since is None or self.last_modified is None:
            return False
        try:
            return parsedate_to_datetime(self.last_modified) <= parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


NOT_FOUND = Route(body=b"not found", status=HTTPStatus.NOT_FOUND, headers={"Content-Type": "text/plain"})


class FeedServer:
    """A threaded HTTP server on a free port of ``host`` (an IPv4 or IPv6 address); use it as a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.requests: list[tuple[str, Message]] = []  # (path with query, request headers), in arrival order
        self.peak_concurrency = 0  # most requests ever being answered at the same moment
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._in_flight = 0
        self._stopping = threading.Event()
        self.host = host
        self._httpd = (_HTTPServer6 if ":" in host else _HTTPServer)((host, 0), _Handler)
        self._httpd.feed_server = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
        )

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = HTTPStatus.OK,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        delay_per_chunk: float = 0.0,
        chunk_size: int = CHUNK_SIZE,
        chunked: bool = False,
    ) -> str:
        """Serve ``body`` at ``path`` and return its URL.

        ``headers`` override the defaults (Content-Type). With ``etag``/``last_modified`` the route sends
        those validators and answers 304 to a matching conditional request. ``delay_per_chunk`` sleeps
        before each ``chunk_size`` piece of the body (giving up after TRICKLE_LIMIT_SECONDS). ``chunked``
        sends Transfer-Encoding: chunked instead of an honest Content-Length.
        """
        data = body.encode() if isinstance(body, str) else body
        route = Route(data, status, dict(headers or {}), etag, last_modified, delay_per_chunk, chunk_size, chunked)
        with self._lock:
            self._routes[path] = route
        return self.url(path)

    def redirect(self, path: str, to: str, *, status: int = HTTPStatus.FOUND) -> str:
        """Redirect ``path`` to ``to`` (a path on this server or any absolute URL); return ``path``'s URL."""
        location = self.url(to) if to.startswith("/") else to
        return self.add(path, status=status, headers={"Location": location})

    def add_directory(self, directory: Path, *, prefix: str = "/") -> list[str]:
        """Serve every file directly inside ``directory`` under ``prefix``; return their URLs, sorted."""
        files = sorted(entry for entry in directory.iterdir() if entry.is_file())
        return [self.add(f"{prefix}{entry.name}", entry.read_bytes()) for entry in files]

    def hits(self, path: str) -> int:
        """How many requests asked for ``path`` (query strings ignored)."""
        with self._lock:
            return sum(1 for requested, _ in self.requests if urlsplit(requested).path == path)

    def _route_for(self, path: str, headers: Message) -> Route:
        with self._lock:
            self.requests.append((path, headers))
            self._in_flight += 1
            self.peak_concurrency = max(self.peak_concurrency, self._in_flight)
            return self._routes.get(urlsplit(path).path, NOT_FOUND)

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    feed_server: FeedServer


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, like real feed hosts
    timeout = IDLE_CONNECTION_SECONDS
    server: _HTTPServer

    def handle(self) -> None:
        # The client may hang up mid-answer (size cap, timeout): expected in tests, not an error.
        with contextlib.suppress(ConnectionError):
            super().handle()

    def do_GET(self) -> None:
        feed = self.server.feed_server
        route = feed._route_for(self.path, self.headers)
        try:
            if route.is_fresh_for(self.headers):
                self._send_head(HTTPStatus.NOT_MODIFIED, route.validators())
            else:
                self._send(route, feed._stopping)
        finally:
            feed._done()

    def _send_head(self, status: int, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, route: Route, stopping: threading.Event) -> None:
        framing = {"Transfer-Encoding": "chunked"} if route.chunked else {"Content-Length": str(len(route.body))}
        headers = {"Content-Type": DEFAULT_CONTENT_TYPE, **route.validators(), **route.headers, **framing}
        self._send_head(route.status, headers)
        give_up_at = time.monotonic() + TRICKLE_LIMIT_SECONDS
        for start in range(0, len(route.body), route.chunk_size):
            if route.delay_per_chunk and (stopping.wait(route.delay_per_chunk) or time.monotonic() > give_up_at):
                self.close_connection = True  # body cut short on purpose; the connection cannot be reused
                return
            self._write(route.body[start : start + route.chunk_size], route.chunked)
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _write(self, data: bytes, chunked: bool) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet; ``FeedServer.requests`` is the log."""


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A running ``FeedServer``, stopped after the test."""
    with FeedServer() as server:
        yield server
