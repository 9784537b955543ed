"""robots.txt: fetched once per site with the collector's own client, then obeyed.

Rules follow RFC 9309 as far as :mod:`urllib.robotparser` does: a robots.txt
that is missing (any 4xx) allows everything; one that cannot be reached (a
network error, a timeout, a 5xx after retries) is also treated as allowing
everything, and that decision is logged so a report can say so. A
``Crawl-delay`` for our user agent slows the pacing of that host.

>>> rules = parse_robots("https://example.ma", "User-agent: *\\nDisallow: /private/\\n")
>>> rules.allows("https://example.ma/private/draft", "framing/0.1")
False
>>> rules.allows("https://example.ma/politique/visite", "framing/0.1")
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from framing.collect.log import CollectionLog

if TYPE_CHECKING:
    from framing.collect.http import Response


@dataclass
class RobotsRules:
    """What one site's robots.txt allows.

    Attributes
    ----------
    origin:
        ``scheme://host[:port]`` the rules apply to.
    parser:
        The parsed file; None when everything is allowed (no file, or unreachable).
    note:
        How the rules were decided, for the log.
    """

    origin: str
    parser: RobotFileParser | None
    note: str

    def allows(self, url: str, user_agent: str) -> bool:
        """Whether ``user_agent`` may fetch ``url``."""
        return self.parser is None or self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """The ``Crawl-delay`` the file sets for ``user_agent``, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (lowercased)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def parse_robots(origin: str, text: str) -> RobotsRules:
    """Rules from the text of a robots.txt."""
    parser = RobotFileParser(origin + "/robots.txt")
    parser.parse(text.splitlines())
    return RobotsRules(origin, parser, "robots.txt read")


def rules_from_response(origin: str, response: Response) -> RobotsRules:
    """Rules from the fetch of ``/robots.txt`` (see the module docstring for each case)."""
    status = response.status
    if status == 200 and not response.error:
        return parse_robots(origin, response.content.decode("utf-8", errors="replace"))
    if status is not None and 400 <= status < 500:
        return RobotsRules(origin, None, f"no robots.txt (HTTP {status}): everything allowed")
    why = response.error or f"HTTP {status}"
    return RobotsRules(origin, None, f"robots.txt unreachable ({why}): treated as allowed")


class RobotsCache:
    """Fetches and keeps each site's rules.

    Parameters
    ----------
    fetch:
        Fetches a robots.txt URL without consulting robots rules (the client's raw fetch).
    user_agent:
        The agent the rules are checked for.
    log:
        Where to record how each site's rules were decided.
    """

    def __init__(
        self, fetch: Callable[[str], Response], user_agent: str, log: CollectionLog
    ) -> None:
        self.fetch = fetch
        self.user_agent = user_agent
        self.log = log
        self._rules: dict[str, RobotsRules] = {}

    def rules(self, url: str) -> RobotsRules:
        """The rules for ``url``'s site, fetching its robots.txt the first time."""
        origin = origin_of(url)
        if origin not in self._rules:
            robots_url = origin + "/robots.txt"
            rules = rules_from_response(origin, self.fetch(robots_url))
            self.log.event("robots", robots_url, rules.note)
            self._rules[origin] = rules
        return self._rules[origin]

    def allows(self, url: str) -> bool:
        """Whether our user agent may fetch ``url``."""
        return self.rules(url).allows(url, self.user_agent)
