"""Inter-coder reliability per frame, with bootstrap intervals, and the disagreements to adjudicate.

For each frame, over the passages that at least two coders coded:

- **Krippendorff's alpha** (nominal; any number of coders; missing labels
  allowed), with the ``krippendorff`` package;
- **Cohen's kappa** for each pair of coders, on the passages both coded
  (scikit-learn's ``cohen_kappa_score``), and their mean;
- **Fleiss' kappa** (statsmodels) on the passages coded by *every* coder:
  Fleiss' formula needs the same number of ratings per unit, so passages some
  coder skipped are left out (``n_fleiss`` says how many remain);
- **percent agreement**: for each pair of coders, the share of the passages
  both coded on which they agree, averaged over the pairs;
- **prevalence**: the share of 1s among all labels given.

Chance-corrected coefficients (alpha, kappa) are low, even undefined, for a
rare frame on which coders almost always agree (the "kappa paradox"), so read
them with the percent agreement and the prevalence.

Each coefficient has a percentile bootstrap interval from resampling the
passages (the units) with replacement, with a fixed seed. The resampled
coefficients of binary labels are computed in closed form (the formulas are
those of the packages; the tests check they agree on the full sample).
Adjudicated labels (coder ``adjudicated``) are not a coder and are ignored.

Examples
--------
>>> import numpy as np
>>> coders = np.array([[1, 1, 0, 0, 1, np.nan], [1, 0, 0, 0, 1, 1]])
>>> round(krippendorff_alpha(coders), 3), round(percent_agreement(coders), 3)
(0.64, 0.8)
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.classify.labels import ADJUDICATOR
from framing.classify.sheets import write_sheet_csv
from framing.csv_safety import write_csv
from framing.errors import LabelError

_BATCH = 200  # bootstrap replicates drawn at once


# -- coefficients on a coders x units matrix (NaN = not coded) ----------------------------------


def krippendorff_alpha(matrix: np.ndarray) -> float:
    """Krippendorff's alpha for nominal data (coders x units, NaN missing); NaN if undefined.

    >>> krippendorff_alpha(np.array([[1, 2, 3], [1, 2, 3]]))
    1.0
    """
    import krippendorff

    data = np.asarray(matrix, dtype=float)
    values = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    if np.unique(values[~np.isnan(values)]).size < 2:
        return float("nan")  # one value only: expected disagreement is zero
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two coders on the units both coded; NaN if undefined.

    >>> round(cohen_kappa(np.array([1, 0, 1, np.nan]), np.array([1, 0, 0, 1])), 3)
    0.4
    """
    from sklearn.metrics import cohen_kappa_score

    both = ~np.isnan(a) & ~np.isnan(b)
    x, y = np.asarray(a)[both], np.asarray(b)[both]
    if x.size == 0 or np.unique(np.concatenate([x, y])).size < 2:
        return float("nan")
    return float(cohen_kappa_score(x, y))


def fleiss_kappa(matrix: np.ndarray) -> float:
    """Fleiss' kappa on the units every coder coded (coders x units); NaN if undefined.

    >>> round(fleiss_kappa(np.array([[1, 0, 1, 0], [1, 0, 1, 1], [1, 0, 0, 1]])), 3)
    0.314
    """
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

    data = np.asarray(matrix, dtype=float)
    complete = data[:, ~np.isnan(data).any(axis=0)]
    if complete.shape[1] == 0 or np.unique(complete).size < 2:
        return float("nan")
    table, _ = aggregate_raters(complete.T.astype(int))
    return float(sm_fleiss_kappa(table, method="fleiss"))


def percent_agreement(matrix: np.ndarray) -> float:
    """Pairwise percent agreement, averaged over the pairs of coders who share a unit."""
    data = np.asarray(matrix, dtype=float)
    shares = []
    for i, j in itertools.combinations(range(data.shape[0]), 2):
        both = ~np.isnan(data[i]) & ~np.isnan(data[j])
        if both.any():
            shares.append(float(np.mean(data[i, both] == data[j, both])))
    return float(np.mean(shares)) if shares else float("nan")


# -- closed forms for binary labels under unit weights (the bootstrap) ---------------------------


@dataclass
class _Binary:
    """Per-unit counts of one frame's labels, from which every coefficient follows."""

    matrix: np.ndarray  # coders x units, 0/1/NaN

    def __post_init__(self) -> None:
        coded = ~np.isnan(self.matrix)
        self.m = coded.sum(axis=0).astype(float)
        self.ones = np.nansum(self.matrix, axis=0)
        self.zeros = self.m - self.ones
        self.k = self.matrix.shape[0]

    def alpha(self, w: np.ndarray) -> np.ndarray:
        pairable = self.m >= 2
        m, ones, zeros = self.m[pairable], self.ones[pairable], self.zeros[pairable]
        wp = w[:, pairable]
        n = wp @ m
        disagreement = wp @ (2 * ones * zeros / np.maximum(m - 1, 1))
        expected = 2 * (wp @ ones) * (wp @ zeros)
        with np.errstate(invalid="ignore", divide="ignore"):
            alpha = 1 - (n - 1) * disagreement / expected
        return np.where(expected > 0, alpha, np.nan)

    def pair(self, i: int, j: int, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(percent agreement, Cohen's kappa) of coders i and j."""
        a, b = self.matrix[i], self.matrix[j]
        both = ~np.isnan(a) & ~np.isnan(b)
        a1 = (np.nan_to_num(a) == 1) & both
        b1 = (np.nan_to_num(b) == 1) & both
        n = w @ both
        with np.errstate(invalid="ignore", divide="ignore"):
            agree = (w @ (both & (a1 == b1))) / n
            pa, pb = (w @ a1) / n, (w @ b1) / n
            expected = pa * pb + (1 - pa) * (1 - pb)
            kappa = np.where(expected < 1, (agree - expected) / (1 - expected), np.nan)
        return agree, kappa

    def fleiss(self, w: np.ndarray) -> np.ndarray:
        full = self.m == self.k
        k, ones, zeros = self.k, self.ones[full], self.zeros[full]
        wf = w[:, full]
        total = wf.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            p_unit = (ones**2 + zeros**2 - k) / (k * (k - 1))
            observed = (wf @ p_unit) / total
            p1 = (wf @ ones) / (k * total)
            expected = p1**2 + (1 - p1) ** 2
            return np.where(expected < 1, (observed - expected) / (1 - expected), np.nan)


def _interval(values: np.ndarray, level: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size < max(10, values.size // 2):
        return float("nan"), float("nan")  # too many undefined resamples to say
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


# -- tables ----------------------------------------------------------------------------------


def reliability_matrix(labels: pd.DataFrame, frame: str) -> tuple[list[str], list[str], np.ndarray]:
    """(coders, passage ids, coders x passages matrix of 0/1/NaN) for one frame.

    Adjudicated labels are left out; passages coded by fewer than two coders too.
    """
    rows = labels[(labels["frame"] == frame) & (labels["coder"] != ADJUDICATOR)]
    rows = rows[rows["label"].notna()]
    wide = rows.pivot_table(
        index="coder", columns="passage_id", values="label", aggfunc="first", sort=True
    ).astype(float)
    wide = wide.loc[:, wide.notna().sum(axis=0) >= 2]
    return list(wide.index), list(wide.columns), wide.to_numpy()


@dataclass
class AgreementResult:
    """``frames`` (one row per frame), ``pairs`` (one row per frame and pair of coders) and
    ``disagreements`` (one row per passage and frame on which coders differ)."""

    frames: pd.DataFrame
    pairs: pd.DataFrame
    disagreements: pd.DataFrame


def agreement(
    labels: pd.DataFrame,
    frames: Sequence[str] | None = None,
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> AgreementResult:
    """Reliability per frame and per pair of coders, with bootstrap intervals.

    ``frames`` columns: frame, n_coders, n_passages (coded by two coders or
    more), n_fleiss (coded by all), n_labels, prevalence, and for each of
    percent_agreement, krippendorff_alpha, cohen_kappa_mean and fleiss_kappa
    the estimate with ``_ci_low`` / ``_ci_high``. ``pairs`` columns: frame,
    coder_a, coder_b, n_passages, percent_agreement, cohen_kappa and their
    intervals.
    """
    coders = sorted(set(labels["coder"]) - {ADJUDICATOR})
    if len(coders) < 2:
        raise LabelError(
            f"agreement needs labels from at least two coders; found {len(coders)} "
            f"({', '.join(coders) or 'none'})",
            hint="import the sheets of every coder into one LABELS.parquet",
        )
    frames = list(frames) if frames is not None else list(dict.fromkeys(labels["frame"]))
    units = sorted(set(labels["passage_id"]))
    position = {p: i for i, p in enumerate(units)}
    replicates = _draw_weights(len(units), bootstrap, seed)
    frame_rows, pair_rows = [], []
    for frame in frames:
        frame_coders, passages, matrix = reliability_matrix(labels, frame)
        columns = np.array([position[p] for p in passages], dtype=int)
        rows, pairs = _frame_agreement(frame, frame_coders, matrix, replicates, columns, level)
        frame_rows.append(rows)
        pair_rows += pairs
        frame_labels = labels[(labels["frame"] == frame) & (labels["coder"] != ADJUDICATOR)]
        frame_rows[-1]["n_labels"] = int(frame_labels["label"].notna().sum())
        frame_rows[-1]["prevalence"] = float(frame_labels["label"].astype(float).mean())
    return AgreementResult(
        frames=pd.DataFrame(frame_rows, columns=FRAME_COLUMNS),
        pairs=pd.DataFrame(pair_rows, columns=PAIR_COLUMNS),
        disagreements=disagreements(labels, frames),
    )


STATISTICS = ("percent_agreement", "krippendorff_alpha", "cohen_kappa_mean", "fleiss_kappa")
FRAME_COLUMNS = [
    "frame",
    "n_coders",
    "n_passages",
    "n_fleiss",
    "n_labels",
    "prevalence",
    *[f"{s}{suffix}" for s in STATISTICS for suffix in ("", "_ci_low", "_ci_high")],
]
PAIR_COLUMNS = [
    "frame",
    "coder_a",
    "coder_b",
    "n_passages",
    *[
        f"{s}{suffix}"
        for s in ("percent_agreement", "cohen_kappa")
        for suffix in ("", "_ci_low", "_ci_high")
    ],
]


def _draw_weights(n_units: int, bootstrap: int, seed: int) -> list[np.ndarray]:
    """The bootstrap as multiplicity weights (replicates x units), in batches, from one seed."""
    rng = np.random.default_rng(seed)
    batches, left = [], bootstrap
    while left > 0:
        size = min(_BATCH, left)
        draws = rng.integers(0, n_units, size=(size, n_units))
        weights = np.zeros((size, n_units), dtype=np.float64)
        np.add.at(weights, (np.repeat(np.arange(size), n_units), draws.ravel()), 1.0)
        batches.append(weights)
        left -= size
    return batches


def _frame_agreement(
    frame: str,
    coders: list[str],
    matrix: np.ndarray,
    replicates: list[np.ndarray],
    columns: np.ndarray,
    level: float,
) -> tuple[dict, list[dict]]:
    binary = _Binary(matrix) if matrix.size else None
    pairs = list(itertools.combinations(range(len(coders)), 2))
    boot: dict[str, list[np.ndarray]] = {key: [] for key in ("alpha", "fleiss", "agree", "kappa")}
    boot_pairs: dict[tuple[int, int], tuple[list, list]] = {p: ([], []) for p in pairs}
    if binary is not None:
        for weights in replicates:
            w = weights[:, columns]
            boot["alpha"].append(binary.alpha(w))
            boot["fleiss"].append(binary.fleiss(w))
            agree_k, kappa_k = [], []
            for pair in pairs:
                agree, kappa = binary.pair(*pair, w)
                boot_pairs[pair][0].append(agree)
                boot_pairs[pair][1].append(kappa)
                agree_k.append(agree)
                kappa_k.append(kappa)
            boot["agree"].append(_nanmean_rows(agree_k))
            boot["kappa"].append(_nanmean_rows(kappa_k))
    samples = {key: np.concatenate(v) if v else np.array([]) for key, v in boot.items()}
    pair_rows = []
    kappas, agreements = [], []
    for i, j in pairs:
        both = ~np.isnan(matrix[i]) & ~np.isnan(matrix[j]) if matrix.size else np.array([])
        kappa = cohen_kappa(matrix[i], matrix[j]) if matrix.size else float("nan")
        agree = float(np.mean(matrix[i, both] == matrix[j, both])) if both.any() else float("nan")
        kappas.append(kappa)
        agreements.append(agree)
        agree_boot, kappa_boot = (
            np.concatenate(v) if v else np.array([]) for v in boot_pairs[(i, j)]
        )
        pair_rows.append(
            {
                "frame": frame,
                "coder_a": coders[i],
                "coder_b": coders[j],
                "n_passages": int(both.sum()) if matrix.size else 0,
                **_estimate("percent_agreement", agree, agree_boot, level),
                **_estimate("cohen_kappa", kappa, kappa_boot, level),
            }
        )
    n_fleiss = int((~np.isnan(matrix)).all(axis=0).sum()) if matrix.size else 0
    row = {
        "frame": frame,
        "n_coders": len(coders),
        "n_passages": matrix.shape[1] if matrix.size else 0,
        "n_fleiss": n_fleiss,
        **_estimate("percent_agreement", _nanmean(agreements), samples["agree"], level),
        **_estimate(
            "krippendorff_alpha",
            krippendorff_alpha(matrix) if matrix.size else float("nan"),
            samples["alpha"],
            level,
        ),
        **_estimate("cohen_kappa_mean", _nanmean(kappas), samples["kappa"], level),
        **_estimate(
            "fleiss_kappa",
            fleiss_kappa(matrix) if n_fleiss else float("nan"),
            samples["fleiss"],
            level,
        ),
    }
    return row, pair_rows


def _nanmean(values: list[float]) -> float:
    finite = [v for v in values if np.isfinite(v)]
    return float(np.mean(finite)) if finite else float("nan")


def _nanmean_rows(arrays: list[np.ndarray]) -> np.ndarray:
    if not arrays:
        return np.array([])
    stacked = np.vstack(arrays)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, as meant
        return np.nanmean(stacked, axis=0)


def _estimate(name: str, value: float, samples: np.ndarray, level: float) -> dict[str, float]:
    low, high = _interval(samples, level) if np.isfinite(value) else (float("nan"),) * 2
    return {name: value, f"{name}_ci_low": low, f"{name}_ci_high": high}


def disagreements(labels: pd.DataFrame, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Every passage and frame on which the coders' labels differ, for adjudication.

    Columns: passage_id, doc_id, frame, text, ``label_<coder>`` for each coder
    (blank where that coder did not code it), and ``adjudicated`` (filled with
    an existing adjudication, else empty: write 0 or 1, then import the file
    with ``framing annotate import`` to use it).
    """
    frames = list(frames) if frames is not None else list(dict.fromkeys(labels["frame"]))
    coders = sorted(set(labels["coder"]) - {ADJUDICATOR})
    coded = labels[labels["label"].notna() & labels["frame"].isin(frames)]
    regular = coded[coded["coder"] != ADJUDICATOR]
    spread = regular.groupby(["passage_id", "frame"])["label"].agg(["min", "max"])
    differing = spread[spread["min"] != spread["max"]].index
    columns = [
        "passage_id",
        "doc_id",
        "frame",
        "text",
        *[f"label_{c}" for c in coders],
        "adjudicated",
    ]
    if len(differing) == 0:
        return pd.DataFrame(columns=columns)
    wide = regular.pivot_table(
        index=["passage_id", "frame"], columns="coder", values="label", aggfunc="first"
    ).loc[differing]
    info = labels.drop_duplicates("passage_id").set_index("passage_id")
    adjudicated = coded[coded["coder"] == ADJUDICATOR].set_index(["passage_id", "frame"])["label"]
    table = pd.DataFrame(
        {
            "passage_id": wide.index.get_level_values(0),
            "doc_id": info.loc[wide.index.get_level_values(0), "doc_id"].to_numpy(),
            "frame": wide.index.get_level_values(1),
            "text": _texts(info, wide.index.get_level_values(0)),
        }
    )
    for coder in coders:
        values = wide[coder] if coder in wide.columns else pd.Series(np.nan, index=wide.index)
        table[f"label_{coder}"] = [_cell(v) for v in values]
    table["adjudicated"] = [_cell(adjudicated.get(key)) for key in wide.index]
    passage_order = {p: i for i, p in enumerate(dict.fromkeys(labels["passage_id"]))}
    frame_order = {f: i for i, f in enumerate(frames)}
    table["_p"] = table["passage_id"].map(passage_order)
    table["_f"] = table["frame"].map(frame_order)
    return table.sort_values(["_p", "_f"]).drop(columns=["_p", "_f"]).reset_index(drop=True)


def _texts(info: pd.DataFrame, ids: pd.Index) -> list[str]:
    if "text" not in info.columns:
        return [""] * len(ids)
    return info.loc[ids, "text"].fillna("").astype(str).tolist()


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(int(value))


def write_agreement(result: AgreementResult, out_dir: str | Path) -> list[Path]:
    """Write ``agreement.csv``, ``agreement_pairs.csv`` and ``disagreements.csv`` into
    ``out_dir``, text cells escaped against formula injection (:mod:`framing.csv_safety`;
    the adjudication sheet ``disagreements.csv`` is a coding sheet: UTF-8 with BOM)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(result.frames, out / "agreement.csv"),
        write_csv(result.pairs, out / "agreement_pairs.csv"),
        write_sheet_csv(result.disagreements, out / "disagreements.csv"),
    ]
