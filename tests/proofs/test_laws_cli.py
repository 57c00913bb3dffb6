"""``etaproof laws``, the conservation-laws document and the law-drift figure.

The counts are checked against what is known independently of etaproof: r(r + 1)/2 for a
linear network when n + m ≥ r (Kunin et al., ICLR 2021), one law ‖u_j‖² − ‖v_j‖² per hidden
unit for ReLU (Marcotte, Gribonval, Peyré, NeurIPS 2023), and 5 for [1, 3, 1] by hand (one
generating field (v, u), [X, X] = 0, so the rank is 1 and 6 − 1 = 5)."""

from __future__ import annotations

import json
import re
from itertools import pairwise

import numpy as np
import pytest
from conftest import require_module
from sympy import Symbol, expand, sympify

from proofs import plots
from proofs.commands import laws
from proofs.commands.main import main
from proofs.documents import conservation_laws as document_module
from proofs.documents.conservation_laws import (
    conservation_laws_document,
    count_rows,
    exact_step,
    network_laws_document,
)
from symbolic import conservation_laws
from symbolic.derivations import Chain, Paragraph, Table, Theorem
from symbolic.theorems import conservation_laws as core


def run(argv, capsys):
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def by_hand(n: int, r: int, m: int, activation: str) -> int:
    """The count known without etaproof: one law per ReLU unit; for a linear network
    r(r + 1)/2 when n + m ≥ r, else D − dim so(n + m), the orbit of W = [Uᵀ; V] under
    so(n, m) having full dimension when r ≥ n + m."""
    if activation == "relu":
        return r
    p = n + m
    return r * (r + 1) // 2 if p >= r else r * p - p * (p - 1) // 2


@pytest.fixture(scope="module")
def document():
    return conservation_laws_document()


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("widths", "activation", "expected"),
    [("2,3,2", "linear", 6), ("2,3,2", "relu", 3), ("1,3,1", "linear", 5)],
)
def test_the_text_output_gives_the_known_count_and_a_one_line_verdict(
    widths, activation, expected, capsys
):
    assert expected == by_hand(*map(int, widths.split(",")), activation)
    status, out, err = run(["laws", "--widths", widths, "--activation", activation], capsys)
    assert status == 0 and err == ""
    assert out.startswith("certified: gradient flow on the two-layer")
    assert f"exactly {expected} independent conservation laws" in out
    assert len(re.findall(r"^  h_\d+ = ", out, flags=re.M)) == expected
    assert len(re.findall(r"^  h_\d+: η² \(", out, flags=re.M)) == expected  # the step changes
    verdict = out.rstrip().splitlines()[-1]
    assert verdict.startswith(f"Verdict: CERTIFIED: exactly {expected} independent")


def test_the_defaults_are_the_linear_network_2_3_2(capsys):
    status, out, _ = run(["laws"], capsys)
    assert status == 0
    assert "linear network [n, r, m] = [2, 3, 2] without bias has exactly 6" in out


def test_json_is_machine_readable_and_the_relu_laws_are_the_unit_norms(capsys):
    status, out, _ = run(
        ["laws", "--widths", "2,3,2", "--activation", "relu", "--format", "json"], capsys
    )
    assert status == 0
    data = json.loads(out)
    assert data["count"] == 3 and data["certified"] is True and data["verdict"] == "certified"
    assert data["widths"] == [2, 3, 2] and data["activation"] == "relu" and data["bias"] is False
    assert data["rank_bounds"] == [12 - 3, 12 - 3] and data["parameters"] == 12

    # Each law read back from its string is ‖u_j‖² − ‖v_j‖² for its unit j, written out here.
    def parsed(text: str):
        return sympify(re.sub(r"([uv])_\{(\d+),(\d+)\}", r"\1_\2_\3", text))

    for j, text in enumerate(data["laws"], 1):
        u = sum(Symbol(f"u_{j}_{i}") ** 2 for i in (1, 2))
        v = sum(Symbol(f"v_{k}_{j}") ** 2 for k in (1, 2))
        assert expand(parsed(text) - (u - v)) == 0
    assert len(data["step_changes"]) == 3 and all("eta**2" in s for s in data["step_changes"])


def test_a_bias_is_one_more_input(capsys):
    status, out, _ = run(["laws", "--widths", "1,3,1", "--bias", "--format", "json"], capsys)
    assert status == 0 and json.loads(out)["count"] == by_hand(2, 3, 1, "linear") == 6


def test_an_undecided_count_exits_3_and_prints_no_number(monkeypatch, capsys):
    real = core.first_integrals  # hide one law: the bounds no longer meet
    monkeypatch.setattr(core, "first_integrals", lambda *a: real(*a)[:-1])
    status, out, _ = run(["laws", "--widths", "2,2,2", "--activation", "relu"], capsys)
    assert status == 3
    assert out.startswith("undecided") and "has exactly" not in out
    assert out.rstrip().splitlines()[-1].startswith("Verdict: UNDECIDED: between 1 and 2 laws")
    status, out, _ = run(
        ["laws", "--widths", "2,2,2", "--activation", "relu", "--format", "json"], capsys
    )
    data = json.loads(out)
    assert status == 3 and data["count"] is None and data["certified"] is False
    status, out, _ = run(
        ["laws", "--widths", "2,2,2", "--activation", "relu", "--format", "markdown"], capsys
    )
    assert status == 3 and "no count is given" in out and "has exactly" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--widths", "2,3"], "argument --widths: '2,3' must be three positive whole numbers"),
        (["--widths", "2,3,2,1"], "must be three positive whole numbers N,R,M"),
        (["--widths", "2,0,2"], "'2,0,2': R='0' must be a positive whole number"),
        (["--widths", "a,3,2"], "N='a' must be a positive whole number"),
        (["--widths", "2,-1,2"], "R='-1' must be a positive whole number"),
        (["--widths", "2,1.5,2"], "R='1.5' must be a positive whole number"),
        (["--widths", "10,8,10"], "D = 160 parameters; at most 64 are counted"),
        (["--activation", "tanh"], "invalid choice: 'tanh' (choose from linear, relu)"),
        (["--activation", "rel"], "did you mean 'relu'?"),
        (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["--standalone"], "--standalone makes a complete LaTeX file"),
        (["--out", "MISSING/laws.txt"], "does not exist"),
        (["--out", "FILE/laws.txt"], "is not a directory"),
    ],
)
def test_bad_input_gives_one_clear_line_and_exit_2(argv, message, tmp_path, capsys):
    (tmp_path / "FILE").write_text("a regular file")
    argv = [a.replace("FILE", str(tmp_path / "FILE")) for a in argv]
    argv = [a.replace("MISSING", str(tmp_path / "missing")) for a in argv]
    status, out, err = run(["laws", *argv], capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("etaproof laws: error: ")
    assert message in err


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "latex"])
def test_out_writes_the_file_and_says_so(fmt, tmp_path, capsys):
    target = tmp_path / f"laws.{fmt}"
    status, out, _ = run(
        ["laws", "--activation", "relu", "--format", fmt, "--out", str(target)], capsys
    )
    assert status == 0 and out.startswith(f"wrote {target} (")
    status, printed, _ = run(["laws", "--activation", "relu", "--format", fmt], capsys)
    assert target.read_text(encoding="utf-8") == printed


def test_markdown_and_latex_show_the_laws_and_their_step_changes(capsys):
    _, markdown, _ = run(["laws", "--widths", "1,3,1", "--format", "markdown"], capsys)
    assert "has exactly $5$ independent conservation laws" in markdown
    assert "$6 - 1 = 5$" in markdown and "h_{5} &= u_{1,1} v_{1,3} - u_{3,1} v_{1,1}" in markdown
    assert r"\delta_{1} &= \eta^{2} (g[u_{1,1}]^{2} - g[v_{1,1}]^{2})" in markdown
    _, fragment, _ = run(["laws", "--format", "latex"], capsys)
    _, standalone, _ = run(["laws", "--format", "latex", "--standalone"], capsys)
    assert r"\documentclass" not in fragment and r"\begin{align*}" in fragment
    assert standalone.startswith(r"\documentclass") and standalone.endswith("\\end{document}\n")


def test_the_command_offers_the_activations_the_core_counts():
    assert laws.ACTIVATIONS == core.ACTIVATIONS


# --- the document ---------------------------------------------------------------------------


def table_numbers(document):
    (table,) = [block for block in document.blocks if isinstance(block, Table)][:1]
    rows = []
    for row in table.rows:
        n, r, m, D, linear, published_linear, relu, published_relu = row
        published = int(published_linear) if not isinstance(published_linear, tuple) else None
        rows.append(
            (int(n), int(r), int(m), int(D), int(linear), published, int(relu), int(published_relu))
        )
    return rows


def test_the_documents_table_agrees_with_the_known_formulas(document):
    rows = table_numbers(document)
    assert [(n, r, m) for n, r, m, *_ in rows] == [
        (n, r, m) for n in (1, 2) for m in (1, 2) for r in (1, 2, 3)
    ]
    for n, r, m, D, linear, published_linear, relu, published_relu in rows:
        assert D == r * (n + m)
        assert linear == by_hand(n, r, m, "linear") and relu == published_relu == r
        assert published_linear == (r * (r + 1) // 2 if n + m >= r else None)
    assert [row[4] for row in rows if row[:3] == (1, 3, 1)] == [5]


def test_the_document_says_how_the_counts_compare_in_computed_numbers(document):
    text = document.to_text()
    assert "The ReLU count is the published one in 12 of the 12 rows" in text
    assert "the linear count in 11 of the 11 rows where the published formula applies" in text
    assert "For (n, r, m) = (1, 3, 1), where m + n < r, the linear count is 5, not" in text


def test_the_exact_step_of_the_document_is_the_formulas_and_a_quarter_at_half_the_rate(document):
    found = conservation_laws((2, 3, 2), "relu")
    point, sample = document_module.STEP_POINT, document_module.STEP_SAMPLE
    eta = document_module.STEP_RATE
    stepped = exact_step(found, point, sample, eta)
    assert list(stepped) == list(found.step_change(point, eta, *sample))
    assert list(exact_step(found, point, sample, eta / 2)) == [c / 4 for c in stepped]
    text = document.to_text()
    assert "changes them by " + ", ".join(map(str, stepped[:-1])) in text


def test_the_document_has_a_verified_chain_for_one_unit_and_both_examples(document):
    chains = [block.verified() for block in document.blocks if isinstance(block, Chain)]
    assert len(chains) == 2
    unit, expansion = chains
    assert [step.because.rule.name for step in unit.steps] == ["algebra", "definition"]
    assert expansion.steps[-1].because.rule.name == "linearity"
    text = document.to_text()
    assert "Softmax biases" in text and "changes it by exactly 0" in text
    assert "one exact step grows w·w by 33124/512578125" in text  # checked in the core too


HYPHEN_NUMBER = re.compile(r"(?:^|[\s(])-\d")
LONE_LETTER = re.compile(r"(?:^|[\s(])(?![aA]\b|I\b)[A-Za-z](?=[\s,.;:)]|$)")
RELATION = re.compile(r"[=<>≤≥≠]")


@pytest.mark.parametrize("style", ["answer", "notes", "brief"])
def test_the_documents_prose_typesets_its_math_as_math(style, document):
    built = document if style == "answer" else conservation_laws_document(Options(style=style))
    for block in built.blocks:
        if not isinstance(block, Paragraph | Theorem):
            continue
        for part in block.parts:
            if isinstance(part, str):
                assert not HYPHEN_NUMBER.search(part), part
                assert not LONE_LETTER.search(part), part
                assert not RELATION.search(part), part


def test_derive_conservation_laws_prints_the_document_and_its_verdict(capsys):
    status, out, err = run(["derive", "conservation-laws"], capsys)
    assert status == 0 and err == ""
    assert out.startswith("Conservation laws of gradient flow")
    assert out.rstrip().splitlines()[-1].startswith("Verdict: every count above is certified")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--rule", "zero-one"], "--rule is a perceptron rule"),
        (["--bias"], "--bias applies to zero-init only"),
        (["--dim", "3"], "conservation-laws takes no --dim"),
        (["--width", "3"], "conservation-laws takes no --width"),
        (["--activation", "relu"], "conservation-laws takes no --activation"),
        (["--loss", "squared"], "conservation-laws takes no --loss"),
    ],
)
def test_derive_conservation_laws_refuses_options_it_has_no_use_for(argv, message, capsys):
    status, out, err = run(["derive", "conservation-laws", *argv], capsys)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert message in err


def test_one_networks_document_says_undecided_without_a_count(monkeypatch):
    real = core.first_integrals
    monkeypatch.setattr(core, "first_integrals", lambda *a: real(*a)[:-1])
    text = network_laws_document(conservation_laws((2, 2, 2), "relu")).to_text()
    assert "has between 1 and 2 independent conservation laws" in text
    assert "no count is given" in text and "exactly 1" not in text


def test_the_count_rows_are_certified_by_the_core():
    assert all(row.linear.certified and row.relu.certified for row in count_rows())


class Options:
    """The registry's options with only the style set (the document reads nothing else)."""

    def __init__(self, style: str) -> None:
        self.style, self.d, self.width, self.depth = style, 2, 2, 1
        self.activation = self.loss = None


# --- the figure -----------------------------------------------------------------------------


@pytest.fixture
def mpl():
    return require_module("matplotlib")


def test_the_first_step_changes_the_law_by_exactly_eta_squared_h2_of_the_gradient():
    runs = plots.law_drift(steps=1)
    for eta, drift in zip(runs.etas, runs.drift[:, 1], strict=True):
        assert drift == pytest.approx(eta**2 * runs.slope, rel=1e-6)


def test_the_gradients_of_the_drift_runs_are_the_losss_by_finite_differences():
    rng = np.random.default_rng(3)
    U, V = rng.normal(size=(3, 2)), rng.normal(size=(2, 3))
    X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))

    def loss(U, V):
        return 0.5 * np.mean(np.sum((np.maximum(X @ U.T, 0) @ V.T - Y) ** 2, axis=1))

    gU, gV = plots._relu_gradients(U, V, X, Y)
    h = 1e-6
    for grad, which in ((gU, 0), (gV, 1)):
        for index in np.ndindex(grad.shape):
            plus, minus = [U.copy(), V.copy()], [U.copy(), V.copy()]
            plus[which][index] += h
            minus[which][index] -= h
            assert grad[index] == pytest.approx((loss(*plus) - loss(*minus)) / (2 * h), abs=1e-6)


def test_drift_over_eta_squared_closes_in_on_its_limit_as_eta_halves():
    runs = plots.law_drift()
    assert all(a == 2 * b for a, b in pairwise(runs.etas))  # each half the one before
    limit = runs.slope * runs.steps
    gaps = [np.max(np.abs(row - limit)) / np.max(np.abs(limit)) for row in runs.scaled]
    assert all(later < 0.6 * earlier for earlier, later in pairwise(gaps))
    assert gaps[-1] < 0.05  # the smallest rate is within 5% of the η → 0 line
    final = runs.drift[:, -1]
    assert all(3 < a / b < 4.5 for a, b in pairwise(final))  # the drift itself: about η²


def test_the_law_drift_figure_draws_the_drift_and_the_collapse(mpl, tmp_path):
    figure = plots.law_drift_figure()
    left, right = figure.axes
    labels = [f"η = {eta:g}" for eta in plots.DRIFT_ETAS]
    drawn = [line for line in left.get_lines() if str(line.get_gid()).startswith("drift:")]
    assert [line.get_label() for line in drawn] == labels
    assert [line.get_label() for line in right.get_lines()][:4] == labels
    runs = plots.law_drift()
    for j, line in enumerate(right.get_lines()[:4]):
        assert line.get_gid() == f"scaled:{j}"
        np.testing.assert_allclose(line.get_ydata(), runs.scaled[j])
    limit = [line for line in right.get_lines() if line.get_gid() == "limit"]
    assert len(limit) == 1 and "η → 0" in limit[0].get_label()
    assert "‖u₁‖² − ‖v₁‖²" in left.get_title()
    path = plots.write_law_drift_figure(tmp_path)
    assert path.name == "law_drift.png" and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
