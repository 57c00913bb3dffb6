"""Reading a dataset from CSV exactly: one sample per row, the label in the last column.

Cells are read as exact rationals (``"0.1"`` is 1/10, not the nearest double); a float64 run
rounds them later and accounts for that rounding.  Blank lines and lines starting with ``#``
are skipped; a first row in which no cell is a number is a header.  The file is UTF-8, with or
without a byte-order mark.  Errors name the file, the line and the column.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from os import PathLike
from pathlib import Path

import numpy as np

from .errors import DimensionMismatch, InvalidLabel, InvalidNumber, MalformedCsv
from .inputs import number_from_text


def read_csv(
    path: str | PathLike[str], *, labels: tuple[int, int] | None = None, float64: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` from a CSV file: X an (n, d) object array of ``Fraction``, y an int8 array.

    With ``labels`` (a rule's label set), every label is checked to be one of them; with
    ``float64``, every feature is checked to fit in float64 (a float64 run will need it).
    """
    path = Path(path)
    rows = _numeric_rows(path, float64=float64, labelled=True)
    width = len(rows[0][1])
    if width < 2:
        raise MalformedCsv(
            f"{path} line {rows[0][0]}={','.join(rows[0][2])!r} must hold at least one feature "
            "and a label",
            rows[0][2],
        )
    X = np.empty((len(rows), width - 1), dtype=object)
    y = np.empty(len(rows), dtype=np.int8)
    for i, (line, values, cells) in enumerate(rows):
        if len(values) != width:
            raise DimensionMismatch(
                f"{path} line {line}={','.join(cells)!r} must hold {width} cells like line "
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
    """One comma-separated row of numbers (e.g. initial weights) as ``Fraction`` objects; with
    ``float64``, each is checked to fit in float64."""
    path = Path(path)
    rows = _numeric_rows(path, header=False, float64=float64)
    if len(rows) != 1:
        raise MalformedCsv(
            f"{path} holds {len(rows)} rows of numbers but must hold exactly one", path
        )
    return np.array(rows[0][1], dtype=object)


def _numeric_rows(
    path: Path, header: bool = True, float64: bool = False, labelled: bool = False
) -> list[tuple[int, list[Fraction], list[str]]]:
    """(line number, exact values, raw cells) for every data row (after a header if allowed);
    with ``float64`` every value but the label (the last, when ``labelled``) must fit in
    float64."""
    rows: list[tuple[int, list[Fraction], list[str]]] = []
    header_line: tuple[int, str] | None = None
    for line, cells in _lines(path):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        places = [f"{path} line {line} column {column}" for column in range(1, len(cells) + 1)]
        parsed = [number_from_text(cell, place) for cell, place in zip(cells, places, strict=True)]
        if header and not rows and header_line is None and all(v is None for v in parsed):
            header_line = (line, ",".join(cells))  # the header: only the first such row
            continue
        features = len(cells) - labelled
        for column, (cell, value) in enumerate(zip(cells, parsed, strict=True), start=1):
            if value is None:
                raise InvalidNumber(f"{places[column - 1]}={cell!r} must be a finite number", cell)
            if float64 and column <= features and not _fits_float64(value):
                raise InvalidNumber(
                    f"{places[column - 1]}={cell!r} must fit in float64 (below 1.8e308 in "
                    "magnitude)",
                    cell,
                )
        rows.append((line, [value for value in parsed if value is not None], cells))
    if rows:
        return rows
    if header_line is not None:
        line, text = header_line
        raise MalformedCsv(
            f"{path} has a header (line {line}: {text[:40]!r}) but no row of numbers", path
        )
    raise MalformedCsv(f"{path} must hold at least one row of numbers; it has none", path)


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    """The CSV rows with their line numbers; bad bytes and CSV syntax name the file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            try:
                return [(reader.line_num, cells) for cells in reader]
            except csv.Error as error:
                raise MalformedCsv(f"{path} line {reader.line_num}: {error}", path) from None
    except UnicodeDecodeError as error:
        raise MalformedCsv(
            f"{path} is not a UTF-8 text file (byte 0x{error.object[error.start]:02x} at "
            f"offset {error.start})",
            path,
        ) from None


def _fits_float64(value: Fraction) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True
