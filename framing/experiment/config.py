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

from framing.errors import ConfigError

FIGURES = (
    "heatmap",
    "prevalence",
    "timeline",
    "cooccurrence",
    "keyness",
    "events",
    "classifier_f1",
)
MAX_CONFIG_BYTES = 1_000_000


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


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file.

    >>> exp = load_experiment("experiments/security_diplomacy.yaml")  # doctest: +SKIP
    >>> exp.output_dir  # doctest: +SKIP
    PosixPath('reports/security_diplomacy')
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError("experiment file not found", path=path)
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError("experiment file is larger than 1 MB", path=path)
    data = _safe_yaml(path)
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


def _safe_yaml(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError(
            f"not valid YAML: {exc}", path=path, line=None if line is None else line + 1
        ) from exc
    if node is None:
        raise ConfigError("experiment file is empty", path=path)
    _reject_aliases(node, path)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError("an experiment file must be a mapping of keys", path=path)
    return data


def _reject_aliases(node: yaml.Node, path: Path, seen: set[int] | None = None) -> None:
    """Aliases can expand to huge structures (a 'billion laughs'); experiment files need none."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise ConfigError(
            "YAML aliases (*name) are not allowed in experiment files",
            path=path,
            line=node.start_mark.line + 1,
        )
    seen.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            children.extend((key, value))
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        _reject_aliases(child, path, seen)


def _key_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)
