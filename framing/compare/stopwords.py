"""Small stopword lists for keyness, in English, French and Arabic.

Function words only (articles, pronouns, prepositions, conjunctions,
auxiliaries, common adverbs), written for this toolkit and kept short on
purpose: keyness should rank content words, but a long list would hide words
that matter in news framing ("against", "without", "contre", "sans", "ضد",
"دون" are kept). French elided forms (``l``, ``d``, ``qu``) appear because the
tokenizer splits ``l'exportateur`` into ``l`` and ``exportateur``. Arabic
entries are normalised like corpus tokens (alef, alef maksura and teh marbuta
folded), and common proclitic forms are listed as they appear (``وفي``,
``والتي``), because tokens keep their clitics.
"""

from __future__ import annotations

from functools import cache

from framing.text.normalize import normalize_token

_EN = """
a an the and or but nor so yet of in on at to for from by with as into onto upon about over
under between among through during before after above below up down out off than then
this that these those there here it its it's he him his she her hers they them their theirs
we us our ours you your yours i me my mine who whom whose which what when where why how
is are was were be been being am do does did doing have has had having will would shall
should can could may might must not no also very just only more most such own same other
each both all any some few many much if because while although though whether
said says say according one two new also its
"""

_FR = """
le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont où
ce cet cette ces c se s sa son ses leur leurs lui elle elles il ils on nous vous je j me
m te t tu moi toi eux en y ne n pas plus dans par pour sur sous avec chez entre vers
est sont était étaient être été a ont avait avaient avoir sera seront fait faire
comme aussi très tout tous toute toutes même mêmes autre autres si lors ainsi alors
selon déjà encore dont cela ça celui celle ceux celles notamment
"""

_AR = """
في من إلى الى على عن مع أن ان إن لا ما لم لن قد كان كانت يكون هذا هذه ذلك تلك هو هي هم
نحن أنا التي الذي الذين اللذين التى ثم أو او و ف ب ل ك كما بين حيث عند عندما كل بعض
غير أي إذا اذا لكن بل حتى منذ خلال بعد قبل أمام فوق تحت وفي ومن وإلى وعلى وعن ومع وأن
والتي والذي وهو وهي وكان وقد ولا كذلك أيضا ايضا به بها له لها فيه فيها عليه عليها منه
منها إنه انه أنه التي إلي عليهم لهم بهم هناك هنا أكثر قال وقال
"""

_LISTS = {"en": _EN, "fr": _FR, "ar": _AR}


@cache
def stopwords(language: str) -> frozenset[str]:
    """The normalised stopwords of ``language`` (``en``, ``fr``, ``ar``; others: empty).

    >>> "the" in stopwords("en"), "exportateur" in stopwords("fr"), "التي" in stopwords("ar")
    (True, False, True)
    """
    words = _LISTS.get(language, "").split()
    return frozenset(normalize_token(w) for w in words)
