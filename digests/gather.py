"""Fetch feed bytes politely from HTTP(S) URLs, local files and directories; no parsing here.

Feed URLs can come from chat, so HTTP fetches are guarded against server-side request forgery in two places:

* ``check_url`` runs on every request, first hop and each redirect: http(s) only, a host, and a numeric host
  (in any form the OS reads: ``127.1``, ``0x7f.1``, ``2130706433``) must be a public address.
* ``_GuardedBackend`` opens every connection: it resolves the host name itself and connects only to addresses
  ``address_refusal`` passes, so the address checked is the address connected to (no DNS rebinding).

Loopback, private, link-local, multicast and other non-global addresses are refused unless the operator allows
them (``FetchPolicy.allow_private_networks`` or ``allowed_networks``). Local paths and file URLs are read as the
operator's own configuration; ``check_feed_url`` refuses them (and everything else not fetchable) for chat input.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpcore
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
PRIVATE_NETWORKS_SWITCH = "REELBRIEF_ALLOW_PRIVATE_NETWORKS"  # named in refusals: the operator's way out
_SHARED_NETWORK = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598): inside someone's network

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits every fetch obeys."""

    timeout: float = 20.0  # seconds for the whole request, body included
    max_bytes: int = 10 * 1024 * 1024  # no real feed is this big; anything larger is a mistake or an attack
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    # The operator's switch: fetch from any address, loopback and intranet included (feed URLs come from chat).
    allow_private_networks: bool = False
    # Non-public networks allowed even with the switch off, e.g. one intranet feed server.
    allowed_networks: tuple[IPNetwork, ...] = ()


class _RefusedURL(Exception):
    """An outgoing request failed ``check_url`` or the address guard; carries the URL and the reason."""

    def __init__(self, url: httpx.URL, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


class _RefusedAddress(Exception):
    """``_GuardedBackend`` would not connect; the transport, which knows the request, turns it into ``_RefusedURL``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The first matching description wins, so the most telling one (loopback rather than private) is given.
_NON_PUBLIC: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("an unspecified", lambda address: address.is_unspecified),
    ("a loopback", lambda address: address.is_loopback),
    ("a link-local", lambda address: address.is_link_local),
    ("a multicast", lambda address: address.is_multicast),
    ("a shared (carrier-grade NAT)", lambda address: address in _SHARED_NETWORK),
    ("a reserved", lambda address: address.is_reserved),
    ("a private", lambda address: address.is_private),
    ("a non-global", lambda address: not address.is_global),
)


def address_refusal(host: str, address: IPAddress, policy: FetchPolicy) -> str | None:
    """Why a fetch from ``host`` at ``address`` is refused, or None when the address is public or allowed."""
    if policy.allow_private_networks:
        return None
    reached = _unwrapped(address)
    kind = next((kind for kind, applies in _NON_PUBLIC if applies(reached)), None)
    if kind is None or any(reached in network for network in policy.allowed_networks):
        return None
    where = f"{host} is" if _is_literal(host, address) else f"{host} resolves to {address},"
    return f"{where} {kind} address (set {PRIVATE_NETWORKS_SWITCH}=true to fetch from it)"


def _unwrapped(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv4-mapped or 6to4 IPv6 address leads to (``::ffff:127.0.0.1`` is loopback)."""
    if isinstance(address, ipaddress.IPv6Address):
        return address.ipv4_mapped or address.sixtofour or address
    return address


def _is_literal(host: str, address: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host) == address
    except ValueError:
        return False


def check_url(url: httpx.URL, policy: FetchPolicy) -> None:
    """The gate every HTTP request passes, first hop and each redirect: scheme, host, and a numeric host's address.

    Fast and without DNS: host names are checked by ``_GuardedBackend`` when it connects.
    """
    if url.scheme not in HTTP_SCHEMES:
        raise _RefusedURL(url, f"unsupported URL scheme {url.scheme!r}")
    if not url.host:
        raise _RefusedURL(url, "URL has no host name")
    for address in _numeric_addresses(url.raw_host.decode("ascii")):
        refusal = address_refusal(url.host, address, policy)
        if refusal is not None:
            raise _RefusedURL(url, refusal)


def _numeric_addresses(host: str) -> list[IPAddress]:
    """The address a numeric host means, read as the OS reads it (``0x7f.1`` too); nothing for a host name."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError):
        return []
    return _addresses(found)


def _addresses(found: Iterable[tuple[Any, ...]]) -> list[IPAddress]:
    """The distinct addresses in ``getaddrinfo`` results, in the resolver's order."""
    return list(dict.fromkeys(ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found))


def check_feed_url(source: str, policy: FetchPolicy) -> None:
    """Refuse, with ``FetchError``, a feed address from chat that is not a fetchable http(s) URL.

    Local paths and file URLs are for the operator's own configuration. Host names are not resolved here: their
    addresses are checked on every fetch, so a name that later points inward is refused then.
    """
    if _SCHEME.match(source) is None:
        raise FetchError(source, "not a URL: give an http:// or https:// address")
    _checked_url(source, policy)


def _checked_url(source: str, policy: FetchPolicy) -> httpx.URL:
    """``source`` parsed and passed through ``check_url``; ``FetchError`` otherwise."""
    try:
        url = httpx.URL(source)
    except httpx.InvalidURL as exc:
        raise FetchError(source, f"invalid URL: {_one_line(exc)}") from exc
    try:
        check_url(url, policy)  # here too: httpx would take a host-less URL as relative and never show it to the hook
    except _RefusedURL as exc:
        raise FetchError(source, exc.reason) from exc
    return url


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to addresses ``address_refusal`` passes, resolving host names itself.

    The address checked is the one connected to, so a name that answers a public address to a check and a private
    one to the connect (DNS rebinding) gains nothing. Every address a name has must pass. TLS is unaffected:
    httpcore gives ``start_tls`` the URL's host name for SNI and certificate checks, not the address dialled.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port, timeout)
        for address in addresses:
            refusal = address_refusal(host, address, self._policy)
            if refusal is not None:
                raise _RefusedAddress(refusal)
        for address in addresses[:-1]:  # like a plain connect: on to the next address when one fails
            with contextlib.suppress(httpcore.ConnectError):
                return await self._inner.connect_tcp(str(address), port, timeout, local_address, socket_options)
        return await self._inner.connect_tcp(str(addresses[-1]), port, timeout, local_address, socket_options)


async def _resolve(host: str, port: int, timeout: float | None) -> list[IPAddress]:
    """Every address of ``host``; failures become the httpcore errors a plain connect would raise."""
    try:
        async with asyncio.timeout(timeout):
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
    except OSError as exc:  # socket.gaierror among them
        raise httpcore.ConnectError(_one_line(exc)) from exc
    return _addresses(found)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport over a connection pool that connects through ``_GuardedBackend``.

    httpx (0.28) takes no network backend, so the pool it builds is replaced by one built the same way with the
    guard; requests, responses and error mapping stay httpx's. Tests in tests/test_ssrf.py fail if this stops working.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__()
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,  # these three are httpx's defaults
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(policy),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except _RefusedAddress as exc:
            raise _RefusedURL(request.url, exc.reason) from exc


def make_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """An HTTP client that follows a bounded number of redirects, every hop checked by ``check_url`` and the guard.

    ``trust_env=False``: proxy settings from the environment would send requests to the proxy, past the guard.
    """

    async def check_request(request: httpx.Request) -> None:
        check_url(request.url, policy)

    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        headers={"User-Agent": policy.user_agent, "Accept": FEED_ACCEPT},
        timeout=policy.timeout,
        transport=_GuardedTransport(policy),
        trust_env=False,
        event_hooks={"request": [check_request]},
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


async def fetch_each(
    sources: Sequence[str],
    *,
    policy: FetchPolicy,
    cache_for: Callable[[str], CacheHeaders | None] = _no_cache,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> AsyncIterator[FetchResult | FetchError]:
    """Fetch every source over one client, at most ``concurrency`` at once, and yield each result (or failure) as
    it arrives: the caller stores one feed while the next download, and no more than ``concurrency`` feeds' bytes
    are ever held at once, however many sources there are."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    waiting = iter(enumerate(sources))

    async with make_client(policy) as client:

        async def fetch_one(source: str) -> FetchResult | FetchError:
            try:
                return await fetch(source, client=client, policy=policy, cache=cache_for(source))
            except FetchError as exc:
                return exc

        running = {asyncio.create_task(fetch_one(source)): number for number, source in islice(waiting, concurrency)}
        try:
            while running:
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=running.__getitem__):  # ties come in the sources' order
                    del running[task]
                    if (following := next(waiting, None)) is not None:
                        number, source = following
                        running[asyncio.create_task(fetch_one(source))] = number
                    yield task.result()
        finally:  # the caller stopped early: nothing is left running
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)


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
    url = _checked_url(source, policy)
    conditional = _conditional_headers(cache)
    try:
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
