"""The same call writes the same bytes, in one process and across PYTHONHASHSEED values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from proofs.commands.derive import build_document, render

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from proofs.commands.derive import build_document, render
from proofs.documents.hidden_symmetry import claims_document
for theorem in ("zero-init", "nonzero-init", "scaling-law", "hidden-symmetry"):
    for style in ("answer", "notes"):
        document = build_document(theorem, 3, style=style)
        for fmt in ("latex", "markdown", "html", "text"):
            sys.stdout.buffer.write(render(document, fmt, standalone=True).encode("utf-8"))
for fmt in ("text", "html"):
    sys.stdout.buffer.write(render(claims_document(), fmt).encode("utf-8"))
"""


def _output(seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, check=True
    )
    return result.stdout


@pytest.mark.heavy
def test_output_is_byte_identical_across_hash_seeds():
    first, second = _output("1"), _output("4242")
    assert len(first) > 10_000
    assert first == second


def test_output_is_identical_across_runs_in_one_process():
    runs = [render(build_document("zero-init", 2), "latex", standalone=True) for _ in range(2)]
    assert runs[0] == runs[1]
