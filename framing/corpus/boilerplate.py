"""Boilerplate removal: what a web page wraps around an article, line by line.

Three kinds of evidence, each reported (a :class:`RemovedLine` with its reason):

1. **Line rules** (tables below, one per language, all applied to every
   document because news sites mix languages in their menus): navigation,
   comment forms, share/follow buttons, app promotion, "read also" links,
   cookie and newsletter notices, copyright, tags lines, photo credits. Most
   rules apply only to short lines (at most 15 words) that are not body
   paragraphs; *notices* (comment-form notice, cookies, copyright, "read
   also: <headline>") are anchored phrases that apply to any line of up to 60
   words.
2. **Repetition**: a short line found in many documents of the same outlet
   (:class:`RepeatedLines`).
3. **Position**. A *body paragraph* has at least 20 words, or is a sentence
   (ending with ``. ! ? ؟ …``) of at least 8 words (16 and 6 for Arabic,
   whose clitics make words fewer).

   (a) Header zone: the lines before the first body paragraph. Without a
   given title (plain text), the title is the first header line that is not
   boilerplate, not a date and has at least 4 words; failing that, the first
   line when it looks like a title (no more than 15 words, no final period).
   The other header lines are removed ("header line before the article
   body") and returned in ``CleanedDocument.header`` for date and source hints.
   A line repeating the given title is removed ("repeats the title").

   (b) Footer: after the last body paragraph of 20 words or more (else the
   last body paragraph), the first line hit by a footer rule (anything but
   "read also" and photo credits, which also occur inside articles) or by
   repetition starts the footer, which is removed to the end. Short closing
   lines before it stay. App promotions are runs of slogans, only some of
   which a rule recognises: they go with the run.

   (c) Between the first and last body paragraphs, only a line rule or
   repetition removes a line: section headings stay.

Body paragraphs are never removed, except by a notice rule. A document
without any body paragraph is cleaned by line rules only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from framing.corpus.dates import date_coverage
from framing.text.normalize import APOSTROPHES, fold_accents, fold_arabic
from framing.text.script import ARABIC_BLOCKS
from framing.text.tokens import at_most_words

SHORT_LINE_WORDS = 15
NOTICE_MAX_WORDS = 60
TITLE_MIN_WORDS = 4
DATE_LINE_COVERAGE = 0.6
# (words of a long paragraph, words of a body sentence) by script.
BODY_WORDS = {"latin": (20, 8), "arabic": (16, 6)}

NAVIGATION = "navigation"
COMMENT_FORM = "comment form"
SHARE = "share or follow buttons"
APP = "app promotion"
READ_ALSO = "read also link"
COOKIES = "cookie notice"
NEWSLETTER = "newsletter sign-up"
COPYRIGHT = "copyright notice"
TAGS = "tags line"
PHOTO = "photo credit"
SEPARATOR = "no words"
# Labels that also occur inside an article, so they do not start a footer.
INLINE_LABELS = frozenset({READ_ALSO, PHOTO, SEPARATOR})

REASON_HEADER = "header line before the article body"
REASON_FOOTER = "footer after the article body"
REASON_TITLE = "repeats the title"
REASON_REPEATED = "repeated in many documents of the same outlet"

# Patterns match the normalised line: case-folded, Arabic folded (no diacritics,
# ا for أ إ آ, ي for ى, ه for ة), Latin accents removed, straight apostrophes,
# outer punctuation stripped. Write them in plain spelling: they are folded too.
_SOCIAL = (
    "facebook|twitter|x|whatsapp|linkedin|telegram|e-?mail|messenger|pinterest|reddit"
    "|instagram|youtube|tiktok|threads|bluesky|print|copy link|واتساب|فيسبوك|تويتر|تلغرام"
    "|تيليجرام|لينكدإن|انستغرام|يوتيوب|طباعة"
)

LINE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "any": (
        (SEPARATOR, r"^\W*$"),
        # Breadcrumbs: three or more short items joined by › » > | or a spaced slash.
        (NAVIGATION, r"^(?!.*«)[^›»>|/]{1,40}(?:\s[›»>|/]\s[^›»>|/]{1,40}){2,}$"),
        (NAVIGATION, r"^(home|accueil|الرئيسية)\s*[›»>|/]"),
        (SHARE, rf"^(?:(?:{_SOCIAL})[\s,|/·•-]*)+$"),
        (COPYRIGHT, r"^(©|\(c\) \d{4})"),
    ),
    "en": (
        (
            NAVIGATION,
            r"^(home|home ?page|menu|main menu|navigation|search|search for|skip to( main)? content"
            r"|back to top( button)?|scroll to top|go to top|top of page|close|open menu"
            r"|toggle navigation|next|previous|(next|previous) (article|post|story)|load more"
            r"|show more|more news|most read|most popular|trending( now)?|sign in|log in|login"
            r"|register|my account|subscribe|sections|all sections|advertisement|sponsored)$",
        ),
        (NAVIGATION, r"^(\S+ ){0,3}logo$"),
        (NAVIGATION, r"^(\S+ ){0,2}(main|featured|cover|hero|header) image$"),
        (COMMENT_FORM, r"^leave a (reply|comment)\b"),
        (COMMENT_FORM, r"^(post|submit|add) (a |your )?comment\b"),
        (COMMENT_FORM, r"^(cancel reply|(no|\d+) (comments?|responses?|replies)|comments?)$"),
        (COMMENT_FORM, r"^(name|email|website|comment) ?\*$"),
        (COMMENT_FORM, r"^save my name, email"),
        (SHARE, r"^share( this| the)?( article| story| post| page)?$"),
        (SHARE, rf"^share (on|via|to|with) ({_SOCIAL})\b"),
        (SHARE, r"^follow us\b"),
        (SHARE, rf"^follow (\S+ )?on ({_SOCIAL}|google news)\b"),
        (SHARE, r"^(tweet|retweet|pin it|email this|copy url|print this( article| page)?)$"),
        (APP, r"\bget the (full experience in the |\S+ )?app\b"),
        (APP, r"^(download|install|open|try) (the|our) (\S+ )?app\b"),
        (APP, r"\b(app store|google play)\b"),
        (READ_ALSO, r"^related( (articles?|stories|posts|news|content|topics|coverage))?$"),
        (NEWSLETTER, r"^(newsletter|sign up|(enter )?your email( address)?)$"),
        (
            NEWSLETTER,
            r"^(subscribe|sign up|register) (to|for) (our|the) (\S+ )?(newsletter|mailing list)",
        ),
        (TAGS, r"^(tags?|tagged( with)?|topics|keywords|filed under|categories|category) ?:"),
        (TAGS, r"^tags$"),
        (PHOTO, r"^(photo|image|picture|credit|photo credit|file photo)s? ?(:|by\b)"),
        (PHOTO, r"^(getty images|shutterstock|afp photo|reuters photo)\b"),
    ),
    "fr": (
        (
            NAVIGATION,
            r"^(accueil|menu|rechercher|recherche|aller au contenu( principal)?|retour en haut"
            r"( de (la )?page)?|haut de page|fermer|suivant|precedent|article (suivant|precedent)"
            r"|charger plus|voir plus|plus d'articles|les plus lus|a la une|se connecter"
            r"|connexion|s'inscrire|inscription|mon compte|s'abonner|abonnez-vous|rubriques"
            r"|publicite|imprimer)$",
        ),
        (NAVIGATION, r"^(image|photo) (principale|a la une)$"),
        (COMMENT_FORM, r"^laisse[rz] un commentaire\b"),
        (COMMENT_FORM, r"^(ajouter|publier|poster|ecrire) (un|le|votre) commentaire\b"),
        (COMMENT_FORM, r"^(annuler (la )?reponse|(aucun|\d+) commentaires?|commentaires?)$"),
        (COMMENT_FORM, r"^(nom|e-?mail|courriel|site web|commentaire) ?\*$"),
        (COMMENT_FORM, r"^enregistrer mon nom\b"),
        (SHARE, r"^partage[rz]( cet article| l'article| la page)?$"),
        (SHARE, r"^partage[rz] (sur|via) \S+"),
        (SHARE, r"^(suivez|retrouvez)[- ]nous\b"),
        (APP, r"^telecharge[rz] (l'|notre |la )?(app|appli|application)\b"),
        (APP, r"^(installez|ouvrez|ouvrir) (l'|notre )?(app|appli|application)\b"),
        (APP, r"\bdisponible sur (l'|le )?(app store|google play)\b"),
        (READ_ALSO, r"^articles? (similaires|lies|connexes)$"),
        (NEWSLETTER, r"^(newsletter|lettre d'information|votre (adresse )?e-?mail)$"),
        (NEWSLETTER, r"^(inscrivez-vous|abonnez-vous|recevez) (a )?(notre|la) (\S+ )?newsletter"),
        (TAGS, r"^(mots[- ]cles|etiquettes|themes|sujets|rubriques?) ?:"),
        (PHOTO, r"^(credits? photos?|photo|illustration|legende) ?:"),
        (PHOTO, r"^photo d'illustration$"),
    ),
    "ar": (
        (
            NAVIGATION,
            r"^(الرئيسية|الصفحة الرئيسية|القائمة|القائمة الرئيسية|بحث|ابحث|العودة إلى الأعلى"
            r"|العودة للأعلى|الرجوع إلى الأعلى|إلى الأعلى|أعلى الصفحة|إغلاق|التالي|السابق"
            r"|المقال التالي|المقال السابق|المزيد|عرض المزيد|تحميل المزيد|الأكثر قراءة"
            r"|الأكثر مشاهدة|تسجيل الدخول|اشترك الآن|الأقسام|إعلان|شعار|شعار الموقع)$",
        ),
        (COMMENT_FORM, r"^اترك (تعليقا|تعليقك|ردا)"),
        (COMMENT_FORM, r"^(أضف|إضافة) (تعليق|تعليقك)"),
        (COMMENT_FORM, r"^(لا توجد تعليقات|\d+ تعليقات?|التعليقات|إلغاء الرد)$"),
        (COMMENT_FORM, r"^(الاسم|البريد الإلكتروني|الموقع الإلكتروني|التعليق) ?\*$"),
        (SHARE, r"^(شارك|شاركها|شارك المقال|شارك الخبر|مشاركة)$"),
        (SHARE, r"^(شارك|مشاركة) (على|عبر)\b"),
        (SHARE, r"^(تابعونا|تابعنا|تابعوا)\b"),
        (APP, r"^(حمّل|حمل|نزّل|نزل|تحميل|تنزيل) (تطبيق|التطبيق)"),
        (APP, r"\b(متوفر|متاح) (الآن )?على (آب ستور|اب ستور|جوجل بلاي|غوغل بلاي)"),
        (READ_ALSO, r"^(ذات صلة|مقالات ذات صلة|أخبار ذات صلة)$"),
        (NEWSLETTER, r"^(اشترك|سجل) في (النشرة|نشرتنا) (الإخبارية|البريدية)"),
        (NEWSLETTER, r"^النشرة (الإخبارية|البريدية)$"),
        (TAGS, r"^(الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدلالية|كلمات دلالية) ?:"),
        (TAGS, r"^(الوسوم|وسوم)$"),
        (PHOTO, r"^(الصورة|صورة|مصدر الصورة|تصوير) ?[:(]"),
        (PHOTO, r"^(صورة أرشيفية|صورة من الأرشيف|صورة تعبيرية)$"),
    ),
}

NOTICE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (COMMENT_FORM, r"^your email address will not be published\b"),
        (COMMENT_FORM, r"^required fields are marked\b"),
        (READ_ALSO, r"^(read|see) (also|more)\b"),
        (
            READ_ALSO,
            r"^(also read|must read|related ?:|recommended for you|you (may|might) also like)",
        ),
        (
            COOKIES,
            r"^(this (web)?site uses cookies|we use cookies"
            r"|by (continuing to )?(use|using|browse|browsing) (this|our) (web)?site)",
        ),
        (COOKIES, r"^(accept( all)? cookies|cookie (policy|settings|preferences))"),
        (COPYRIGHT, r"^copyright\b"),
        (COPYRIGHT, r"\ball rights reserved\b"),
    ),
    "fr": (
        (COMMENT_FORM, r"^votre adresse (e-?mail|courriel|de messagerie) ne sera pas publiee\b"),
        (COMMENT_FORM, r"^les champs (obligatoires )?sont (indiques|marques)\b"),
        (READ_ALSO, r"^(a )?lire (aussi|egalement|la suite)\b"),
        (READ_ALSO, r"^(voir (aussi|egalement)|sur le meme sujet|dans la meme rubrique)\b"),
        (
            COOKIES,
            r"^(ce site (web )?utilise des cookies|nous utilisons des cookies"
            r"|en poursuivant votre navigation)",
        ),
        (COOKIES, r"^(accepter (les|tous les) cookies|gerer les cookies|parametres des cookies)"),
        (COPYRIGHT, r"\btous droits reserves\b"),
        (COPYRIGHT, r"^reproduction interdite\b"),
    ),
    "ar": (
        (COMMENT_FORM, r"^لن يتم نشر (عنوان )?بريدك الإلكتروني"),
        (COMMENT_FORM, r"^الحقول (الإلزامية|المطلوبة) (مشار إليها|محددة)"),
        (READ_ALSO, r"^(اقرأ|إقرأ) (أيضا|كذلك|المزيد)"),
        (READ_ALSO, r"^(مقالات|أخبار|مواضيع) (ذات صلة|متعلقة|مشابهة)"),
        (READ_ALSO, r"^(شاهد|طالع) (أيضا|كذلك)"),
        (COOKIES, r"^(يستخدم هذا الموقع|نستخدم) (ملفات )?(تعريف الارتباط|الكوكيز)"),
        (COPYRIGHT, r"(جميع|كل) الحقوق محفوظة"),
        (COPYRIGHT, r"^حقوق (النشر|الطبع) محفوظة"),
    ),
}


@dataclass(frozen=True)
class LineRule:
    """One compiled rule: its label, its pattern, and whether it is a notice."""

    label: str
    language: str
    pattern: re.Pattern[str]
    notice: bool = False


_COMBINING = re.compile("[\u0300-\u036f]")  # Latin accents after NFD (fold_accents, faster)
_OUTER = " \t\n\r-–—•·*|>»›<«‹:;,.!?\"“”„'#"
_ASCII_APOSTROPHES = tuple(ch for ch in APOSTROPHES if ch.isascii())


def _char_class(codes: Iterable[int]) -> str:
    """A regex character class body of these code points, as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )


def _has_latin_mark(code: int) -> bool:
    return any("\u0300" <= ch <= "\u036f" for ch in unicodedata.normalize("NFD", chr(code)))


# fold_arabic maps each character on its own, and changes only some of the Arabic block
# (diacritics, tatweel, alef variants, alef maksura, teh marbuta; a test checks every
# other character): a line without any is left as it is (a folded line, for one).
_ARABIC_FOLDED_CLASS = _char_class(
    code for code in range(0x0600, 0x0700) if fold_arabic(chr(code)) != chr(code)
)
_ARABIC_FOLDED = re.compile(f"[{_ARABIC_FOLDED_CLASS}]")
# Every character whose canonical decomposition holds a mark of U+0300-U+036F (accented
# Latin, Greek and Cyrillic letters, negated symbols such as ≠) and those marks: all lie
# in U+00C0-U+2FFF (a test checks the whole of Unicode). Without any, removing those
# marks after NFD removes nothing, and NFC(NFD(t)) is NFC(t).
_LATIN_MARKED_CLASS = _char_class(filter(_has_latin_mark, range(0xC0, 0x3000)))
_LATIN_MARKED = re.compile(f"[{_LATIN_MARKED_CLASS}]")
_FOLDABLE = re.compile(f"[{_ARABIC_FOLDED_CLASS}{_LATIN_MARKED_CLASS}]")


def _latin1_base(code: int) -> int:
    """The Latin-1 character left of ``chr(code)`` once NFD and its U+0300-U+036F marks go."""
    decomposed = unicodedata.normalize("NFD", chr(code))
    base, marks = decomposed[0], decomposed[1:]
    return ord(base) if all("\u0300" <= mark <= "\u036f" for mark in marks) else code


_LATIN1_BASES = bytes(map(_latin1_base, range(256)))


@lru_cache(maxsize=200_000)
def normalize_line(line: str) -> str:
    """Fold a line for rule matching and repetition counting (cached: footers repeat).

    >>> normalize_line("  À lire aussi :  ")
    'a lire aussi'
    >>> normalize_line("اقرأ أيضاً") == "اقرا ايضا"
    True
    """
    # The rule: apostrophes to ', casefold; then, unless ASCII, fold Arabic, NFD, remove
    # the marks U+0300-U+036F and NFC; whitespace runs to one space; strip _OUTER. A step
    # is skipped when a cheap test shows that it would change nothing.
    if line.isascii():  # the common English line: casefold is lower, one apostrophe is ASCII
        for apostrophe in _ASCII_APOSTROPHES:
            if apostrophe in line:
                line = line.replace(apostrophe, "'")
        return _collapse_spaces(line.lower()).strip(_OUTER)
    for apostrophe in APOSTROPHES:  # "'" is not one of them: one at a time is all at once
        if apostrophe in line:
            line = line.replace(apostrophe, "'")
    text = _fold_letters(line.casefold())
    return _collapse_spaces(unicodedata.normalize("NFC", text)).strip(_OUTER)


def _fold_letters(text: str) -> str:
    """``fold_arabic`` then NFD, the marks U+0300-U+036F removed (NFC is left to do)."""
    found = _FOLDABLE.search(text)
    if found is None:  # nothing to fold
        return text
    if _ARABIC_FOLDED.match(found.group()):
        text = fold_arabic(text)
    else:  # a Latin mark first: any Arabic comes after it
        try:  # most French lines: no Arabic, and each letter loses its marks on its own
            return text.encode("latin-1").translate(_LATIN1_BASES).decode("latin-1")
        except UnicodeEncodeError:
            pass
        if _ARABIC_FOLDED.search(text, found.end()):
            text = fold_arabic(text)
    if _LATIN_MARKED.search(text):
        text = unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))
    return text


def _collapse_spaces(text: str) -> str:
    """``" ".join(text.split())`` up to leading and trailing spaces, which _OUTER strips.

    A printable text holds no whitespace but the space (every other white space
    character is a control or separator, which are not printable), so without
    a double space there is nothing to collapse.
    """
    if "  " not in text and text.isprintable():
        return text
    return " ".join(text.split())


def _fold_pattern(pattern: str) -> str:
    # Arabic letters and Latin accents are folded like the lines; regex syntax is ASCII.
    return fold_accents(fold_arabic(pattern))


def _compile(tables: dict[str, tuple[tuple[str, str], ...]], notice: bool) -> tuple[LineRule, ...]:
    return tuple(
        LineRule(label, language, re.compile(_fold_pattern(pattern)), notice)
        for language, rules in tables.items()
        for label, pattern in rules
    )


RULES: tuple[LineRule, ...] = _compile(NOTICE_RULES, True) + _compile(LINE_RULES, False)


class _Screen:
    """A cheap test that none of some rules matches a line (most lines match none).

    The rules anchored at the line start are tried together, as one alternation
    at position 0 (``search`` of an anchored pattern is ``match``). Each other
    rule is searched only when the line contains the literal text every match
    of it contains (its longest run of top-level literal characters). Only when
    the screen passes are the rules tried one by one, in order, for the label.
    """

    def __init__(self, rules: Iterable[LineRule]) -> None:
        anchored: list[str] = []
        others: list[tuple[re.Pattern[str], str]] = []
        for rule in rules:
            is_anchored, literal = _pattern_shape(rule.pattern)
            if is_anchored:
                anchored.append(f"(?:{rule.pattern.pattern})")
            else:
                others.append((rule.pattern, literal))
        self.anchored = re.compile("|".join(anchored)) if anchored else None
        self.others = tuple(others)

    def may_match(self, key: str) -> bool:
        if self.anchored is not None and self.anchored.match(key):
            return True
        for pattern, literal in self.others:  # a loop, not any(): no generator per line
            if (not literal or literal in key) and pattern.search(key):
                return True
        return False


def _pattern_shape(pattern: re.Pattern[str]) -> tuple[bool, str]:
    """Whether ``pattern`` is anchored at the start, and a literal every match contains.

    Read from the parsed pattern's top-level sequence, all of which a match
    goes through; a pattern with flags that change either answers neither.
    """
    from re import _constants, _parser

    if pattern.flags & (re.IGNORECASE | re.MULTILINE | re.VERBOSE):
        return False, ""
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    anchored = bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)
    best = run = ""
    for op, value in items:
        run = run + chr(value) if op is _constants.LITERAL else ""
        best = max(best, run, key=len)
    return anchored, best


@lru_cache(maxsize=1)
def _screens() -> dict[bool, _Screen] | None:
    """The screens for a short line (every rule) and a long one (notices), built on first use
    (compiling them takes a few tens of milliseconds). They read ``re``'s own parser, which
    is private: should it change, every rule is tried one by one instead."""
    try:
        return {
            True: _Screen(RULES),
            False: _Screen(rule for rule in RULES if rule.notice),
        }
    except (ImportError, AttributeError, TypeError, ValueError, re.error):  # pragma: no cover
        return None


def match_line_rule(line: str, *, body: bool = False) -> str | None:
    """The label of the first rule ``line`` matches, or None.

    ``body=True`` marks a body paragraph: only notice rules apply to it.

    >>> match_line_rule("Leave a Reply"), match_line_rule("اترك تعليقاً")
    ('comment form', 'comment form')
    >>> match_line_rule("Share prices fell sharply in Casablanca")
    """
    return _match_rule(line, len(line.split()), body)


def _match_rule(line: str, words: int, body: bool) -> str | None:
    """:func:`match_line_rule` of a line of ``words`` words."""
    if words > NOTICE_MAX_WORDS:
        return None
    key = normalize_line(line)
    short = not body and words <= SHORT_LINE_WORDS
    screens = _screens()
    if screens is not None and not screens[short].may_match(key):
        return None
    for rule in RULES:
        if (rule.notice or short) and rule.pattern.search(key):
            return rule.label
    return None


@dataclass
class LineCounts:
    """Per outlet, how many documents contain each short line, and how many documents it has.

    >>> a, b = LineCounts(), LineCounts()
    >>> a.add("site.ma", {"follow us"}); b.add("site.ma", {"follow us", "a story"})
    >>> a.update(b)
    >>> a.lines["site.ma"]["follow us"], a.n_documents["site.ma"]
    (2, 2)
    """

    lines: dict[str, Counter[str]] = field(default_factory=dict)
    n_documents: Counter[str] = field(default_factory=Counter)

    def add(self, outlet: str, lines: Iterable[str]) -> None:
        """Count one document of ``outlet`` with these (distinct, normalised) lines."""
        self.n_documents[outlet] += 1
        counter = self.lines.get(outlet)
        if counter is None:
            counter = self.lines[outlet] = Counter()
        counter.update(lines)

    def update(self, other: LineCounts) -> None:
        """Add the counts of other documents."""
        self.n_documents.update(other.n_documents)
        for outlet, counter in other.lines.items():
            mine = self.lines.get(outlet)
            if mine is None:
                self.lines[outlet] = Counter(counter)
            else:
                mine.update(counter)


class RepeatedLines:
    """Short lines repeated across many documents of one outlet are boilerplate.

    A line counts once per document. It is *repeated* for an outlet when at
    least ``min_documents`` documents of that outlet contain it and they are at
    least ``min_share`` of the outlet's documents. Lines longer than
    ``max_words`` are not counted. Documents without an outlet form one group.

    Examples
    --------
    >>> docs = [("site.ma", [f"Story {i} told at length.", "Follow the live feed"])
    ...         for i in range(4)]
    >>> repeated = RepeatedLines().fit(docs)
    >>> repeated.is_repeated("site.ma", "Follow the live feed")
    True
    >>> repeated.is_repeated("site.ma", "Story 1 told at length.")
    False
    """

    def __init__(self, min_documents: int = 3, min_share: float = 0.5, max_words: int = 30):
        self.min_documents = min_documents
        self.min_share = min_share
        self.max_words = max_words

    def fit(self, documents: Iterable[tuple[str, list[str]]]) -> RepeatedLines:
        """Count lines over ``(outlet, paragraphs)`` pairs."""
        return self.fit_counts(self.count(documents))

    def count(self, documents: Iterable[tuple[str, list[str]]]) -> LineCounts:
        """The line counts of some documents: counts of parts of a corpus add up
        (:meth:`LineCounts.update`) to those of the whole, for :meth:`fit_counts`."""
        counts = LineCounts()
        limit = self.max_words
        for outlet, paragraphs in documents:
            keys = {normalize_line(p) for p in paragraphs if at_most_words(p, limit)}
            keys.discard("")
            counts.add(outlet, keys)
        return counts

    def fit_counts(self, counts: LineCounts) -> RepeatedLines:
        """Fit on line counts made by :meth:`count` (and added up)."""
        self.n_documents_ = dict(counts.n_documents)
        self.lines_ = {
            outlet: frozenset(
                line
                for line, n in counter.items()
                if n >= self.min_documents and n / counts.n_documents[outlet] >= self.min_share
            )
            for outlet, counter in counts.lines.items()
        }
        return self

    def is_repeated(self, outlet: str, line: str) -> bool:
        """Whether ``line`` is a repeated line of ``outlet``."""
        if not hasattr(self, "lines_"):
            raise RuntimeError("RepeatedLines is not fitted yet: call fit() first")
        lines = self.lines_.get(outlet)
        return bool(lines) and normalize_line(line) in lines


@dataclass
class RemovedLine:
    """A line taken out of a document, and why."""

    text: str
    reason: str


@dataclass
class CleanedDocument:
    """A document after boilerplate removal.

    Attributes
    ----------
    title:
        The given title, else the one found in the header zone (or ``""``).
    paragraphs:
        The body, in order.
    header:
        Non-body lines found before the body (dates, section names, source
        names): removed from the text, kept as hints.
    removed:
        Every removed line with its reason, in document order.
    """

    title: str
    paragraphs: list[str]
    header: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    text: str
    words: int  # counted up to _WORDS_COUNTED + 1: only compared with smaller thresholds
    long: bool
    sentence: bool
    rule: str | None
    repeated: bool
    hit: str | None = field(init=False)  # why the line is boilerplate, if it is
    body: bool = field(init=False)

    def __post_init__(self) -> None:
        if self.rule:
            self.hit = f"boilerplate: {self.rule}"
        else:
            self.hit = REASON_REPEATED if self.repeated else None
        self.body = (self.long or self.sentence) and self.hit is None


_CLOSERS = "\"'”’»)]"
_SENTENCE_MARKS = ".!?؟…"


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence: ``. ! ? ؟ …`` then closing quotes or brackets.

    The regex ``[.!?؟…][closers]*$`` without its search from every position
    (``$`` also matches before a final newline).
    """
    if text.endswith("\n"):
        text = text[:-1]
    text = text.rstrip(_CLOSERS)
    return bool(text) and text[-1] in _SENTENCE_MARKS


# Runs, not single characters: the counts are the same, with far fewer strings made.
_ARABIC_LETTERS = re.compile(f"[{ARABIC_BLOCKS}]+")
_LETTERS = re.compile(r"[^\W\d_]+")
# The script decides a line's thresholds only for word counts between these two.
_SCRIPT_FROM = min(min(thresholds) for thresholds in BODY_WORDS.values())
_SCRIPT_UNTIL = max(max(thresholds) for thresholds in BODY_WORDS.values())
# Word counts are only compared with thresholds up to this: counting stops one above.
_WORDS_COUNTED = max(NOTICE_MAX_WORDS, SHORT_LINE_WORDS, TITLE_MIN_WORDS, _SCRIPT_UNTIL)


def _script(line: str, language: str | None) -> str:
    if language:
        return "arabic" if language in {"ar", "fa", "ur", "ps"} else "latin"
    if line.isascii() or not _ARABIC_LETTERS.search(line):
        return "latin"
    arabic = sum(map(len, _ARABIC_LETTERS.findall(line)))
    return "arabic" if arabic * 2 > sum(map(len, _LETTERS.findall(line))) else "latin"


def _line(text: str, language: str | None, repeated: RepeatedLines | None, outlet: str) -> _Line:
    words = len(text.split(None, _WORDS_COUNTED))  # min(words, _WORDS_COUNTED + 1)
    if _SCRIPT_FROM <= words < _SCRIPT_UNTIL:
        long_words, sentence_words = BODY_WORDS[_script(text, language)]
    else:  # every script's thresholds give the same answers
        long_words, sentence_words = BODY_WORDS["latin"]
    long = words >= long_words
    sentence = words >= sentence_words and _ends_sentence(text)
    body = long or sentence
    is_repeated = bool(repeated) and not body and repeated.is_repeated(outlet, text)
    return _Line(text, words, long, sentence, _match_rule(text, words, body), is_repeated)


def clean_document(
    paragraphs: list[str],
    *,
    title: str = "",
    language: str | None = None,
    repeated: RepeatedLines | None = None,
    outlet: str = "",
) -> CleanedDocument:
    """Remove navigation, headers, footers and other boilerplate from one document.

    Parameters
    ----------
    paragraphs:
        The document's blocks in order (for plain text, every line).
    title:
        The title when the source states it; else it is looked for.
    language:
        The document's language, when known: ``ar`` selects the Arabic word
        thresholds for every line. Otherwise each line's script decides.
    repeated:
        Fitted :class:`RepeatedLines` for the corpus, or None.
    outlet:
        The outlet key ``repeated`` was fitted with.

    Examples
    --------
    >>> lines = ["Menu", "Ministers meet in Rabat", "Politics",
    ...          "The foreign ministers of the two countries met in Rabat on Monday to "
    ...          "discuss security cooperation and migration.",
    ...          "Leave a Reply", "Back to top"]
    >>> cleaned = clean_document(lines)
    >>> cleaned.title, len(cleaned.paragraphs), cleaned.header
    ('Ministers meet in Rabat', 1, ['Politics'])
    >>> [r.reason for r in cleaned.removed]  # doctest: +NORMALIZE_WHITESPACE
    ['boilerplate: navigation', 'header line before the article body',
     'boilerplate: comment form', 'boilerplate: navigation']
    """
    lines = [_line(p.strip(), language, repeated, outlet) for p in paragraphs if p.strip()]
    title = title.strip()
    title_index = None if title else _find_title(lines, language)
    if title_index is not None:
        title = lines[title_index].text
    after_title = 0 if title_index is None else title_index + 1
    title_key = normalize_line(title)
    first = next(
        (
            i
            for i in range(after_title, len(lines))
            if lines[i].body and normalize_line(lines[i].text) != title_key
        ),
        None,
    )

    reasons: dict[int, str] = {}
    header: list[str] = []
    if first is not None:
        _mark_header(lines, first, title, title_index, reasons, header)
        _mark_footer(lines, first, reasons)
    elif title and title_index is None:
        repeats = (i for i, ln in enumerate(lines) if normalize_line(ln.text) == title_key)
        first_repeat = next(repeats, None)
        if first_repeat is not None:
            reasons[first_repeat] = REASON_TITLE
    for i, line in enumerate(lines):
        if i not in reasons and i != title_index and line.hit:
            reasons[i] = line.hit
    kept = [ln.text for i, ln in enumerate(lines) if i not in reasons and i != title_index]
    removed = [RemovedLine(lines[i].text, reasons[i]) for i in sorted(reasons)]
    return CleanedDocument(title=title, paragraphs=kept, header=header, removed=removed)


def _is_date_line(line: _Line, language: str | None) -> bool:
    return date_coverage(line.text, language) >= DATE_LINE_COVERAGE


def _find_title(lines: list[_Line], language: str | None) -> int | None:
    """Index of the title among the lines before the first long paragraph."""
    for i, line in enumerate(lines):
        if line.long:
            break
        if line.hit is None and line.words >= TITLE_MIN_WORDS and not _is_date_line(line, language):
            return i
    if not lines:
        return None
    first = lines[0]
    looks_like_title = (
        first.hit is None
        and not first.long
        and first.words <= SHORT_LINE_WORDS
        and not first.text.endswith(".")
        and not _is_date_line(first, language)
    )
    return 0 if looks_like_title else None


def _mark_header(
    lines: list[_Line],
    first: int,
    title: str,
    title_index: int | None,
    reasons: dict[int, str],
    header: list[str],
) -> None:
    title_key = normalize_line(title) if title else None
    for i in range(first):
        if i == title_index:
            continue
        line = lines[i]
        if line.hit:
            reasons[i] = line.hit
        elif title_key and normalize_line(line.text) == title_key:
            reasons[i] = REASON_TITLE
        else:
            reasons[i] = REASON_HEADER
            header.append(line.text)


def _mark_footer(lines: list[_Line], first: int, reasons: dict[int, str]) -> None:
    longs = [i for i in range(first, len(lines)) if lines[i].long and lines[i].body]
    bodies = [i for i in range(first, len(lines)) if lines[i].body]
    last = longs[-1] if longs else bodies[-1]
    start = next(
        (
            j
            for j in range(last + 1, len(lines))
            if (lines[j].rule and lines[j].rule not in INLINE_LABELS) or lines[j].repeated
        ),
        None,
    )
    if start is None:
        return
    for j in range(start, len(lines)):
        reasons[j] = lines[j].hit or REASON_FOOTER
