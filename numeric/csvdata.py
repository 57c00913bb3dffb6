"""Reading a dataset from CSV exactly: one sample per row, the label in the last column.

Cells are read as exact rationals (``"0.1"`` is 1/10, not the nearest double); a float64 run
rounds them later and accounts for that rounding.  Blank lines and lines starting with ``#``
are skipped; a first row in which no cell is a number is a header.  Errors name the file, the
line and the column.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from os import PathLike
from pathlib import Path

import numpy as np

from .errors import DimensionMismatch, InvalidLabel, InvalidNumber, MalformedCsv


def read_csv(
    path: str | PathLike[str], *, labels: tuple[int, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` from a CSV file: X an (n, d) object array of ``Fraction``, y an int8 array.

    With ``labels`` (a rule's label set), every label is checked to be one of them.
    """
    path = Path(path)
    rows = _numeric_rows(path)
    if not rows:
        raise MalformedCsv(f"{path}={path.name!r} must hold at least one row of numbers", path)
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


def read_vector(path: str | PathLike[str]) -> np.ndarray:
    """One comma-separated row of numbers (e.g. initial weights) as ``Fraction`` objects."""
    path = Path(path)
    rows = _numeric_rows(path, header=False)
    if len(rows) != 1:
        raise MalformedCsv(
            f"{path} holds {len(rows)} rows of numbers but must hold exactly one", path
        )
    return np.array(rows[0][1], dtype=object)


def _numeric_rows(path: Path, header: bool = True) -> list[tuple[int, list[Fraction], list[str]]]:
    """(line number, exact values, raw cells) for every data row (after a header if allowed)."""
    with path.open(newline="", encoding="utf-8") as handle:
        lines = list(enumerate(csv.reader(handle), start=1))
    rows = []
    for line, cells in lines:
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        parsed = [_number(cell) for cell in cells]
        if header and not rows and all(value is None for value in parsed):
            header = False  # the header: only the first such row
            continue
        for column, (cell, value) in enumerate(zip(cells, parsed, strict=True), start=1):
            if value is None:
                raise InvalidNumber(
                    f"{path} line {line} column {column}={cell!r} must be a finite number", cell
                )
        rows.append((line, parsed, cells))
    return rows


def _number(cell: str) -> Fraction | None:
    try:
        return Fraction(cell)
    except (ValueError, ZeroDivisionError):
        return None
