"""framing: discourse and framing analysis for English, French and Arabic news."""

__version__ = "0.1.0"
