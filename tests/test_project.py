"""The project's promises: README's two commands, .ci/run running the same test command."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The shell commands in README.md's first code block, one per line."""
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README.md has no code block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_opens_with_the_main_job_and_the_test_command():
    main_job, tests = readme_commands()[:2]
    assert "etaproof derive zero-init" in main_job
    assert "[test" in tests and tests.endswith("python -m pytest -n auto")


def test_ci_runs_exactly_the_readme_test_command():
    tests = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert tests in ci


def test_the_main_job_prints_a_verdict_that_the_theorem_holds():
    job = readme_commands()[0].split("&&")[-1].split()
    assert job[:3] == ["etaproof", "derive", "zero-init"]
    done = subprocess.run(
        [sys.executable, "-m", "proofs", *job[1:]], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "HOLDS" in done.stdout


def test_the_readme_python_session_prints_what_the_code_prints():
    import doctest

    sessions = re.findall(r"```pycon\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert sessions, "README.md has no pycon session"
    parser, runner = (
        doctest.DocTestParser(),
        doctest.DocTestRunner(optionflags=doctest.ELLIPSIS),
    )
    for number, session in enumerate(sessions):
        runner.run(parser.get_doctest(session, {}, f"README[{number}]", "README.md", 0))
    assert runner.summarize(verbose=False).failed == 0


def test_the_readme_excerpt_of_derive_is_what_derive_prints():
    text = (ROOT / "README.md").read_text()
    excerpt = re.search(r"checked before it is printed:\n\n```\n(.*?)```", text, re.S)
    assert excerpt, "README.md lost its derive excerpt"
    done = subprocess.run(
        [sys.executable, "-m", "proofs", "derive", "zero-init", "--steps", "3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = [line for line in excerpt.group(1).splitlines() if line != "..."]
    assert lines and all(line in done.stdout.splitlines() for line in lines)


def test_every_python_example_in_the_readme_runs():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks, "README.md has no python example"
    for number, block in enumerate(blocks):
        done = subprocess.run(
            [sys.executable, "-c", block], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, f"README python block {number} fails:\n{done.stderr}"


def test_the_license_file_is_the_one_pyproject_names():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()
