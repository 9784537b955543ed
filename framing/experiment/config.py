"""The experiment file: one YAML document that names every input and setting of a run.

Validated with pydantic; errors name the key path (``compare[1].by``) and the
file. Relative paths are resolved against the experiment file's folder, so an
experiment runs the same from any working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from framing.errors import ConfigError, ResourceLimitError
from framing.lexicon.io import compose_safe_yaml
from framing.limits import DEFAULT_LIMITS, Limits
from framing.parallel import DEFAULT_BATCH_SIZE

FIGURES = (
    "heatmap",
    "prevalence",
    "timeline",
    "cooccurrence",
    "keyness",
    "events",
    "classifier_f1",
)
MAX_CONFIG_BYTES = DEFAULT_LIMITS.max_config_bytes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputsConfig(_Strict):
    """Where the articles are and how to cut them into passages."""

    paths: list[str] = Field(min_length=1)
    manifest: str | None = None
    columns: str | None = None
    unit: Literal["paragraph", "sentence"] = "paragraph"
    train_punkt: bool = False
    dedup_threshold: float = Field(0.6, gt=0, le=1)


class ScoringConfig(_Strict):
    """The lexicon decision rule."""

    threshold: float = Field(1.0, gt=0)
    min_distinct: int = Field(1, ge=1)


class ClassifierConfig(_Strict):
    """Train a classifier from coded sheets / labels, or load a saved model."""

    labels: str | None = None
    model: str | None = None
    weak: bool = False
    per_language: bool = False
    folds: int = Field(5, ge=2)

    @field_validator("model")
    @classmethod
    def _one_source(cls, value: str | None, info: Any) -> str | None:
        if value and info.data.get("labels"):
            raise ValueError("give either labels (to train) or model (to load), not both")
        return value


class CompareConfig(_Strict):
    """One comparison: a grouping and its options."""

    by: list[str] = Field(min_length=1)
    source: Literal["lexicon", "classifier"] = "lexicon"
    dedupe: bool = False
    correction: Literal["bh", "holm", "bonferroni", "none"] = "bh"
    keyness: list[str] | None = Field(
        None, description="two groups to contrast, e.g. [en, ar]", min_length=2, max_length=2
    )
    frames: list[str] | None = None


class EngineConfig(_Strict):
    """Where ingest, score and classify run; the outputs are the same whichever it is."""

    kind: Literal["local", "dask"] = "local"
    jobs: int = Field(1, ge=1, description="local processes, or workers of a local Dask cluster")
    scheduler: str | None = Field(None, description="a Dask scheduler address (kind: dask)")
    batch_size: int = Field(DEFAULT_BATCH_SIZE, ge=1, description="passages (documents) per batch")

    @field_validator("scheduler")
    @classmethod
    def _dask_only(cls, value: str | None, info: Any) -> str | None:
        if value and info.data.get("kind") != "dask":
            raise ValueError("a scheduler address needs kind: dask")
        return value

    def options(self) -> dict[str, Any]:
        """The keyword arguments of ``ingest_to``, ``score_corpus`` and ``classify_corpus``."""
        return {
            "jobs": self.jobs,
            "engine": self.kind,
            "scheduler": self.scheduler,
            "batch_size": self.batch_size,
        }


class ReportConfig(_Strict):
    """What goes into the PDF."""

    title: str | None = None
    kwic_per_frame: int = Field(2, ge=0, le=20)
    html: bool = True


class Experiment(_Strict):
    """A whole experiment: inputs, lexicons, optional classifier, comparisons, figures."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    seed: int = 0
    output: str | None = None
    inputs: InputsConfig
    lexicons: list[str] = Field(min_length=1)
    scoring: ScoringConfig = ScoringConfig()
    classifier: ClassifierConfig | None = None
    compare: list[CompareConfig] = Field(default_factory=lambda: [CompareConfig(by=["outlet"])])
    period: Literal["month", "week"] = "month"
    events: str | None = Field(None, description="metadata column naming events, or 'auto'")
    bootstrap: int = Field(2000, ge=100)
    figures: list[Literal[FIGURES]] = Field(default_factory=lambda: list(FIGURES))  # type: ignore[valid-type]
    report: ReportConfig = ReportConfig()
    engine: EngineConfig = EngineConfig()

    # Set by load_experiment, not by the file.
    source: Path | None = Field(None, exclude=True)

    def resolve(self, path: str) -> Path:
        """A path from the file, resolved against the experiment file's folder."""
        candidate = Path(path)
        if candidate.is_absolute() or self.source is None:
            return candidate
        return (self.source.parent / candidate).resolve()

    @property
    def output_dir(self) -> Path:
        """``output`` if given, else ``reports/<name>`` under the current directory."""
        return self.resolve(self.output) if self.output else Path("reports") / self.name


def load_experiment(path: str | Path, *, limits: Limits | None = None) -> Experiment:
    """Read and validate an experiment file.

    The YAML is read safely: aliases, anchors and tags are refused (a few
    aliases can expand a small file to fill memory; a tag could name a
    Python object), and so are files over ``limits.max_config_bytes``,
    nested deeper than ``limits.max_yaml_depth`` or holding more than
    ``limits.max_yaml_nodes`` values (:class:`~framing.errors.ResourceLimitError`).

    >>> exp = load_experiment("experiments/security_diplomacy.yaml")  # doctest: +SKIP
    >>> exp.output_dir  # doctest: +SKIP
    PosixPath('reports/security_diplomacy')
    """
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    if not path.is_file():
        raise ConfigError("experiment file not found", path=path)
    size = path.stat().st_size
    if size > limits.max_config_bytes:
        raise ResourceLimitError(
            f"the experiment file is {size:,} bytes, over the limit of {limits.max_config_bytes:,}",
            path=path,
            hint="an experiment file names inputs and settings; it holds no data",
        )
    data = _safe_yaml(path, limits)
    try:
        experiment = Experiment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(first["loc"])
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise ConfigError(
            f"{first['msg']}{more}",
            path=path,
            field=key,
            hint="see the experiment file section of the README",
        ) from exc
    experiment.source = path.resolve()
    return experiment


def _safe_yaml(path: Path, limits: Limits) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 text (undecodable byte at offset {exc.start})",
            path=path,
            hint="save the file as UTF-8",
        ) from None
    node = compose_safe_yaml(
        text,
        path=path,
        max_depth=limits.max_yaml_depth,
        max_nodes=limits.max_yaml_nodes,
        document="an experiment file",
        error=ConfigError,
    )
    if node is None:
        raise ConfigError("experiment file is empty", path=path)
    try:
        # Plain YAML types only: the composer has refused tags, anchors and aliases.
        data = yaml.constructor.SafeConstructor().construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            f"not valid YAML: {exc.problem or exc.context}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except ValueError:  # an integer with more digits than Python converts
        raise ConfigError(
            "a number in the file is too large to read", path=path, hint="check the numbers"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("an experiment file must be a mapping of keys", path=path)
    return data


def _key_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)
