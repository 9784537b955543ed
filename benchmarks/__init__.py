"""Benchmarks of the framing toolkit: a synthetic news corpus generator and a timing harness.

Run from the repository root: ``python benchmarks/generate.py --help`` and
``python benchmarks/run.py --help`` (or ``python -m benchmarks.run``).
"""
