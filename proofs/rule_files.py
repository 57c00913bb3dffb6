"""Rule files: a rule as data (``.toml``), or as Python code run only when the user asks.

A ``.toml`` rule file holds formulas in the rule language
(:mod:`symbolic.perceptron.rule_syntax`), which nothing can run::

    name = "weight-decay"
    summary = "w <- (1 - lambda) w + eta (y - y_hat) x"
    labels = [-1, 1]                      # optional, default [-1, 1]
    decision = "phi(dot(w, x))"
    update = "-lam * w + eta * (y - phi(dot(w, x))) * x"   # or: loss = "..."

    [constants]                           # optional: exact numbers the formulas may name
    lam = "1/10"

Optional ``state = ["u", "a"]`` and ``inputs = ["e", "g"]`` name a state or an input of
several vectors (then ``[update]`` gives one formula per state vector).  A bad file raises
:class:`RuleFileError`: one line naming the file, the key and the offending part.

A ``.py`` rule file (``decision(w, x)``, ``update(w, x, y, eta)``, optionally ``LABELS``,
``STATE``, ``INPUTS``, ``NAME``, ``SUMMARY``) is code: it is refused unless the caller
passes ``allow_code=True`` (the commands' ``--allow-code``), and then it runs in a child
process with a time limit, which captures its formulas once and hands them back as rule
language text; this process reads that text like a ``.toml`` file and never runs the code.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from symbolic import InvalidOnlineRule, OnlineRule
from symbolic.render.rule_text import rule_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The keys of a .toml rule file.
KEYS = ("name", "summary", "labels", "state", "inputs", "decision", "update", "loss", "constants")

#: Seconds a .py rule file may take to be captured (the commands' ``--timeout`` default).
DEFAULT_TIMEOUT = 60.0


class RuleFileError(InvalidOnlineRule):
    """A rule file cannot be read or used as a rule (one line naming the file)."""


def load_rule_file(
    path: str | Path,
    *,
    shown_as: str | None = None,
    allow_code: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> OnlineRule:
    """The :class:`~symbolic.OnlineRule` of a rule file (see the module docstring).

    ``shown_as``: how commands that reproduce a run name the file (default: as given)."""
    path = Path(path)
    where = str(path)
    if path.suffix not in (".toml", ".py"):
        raise RuleFileError(
            f"rule file {where!r} must be a .toml file of formulas (or a .py file, with "
            "--allow-code)",
            where,
        )
    if not path.is_file():
        raise RuleFileError(f"rule file {where!r} does not exist", where)
    if path.suffix == ".py":
        if not allow_code:
            raise RuleFileError(
                f"rule file {where!r} is Python code, which etaproof runs only with "
                "--allow-code; write the rule as a .toml file of formulas instead (nothing in "
                "it runs; see proofs/rules/*.toml)",
                where,
            )
        text = _captured(path, timeout)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RuleFileError(f"rule file {where!r} cannot be read: {error}", where) from None
    return read_rule_text(text, where, default_name=path.stem.replace("_", "-"),
                          shown_as=shown_as or where)  # fmt: skip


def read_rule_text(
    text: str, where: str, *, default_name: str = "rule", shown_as: str | None = None
) -> OnlineRule:
    """The rule of a ``.toml`` rule file's text (``where`` names it in messages)."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"rule file {where!r}: not valid TOML: {error}", where) from None
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        nested = isinstance(data.get("constants"), Mapping) and any(
            k in data["constants"] for k in ("decision", "update", "loss")
        )
        if nested:
            hint += "; keys written after [constants] belong to it: put [constants] last"
        raise RuleFileError(
            f"rule file {where!r}: unknown key {key!r}{hint}; the keys are {', '.join(KEYS)}",
            key,
        )
    if isinstance(data.get("constants"), Mapping) and "decision" in data["constants"]:
        raise RuleFileError(
            f"rule file {where!r}: 'decision' is inside [constants]: keys written after "
            "[constants] belong to it, so put [constants] last",
            where,
        )
    for key in ("decision",):
        if key not in data:
            raise RuleFileError(f"rule file {where!r} must give {key!r} (a formula)", key)
    options: dict[str, object] = {}
    for key in ("state", "inputs"):
        if key in data:
            options[key] = _strings(data[key], key, where)
    name = data.get("name", default_name)
    summary = data.get("summary", "")
    for key, value in (("name", name), ("summary", summary)):
        if not isinstance(value, str):
            raise RuleFileError(f"rule file {where!r}: {key!r} must be a string", key)
    labels = data.get("labels", [-1, 1])
    if not isinstance(labels, list) or not all(
        isinstance(v, int | Decimal | str) and not isinstance(v, bool) for v in labels
    ):
        raise RuleFileError(
            f"rule file {where!r}: 'labels' must be a list of numbers, e.g. [-1, 1]", labels
        )
    constants = data.get("constants", {})
    if not isinstance(constants, Mapping):
        raise RuleFileError(f"rule file {where!r}: 'constants' must be a table", constants)
    update = data.get("update")
    if update is not None and not isinstance(update, str | Mapping):
        raise RuleFileError(
            f"rule file {where!r}: 'update' must be a formula (a string), or a table of one "
            "formula per state vector",
            update,
        )
    try:
        return OnlineRule(
            name,
            _formula(data["decision"], "decision", where),
            None if update is None else _formulas(update, where),
            tuple(str(v) for v in labels),
            summary=summary,
            source=shown_as or where,
            loss=None if "loss" not in data else _formula(data["loss"], "loss", where),
            constants={k: str(v) if isinstance(v, Decimal) else v for k, v in constants.items()},
            **options,  # type: ignore[arg-type]
        )
    except RuleFileError:
        raise
    except InvalidOnlineRule as error:
        raise RuleFileError(f"rule file {where!r}: {error}", where) from None


def rule_toml(rule: OnlineRule) -> str:
    """A ``.toml`` rule file for ``rule``: its formulas in the rule language."""
    lines = [f"name = {_quoted(rule.name)}"]
    if rule.summary:
        lines.append(f"summary = {_quoted(rule.summary)}")
    lines.append("labels = [" + ", ".join(_quoted(str(v)) for v in rule.labels) + "]")
    if rule.state != ("w",):
        lines.append("state = [" + ", ".join(_quoted(s) for s in rule.state) + "]")
    if rule.inputs != ("x",):
        lines.append("inputs = [" + ", ".join(_quoted(s) for s in rule.inputs) + "]")
    lines.append(f"decision = {_quoted(rule_text(rule.decision))}")
    if len(rule.state) == 1:
        lines.append(f"update = {_quoted(rule_text(rule.update[0]))}")
    else:
        lines.append("")
        lines.append("[update]")
        for name, formula in zip(rule.state, rule.update, strict=True):
            lines.append(f"{name} = {_quoted(rule_text(formula))}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(f"rule file {where!r}: {key!r} must be a list of names", value)
    return tuple(value)


def _formula(value: object, key: str, where: str) -> str:
    if not isinstance(value, str):
        raise RuleFileError(
            f"rule file {where!r}: {key!r} must be a formula written as a string", value
        )
    return value


def _formulas(value: str | Mapping, where: str) -> str | dict[str, str]:
    if isinstance(value, str):
        return value
    return {str(k): _formula(v, f"update.{k}", where) for k, v in value.items()}


def _captured(path: Path, timeout: float) -> str:
    """Run ``proofs.rule_code`` on a .py rule file in a child process: the rule as .toml text."""
    where = str(path)
    command = [sys.executable, "-m", "proofs.rule_code", str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise RuleFileError(
            f"rule file {where!r} ran for more than {timeout:g} s and was stopped (raise "
            "--timeout if it needs longer)",
            where,
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        said = lines[-1] if lines else f"exit status {done.returncode}"
        raise RuleFileError(said if said.startswith("rule file") else
                            f"rule file {where!r}: {said}", where)  # fmt: skip
    return done.stdout
