"""Test settings shared by every test module.

- Hypothesis profiles: ``default`` keeps the suite quick; ``ci`` (ETAPROOF_HYPOTHESIS_PROFILE=ci,
  set by .ci/run) tries five times as many examples, and the searches that have found real
  bugs (``@settings(SEARCH)``: float64 at the edges of its range) get the most, 1000.
- Optional tools (pdflatex, scikit-learn): a test that needs one calls :func:`require_tool` or
  :func:`require_module`; it skips with a reason locally, and fails when ETAPROOF_STRICT=1
  (set by .ci/run), so CI never counts a skipped test as a pass.
- Heavy tests (``@pytest.mark.heavy``: every document typeset, the Coq kernel, the notebook,
  the exhaustive searches) run in CI (ETAPROOF_STRICT=1) or with ETAPROOF_HEAVY=1; the
  default local run skips them with that reason, to stay under two minutes on two cores.
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("ETAPROOF_HYPOTHESIS_PROFILE", "default")
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(PROFILE)
#: The settings of a search that has found real bugs: 1000 examples in CI (the budget goes
#: where it finds things), the profile's own number elsewhere.  ``@settings(SEARCH)``.
SEARCH = settings(settings.default, max_examples=1000 if PROFILE == "ci" else 60)

STRICT = os.environ.get("ETAPROOF_STRICT") == "1"
HEAVY = STRICT or os.environ.get("ETAPROOF_HEAVY") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the heavy tests unless CI (ETAPROOF_STRICT=1) or ETAPROOF_HEAVY=1 asks for them."""
    if HEAVY:
        return
    skip = pytest.mark.skip(reason="heavy: runs in CI (ETAPROOF_STRICT=1) or with ETAPROOF_HEAVY=1")
    for item in items:
        if "heavy" in item.keywords:
            item.add_marker(skip)


def _missing(reason: str) -> None:
    if STRICT:
        pytest.fail(f"{reason}, and ETAPROOF_STRICT=1 forbids skipping", pytrace=False)
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """The path of executable ``name``; skip (or fail under ETAPROOF_STRICT=1) without it."""
    path = shutil.which(name)
    if path is None:
        _missing(f"{name} is not installed")
    return path


def require_module(name: str) -> ModuleType:
    """Import optional module ``name``; skip (or fail under ETAPROOF_STRICT=1) without it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"the optional module {name} is not installed")
        raise  # unreachable: _missing raises
