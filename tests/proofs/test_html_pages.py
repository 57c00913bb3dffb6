"""``--format html``: ``derive``, ``claims``, ``prove`` and ``laws`` write one self-contained
page each, its math MathML (which browsers lay out natively), no script and nothing fetched,
so the page reads anywhere, offline included.  The heavy test opens pages in headless
Chromium and looks at what it drew."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from proofs.commands.main import main
from tests.conftest import require_module, require_tool

#: One page per command, with the exit status its verdict gives.
COMMANDS = {
    "derive": (["derive", "zero-init", "--steps", "1"], 0),
    "claims": (["claims"], 0),
    "prove": (["prove", "rosenblatt"], 0),
    "prove-refuted": (["prove", "adaline"], 1),
    "laws": (["laws", "--widths", "1,2,1"], 0),
}

#: The namespaces of an XHTML copy (names, never fetched).
XHTML, MATHML = "http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"

#: Elements HTML closes by itself (void elements).
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "area", "base", "source", "wbr"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Each command's page, written with --out (the status checked on the way)."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for name, (argv, status) in COMMANDS.items():
        out = folder / f"{name}.html"
        assert main([*argv, "--format", "html", "--out", str(out)]) == status, name
        written[name] = out.read_text(encoding="utf-8")
    return written


class Balance(HTMLParser):
    """Every element a page opens, it closes in order (the void ones aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass  # <mspace/>: opened and closed

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_writes_one_page_with_mathml_and_no_script(pages, name):
    page = pages[name]
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in page and "<style>" in page
    assert "<math" in page
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert "http" not in page  # no resource, no namespace, no link out
    assert not re.search(r"\b(?:src|href|action)=\"(?!#)", page)  # links only to its chains
    assert "@import" not in page and "url(" not in page


@pytest.mark.parametrize("name", COMMANDS)
def test_every_page_is_balanced_html_and_its_body_well_formed_xml(pages, name):
    page = pages[name]
    checker = Balance()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.open == []
    body = page[page.index("<body>") : page.index("</body>") + len("</body>")]
    tree = ET.fromstring(body)
    assert len(list(tree.iter("math"))) == page.count("<math")
    assert not re.search(r"<[^>]* data-", body)  # the layout's marks are gone


def test_each_page_holds_its_document(pages):
    assert "<h1>Why the learning rate only scales the weights (zero init)</h1>" in pages["derive"]
    assert "<mtable" in pages["derive"] and "<mtable" in pages["prove"]
    assert "says: If you initialize all weights with zeros" in pages["claims"]
    assert "Verdict: refuted" in pages["prove-refuted"]
    assert "independent conservation laws" in pages["laws"]


@pytest.mark.parametrize("command", ["derive", "claims", "prove", "laws"])
def test_standalone_stays_latex_only(command, capsys):
    argv = {
        "derive": ["derive", "zero-init"],
        "claims": ["claims"],
        "prove": ["prove", "rosenblatt"],
        "laws": ["laws"],
    }[command]
    assert main([*argv, "--format", "html", "--standalone"]) == 2
    assert "use it with --format latex (not --format html)" in capsys.readouterr().err


# -- in a browser -----------------------------------------------------------------------------


def chromium(binary: str, profile: Path, *options: str, page: Path) -> str:
    """Run headless Chromium on ``page`` with nothing reaching out; its standard output."""
    done = subprocess.run(
        [
            binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--window-size=1200,2000",
            *options, page.as_uri(),
        ],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.heavy
@pytest.mark.parametrize("name", ["derive", "claims"])
def test_chromium_lays_out_the_math_of_a_page(pages, name, tmp_path):
    binary = require_tool("chromium")
    image = require_module("matplotlib.image")
    page = tmp_path / f"{name}.html"
    page.write_text(pages[name], encoding="utf-8")

    # drawn: a screenshot with ink on it, in the middle of the page too (the displays)
    png = tmp_path / f"{name}.png"
    chromium(binary, tmp_path / "profile", f"--screenshot={png}", page=page)
    pixels = image.imread(png)[..., :3].mean(axis=2)
    ink = pixels < 0.5
    assert pixels.shape[:2] == (2000, 1200)
    assert ink.mean() > 0.005, "the screenshot is blank"
    assert ink[:, 300:900].mean() > 0.005

    # parsed as HTML: every <math> and every table of a chain survived
    dom = chromium(binary, tmp_path / "profile", "--dump-dom", page=page)
    assert dom.count("<math") == pages[name].count("<math")
    assert dom.count("<mtable") == pages[name].count("<mtable")

    # parsed as XML (an .xhtml copy, the math in MathML's namespace): no parse error anywhere
    body = pages[name][pages[name].index("<body>") : pages[name].index("</body>") + 7]
    body = body.replace("<math", f'<math xmlns="{MATHML}"')
    strict = tmp_path / f"{name}.xhtml"
    strict.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="{XHTML}"><head><title>t</title>'
        f"</head>{body}</html>",
        encoding="utf-8",
    )
    dom = chromium(binary, tmp_path / "profile", "--dump-dom", page=strict)
    assert "parsererror" not in dom
    assert dom.count("<math") == pages[name].count("<math")
