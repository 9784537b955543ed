"""CSV files that are safe to open in a spreadsheet, and read back exactly.

Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula ("CSV
injection"). Passages, titles and outlet names are scraped text and may start
with any of them (a ``-`` list item, an ``@handle``, a headline quoting
``=SUM(...)``), so every CSV framing writes puts a ``'`` before such *text*
cells, which spreadsheets then show as text. Numbers are never touched: ``-0.25``
in a numeric column stays a number.

The escape is reversible. A text that already starts with ``'`` characters
followed by a formula character gets one more ``'``, so :func:`unescape_cell`
always removes exactly the ``'`` that :func:`escape_cell` added. framing reads
its own CSV files back through :func:`read_csv` (or :func:`unescape_table`),
which restores every text cell as it was.

>>> escape_cell("=SUM(A1)"), escape_cell("-0.25 points"), escape_cell(-0.25)
("'=SUM(A1)", "'-0.25 points", -0.25)
>>> escape_cell("Morocco hosts Interpol"), escape_cell("'=already quoted")
('Morocco hosts Interpol', "''=already quoted")
>>> all(unescape_cell(escape_cell(t)) == t for t in ("=1+1", "'=x", "''@y", "'quoted'"))
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas (and the store) are imported by the functions that need them:
    import pandas as pd  # the cell helpers serve modules that must load quickly (manifests)

#: Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: What :func:`escape_cell` puts before such a cell.
ESCAPE_PREFIX = "'"


def _needs_escape(text: str) -> bool:
    """A formula character first, possibly behind ``'`` characters (escaped or not)."""
    return text.lstrip(ESCAPE_PREFIX).startswith(FORMULA_TRIGGERS)


def escape_cell(value: object) -> object:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run as a formula.

    Anything that is not a ``str`` (numbers, booleans, missing values) is
    returned unchanged.

    >>> escape_cell("@interpol"), escape_cell("Interpol"), escape_cell(3)
    ("'@interpol", 'Interpol', 3)
    """
    if isinstance(value, str) and _needs_escape(value):
        return ESCAPE_PREFIX + value
    return value


def unescape_cell(value: object) -> object:
    """Undo :func:`escape_cell`: drop the ``'`` it added; any other value is unchanged.

    >>> unescape_cell("'=SUM(A1)"), unescape_cell("'quoted' on purpose"), unescape_cell(2.5)
    ('=SUM(A1)', "'quoted' on purpose", 2.5)
    """
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIX) and _needs_escape(value[1:]):
        return value[1:]
    return value


def _is_text_column(column: pd.Series) -> bool:
    import pandas as pd

    dtype = column.dtype
    return pd.api.types.is_object_dtype(dtype) or isinstance(
        dtype, pd.StringDtype | pd.CategoricalDtype
    )


def _map_text(df: pd.DataFrame, function: Any) -> pd.DataFrame:
    out = df.copy()
    for position in range(df.shape[1]):
        column = df.iloc[:, position]
        if not _is_text_column(column):
            continue
        mapped = column.map(function)  # keeps the dtype (str, object or category)
        if not mapped.equals(column):  # columns with nothing to change keep their values
            out.isetitem(position, mapped)
    out.columns = [function(name) for name in df.columns]
    return out


def escape_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with its text cells and column names escaped (numbers untouched).

    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": ["-x", "Rabat"], "risk_difference": [-0.25, 0.1]})
    >>> escape_table(table).to_dict("list")
    {'group': ["'-x", 'Rabat'], 'risk_difference': [-0.25, 0.1]}
    """
    return _map_text(df, escape_cell)


def unescape_table(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`escape_table` on a table read from CSV (text cells and column names)."""
    return _map_text(df, unescape_cell)


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as CSV text (no index, ``\\n`` line ends), text cells escaped.

    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"token": ["=cmd"], "z": [-1.5]})), end="")
    token,z
    '=cmd,-1.5
    """
    return escape_table(df).to_csv(index=False, lineterminator="\n")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as UTF-8 CSV without the index, text cells escaped, atomically.

    >>> import pandas as pd
    >>> write_csv(pd.DataFrame({"passage": ["-- a list"]}), "table.csv")  # doctest: +SKIP
    """
    from framing.store import write_text_atomic

    return write_text_atomic(path, csv_text(df))


def read_csv(path: str | Path, **options: Any) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` (``options`` go to ``pandas.read_csv``), unescaped.

    >>> read_csv("table.csv")["passage"].tolist()  # doctest: +SKIP
    ['-- a list']
    """
    import pandas as pd

    return unescape_table(pd.read_csv(path, **options))
