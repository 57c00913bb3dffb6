"""The datasets that ship with etaproof (the CSV files in ``numeric/data``), by a short name:
``--data iris`` instead of a path; and the textbook's Iris example, :data:`IRIS_CSV` and
:func:`load_iris`.

Every CSV file in ``numeric/data`` is bundled; its name is the file's stem
(``iris_setosa_versicolor``) and, shorter, the stem's first word (``iris``), the first file
in sorted order winning when two share it.  A path that exists is always read as a path.
"""

from __future__ import annotations

import difflib
import errno
from pathlib import Path

import numpy as np

from .reading import read_csv

#: Where the bundled CSV files are.
DATA_DIR = Path(__file__).parent / "data"

#: The CSV file of the textbook's Iris example, ``sepal_length_cm,petal_length_cm,label``: a
#: header, 50 setosa rows (label −1), then 50 versicolor rows (+1), lengths in cm.  Read it
#: with :func:`load_iris` or :func:`numeric.read_csv`, or on the command line by name:
#: ``etaproof check --data iris --eta 0.1,1,10 --bias --epochs 10``.  The 100 rows are
#: setosa against versicolor, sepal and petal length, from scikit-learn's bundled copy of
#: Fisher's Iris data, which (its DESCR says) is Fisher's table and differs from the UCI
#: repository's file in two data points.
IRIS_CSV = DATA_DIR / "iris_setosa_versicolor.csv"


def load_iris() -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: 100×2 exact ``Fraction`` features (cm) and labels −1/+1, in file order."""
    return read_csv(IRIS_CSV, labels=(-1, 1))


def bundled_datasets() -> dict[str, Path]:
    """Every bundled dataset by name, short names included (``{"iris": …/iris_….csv, …}``)."""
    names: dict[str, Path] = {}
    for path in sorted(DATA_DIR.glob("*.csv")):
        names[path.stem] = path
    for path in sorted(DATA_DIR.glob("*.csv")):
        names.setdefault(path.stem.split("_")[0], path)
    return names


def dataset_path(text: str) -> Path:
    """The file ``--data text`` means: the path itself when it exists, else the bundled
    dataset of that name.  A bare name that is neither raises :class:`FileNotFoundError`
    with the closest bundled name (or the list of them); a missing path is returned as it is,
    for reading it to say so."""
    path = Path(text)
    if path.exists():
        return path
    datasets = bundled_datasets()
    found = datasets.get(text.lower())
    if found is not None:
        return found
    if path.suffix or len(path.parts) != 1:
        return path  # a missing file: reading it says so
    close = difflib.get_close_matches(text.lower(), datasets, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"bundled: {', '.join(sorted(datasets))}"
    raise FileNotFoundError(
        errno.ENOENT, f"No such file or directory, nor a bundled dataset ({hint})", text
    )
