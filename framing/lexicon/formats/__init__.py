"""lexicon/formats."""
