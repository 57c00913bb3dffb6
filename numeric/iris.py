"""The textbook's Iris example: setosa (−1) against versicolor (+1), sepal and petal length.

The 100 rows come from scikit-learn's bundled copy of Fisher's Iris data, which (its DESCR
says) is Fisher's table and differs from the UCI repository's file in two data points.

The file is :data:`IRIS_CSV`; the command line reads it by name, ``etaproof check --data
iris`` (see :mod:`numeric.bundled`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .csvdata import read_csv

#: The CSV file of the textbook's Iris example, ``sepal_length_cm,petal_length_cm,label``: a
#: header, 50 setosa rows (label −1), then 50 versicolor rows (+1), lengths in cm.  Read it
#: with :func:`load_iris` or :func:`numeric.read_csv`, or on the command line by name:
#: ``etaproof check --data iris --eta 0.1,1,10 --bias --epochs 10``.
IRIS_CSV = Path(__file__).parent / "data" / "iris_setosa_versicolor.csv"


def load_iris() -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: 100×2 exact ``Fraction`` features (cm) and labels −1/+1, in file order."""
    return read_csv(IRIS_CSV, labels=(-1, 1))
