"""Small, realistic lexicons (en, fr, ar) shared by the lexicon tests.

Line numbers matter: the tests check that problems are reported on the line
where the entry is written, so edit these with care.
"""

from __future__ import annotations

from textwrap import dedent

# A clean trilingual lexicon in the documented format. The line of each entry
# is given in the comment at the end of the line where the tests rely on it.
SECURITY_YAML = dedent(
    """\
    name: security_diplomacy
    version: 1.0.0
    description: >-
      Frames of Moroccan security diplomacy in English, French and Arabic news.
    authors: [Jane Doe, John Roe]
    license: CC-BY-4.0
    citation: "Doe, J. (2026). A trilingual lexicon of security diplomacy frames."
    languages: [en, fr, ar]
    options:
      fold_accents: [fr]
    frames:
      - id: security_exporter
        label: Security exporter
        description: The country as a provider of security expertise to other states.
        entries:
          en:
            - security exporter
            - export* security
            - {pattern: from consumer to producer of security, weight: 2}
            - {regex: 'counter-?terror\\w*', weight: 1.5}
          fr:
            - exportateur de sécurité
            - savoir-faire sécuritaire
          ar:
            - مصدر للأمن
            - الخبرة الأمنية
        exclusions:
          en: [food security exporter]
        proximity:
          window: 20
          anchors:
            en: [morocco, moroccan*, rabat]
            fr: [maroc, marocain*]
            ar: [المغرب]
      - id: sovereignty
        label: Sovereignty and autonomy
        entries:
          en: [strategic autonomy, national sovereignty, diversif* partner*]
          fr: [autonomie stratégique, souveraineté nationale]
          ar: [السيادة الوطنية, الوحدة الترابية]
        exclusions:
          en: [food sovereignty, {pattern: sovereignty of ukraine}]
    """
)

# Lines of some entries in SECURITY_YAML.
LINE_SECURITY_EXPORTER_FRAME = 12
LINE_EXPORT_GLOB = 18
LINE_WEIGHTED_PHRASE = 19
LINE_REGEX = 20
LINE_SOVEREIGNTY_EN = 38

# A LIWC2015-style dictionary with tabs, a multi-word expression and wildcards.
LIWC_DIC = dedent(
    """\
    %
    1\tsecurity_exporter
    2\tthreat
    3\tcooperation
    %
    security exporter\t1
    export* security\t1
    terror*\t2
    armed group*\t2
    joint operation*\t2\t3
    information exchange\t3
    partner*\t3
    """
)

# A WordStat category file with nesting, weights, underscores and wildcards.
WORDSTAT_CAT = dedent(
    """\
    SECURITY_EXPORTER
    \tSECURITY_EXPORTER (1)
    \tEXPORT*_SECURITY (2)
    THREAT
    \tTERRORISM
    \t\tTERROR* (1)
    \t\tCOUNTER TERRORISM (1)
    \tCRIME
    \t\tDRUG_TRAFFICKING (1)
    \t\tORGANI?ED_CRIME (1)
    """
)

# A quanteda YAML dictionary with nesting, wildcards and multi-word expressions.
QUANTEDA_YML = dedent(
    """\
    security_exporter:
      - security exporter
      - export* security
    threat:
      terrorism: [terror*, counter terrorism]
      crime:
        - drug trafficking
        - organi?ed crime
    """
)
