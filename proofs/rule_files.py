"""Rule files: a Python file that defines an online learning rule.

A rule file defines

- ``decision(w, x)``: the prediction for SymPy column vectors w, x (a SymPy expression);
- ``update(w, x, y, eta)``: the change of w, a SymPy column vector, for a label y and a rate
  η > 0;

and optionally ``LABELS`` (the label set, default ``(-1, 1)``), ``state_size(d)`` (the length
of w for d features, default d), ``NAME`` and ``SUMMARY``.  Use :func:`symbolic.phi` for the
unit step (φ(z) = 1 if z ≥ 0 else −1) and SymPy's functions for the rest.  The files in
``proofs/rules/`` are the catalogue's rules and examples to copy.

The file is trusted code: it is run, as pytest runs a ``conftest.py``, with the full power
of Python.  Everything that can go wrong with it (no such file, a syntax error, an error
while it runs, a missing function, a bad label set) raises :class:`RuleFileError`, one
line naming the file.
"""

from __future__ import annotations

import builtins
from pathlib import Path

from symbolic.perceptron.online_rule import InvalidOnlineRule, OnlineRule


class RuleFileError(InvalidOnlineRule):
    """A rule file cannot be read, run or used as a rule."""


def load_rule_file(path: str | Path, *, shown_as: str | None = None) -> OnlineRule:
    """The :class:`~symbolic.OnlineRule` a rule file defines (see the module docstring).

    ``shown_as``: how commands that reproduce a run name the file (default: as given)."""
    path = Path(path)
    where = str(path)
    if path.suffix != ".py":
        raise RuleFileError(f"rule file {where!r} must be a Python file ending in .py", where)
    if not path.is_file():
        raise RuleFileError(f"rule file {where!r} does not exist", where)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"rule file {where!r} cannot be read: {error}", where) from None
    namespace: dict[str, object] = {
        "__name__": f"etaproof_rule_file_{path.stem}",
        "__file__": str(path.resolve()),
        "__builtins__": builtins,
    }
    try:
        code = compile(source, where, "exec")
    except SyntaxError as error:
        raise RuleFileError(
            f"rule file {where!r} line {error.lineno}: {error.msg}", where
        ) from None
    try:
        exec(code, namespace)
    except Exception as error:
        raise RuleFileError(
            f"rule file {where!r} raised {type(error).__name__} while it ran: {error}", where
        ) from None
    missing = [name for name in ("decision", "update") if not callable(namespace.get(name))]
    if missing:
        wanted = " and ".join(f"{name}(…)" for name in missing)
        raise RuleFileError(
            f"rule file {where!r} must define decision(w, x) and update(w, x, y, eta); it "
            f"does not define {wanted}",
            where,
        )
    name = namespace.get("NAME", path.stem.replace("_", "-"))
    summary = namespace.get("SUMMARY") or _first_line(namespace.get("__doc__"))
    options: dict[str, object] = {}
    if "state_size" in namespace:
        options["state_size"] = namespace["state_size"]
    try:
        return OnlineRule(
            name,  # type: ignore[arg-type]
            namespace["decision"],  # type: ignore[arg-type]
            namespace["update"],  # type: ignore[arg-type]
            namespace.get("LABELS", (-1, 1)),  # type: ignore[arg-type]
            summary=str(summary),
            source=shown_as or where,
            **options,  # type: ignore[arg-type]
        )
    except InvalidOnlineRule as error:
        raise RuleFileError(f"rule file {where!r}: {error}", where) from None


def _first_line(doc: object) -> str:
    return doc.strip().splitlines()[0] if isinstance(doc, str) and doc.strip() else ""
