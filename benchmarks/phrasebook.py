"""Sentence templates and vocabularies of one language, and the article they assemble.

A :class:`Phrasebook` holds topics (each with title and sentence templates),
neutral context sentences and slot vocabularies. Templates name slots in
braces (``{city}``) and offer inline alternatives in brackets
(``[said|announced]``, one drawn at random; ``[|very ]`` makes a word
optional); a slot's value may itself hold slots and alternatives. The
alternatives matter: without them, articles on one topic would share long
runs of words and look like near-duplicates of each other.
Security-diplomacy topics carry frame cues; the others (sport, economy,
weather, culture) mostly do not, so the lexicon fires on a minority of
passages, as in real coverage.

>>> import random
>>> book = Phrasebook(
...     language="en", outlets=("demo.example",), months=("January",) * 12,
...     dateline="{city}, {day} {month} {year} -",
...     slots={"city": ("Rabat",), "n": ("3",)},
...     context=("Officials gave no details.",),
...     topics=(Topic("sport", framed=False, weight=1.0,
...                   titles=("{n} goals in {city}",), sentences=("The match ended {n}-0.",)),))
>>> article = book.article(random.Random(0), date(2026, 1, 5))
>>> article.title, article.paragraphs[0][:22]
('3 goals in Rabat', 'Rabat, 5 January 2026 ')
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

_SLOT = re.compile(r"\{(\w+)\}")
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SENTENCES_PER_PARAGRAPH = (1, 2, 2, 2, 3, 3, 4)


@dataclass(frozen=True)
class Topic:
    """A kind of story: its headline and sentence templates.

    ``framed`` topics are the security-diplomacy ones; ``weight`` is the
    share of articles about the topic (relative to the other topics).
    """

    name: str
    framed: bool
    weight: float
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One generated article: plain paragraphs, no markup."""

    title: str
    paragraphs: list[str]
    topic: str
    framed: bool


@dataclass(frozen=True)
class Phrasebook:
    """Everything needed to write news articles in one language."""

    language: str
    outlets: tuple[str, ...]
    months: tuple[str, ...]
    dateline: str
    slots: dict[str, tuple[str, ...]]
    context: tuple[str, ...]
    topics: tuple[Topic, ...]
    #: Rewrites a finished article, title first (one house style per article:
    #: orthographic variants, apostrophes).
    stylize: Callable[[list[str], random.Random], list[str]] = field(
        default=lambda texts, rng: texts
    )

    def fill(self, template: str, rng: random.Random, fixed: dict[str, str] | None = None) -> str:
        """The template with every slot replaced by a random value of its vocabulary.

        ``fixed`` gives values for slots that are not drawn (the date of a dateline).
        """

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if fixed and name in fixed:
                return fixed[name]
            chosen = rng.choice(self.slots[name])
            return self.fill(chosen, rng, fixed) if "{" in chosen or "[" in chosen else chosen

        if "[" in template:
            template = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        return _SLOT.sub(value, template)

    def pick_topic(self, rng: random.Random) -> Topic:
        return rng.choices(self.topics, weights=[t.weight for t in self.topics])[0]

    def article(self, rng: random.Random, day: date) -> Article:
        """An article of 3 to 7 paragraphs of 1 to 4 sentences, with a dateline."""
        topic = self.pick_topic(rng)
        # Framed stories mix their cue-bearing sentences with neutral context, as reports do.
        own_share = 0.6 if topic.framed else 0.7
        # Each template at most once per article (until a pool runs out), as a writer would.
        own, context = _Deck(topic.sentences, rng), _Deck(self.context, rng)
        paragraphs = []
        for _ in range(rng.randint(3, 7)):
            sentences = [
                _capitalize(self.fill((own if rng.random() < own_share else context).draw(), rng))
                for _ in range(rng.choice(_SENTENCES_PER_PARAGRAPH))
            ]
            paragraphs.append(" ".join(sentences))
        when = {"day": str(day.day), "month": self.months[day.month - 1], "year": str(day.year)}
        paragraphs[0] = f"{self.fill(self.dateline, rng, when)} {paragraphs[0]}"
        title = _capitalize(self.fill(rng.choice(topic.titles), rng))
        title, *paragraphs = self.stylize([title, *paragraphs], rng)
        return Article(title=title, paragraphs=paragraphs, topic=topic.name, framed=topic.framed)


def _capitalize(sentence: str) -> str:
    """Upper-case the first letter (a slot value such as "le Wydad" may open the sentence)."""
    return sentence[:1].upper() + sentence[1:]


class _Deck:
    """Templates drawn without replacement, reshuffled when all have been used."""

    def __init__(self, cards: tuple[str, ...], rng: random.Random) -> None:
        self.cards, self.rng, self.left = cards, rng, []

    def draw(self) -> str:
        if not self.left:
            self.left = list(self.cards)
            self.rng.shuffle(self.left)
        return self.left.pop()
