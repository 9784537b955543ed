"""corpus/readers."""
