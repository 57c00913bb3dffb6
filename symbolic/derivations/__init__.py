"""Checked derivations and the documents made of them: a :class:`Derivation` is a chain of
equalities, each step citing an inference rule from the registry (:data:`INFERENCE_RULES`,
each rule documenting the math it allows, also by name: :data:`DEFINITION`,
:data:`SUBSTITUTION`, …) and accepted only when the difference of its sides is shown to be 0
(otherwise :class:`NotShown`, with the remainder); the premises a derivation cites must not
contradict each other.  A :class:`Document` holds headings, prose, definitions, tables and
chains of verified derivations for the renderers to print; it never decides truth itself.
"""

from symbolic.derivations.consistency import ContradictoryPremises
from symbolic.derivations.derivation import (
    Derivation,
    DerivationError,
    LookAlikeNames,
    NotShown,
    Step,
    UnshownEquation,
    justification,
)
from symbolic.derivations.document import (
    Block,
    Chain,
    Definitions,
    Document,
    EquationRef,
    Heading,
    InconsistentDefinitions,
    LemmaNotShown,
    Paragraph,
    ProofEnd,
    ProofStart,
    Table,
    Theorem,
)
from symbolic.derivations.inference import (
    ALGEBRA,
    DEFINITION,
    HYPOTHESIS,
    INDUCTION,
    INFERENCE_RULES,
    LINEARITY,
    POSITIVE_FACTOR,
    SUBSTITUTION,
    ZERO_INIT,
    InferenceRule,
    InvalidCitation,
    InvalidDefinition,
    Justification,
    Part,
)

__all__ = [
    "ALGEBRA",
    "DEFINITION",
    "HYPOTHESIS",
    "INDUCTION",
    "INFERENCE_RULES",
    "LINEARITY",
    "POSITIVE_FACTOR",
    "SUBSTITUTION",
    "ZERO_INIT",
    "Block",
    "Chain",
    "ContradictoryPremises",
    "Definitions",
    "Derivation",
    "DerivationError",
    "Document",
    "EquationRef",
    "Heading",
    "InconsistentDefinitions",
    "InferenceRule",
    "InvalidCitation",
    "InvalidDefinition",
    "Justification",
    "LemmaNotShown",
    "LookAlikeNames",
    "NotShown",
    "Paragraph",
    "Part",
    "ProofEnd",
    "ProofStart",
    "Step",
    "Table",
    "Theorem",
    "UnshownEquation",
    "justification",
]
