"""A real HTTP server on 127.0.0.1 for the collect tests, serving replies the tests script.

Each test registers routes on a :class:`Site`: a path answered by a list of
:class:`Reply` (successive requests get successive replies; the last one
repeats) or by a function of the query string. Unknown paths get a 404 HTML
page, so robots.txt is absent unless a test serves one. Every request is
recorded (path, query, User-Agent) so tests can check what was and was not
fetched.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from collect_samples import posts_page

from framing.collect import HttpSettings


@dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    endless: bool = False  # a chunked body that never ends
    drip: float = 0.0  # with endless: seconds between chunks (a slow drip)


@dataclass
class Request:
    path: str
    query: dict[str, str]
    user_agent: str


Handler = Callable[[dict[str, str]], Reply]


class Site:
    """Routes and the record of requests of the test server."""

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, list[Reply] | Handler] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def handle(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def hits(self, path: str, **query: str) -> int:
        """Requests for ``path`` whose query includes ``query``."""
        return sum(
            1
            for r in self.requests
            if r.path == path and all(r.query.get(k) == v for k, v in query.items())
        )

    def reply_for(self, path: str, query: dict[str, str]) -> Reply:
        with self._lock:
            route = self.routes.get(path)
            if route is None:
                return Reply(404, "<html><body><h1>Not found</h1></body></html>")
            if callable(route):
                return route(query)
            return route.pop(0) if len(route) > 1 else route[0]


def _handler_class(site: Site) -> type[BaseHTTPRequestHandler]:
    class ScriptedHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            site.requests.append(Request(parts.path, query, self.headers.get("User-Agent", "")))
            reply = site.reply_for(parts.path, query)
            if reply.delay:
                time.sleep(reply.delay)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(reply)  # a client that gives up early is doing its job

        def _send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.endless:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"never ending " * 300 + b"</p>\n"
                for _ in range(20_000):  # a safety stop far beyond any test's size limit
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    if reply.drip:
                        self.wfile.flush()
                        time.sleep(reply.drip)
                self.close_connection = True
                return
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ScriptedHandler


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    """A live server on 127.0.0.1 (a free port), shut down on exit.

    Test modules wrap it in their own ``site`` fixture::

        @pytest.fixture
        def site() -> Iterator[Site]:
            with serve() as live:
                yield live
    """
    scripted = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(scripted))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    scripted.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield scripted
    finally:
        server.shutdown()
        server.server_close()


def fast_settings(**overrides: object) -> HttpSettings:
    """Settings for tests: real pacing logic, tiny limits, no real waiting with FakeClock."""
    values: dict[str, object] = {
        "delay": 0.5,
        "backoff": 0.25,
        "max_retries": 2,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "max_retry_after": 60.0,
        "trust_env": False,  # never route the local server through a proxy
        "allow_local": True,  # the test server is on 127.0.0.1
        **overrides,
    }
    return HttpSettings(**values)  # type: ignore[arg-type]


API = "/wp-json/wp/v2/posts"


def wordpress_api(
    posts: list[dict[str, Any]],
    *,
    headers: bool = True,
    broken_pages: dict[int, Reply] | None = None,
):
    """A posts endpoint paging ``posts`` like WordPress (ascending ids, X-WP-* headers)."""
    broken = broken_pages if broken_pages is not None else {}

    def handler(query: dict[str, str]) -> Reply:
        per_page, page = int(query.get("per_page", 10)), int(query.get("page", 1))
        total_pages = -(-len(posts) // per_page)
        if page in broken:
            return broken[page]
        if page > max(total_pages, 1):
            body = {"code": "rest_post_invalid_page_number", "message": "Invalid page number."}
            return Reply(400, json.dumps(body), "application/json; charset=UTF-8")
        chosen = sorted(posts, key=lambda p: p["id"])[(page - 1) * per_page : page * per_page]
        extra = {"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(total_pages)}
        return Reply(
            200, posts_page(chosen), "application/json; charset=UTF-8", extra if headers else {}
        )

    return handler
