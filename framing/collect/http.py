"""The polite HTTP client every collector uses.

:class:`PoliteClient` wraps :mod:`httpx` with what a research crawler owes the
sites it reads:

- a clear ``User-Agent`` (:data:`DEFAULT_USER_AGENT`, configurable; put your
  contact in it);
- one request per second per host by default (:class:`HttpSettings.delay`),
  slower when robots.txt sets a ``Crawl-delay``;
- robots.txt obeyed, redirects included: a disallowed URL is logged as
  skipped and never fetched;
- retries with exponential backoff on 429 and 5xx, honouring ``Retry-After``
  (seconds or an HTTP date) up to a cap, beyond which it gives up and says so;
- connect and read timeouts, a total time per response, and a maximum
  response size enforced while streaming (a page that never ends is cut off,
  a compressed bomb too: the limit counts decoded bytes);
- redirects followed by hand (each hop paced, checked against robots.txt and
  logged); a redirect to a login page or a 401/403 is reported as such.

It never raises for a bad response: :meth:`PoliteClient.get` returns a
:class:`Response` whose ``error`` says what went wrong, so a collection goes
on and lists its problems at the end.

>>> with PoliteClient(HttpSettings(delay=1.0)) as client:  # doctest: +SKIP
...     response = client.get("https://example.ma/politique/visite-riyad/")
>>> response.ok, response.status, response.charset  # doctest: +SKIP
(True, 200, 'utf-8')
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from framing import __version__
from framing.collect.charset import declared_charset
from framing.collect.log import CollectionLog
from framing.collect.pacing import Clock, HostPacer, SystemClock
from framing.collect.retry import backoff_seconds, is_retryable, retry_after_seconds
from framing.collect.robots import RobotsCache
from framing.errors import CollectError

#: Sent with every request unless replaced; put a contact address in yours.
DEFAULT_USER_AGENT = f"framing/{__version__} (+research; contact in README)"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Words in a final URL's path that mark a login page.
LOGIN_MARKERS = ("login", "signin", "sign-in", "log-in")
# robots.txt is followed through at most this many redirects (RFC 9309 asks for five).
_ROBOTS_REDIRECTS = 5

ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
ACCEPT_JSON = "application/json;q=1.0,*/*;q=0.5"
ACCEPT_FEED = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


@dataclass
class HttpSettings:
    """How politely and how far the client goes; every limit is configurable.

    Attributes
    ----------
    user_agent:
        The ``User-Agent`` header.
    delay:
        Seconds between the starts of two requests to the same host.
    connect_timeout, read_timeout:
        Seconds to wait for a connection, and between two pieces of a response.
    max_seconds:
        Total seconds one response may take to arrive (a slow drip is cut off).
    max_bytes:
        Largest response body accepted (decoded), 20 MB by default.
    max_retries:
        Retries after the first attempt on 429, 5xx, timeouts and dropped connections.
    backoff, max_backoff:
        First wait before a retry (doubled each time) and its cap, in seconds.
    max_retry_after:
        Longest ``Retry-After`` honoured; a server asking for more is given up on.
    max_crawl_delay:
        Longest robots.txt ``Crawl-delay`` honoured as such (longer ones are capped).
    max_redirects:
        Redirects followed before giving up.
    trust_env:
        Use proxy and certificate settings from the environment (``HTTPS_PROXY``, ...).
    allow_local:
        Fetch addresses of this machine or its networks (loopback, private,
        link-local, ...). Refused by default: a page or a redirect could
        otherwise lead the collector to a router, a cloud metadata service
        or an intranet.
    """

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_seconds: float = 300.0
    max_bytes: int = 20_000_000
    max_retries: int = 3
    backoff: float = 2.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    max_crawl_delay: float = 60.0
    max_redirects: int = 10
    trust_env: bool = True
    allow_local: bool = False

    def __post_init__(self) -> None:
        if not self.user_agent.strip():
            raise CollectError("the user agent is empty", field="user_agent")
        for name in ("delay", "backoff", "max_backoff", "max_retry_after", "max_crawl_delay"):
            if getattr(self, name) < 0:
                raise CollectError(f"{name} must be zero or more", field=name)
        for name in ("connect_timeout", "read_timeout", "max_seconds", "max_bytes"):
            if getattr(self, name) <= 0:
                raise CollectError(f"{name} must be more than zero", field=name)
        for name in ("max_retries", "max_redirects"):
            if getattr(self, name) < 0:
                raise CollectError(f"{name} must be zero or more", field=name)

    def to_dict(self) -> dict[str, object]:
        """The settings, for a collection's record."""
        return dict(vars(self))


@dataclass
class Response:
    """What a request gave: status, headers, the body bytes as received, or why not.

    Attributes
    ----------
    url:
        The URL asked for.
    final_url:
        Where redirects led (``url`` when there were none).
    status:
        The last HTTP status, None when no response arrived.
    headers:
        Response headers, names lowercased.
    content:
        The body as received (decompressed); empty on failure.
    elapsed:
        Seconds the last attempt took.
    attempts:
        Attempts made for the last hop.
    error:
        Empty when all went well, else what went wrong, in words.
    problem:
        A short category of ``error``: ``disallowed``, ``size_limit``,
        ``timeout``, ``network``, ``retry_after``, ``http``, ``login``,
        ``redirects``, ``invalid_url``, ``decoding``.
    redirects:
        The URLs redirected to, in order.
    """

    url: str
    final_url: str = ""
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    elapsed: float = 0.0
    attempts: int = 0
    error: str = ""
    problem: str = ""
    redirects: list[str] = field(default_factory=list)
    transient: bool = False

    @property
    def ok(self) -> bool:
        """A 2xx response that arrived whole."""
        return not self.error and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        """The media type without parameters (``text/html``), lowercased."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        """The character set the response declares (header or document), else ""."""
        return declared_charset(self.headers.get("content-type", ""), self.content)

    @property
    def retryable(self) -> bool:
        return self.transient or (not self.error and is_retryable(self.status))

    def fail(self, error: str, problem: str) -> Response:
        """Mark this response as failed and return it."""
        self.error, self.problem = error, problem
        return self


def url_problem(url: str) -> str:
    """Why ``url`` cannot be fetched (not http(s), no host), or "" when it can.

    >>> url_problem("https://example.ma/a"), url_problem("ftp://example.ma/a")
    ('', 'not an http(s) URL')
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        return f"not a valid URL ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "the URL has no host"
    if any(ch.isspace() for ch in url):
        return "the URL contains spaces"
    return ""


def local_address_problem(url: str) -> str:
    """Why ``url``'s host is refused as local (loopback, private, ...), or "" when it is not.

    A name is resolved first: every address it resolves to must be public. A
    name that does not resolve is left to the request, which reports it.

    >>> local_address_problem("http://127.0.0.1:8080/feed")
    'a local-network address (127.0.0.1): pass --allow-local to fetch it'
    >>> local_address_problem("http://[fe80::1]/")
    'a local-network address (fe80::1): pass --allow-local to fetch it'
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = _resolve(host, urlsplit(url).port)
    for address in addresses:
        if not address.is_global or address.is_multicast:
            return f"a local-network address ({address}): pass --allow-local to fetch it"
    return ""


def _resolve(host: str, port: int | None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        found = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def looks_like_login(url: str) -> bool:
    """Whether a URL's path names a login page (``/wp-login.php``, ``/signin``, ...)."""
    path = urlsplit(url).path.lower()
    return any(marker in path for marker in LOGIN_MARKERS)


class PoliteClient:
    """An HTTP client that paces, retries, obeys robots.txt and limits sizes (see module).

    Parameters
    ----------
    settings:
        :class:`HttpSettings` (defaults: 1 request/s/host, 20 MB, 3 retries).
    log:
        Where each request and each skipped URL is recorded.
    clock:
        Time source for pacing and waits; tests pass
        :class:`~framing.collect.pacing.FakeClock`.
    """

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        log: CollectionLog | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings or HttpSettings()
        self.log = log or CollectionLog(None)
        self.clock = clock or SystemClock()
        self.pacer = HostPacer(self.settings.delay, self.clock)
        self.robots = RobotsCache(self._fetch_robots, self.settings.user_agent, self.log)
        self._http = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=httpx.Timeout(
                self.settings.read_timeout,
                connect=self.settings.connect_timeout,
            ),
            follow_redirects=False,
            trust_env=self.settings.trust_env,
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def get(self, url: str, *, kind: str = "page", accept: str = ACCEPT_HTML) -> Response:
        """Fetch ``url`` politely; never raises for network or HTTP problems.

        ``kind`` labels the request in the log (``page``, ``posts``, ``feed``, ...).
        """
        problem = url_problem(url)
        if problem:
            return Response(url, final_url=url).fail(problem, "invalid_url")
        current, chain = url, []
        for _ in range(self.settings.max_redirects + 1):
            local = "" if self.settings.allow_local else local_address_problem(current)
            if local:
                self.log.event("skipped", current, local, kind=kind)
                response = Response(url, final_url=current, redirects=chain)
                return response.fail(f"{local} (not fetched)", "local_address")
            if not self._allowed(current):
                self.log.event("skipped", current, "disallowed by robots.txt", kind=kind)
                response = Response(url, final_url=current, redirects=chain)
                return response.fail("disallowed by robots.txt (not fetched)", "disallowed")
            response = self._fetch_with_retries(current, kind, accept)
            target = self._redirect_target(current, response)
            if target is None:
                break
            chain.append(target)
            current = target
        else:
            response = Response(url, final_url=current, redirects=chain)
            return response.fail(f"more than {self.settings.max_redirects} redirects", "redirects")
        response.url, response.final_url, response.redirects = url, current, chain
        return _check_status(response)

    def _redirect_target(self, current: str, response: Response) -> str | None:
        location = response.headers.get("location", "").strip()
        if response.error or response.status not in REDIRECT_STATUSES or not location:
            return None
        target = urljoin(current, location)
        if url_problem(target):
            response.fail(f"redirected to an unusable URL: {target}", "redirects")
            return None
        return target

    def _fetch_robots(self, url: str) -> Response:
        current = url
        for _ in range(_ROBOTS_REDIRECTS + 1):
            response = self._fetch_with_retries(current, "robots", "text/plain,*/*;q=0.5")
            target = self._redirect_target(current, response)
            if target is None:
                break
            current = target
        return response

    def _allowed(self, url: str) -> bool:
        rules = self.robots.rules(url)
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay:
            self.pacer.slow_down(_host(url), min(delay, self.settings.max_crawl_delay))
        return rules.allows(url, self.settings.user_agent)

    def _fetch_with_retries(self, url: str, kind: str, accept: str) -> Response:
        host = _host(url)
        attempt = 0
        while True:
            self.pacer.wait(host)
            response = self._fetch_once(url, kind, accept, attempt)
            if not response.retryable:
                return response
            if attempt >= self.settings.max_retries:
                what = response.error or f"HTTP {response.status}"
                return response.fail(
                    f"{what}; gave up after {attempt + 1} attempts",
                    response.problem or "http",
                )
            wait = retry_after_seconds(response.headers.get("retry-after"), now=self.clock.time())
            if wait is not None and wait > self.settings.max_retry_after:
                return response.fail(
                    f"HTTP {response.status}: the server asks to wait {wait:,.0f} s (Retry-After),"
                    f" more than the cap of {self.settings.max_retry_after:,.0f} s;"
                    " run the command again later to resume",
                    "retry_after",
                )
            if wait is None:
                wait = backoff_seconds(
                    attempt, base=self.settings.backoff, cap=self.settings.max_backoff
                )
            self.clock.sleep(wait)
            attempt += 1

    def _fetch_once(self, url: str, kind: str, accept: str, attempt: int) -> Response:
        response = Response(url, final_url=url, attempts=attempt + 1)
        start = time.perf_counter()
        try:
            with self._http.stream("GET", url, headers={"Accept": accept}) as streamed:
                response.status = streamed.status_code
                response.headers = {k.lower(): v for k, v in streamed.headers.items()}
                if response.status not in REDIRECT_STATUSES:
                    self._read_body(streamed, response, start)
        except httpx.TimeoutException as error:
            response.fail(f"timed out ({type(error).__name__})", "timeout").transient = True
        except httpx.UnsupportedProtocol as error:
            response.fail(f"unsupported URL: {error}", "invalid_url")
        except httpx.TransportError as error:
            reason = str(error) or type(error).__name__
            response.fail(f"network error: {reason}", "network").transient = True
        except httpx.DecodingError as error:
            response.fail(f"cannot decompress the response: {error}", "decoding")
        except httpx.InvalidURL as error:
            response.fail(f"not a valid URL ({error})", "invalid_url")
        response.elapsed = time.perf_counter() - start
        extra = {"attempt": attempt + 1} if attempt else {}
        self.log.request(
            url,
            status=response.status,
            size=len(response.content),
            elapsed=response.elapsed,
            error=response.error,
            kind=kind,
            **extra,
        )
        return response

    def _read_body(self, streamed: httpx.Response, response: Response, start: float) -> None:
        limit = self.settings.max_bytes
        declared = streamed.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            response.fail(
                f"the response declares {int(declared):,} bytes, over the size limit of "
                f"{limit:,} (not downloaded)",
                "size_limit",
            )
            return
        chunks: list[bytes] = []
        size = 0
        for chunk in streamed.iter_bytes():
            size += len(chunk)
            if size > limit:
                response.fail(
                    f"the response exceeds the size limit of {limit:,} bytes "
                    f"(stopped reading at {size:,})",
                    "size_limit",
                )
                return
            if time.perf_counter() - start > self.settings.max_seconds:
                response.fail(
                    f"the response took more than {self.settings.max_seconds:g} s "
                    "(stopped reading)",
                    "timeout",
                )
                return
            chunks.append(chunk)
        response.content = b"".join(chunks)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _check_status(response: Response) -> Response:
    """Turn a login wall or a non-2xx status into an error (the body is kept)."""
    if response.error or response.status is None:
        return response
    if response.status in (401, 403):
        return response.fail(
            f"access denied (HTTP {response.status}): the page needs a login or refuses "
            "this client",
            "login",
        )
    if response.redirects and looks_like_login(response.final_url):
        return response.fail(f"redirected to a login page ({response.final_url})", "login")
    if not 200 <= response.status < 300:
        reason = httpx.codes.get_reason_phrase(response.status)
        return response.fail(f"HTTP {response.status} {reason}".strip(), "http")
    return response
