"""Reading the user's data from text, exactly: numbers (:func:`number_from_text`, also the
command line's ``--eta``) and CSV files (:func:`read_csv`, :func:`read_vector`), one sample per
row with the label in the last column.  (Values given in Python are validated by
:mod:`numeric.inputs`; the bundled files are named in :mod:`numeric.bundled`.)

Cells are read as exact rationals (``"0.1"`` is 1/10, not the nearest double); a float64 run
rounds them later and accounts for that rounding.  Blank lines and lines starting with ``#``
are skipped; a first row in which no cell is a number is a header.  The file is UTF-8, with or
without a byte-order mark.  Errors name the file, the line and the column.

Cells are separated by commas, or by semicolons or tabs: :func:`csv.Sniffer` reads the first
:data:`SNIFF_CHARACTERS` characters (comments left out) and picks one of :data:`DELIMITERS`,
a comma when it cannot tell.  A file whose cells are separated by something else (spaces,
``|``, ``:``) is refused with a message that names what was found.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from decimal import Decimal
from fractions import Fraction
from os import PathLike
from pathlib import Path

import numpy as np

from .errors import DimensionMismatch, InvalidLabel, InvalidNumber, MalformedCsv

#: The largest decimal exponent read ("1e999999999999" would take ages to build exactly).
MAX_EXPONENT = 10_000

#: A plain decimal in ASCII digits ("-1.25", ".5", "3e-4"), which Decimal reads exactly and
#: three times as fast as Fraction does (anything else, "1/3" or "1_000", goes to Fraction).
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

#: Longer texts go to Fraction, which refuses digit strings past Python's limit on reading
#: integers (4300 digits by default, against quadratic-time parsing), as before: Decimal has
#: no such limit.
_FAST_LENGTH = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300

_EXPONENT = re.compile(r"\s*[-+]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)[eE]([-+]?\d[\d_]*)\s*")


def number_from_text(text: str, name: str) -> Fraction | None:
    """``text`` ("0.1", "1e-3", "1/3") as an exact ``Fraction``, None when it is no number;
    raises :class:`InvalidNumber` for a decimal exponent beyond ±:data:`MAX_EXPONENT`."""
    scientific = _EXPONENT.fullmatch(text) if "e" in text or "E" in text else None
    if scientific and _beyond(scientific.group(1)):
        raise InvalidNumber(
            f"{name}={text!r} must have an exponent between -{MAX_EXPONENT} and {MAX_EXPONENT}",
            text,
        )
    stripped = text.strip()
    if len(stripped) <= _FAST_LENGTH and _PLAIN_DECIMAL.fullmatch(stripped):  # the common
        return Fraction(*Decimal(stripped).as_integer_ratio())  # case, in C: the same value
    try:
        return Fraction(stripped)
    except (ValueError, ZeroDivisionError):
        return None


def _beyond(exponent: str) -> bool:
    """Whether a decimal exponent's digits name a number beyond ±:data:`MAX_EXPONENT` (told
    from their count first: Python refuses to read an integer of over 4300 digits)."""
    digits = exponent.replace("_", "").lstrip("+-").lstrip("0")
    return len(digits) > len(str(MAX_EXPONENT)) or int(digits or "0") > MAX_EXPONENT


#: The delimiters a file may use; the first is assumed when the sniffer cannot tell.
DELIMITERS = ",;\t"

#: How much of a file the delimiter is guessed from.
SNIFF_CHARACTERS = 8192

#: Separators that are not read, but recognised to say so: (separator, its name).
FOREIGN = (("|", "'|'"), (":", "':'"), (" ", "spaces"))


def read_csv(
    path: str | PathLike[str], *, labels: tuple[int, int] | None = None, float64: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` from a CSV file: X an (n, d) object array of ``Fraction``, y an int8 array.

    With ``labels`` (a rule's label set), every label is checked to be one of them; with
    ``float64``, every feature is checked to fit in float64 (a float64 run will need it).
    """
    path = Path(path)
    delimiter, rows = _numeric_rows(path, float64=float64, labelled=True)
    width = len(rows[0][1])
    if width < 2:
        raise MalformedCsv(
            f"{path} line {rows[0][0]}={delimiter.join(rows[0][2])!r} must hold at least one "
            "feature and a label",
            rows[0][2],
        )
    X = np.empty((len(rows), width - 1), dtype=object)
    y = np.empty(len(rows), dtype=np.int8)
    for i, (line, values, cells) in enumerate(rows):
        if len(values) != width:
            raise DimensionMismatch(
                f"{path} line {line}={delimiter.join(cells)!r} must hold {width} cells like line "
                f"{rows[0][0]}, not {len(values)}",
                cells,
            )
        X[i] = values[:-1]
        label = values[-1]
        if labels is not None and label not in labels:
            raise InvalidLabel(
                f"{path} line {line} column {width} (label)={cells[-1]!r} must be one of "
                f"{sorted(labels)}",
                cells[-1],
            )
        if label.denominator != 1 or not -128 <= label <= 127:
            raise InvalidLabel(
                f"{path} line {line} column {width} (label)={cells[-1]!r} must be a small "
                "whole number",
                cells[-1],
            )
        y[i] = int(label)
    return X, y


def read_vector(path: str | PathLike[str], *, float64: bool = False) -> np.ndarray:
    """One row of numbers (e.g. initial weights), comma-separated (or by semicolons or tabs), as
    ``Fraction`` objects; with ``float64``, each is checked to fit in float64."""
    path = Path(path)
    _, rows = _numeric_rows(path, header=False, float64=float64)
    if len(rows) != 1:
        raise MalformedCsv(
            f"{path} holds {len(rows)} rows of numbers but must hold exactly one", path
        )
    return np.array(rows[0][1], dtype=object)


def _numeric_rows(
    path: Path, header: bool = True, float64: bool = False, labelled: bool = False
) -> tuple[str, list[tuple[int, list[Fraction], list[str]]]]:
    """The delimiter, and (line number, exact values, raw cells) for every data row (after a
    header if allowed); with ``float64`` every value but the label (the last, when
    ``labelled``) must fit in float64."""
    rows: list[tuple[int, list[Fraction], list[str]]] = []
    header_line: tuple[int, str] | None = None
    delimiter, lines = _lines(path)
    for line, cells in lines:
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        places = [f"{path} line {line} column {column}" for column in range(1, len(cells) + 1)]
        parsed = [number_from_text(cell, place) for cell, place in zip(cells, places, strict=True)]
        if header and not rows and header_line is None and all(v is None for v in parsed):
            header_line = (line, delimiter.join(cells))  # the header: only the first such row
            continue
        features = len(cells) - labelled
        for column, (cell, value) in enumerate(zip(cells, parsed, strict=True), start=1):
            if value is None:
                raise InvalidNumber(
                    f"{places[column - 1]}={cell!r} must be a finite number"
                    + _number_hint(cell, delimiter),
                    cell,
                )
            if float64 and column <= features and not _fits_float64(value):
                raise InvalidNumber(
                    f"{places[column - 1]}={cell!r} must fit in float64 (below 1.8e308 in "
                    "magnitude)",
                    cell,
                )
        rows.append((line, [value for value in parsed if value is not None], cells))
    if rows:
        return delimiter, rows
    if header_line is not None:
        line, text = header_line
        raise MalformedCsv(
            f"{path} has a header (line {line}: {text[:40]!r}) but no row of numbers", path
        )
    raise MalformedCsv(f"{path} must hold at least one row of numbers; it has none", path)


def _lines(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The delimiter and the CSV rows with their line numbers; bad bytes, CSV syntax and
    cells separated by something not read name the file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise MalformedCsv(
            f"{path} is not a UTF-8 text file (byte 0x{error.object[error.start]:02x} at "
            f"offset {error.start})",
            path,
        ) from None
    sample = _sample(text)
    delimiter = sniff_delimiter(sample)
    if not any(delimiter in line for line in sample):
        _refuse_foreign(path, sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return delimiter, [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        raise MalformedCsv(f"{path} line {reader.line_num}: {error}", path) from None


def _sample(text: str) -> list[str]:
    """The lines of the file's start that hold data (no blank lines, no comments)."""
    return [
        line
        for line in text[:SNIFF_CHARACTERS].splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter of these lines, one of :data:`DELIMITERS`: :class:`csv.Sniffer`'s choice
    (a comma when it cannot tell), unless another delimiter that occurs splits more of the
    cells into numbers (``1,5;2;1`` is three cells with a decimal comma, not two)."""
    if not lines:
        return DELIMITERS[0]
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = DELIMITERS[0]
    if found not in DELIMITERS:
        found = DELIMITERS[0]
    present = [d for d in DELIMITERS if any(d in line for line in lines)]
    if len(present) < 2:
        return found
    return max(present, key=lambda d: (_numbers(lines, d), d == found))


def _numbers(lines: list[str], delimiter: str) -> int:
    """How many cells of ``lines`` split at ``delimiter`` are numbers."""
    count = 0
    for cells in csv.reader(lines, delimiter=delimiter):
        for cell in cells:
            try:
                count += number_from_text(cell, "") is not None
            except InvalidNumber:
                count += 1  # a number, with an exponent too large to build
    return count


def _refuse_foreign(path: Path, lines: list[str]) -> None:
    """Raise :class:`MalformedCsv` when every line splits into the same number (≥ 2) of cells
    at a separator that is not read (:data:`FOREIGN`); return quietly otherwise."""
    for separator, name in FOREIGN:
        counts = {
            len(line.strip().split(None if separator == " " else separator)) for line in lines
        }
        if len(counts) == 1 and counts.pop() >= 2:
            raise MalformedCsv(
                f"{path} separates its cells by {name} (line 1: {lines[0][:24]!r}); use commas, "
                "semicolons or tabs",
                path,
            )


def _number_hint(cell: str, delimiter: str) -> str:
    """Words to add when a cell that is no number looks like a decimal comma or holds another
    delimiter."""
    others = [d for d in DELIMITERS if d != delimiter and d in cell]
    if others and delimiter == ",":
        shown = "a tab" if others[0] == "\t" else repr(others[0])
        return f" (the file is read as comma-separated, but this cell holds {shown})"
    if "," in cell and number_from_text(cell.replace(",", "."), "") is not None:
        return f" (a decimal comma? write {cell.replace(',', '.')!r})"
    return ""


def _fits_float64(value: Fraction) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True
