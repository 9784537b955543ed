"""LexiconScorer: a scikit-learn transformer over texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks

from framing.lexicon.model import Entry, Frame, Lexicon
from framing.lexicon.transformer import LexiconScorer


def lexicon() -> Lexicon:
    return Lexicon(
        "demo",
        languages=["en", "fr"],
        frames=[
            Frame(
                "threat",
                "Threat",
                entries={
                    "en": [Entry("terror*", "glob"), Entry("armed group", "phrase", 2.0)],
                    "fr": [Entry("terroris*", "glob")],
                },
            ),
            Frame(
                "cooperation",
                "Cooperation",
                entries={"en": [Entry("partner*", "glob")], "fr": [Entry("coopération")]},
            ),
        ],
    )


TEXTS = [
    "Police dismantled a terrorist cell linked to an armed group.",
    "The partners renewed their partnership in Rabat.",
    "Terror networks recruited online; an armed group was named.",
    "A partnership agreement between partners was signed.",
    "Terrorism suspects were arrested near the border.",
    "Partner agencies shared information with their partners.",
]
LABELS = [1, 0, 1, 0, 1, 0]


def test_transform_gives_one_column_per_frame():
    scorer = LexiconScorer(lexicon()).fit(TEXTS)
    values = scorer.transform(TEXTS[:2])
    np.testing.assert_array_equal(values, [[3.0, 0.0], [0.0, 2.0]])
    assert scorer.get_feature_names_out().tolist() == ["threat", "cooperation"]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("hits", [[2.0, 0.0], [0.0, 2.0]]),
        ("present", [[1.0, 0.0], [0.0, 1.0]]),
        ("density", [[3000 / 10, 0.0], [0.0, 2000 / 7]]),
    ],
)
def test_outputs(output, expected):
    values = LexiconScorer(lexicon(), output=output).fit_transform(TEXTS[:2])
    np.testing.assert_allclose(values, expected)


def test_present_uses_the_threshold():
    values = LexiconScorer(lexicon(), output="present", threshold=2.5).fit_transform(TEXTS[:2])
    np.testing.assert_array_equal(values, [[1.0, 0.0], [0.0, 0.0]])


def test_series_and_dataframe_with_languages():
    scorer = LexiconScorer(lexicon(), language="en").fit(TEXTS)
    series = pd.Series(["terrorist", "coopération"])
    np.testing.assert_array_equal(scorer.transform(series), [[1, 0], [0, 0]])
    frame = pd.DataFrame(
        {"text": ["terrorist", "terroriste coopération"], "language": ["en", "fr"]}
    )
    np.testing.assert_array_equal(scorer.transform(frame), [[1, 0], [1, 1]])


def test_inside_a_pipeline_with_logistic_regression():
    model = Pipeline([("lexicon", LexiconScorer(lexicon())), ("clf", LogisticRegression())])
    model.fit(TEXTS, LABELS)
    assert model.predict(["A terrorist attack was foiled.", "Partners met."]).tolist() == [1, 0]
    assert model.named_steps["lexicon"].get_feature_names_out().tolist() == [
        "threat",
        "cooperation",
    ]


def test_clone_keeps_parameters_and_drops_fitted_state():
    scorer = LexiconScorer(lexicon(), output="hits", threshold=2.0).fit(TEXTS)
    copy = clone(scorer)
    assert copy.get_params()["output"] == "hits" and copy.get_params()["threshold"] == 2.0
    assert copy.lexicon == scorer.lexicon
    assert not hasattr(copy, "matcher_")
    np.testing.assert_array_equal(copy.fit_transform(TEXTS), scorer.transform(TEXTS))


def test_unfitted_and_invalid_use():
    with pytest.raises(NotFittedError):
        LexiconScorer(lexicon()).transform(TEXTS)
    with pytest.raises(ValueError, match="output"):
        LexiconScorer(lexicon(), output="probability").fit(TEXTS)
    with pytest.raises(ValueError, match="lexicon"):
        LexiconScorer().fit(TEXTS)
    with pytest.raises(ValueError, match="list of texts"):
        LexiconScorer(lexicon()).fit(TEXTS).transform("one string")


def test_lexicon_can_be_a_file(tmp_path):
    path = tmp_path / "threat.yaml"
    path.write_text(
        "name: t\nversion: '1'\nlanguages: [en]\nframes:\n"
        "  - {id: threat, label: Threat, entries: {en: [terror*]}}\n",
        encoding="utf-8",
    )
    scorer = LexiconScorer(str(path)).fit(TEXTS)
    assert scorer.transform(TEXTS[:2]).tolist() == [[1.0], [0.0]]


API_CHECKS = [
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_get_params_invariance",
    "check_set_params",
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_estimators_unfitted",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_mixin_order",
    "check_estimator_sparse_tag",
    "check_valid_tag_types",
]


@pytest.mark.parametrize("name", API_CHECKS)
def test_scikit_learn_api_checks(name):
    # check_estimator itself skips estimators taking text; these checks apply.
    getattr(estimator_checks, name)(name, LexiconScorer(lexicon()))
