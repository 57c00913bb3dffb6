"""The child process that runs a ``.py`` rule file (only under ``--allow-code``): it runs the
file, captures its formulas once (:mod:`symbolic.perceptron.rule_capture`) and prints them as
a ``.toml`` rule file on stdout, or one line on stderr and exit status 2.

    python -m proofs.rule_code RULE.py

The parent (:func:`proofs.rule_files.load_rule_file`) reads the printed text as data, so the
code never runs in the process that proves or checks the rule.
"""

from __future__ import annotations

import builtins
import sys
from pathlib import Path

from proofs.rule_files import rule_toml
from symbolic import InvalidOnlineRule, OnlineRule

#: The names a .py rule file may define besides decision and update.
OPTIONAL = {"LABELS": "labels", "STATE": "state", "INPUTS": "inputs", "SUMMARY": "summary"}


def captured(path: Path) -> OnlineRule:
    """Run the rule file at ``path`` and capture its rule (errors as :class:`InvalidOnlineRule`)."""
    where = str(path)
    namespace: dict[str, object] = {
        "__name__": f"etaproof_rule_file_{path.stem}",
        "__file__": str(path.resolve()),
        "__builtins__": builtins,
    }
    try:
        code = compile(path.read_text(encoding="utf-8"), where, "exec")
    except SyntaxError as error:
        raise InvalidOnlineRule(f"rule file {where!r} line {error.lineno}: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidOnlineRule(f"rule file {where!r} cannot be read: {error}") from None
    try:
        exec(code, namespace)
    except Exception as error:
        raise InvalidOnlineRule(
            f"rule file {where!r} raised {type(error).__name__} while it ran: {error}"
        ) from None
    if "state_size" in namespace:
        raise InvalidOnlineRule(
            f"rule file {where!r} defines state_size: a rule is written over whole vectors for "
            "every dimension; name a state of several vectors with STATE = ('u', 'a')"
        )
    missing = [n for n in ("decision", "update") if not callable(namespace.get(n))]
    if missing and not (missing == ["update"] and callable(namespace.get("loss"))):
        wanted = " and ".join(f"{name}(…)" for name in missing)
        raise InvalidOnlineRule(
            f"rule file {where!r} must define decision(w, x) and update(w, x, y, eta) (or "
            f"loss(w, x, y)); it does not define {wanted}"
        )
    options = {key: namespace[name] for name, key in OPTIONAL.items() if name in namespace}
    doc = namespace.get("__doc__")
    if "summary" not in options and isinstance(doc, str) and doc.strip():
        options["summary"] = doc.strip().splitlines()[0]
    try:
        return OnlineRule(
            str(namespace.get("NAME", path.stem.replace("_", "-"))),
            namespace["decision"],
            namespace.get("update"),
            loss=namespace.get("loss"),
            source=where,
            **options,  # type: ignore[arg-type]
        )
    except InvalidOnlineRule as error:
        raise InvalidOnlineRule(f"rule file {where!r}: {error}") from None


def main(argv: list[str] | None = None) -> int:
    """Print the captured rule as .toml text; exit 2 with one line on stderr if it fails."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m proofs.rule_code RULE.py", file=sys.stderr)
        return 2
    try:
        text = rule_toml(captured(Path(args[0])))
    except InvalidOnlineRule as error:
        print(str(error.args[0] if error.args else error), file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
