"""Fetch feed bytes politely from HTTP(S) URLs, local files and directories; no parsing here."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from digests.errors import FetchError
from digests.types import CacheHeaders, FetchResult

DEFAULT_USER_AGENT = "Reelbrief/0.1 (+https://github.com/reelbrief/reelbrief; feed digest bot)"
FEED_FILE_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
# Feed types first; generic XML next; anything else last, because many servers label feeds text/html.
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
HTTP_SCHEMES = ("http", "https")
LOCAL_HOSTS = ("", "localhost")  # file:// URLs naming another machine cannot be read from here
DEFAULT_CONCURRENCY = 8  # enough to overlap slow servers without hammering shared hosts
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SIZE_UNITS = (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10))
_MAX_DETAIL = 200  # library exception text can echo server bytes; keep error lines short


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits every fetch obeys."""

    timeout: float = 20.0  # seconds for the whole request, body included
    max_bytes: int = 10 * 1024 * 1024  # no real feed is this big; anything larger is a mistake or an attack
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT


class _RefusedURL(Exception):
    """An outgoing request failed ``check_url``; carries the URL and the reason."""

    def __init__(self, url: httpx.URL, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


def check_url(url: httpx.URL) -> None:
    """The one gate every HTTP request passes, first hop and each redirect; add address policies here."""
    if url.scheme not in HTTP_SCHEMES:
        raise _RefusedURL(url, f"unsupported URL scheme {url.scheme!r}")
    if not url.host:
        raise _RefusedURL(url, "URL has no host name")


async def _check_request(request: httpx.Request) -> None:
    check_url(request.url)


def make_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """An HTTP client that follows a bounded number of redirects and checks every hop with ``check_url``."""
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        headers={"User-Agent": policy.user_agent, "Accept": FEED_ACCEPT},
        timeout=policy.timeout,
        http2=False,
        event_hooks={"request": [_check_request]},
    )


def expand_sources(sources: Iterable[str]) -> list[str]:
    """URLs as given, directories as their feed files, paths made absolute; duplicates dropped in order."""
    expanded: list[str] = []
    for source in sources:
        where = _locate(source)
        if isinstance(where, str):
            expanded.append(where)
            continue
        try:
            path = where.resolve()
            if path.is_dir():
                expanded.extend(str(feed) for feed in _feed_files(path))
            elif path.exists():
                expanded.append(str(path))
            else:
                raise FetchError(source, "no such file or directory")
        except OSError as exc:
            raise FetchError(source, _os_reason(exc)) from exc
    return list(dict.fromkeys(expanded))


def _feed_files(directory: Path) -> list[Path]:
    """Feed files directly inside ``directory``, sorted; hidden files (editor and OS droppings) skipped."""
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.is_file() and not entry.name.startswith(".") and entry.suffix.lower() in FEED_FILE_SUFFIXES
    )


async def fetch(
    source: str, *, client: httpx.AsyncClient, policy: FetchPolicy, cache: CacheHeaders | None = None
) -> FetchResult:
    """Fetch one source (URL or path); raise ``FetchError`` with a one-line reason on any failure."""
    where = _locate(source)
    if isinstance(where, Path):
        return await asyncio.to_thread(_read_file, source, where, policy.max_bytes)
    return await _fetch_http(source, client, policy, cache)


def _no_cache(source: str) -> CacheHeaders | None:
    return None


async def fetch_many(
    sources: Sequence[str],
    *,
    policy: FetchPolicy,
    cache_for: Callable[[str], CacheHeaders | None] = _no_cache,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> list[FetchResult | FetchError]:
    """Fetch every source over one client, at most ``concurrency`` at once; failures come back in place."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    gate = asyncio.Semaphore(concurrency)

    async with make_client(policy) as client:

        async def fetch_one(source: str) -> FetchResult | FetchError:
            async with gate:
                try:
                    return await fetch(source, client=client, policy=policy, cache=cache_for(source))
                except FetchError as exc:
                    return exc

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch_one(source)) for source in sources]
    return [task.result() for task in tasks]


def _locate(source: str) -> str | Path:
    """An http(s) URL (returned unchanged) or a local path; any other scheme is refused."""
    match = _SCHEME.match(source)
    if match is None:
        return Path(source).expanduser()
    scheme = match[1].lower()
    if scheme in HTTP_SCHEMES:
        return source
    if scheme == "file":
        parts = urlsplit(source)
        if parts.netloc.lower() not in LOCAL_HOSTS:
            raise FetchError(source, "file URLs must name this machine, like file:///path/to/feed.xml")
        return Path(url2pathname(parts.path))
    raise FetchError(source, f"unsupported URL scheme {scheme!r}")


def _read_file(source: str, path: Path, max_bytes: int) -> FetchResult:
    """Read a local feed file, refusing it as soon as it proves bigger than ``max_bytes``."""
    try:
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FetchError(source, _os_reason(exc)) from exc
    if len(content) > max_bytes:
        raise FetchError(source, f"file larger than {_size_text(max_bytes)}")
    return FetchResult(source=source, content=content)


async def _fetch_http(
    source: str, client: httpx.AsyncClient, policy: FetchPolicy, cache: CacheHeaders | None
) -> FetchResult:
    """GET one URL with conditional headers; the whole exchange, body included, must end within the timeout."""
    try:
        url = httpx.URL(source)
    except httpx.InvalidURL as exc:
        raise FetchError(source, f"invalid URL: {_one_line(exc)}") from exc
    conditional = _conditional_headers(cache)
    try:
        check_url(url)  # here too: httpx would take a host-less URL as relative and never show it to the hook
        async with (
            asyncio.timeout(policy.timeout),
            client.stream("GET", url, headers=conditional, timeout=policy.timeout) as response,
        ):
            if response.status_code == HTTPStatus.NOT_MODIFIED and conditional:
                return FetchResult(source=source, content=None, cache=cache, final_url=str(response.url))
            if not response.is_success:
                raise FetchError(source, _status_text(response.status_code))
            content = await _read_capped(source, response, policy.max_bytes)
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise FetchError(source, f"timed out after {policy.timeout:g}s") from exc
    except _RefusedURL as exc:
        reason = exc.reason if exc.url == url else f"redirect to {exc.url} refused: {exc.reason}"
        raise FetchError(source, reason) from exc
    except httpx.HTTPError as exc:
        raise FetchError(source, _http_error_reason(exc, client)) from exc
    return FetchResult(
        source=source,
        content=content,
        cache=CacheHeaders(etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")),
        final_url=str(response.url),
        content_type=response.headers.get("Content-Type"),
    )


def _conditional_headers(cache: CacheHeaders | None) -> dict[str, str]:
    if cache is None:
        return {}
    headers = {"If-None-Match": cache.etag, "If-Modified-Since": cache.last_modified}
    return {name: value for name, value in headers.items() if value}


async def _read_capped(source: str, response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, refused early on a too-big Content-Length and again while streaming."""
    too_large = FetchError(source, f"response larger than {_size_text(max_bytes)}")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def _status_text(code: int) -> str:
    """``HTTP 404 Not Found``; the standard phrase, never the server's own text."""
    try:
        return f"HTTP {code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP {code}"


def _http_error_reason(exc: httpx.HTTPError, client: httpx.AsyncClient) -> str:
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {client.max_redirects})"
    if isinstance(exc, httpx.ConnectError):
        for cause in _causes(exc):
            if isinstance(cause, ConnectionRefusedError):
                return "connection refused"
            if isinstance(cause, socket.gaierror):
                return "could not resolve host name"
        return f"could not connect: {_one_line(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol: {_one_line(exc)}"
    if isinstance(exc, httpx.DecodingError):
        return "could not decode the response body (bad compression)"
    return f"network error: {_one_line(exc)}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from, innermost last."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _os_reason(exc: OSError) -> str:
    """``no such file or directory``, ``permission denied``, ``is a directory``…"""
    return (exc.strerror or _one_line(exc)).lower()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:_MAX_DETAIL]


def _size_text(size: int) -> str:
    """``10 MiB``, ``1.5 KiB``, ``1000 bytes``."""
    for unit, scale in _SIZE_UNITS:
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"
