"""Comparing frame coverage across outlets, languages, stances and time, with statistics.

>>> from framing.compare import compare
>>> result = compare("scores.parquet", "corpus", by=["outlet"])  # doctest: +SKIP
>>> result.write("reports/compare")  # doctest: +SKIP
"""

from framing.compare.comparison import Comparison, analysis_name, compare
from framing.compare.data import AnalysisData, prepare

__all__ = ["AnalysisData", "Comparison", "analysis_name", "compare", "prepare"]
