"""Language-aware text handling with no I/O: normalisation, tokens, Arabic clitics."""

from framing.text.normalize import fold_arabic, normalize_text, normalize_token
from framing.text.tokens import Token, tokenize, tokenize_normalized

__all__ = [
    "Token",
    "fold_arabic",
    "normalize_text",
    "normalize_token",
    "tokenize",
    "tokenize_normalized",
]
