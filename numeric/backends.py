"""Where a run computes: ``"numpy"``, the reference, or ``"numba"``, the compiled kernels of
:mod:`numeric.kernels` (the same operations, identical results).

numba is optional (``pip install etaproof[fast]``) and slow to import, so ``import numeric``
never imports it: :func:`kernels` loads the compiled kernels the first time a run asks for
them, and :func:`phase_kernels` those of the phase diagram, here and nowhere else.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

#: What ``backend=`` may say; ``"auto"`` picks one of the other two per run.
BACKENDS = ("auto", "numpy", "numba")

_KERNELS = f"{__package__}.kernels"
_PHASE_KERNELS = f"{__package__}.phase_kernels"
_AVAILABLE: list[bool] = []


def kernels() -> ModuleType:
    """:mod:`numeric.kernels`, imported (and numba with it) on first use; raises ImportError
    when numba is missing or broken."""
    return importlib.import_module(_KERNELS)


def kernels_available() -> bool:
    """Whether the compiled kernels can be imported (numba installed and working)."""
    if not _AVAILABLE:
        try:
            kernels()
        except ImportError:
            _AVAILABLE.append(False)
        else:
            _AVAILABLE.append(True)
    return _AVAILABLE[0]


def kernels_loaded() -> bool:
    """Whether the kernels (and numba) are imported already, so using them costs no load."""
    return _KERNELS in sys.modules


def compiled_loaded() -> bool:
    """Whether some compiled kernels (and numba) are imported already: more cost little."""
    return _KERNELS in sys.modules or _PHASE_KERNELS in sys.modules


def phase_kernels() -> ModuleType | None:
    """:mod:`numeric.phase_kernels` (the phase diagram's compiled steps), imported on first
    use, or None when numba is missing or broken (the NumPy steps run then)."""
    try:
        return importlib.import_module(_PHASE_KERNELS)
    except ImportError:
        return None
