"""The symbolic twin of :mod:`numeric.network` and :mod:`numeric.mlp`: networks in SymPy.

- :mod:`~symbolic.network.functions`: the activations and losses, by the numeric twin's names
  (tanh, sigmoid, relu with σ′(0) = 0, identity; squared, logistic), or any SymPy function,
  an undefined σ and L by default;
- :mod:`~symbolic.network.deep`: a network of any depth, its gradients by :func:`sympy.diff`
  and by backpropagation, online gradient descent (:func:`train_deep`);
- :mod:`~symbolic.network.model`: the one-hidden-layer network in coordinates, its gradients by
  :func:`sympy.diff`, online gradient descent (:func:`train_network`, as the numeric twin's);
- :mod:`~symbolic.network.notation`: the named quantities of the proof documents
  (z_j⁽ᵏ⁾, ŷ⁽ᵏ⁾, δ_j⁽ᵏ⁾, w_j⁽ᵏ⁾, …) and their definitions.
"""

from symbolic.network.deep import DeepNetwork, DeepTrace, train_deep
from symbolic.network.functions import (
    ACTIVATIONS,
    ANY_ACTIVATION,
    ANY_LOSS,
    LOSSES,
    Activation,
    Loss,
    UnknownFunction,
    activation_of,
    loss_of,
)
from symbolic.network.model import Network, NetworkTrace, Rates, train_network

__all__ = [
    "ACTIVATIONS",
    "ANY_ACTIVATION",
    "ANY_LOSS",
    "LOSSES",
    "Activation",
    "DeepNetwork",
    "DeepTrace",
    "Loss",
    "Network",
    "NetworkTrace",
    "Rates",
    "UnknownFunction",
    "activation_of",
    "loss_of",
    "train_deep",
    "train_network",
]
