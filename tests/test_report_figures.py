"""The figures: what they draw from the comparison tables, their labels and their files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import report_tables as T
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from PIL import Image

from framing.report import (
    plot_classifier_f1,
    plot_cooccurrence,
    plot_events,
    plot_heatmap,
    plot_keyness,
    plot_prevalence,
    plot_timeline,
    save_figure,
)
from framing.report.figures.cooccurrence import cooccurrence_matrix
from framing.report.figures.heatmap import significant_frames
from framing.report.figures.keyness import top_keywords
from framing.report.labels import LRM, with_n
from framing.report.style import DPI, OKABE_ITO

pytestmark = pytest.mark.filterwarnings("error::UserWarning")  # e.g. missing glyphs


def _ticks(ax, axis: str = "x") -> list[str]:
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_heatmap_shows_article_shares_with_group_sizes_and_daggers():
    prevalence, tests = T.prevalence(["outlet"]), T.tests(["outlet"])
    fig = plot_heatmap(prevalence, tests=tests, labels=T.FRAMES)
    ax = fig.axes[0]
    sizes = T.articles().groupby("outlet").size()
    assert _ticks(ax, "x") == [
        (LRM if name in ("الحوار", "المرصاد") else "") + f"{name} (n={sizes[name]})"
        for name in prevalence["outlet"].drop_duplicates()
    ]
    significant = set(tests.loc[tests["p_adjusted"] < 0.05, "frame"])
    assert significant  # the fixture has real differences (royal leadership, rights ...)
    for frame, label in zip(T.FRAMES, _ticks(ax, "y"), strict=True):
        assert label.endswith("†") == (frame in significant)
        assert label.startswith(T.FRAMES[frame])
    # The cell values are the article shares: row = frame (lexicon order), column = outlet.
    image = ax.images[0].get_array()
    arts = T.articles()
    royal = arts.groupby("outlet")["royal_leadership"].mean()
    row = list(T.FRAMES).index("royal_leadership")
    for j, outlet in enumerate(prevalence["outlet"].drop_duplicates()):
        assert image[row, j] == pytest.approx(royal[outlet])
    assert "100%" in _texts(ax)  # المرصاد: every article carries royal leadership
    assert "n = 38 articles" in ax.get_title(loc="left")


def test_significant_frames_prefers_the_significant_column_and_skips_failed_tests():
    tests = pd.DataFrame(
        {
            "frame": ["threat", "cooperation", "soft_power"],
            "p_adjusted": [0.01, np.nan, 0.20],
            "significant": [True, False, False],
        }
    )
    assert significant_frames(tests) == {"threat"}
    assert significant_frames(tests.drop(columns="significant"), alpha=0.25) == {
        "threat",
        "soft_power",
    }
    assert significant_frames(None) == set()


def test_prevalence_plot_draws_one_interval_per_group_and_frame_and_flags_small_n():
    prevalence = T.prevalence(["outlet"])
    fig = plot_prevalence(prevalence, labels=T.FRAMES, layout="rows")
    ax = fig.axes[0]
    assert _ticks(ax, "y") == list(T.FRAMES.values())
    whiskers = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(c.get_segments()) for c in whiskers) == len(prevalence)
    # Every outlet has fewer than 10 articles: all markers are open (white face).
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    drawn = [c for c in markers if len(c.get_offsets())]
    assert sum(len(c.get_offsets()) for c in drawn) == len(prevalence)
    assert all(np.allclose(c.get_facecolors()[:, :3], 1.0) for c in drawn)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "open: small n or no reliable interval" in legend
    assert f"{LRM}المرصاد (n=7)" in legend


def test_many_groups_get_one_panel_per_frame_with_the_overall_share():
    prevalence = T.prevalence(["outlet"])
    fig = plot_prevalence(prevalence, labels=T.FRAMES)  # six outlets: small multiples
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == list(T.FRAMES.values())
    sizes = T.articles().groupby("outlet").size()
    names = prevalence["outlet"].drop_duplicates()
    assert _ticks(panels[0], "y") == [with_n(name, sizes[name]) for name in names]
    # Every panel: one whisker per outlet, and a dashed line at the share over all articles.
    royal = panels[list(T.FRAMES).index("royal_leadership")]
    (whiskers,) = [c for c in royal.collections if isinstance(c, LineCollection)]
    assert len(whiskers.get_segments()) == len(names)
    overall = T.articles()["royal_leadership"].mean()
    dashed = [line for line in royal.lines if line.get_linestyle() == "--"]
    assert dashed and dashed[0].get_xdata()[0] == pytest.approx(overall)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["open: small n or no reliable interval", "all articles"]
    three = plot_prevalence(T.prevalence(["language"]), labels=T.FRAMES)
    assert len(three.axes) == 1  # three languages stay on one axis
    with pytest.raises(ValueError, match="layout"):
        plot_prevalence(prevalence, layout="grid")


def test_prevalence_plot_whiskers_are_the_wilson_intervals():
    prevalence = T.prevalence(["language"])
    fig = plot_prevalence(prevalence, labels=T.FRAMES)
    segments = np.concatenate(
        [c.get_segments() for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    )
    lows = sorted(round(s[0][0], 6) for s in segments)
    assert lows == sorted(round(v, 6) for v in prevalence["article_share_ci_low"])
    with pytest.raises(ValueError, match="level"):
        plot_prevalence(prevalence, level="sentence")


def test_timeline_has_a_panel_per_frame_and_counts_undated_articles():
    timeline = T.timeline("language")
    fig = plot_timeline(timeline, labels=T.FRAMES)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in visible] == list(T.FRAMES.values())
    undated = int((T.articles()["month"] == "unknown").sum())
    assert f"{undated} undated articles not shown" in fig._suptitle.get_text()
    assert _ticks(visible[-1], "x") == T.MONTHS
    # The line is the rolling share of each language.
    threat = visible[list(T.FRAMES).index("threat")]
    expected = timeline[
        (timeline["language"] == "ar")
        & (timeline["frame"] == "threat")
        & (timeline["period"] != "undated")
    ]["rolling_share"]
    assert np.allclose(threat.lines[0].get_ydata(), expected.to_numpy())


def test_cooccurrence_matrix_is_symmetric_with_a_blank_diagonal():
    pairs = T.cooccurrence()
    matrix = cooccurrence_matrix(pairs, level="article")
    assert np.isnan(np.diag(matrix.to_numpy())).all()
    assert np.allclose(matrix.to_numpy(), matrix.to_numpy().T, equal_nan=True)
    row = pairs[(pairs.level == "article") & (pairs.frame_a == "threat")].iloc[0]
    assert matrix.loc[row.frame_b, "threat"] == pytest.approx(row.jaccard)
    fig = plot_cooccurrence(pairs, labels=T.FRAMES)
    assert "n = 38 articles" in fig.axes[0].get_title(loc="left")
    lift = plot_cooccurrence(pairs, measure="lift", level="passage", labels=T.FRAMES)
    assert "Lift" in lift.axes[1].get_ylabel()
    with pytest.raises(ValueError, match="measure"):
        cooccurrence_matrix(pairs, measure="cosine")


def test_keyness_shows_the_most_typical_words_of_each_side_with_arabic_labels():
    keyness = T.keyness()
    rows = top_keywords(keyness, top_n=3)
    ranked = keyness.sort_values("z", ascending=False)["token"].tolist()
    assert rows["token"].tolist() == ranked[:3] + ranked[-3:]
    assert rows["token"].tolist()[:2] == ["الإرهاب", "الملكية"]
    assert rows["token"].iloc[-1] == "حقوق"  # most typical of B comes last
    fig = plot_keyness(keyness, top_n=3)
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    assert f"{LRM}الإرهاب{LRM} (41/12)" in _texts(ax)  # counts stay on the right
    title = ax.get_title(loc="left")
    assert "المرصاد" in title and "الحوار" in title


def test_keyness_reads_the_scope_of_the_compare_table():
    keyness = pd.concat(
        [T.keyness(), T.keyness().assign(frame="threat", z=lambda d: -d["z"])], ignore_index=True
    )
    overall = top_keywords(keyness, top_n=1)
    within = top_keywords(keyness, top_n=1, frame="threat")
    assert overall["token"].iloc[0] == within["token"].iloc[-1]


def test_events_stack_one_band_per_event_with_outlet_sizes():
    events = T.events()
    fig = plot_events(events, labels=T.FRAMES)
    bands = [ax for ax in fig.axes if ax.images]
    assert len(bands) == events["event"].nunique()
    titles = [ax.get_title(loc="left") for ax in bands]
    assert all("(n = 6 articles)" in t for t in titles)
    assert f"{LRM}المرصاد · ar (n=1)" in _ticks(bands[0], "y")
    assert _ticks(bands[-1], "x") == list(T.FRAMES.values())
    limited = plot_events(events, max_events=2)
    assert "2 of 3 events" in limited._suptitle.get_text()


def test_classifier_f1_lists_frames_then_averages_with_gold_counts():
    evaluation = T.evaluation()
    fig = plot_classifier_f1(evaluation, labels=T.FRAMES)
    labels = _ticks(fig.axes[0], "y")
    assert labels[-2:] == ["Micro-average", "Macro-average"]
    n = evaluation.groupby("frame")["n_positive"].max()
    assert labels[0] == f"Security exporter (n={n['security_exporter']})"
    points = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in points] == [12, 12]  # classifier, lexicon
    assert [tuple(c.get_facecolor()[0][:3]) for c in points] == [
        tuple(int(OKABE_ITO[k][i : i + 2], 16) / 255 for i in (1, 3, 5)) for k in (0, 1)
    ]


def test_figures_draw_into_a_given_subfigure():
    page = Figure(figsize=(8, 10))
    target = page.add_subfigure(page.add_gridspec(1, 1)[0])
    assert plot_heatmap(T.prevalence(["language"]), figure=target) is target
    assert target.axes


def test_save_figure_writes_a_vector_pdf_and_a_300_dpi_png(tmp_path):
    fig = plot_heatmap(T.prevalence(["language"]), tests=T.tests(["language"]))
    paths = save_figure(fig, tmp_path / "figs" / "heatmap_language")
    assert [p.name for p in paths] == ["heatmap_language.pdf", "heatmap_language.png"]
    assert paths[0].read_bytes().startswith(b"%PDF")
    with Image.open(paths[1]) as png:
        assert tuple(round(v) for v in png.info["dpi"]) == (DPI, DPI)
        assert png.size == tuple(round(v * DPI) for v in fig.get_size_inches())


def test_figures_are_byte_identical_for_the_same_tables(tmp_path):
    first = save_figure(plot_keyness(T.keyness()), tmp_path / "a" / "keyness")
    second = save_figure(plot_keyness(T.keyness()), tmp_path / "b" / "keyness")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_classifier_f1_under_weak_supervision_drops_the_trivial_lexicon_baseline() -> None:
    import pandas as pd

    from framing.report.figures.classifier_f1 import plot_classifier_f1

    table = pd.DataFrame(
        {
            "method": ["classifier", "lexicon"],
            "frame": ["threat", "threat"],
            "f1": [0.6, 1.0],
            "f1_ci_low": [0.4, 1.0],
            "f1_ci_high": [0.8, 1.0],
            "n_positive": [30, 30],
            "supervision": ["weak (agreement with the lexicon)"] * 2,
        }
    )
    fig = plot_classifier_f1(table)
    ax = fig.axes[0]
    assert "weak" in ax.get_xlabel() and "human" not in ax.get_xlabel()
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Classifier"]
    human = plot_classifier_f1(table.drop(columns="supervision"))
    assert "human codes" in human.axes[0].get_xlabel()
    assert len(human.legends[0].get_texts()) == 2
