"""What a report is built from: :class:`ReportContext`, one dataclass the experiment runner fills.

Everything is optional except the name: a section whose inputs are missing is
left out (or says what is missing), so a report can be built from a bare
comparison as well as from a full experiment with a classifier.
"""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

if TYPE_CHECKING:
    from framing.corpus.corpus import Corpus
    from framing.lexicon.model import Lexicon

FIGURE_KINDS = (
    "heatmap",
    "prevalence",
    "timeline",
    "cooccurrence",
    "keyness",
    "events",
    "classifier_f1",
)
"""Figure kinds :func:`~framing.report.pdf.build_report` draws (the experiment file's names)."""

KWIC_COLUMNS = ("frame", "language", "left", "match", "right")
"""Columns the keyword-in-context lines must have (``outlet`` is shown when present)."""

LIBRARIES = (
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "statsmodels",
    "scikit-learn",
    "matplotlib",
    "camel-tools",
    "nltk",
)


class ComparisonLike(Protocol):
    """The tables of one comparison, as :class:`framing.compare.Comparison` holds them.

    ``by`` names the grouping; ``prevalence`` is required, the other tables may be
    ``None`` or empty; ``manifest`` carries the settings (``correction``,
    ``alpha``, ``bootstrap``, ``seed``, ...) under ``"settings"``.
    """

    by: list[str]
    prevalence: pd.DataFrame


@dataclass(frozen=True)
class ReportFigure:
    """A figure made elsewhere, to include as is: ``path`` (a PNG) and its caption."""

    path: Path
    caption: str
    title: str = ""


@dataclass
class ReportContext:
    """Everything a report shows; filled by the experiment runner (or by hand).

    Attributes
    ----------
    name:
        The experiment name (used in file names and the footer).
    title:
        The report title (default: the name, made readable).
    description:
        A paragraph on the study, shown on the title page.
    author:
        The PDF's Author field.
    comparisons:
        One :class:`framing.compare.Comparison` (or any object with the same
        attributes: ``by``, ``prevalence``, ``prevalence_overall``, ``tests``,
        ``pairwise``, ``cooccurrence``, ``timeline``, ``keyness``, ``events``,
        ``manifest``) per grouping compared.
    frame_labels:
        Frame id -> display label; defaults to the lexicon's labels.
    lexicon:
        The :class:`~framing.lexicon.model.Lexicon` used (name, version, hash,
        entries per frame and language).
    threshold, min_distinct:
        The lexicon decision rule: a passage has a frame when its weighted score
        reaches ``threshold`` with at least ``min_distinct`` distinct terms.
    corpus:
        The :class:`~framing.corpus.corpus.Corpus` analysed: documents, passages and
        the ingest report (``report["skipped"]``: inputs set aside and why).
    evaluation:
        Classifier evaluation: ``method`` (classifier/lexicon), ``frame`` (with
        ``micro``/``macro``), ``precision, recall, f1, f1_ci_low, f1_ci_high, n_positive``.
    reliability:
        Inter-coder agreement per frame (any columns, e.g. ``frame, alpha, n_units``).
    classifier:
        Settings of the classifier to describe (model, features, folds, ...).
    kwic:
        Keyword-in-context lines: ``frame, outlet, language, left, match, right``.
    kwic_per_frame:
        Lines shown per frame and language.
    figures:
        Figure kinds to draw (see :data:`FIGURE_KINDS`).
    extra_figures:
        Figures made elsewhere, added after ours.
    seed, alpha, correction, bootstrap:
        Statistical settings; ``None`` means: read them from the comparisons'
        manifests (then the toolkit defaults).
    date:
        The run date (ISO ``2026-03-02`` or a datetime): shown in the report and
        set as the PDF's CreationDate. ``None`` leaves the date out, so the PDF
        bytes depend on the inputs only.
    command:
        The command line that produced the run.
    experiment_hash, corpus_hash:
        Hashes of the experiment file and of the corpus (the corpus hash defaults
        to the ingest report's).
    toolkit_version:
        Defaults to the installed ``framing`` version.
    html:
        Also write ``report.html`` next to the PDF.
    """

    name: str
    title: str | None = None
    description: str = ""
    author: str = "framing"
    comparisons: Sequence[ComparisonLike] = ()
    frame_labels: Mapping[str, str] | None = None
    lexicon: Lexicon | None = None
    threshold: float | None = None
    min_distinct: int | None = None
    corpus: Corpus | None = None
    evaluation: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    classifier: Mapping[str, Any] | None = None
    kwic: pd.DataFrame | None = None
    kwic_per_frame: int = 2
    figures: Sequence[str] = FIGURE_KINDS
    extra_figures: Sequence[ReportFigure] = ()
    seed: int | None = None
    alpha: float | None = None
    correction: str | None = None
    bootstrap: int | None = None
    date: str | dt.date | None = None
    command: str = ""
    experiment_hash: str | None = None
    corpus_hash: str | None = None
    toolkit_version: str | None = None
    html: bool = True
    extra_provenance: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kwic is not None and len(self.kwic):
            missing = [c for c in KWIC_COLUMNS if c not in self.kwic.columns]
            if missing:
                raise ValueError(
                    f"kwic lines lack the column(s) {', '.join(missing)}; they need "
                    f"{', '.join(KWIC_COLUMNS)} (add the frame id to each frame's "
                    "framing.lexicon.kwic.kwic() lines, or build them with "
                    "framing.report.kwic_examples.kwic_examples)"
                )
            if "outlet" not in self.kwic.columns:
                self.kwic = self.kwic.assign(outlet="")
        unknown = [kind for kind in self.figures if kind not in FIGURE_KINDS]
        if unknown:
            raise ValueError(
                f"unknown figure kind {unknown[0]!r}; known: {', '.join(FIGURE_KINDS)}"
            )

    @property
    def display_title(self) -> str:
        """The title, else the name made readable: ``Security diplomacy``."""
        if self.title:
            return self.title
        words = self.name.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:]

    @property
    def labels(self) -> dict[str, str]:
        """Frame id -> label, from ``frame_labels`` else the lexicon (lexicon order)."""
        if self.frame_labels is not None:
            return dict(self.frame_labels)
        if self.lexicon is not None:
            return {frame.id: frame.label for frame in self.lexicon.frames}
        return {}

    def setting(self, name: str, default: Any) -> Any:
        """A statistical setting: the context's value, else the first comparison's manifest's."""
        value = getattr(self, name, None)
        if value is not None:
            return value
        for comparison in self.comparisons:
            settings = (getattr(comparison, "manifest", None) or {}).get("settings", {})
            if settings.get(name) is not None:
                return settings[name]
        return default

    @property
    def creation_date(self) -> dt.datetime | None:
        """``date`` as a UTC datetime for the PDF metadata (``None`` when not given)."""
        if self.date is None or self.date == "":
            return None
        if isinstance(self.date, dt.datetime):
            value = self.date
        elif isinstance(self.date, dt.date):
            value = dt.datetime(self.date.year, self.date.month, self.date.day)
        else:
            value = dt.datetime.fromisoformat(str(self.date))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    @property
    def date_text(self) -> str:
        """The run date as shown in the report (empty when not given)."""
        created = self.creation_date
        if created is None:
            return ""
        has_time = created.hour or created.minute or created.second
        return created.isoformat(timespec="minutes") if has_time else created.date().isoformat()

    def provenance(self) -> dict[str, str]:
        """What produced the report: versions, hashes, seed, date, command."""
        from framing import __version__

        lexicon = self.lexicon
        corpus_hash = self.corpus_hash or (
            (self.corpus.report or {}).get("corpus_hash") if self.corpus is not None else None
        )
        rows = {
            "toolkit version": self.toolkit_version or __version__,
            "experiment": self.name,
            "experiment file hash": self.experiment_hash or "",
            "corpus hash": corpus_hash or "",
            "lexicon": f"{lexicon.name} {lexicon.version}" if lexicon else "",
            "lexicon hash": lexicon.hash if lexicon else "",
            "seed": str(self.setting("seed", 0)),
            "date": self.date_text,
            "command": self.command,
            "python": platform.python_version(),
        }
        rows |= {str(k): str(v) for k, v in self.extra_provenance.items()}
        return {k: v for k, v in rows.items() if v}


def library_versions(names: Sequence[str] = LIBRARIES) -> dict[str, str]:
    """Installed versions of the libraries the results depend on (``not installed`` if absent).

    >>> "pandas" in library_versions()
    True
    """
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
