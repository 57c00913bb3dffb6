"""Checked derivations (placeholder: built by the derivations issue)."""

from __future__ import annotations

from .errors import EtaproofValueError


class DerivationError(EtaproofValueError):
    """A step of a derivation does not follow from the previous one."""


class NotShown(DerivationError):
    """A step could not be decided; it is reported, never passed."""


class Derivation:
    """A chain of equalities, each step with a justification (not built yet)."""
