"""How wide a piece of our LaTeX is, in em, estimated without running TeX.

The layout (:mod:`symbolic.render.layout`) needs to know whether a line fits before it writes
it.  :func:`math_width` and :func:`text_width` read the small subset of LaTeX the printers
write (SymPy's output for our notation, ``\\text{…}``, ``\\frac``, sized delimiters, scripts,
a ``matrix``) in one left-to-right pass, adding up Computer Modern glyph widths (cmmi10,
cmr10, cmbx10, cmsy10, cmex10, read from their TFM files) and TeX's spacing between math atoms
(thin, medium and thick spaces, none in scripts).  Scripts are scaled by 0.8 and second-level
scripts by 0.7, which is what the optical sizes cmr7 and cmr5 amount to.  An unknown command
counts as 0.8 em.  The estimate errs wide: a line it says fits, fits (the typesetting tests
compile every document with pdflatex to hold it to that).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: cmmi10: math italic letters.
_ITALIC = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            0.529, 0.429, 0.433, 0.520, 0.466, 0.490, 0.477, 0.576, 0.345, 0.412, 0.521,
            0.298, 0.878, 0.600, 0.485, 0.503, 0.446, 0.451, 0.469, 0.361, 0.572, 0.485,
            0.716, 0.572, 0.490, 0.465,
        ),
        strict=True,
    )
) | dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            0.750, 0.759, 0.715, 0.828, 0.738, 0.643, 0.786, 0.831, 0.440, 0.555, 0.849,
            0.681, 0.970, 0.803, 0.763, 0.642, 0.791, 0.759, 0.613, 0.584, 0.683, 0.583,
            0.944, 0.828, 0.581, 0.683,
        ),
        strict=True,
    )
)  # fmt: skip

#: cmr10: upright text (and math digits and punctuation).
_ROMAN = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            0.500, 0.556, 0.444, 0.556, 0.444, 0.306, 0.500, 0.556, 0.278, 0.306, 0.528,
            0.278, 0.833, 0.556, 0.500, 0.556, 0.528, 0.392, 0.394, 0.389, 0.556, 0.528,
            0.722, 0.528, 0.528, 0.444,
        ),
        strict=True,
    )
) | dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            0.750, 0.708, 0.722, 0.764, 0.681, 0.653, 0.785, 0.750, 0.361, 0.514, 0.778,
            0.625, 0.917, 0.750, 0.778, 0.681, 0.778, 0.736, 0.556, 0.722, 0.750, 0.750,
            1.028, 0.750, 0.750, 0.611,
        ),
        strict=True,
    )
) | {
    **dict.fromkeys("0123456789", 0.5),
    " ": 0.333, "!": 0.278, '"': 0.5, "'": 0.278, "(": 0.389, ")": 0.389, "*": 0.5,
    "+": 0.778, ",": 0.278, "-": 0.333, ".": 0.278, "/": 0.5, ":": 0.278, ";": 0.278,
    "=": 0.778, "?": 0.472, "[": 0.278, "]": 0.278, "`": 0.278, "|": 0.278, "@": 0.778,
}  # fmt: skip

#: cmbx10: \mathbf letters and digits.
_BOLD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            0.559, 0.639, 0.511, 0.639, 0.527, 0.351, 0.575, 0.639, 0.319, 0.351, 0.607,
            0.319, 0.958, 0.639, 0.575, 0.639, 0.607, 0.474, 0.454, 0.447, 0.639, 0.607,
            0.831, 0.607, 0.607, 0.511,
        ),
        strict=True,
    )
) | dict.fromkeys("0123456789", 0.575)  # fmt: skip

#: Commands that print one glyph: (atom class, width).
_SYMBOLS: dict[str, tuple[str, float]] = {
    r"\eta": ("ord", 0.497), r"\phi": ("ord", 0.596), r"\varphi": ("ord", 0.654),
    r"\alpha": ("ord", 0.640), r"\beta": ("ord", 0.566), r"\gamma": ("ord", 0.518),
    r"\delta": ("ord", 0.444), r"\epsilon": ("ord", 0.406), r"\lambda": ("ord", 0.583),
    r"\mu": ("ord", 0.603), r"\sigma": ("ord", 0.571), r"\theta": ("ord", 0.469),
    r"\Delta": ("ord", 0.833), r"\infty": ("ord", 1.0), r"\ast": ("bin", 0.5),
    r"\cdot": ("bin", 0.278), r"\times": ("bin", 0.778), r"\pm": ("bin", 0.778),
    r"\geq": ("rel", 0.778), r"\leq": ("rel", 0.778), r"\neq": ("rel", 0.778),
    r"\ge": ("rel", 0.778), r"\le": ("rel", 0.778), r"\ne": ("rel", 0.778),
    r"\in": ("rel", 0.667), r"\approx": ("rel", 0.778), r"\mapsto": ("rel", 1.0),
    r"\dots": ("ord", 1.172), r"\ldots": ("ord", 1.172), r"\cdots": ("ord", 1.172),
    r"\{": ("open", 0.5), r"\}": ("close", 0.5), r"\|": ("ord", 0.5),
    r"\%": ("ord", 0.833), r"\#": ("ord", 0.833), r"\&": ("ord", 0.778),
}  # fmt: skip

#: Spaces: their width (glue, not atoms: they do not change the spacing of what follows).
_SPACES = {r"\,": 0.167, r"\:": 0.222, r"\>": 0.222, r"\;": 0.278, r"\!": -0.167,
           "\\ ": 0.333, "~": 0.333, r"\quad": 1.0, r"\qquad": 2.0}  # fmt: skip

#: Fixed-size delimiters (cmex10 parentheses) by their size command.
_BIG = {r"\big": 0.458, r"\Big": 0.597, r"\bigg": 0.736, r"\Bigg": 0.792}

#: Commands of text mode (escapes) and their width.
_TEXT_COMMANDS = {r"\_": 0.5, r"\%": 0.833, r"\&": 0.778, r"\$": 0.5, r"\#": 0.833,
                  r"\{": 0.5, r"\}": 0.5, r"\textbackslash": 0.5, r"\textless": 0.778,
                  r"\textgreater": 0.778, r"\textasciitilde": 0.5,
                  r"\textasciicircum": 0.5, r"\dots": 1.0}  # fmt: skip

#: How much a style shrinks glyphs, and the style of its scripts and of a fraction's parts.
_SCALE = {"D": 1.0, "T": 1.0, "S": 0.8, "SS": 0.7}
_SCRIPT = {"D": "S", "T": "S", "S": "SS", "SS": "SS"}
_FRACTION = {"D": "T", "T": "S", "S": "SS", "SS": "SS"}

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|.", re.S)
_UNKNOWN = 0.8
#: Measured against TeX the sums come within 1.5% (kerning and ligatures are left out);
#: the estimate is made 3% wider so that it errs wide.
_MARGIN = 1.03
_NULL_DELIMITERS = 0.24  # a fraction's \nulldelimiterspace on both sides
_SCRIPT_SPACE = 0.05


@lru_cache(maxsize=4096)
def math_width(tex: str, style: str = "D") -> float:
    """The width (em) of math ``tex`` in ``style``: "D" display, "T" text (inline), "S"
    script.  (Remembered: a chain measures the same names and reasons again and again.)"""
    return _Measure(tex).math(style) * _MARGIN


@lru_cache(maxsize=4096)
def text_width(tex: str) -> float:
    """The width (em) of text-mode LaTeX ``tex`` (words, escapes, ``$…$`` inline math)."""
    return _Measure(tex).text() * _MARGIN


def plain_text_width(text: str) -> float:
    """The width (em) of plain (unescaped) words in the roman font."""
    return sum(_ROMAN.get(ch, 0.55) for ch in text) * _MARGIN


class _Measure:
    """One pass over the tokens of a piece of LaTeX."""

    def __init__(self, tex: str) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.pos = 0

    def next(self) -> str | None:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if not token.isspace():
                return token
        return None

    def argument(self) -> list[str]:
        """The tokens of the next ``{…}`` group (or the single next token)."""
        token = self.next()
        if token != "{":
            return [] if token is None else [token]
        depth, start = 1, self.pos
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return self.tokens[start : self.pos - 1]
        return self.tokens[start:]

    def sub(self, tokens: list[str]) -> _Measure:
        measure = _Measure("")
        measure.tokens = tokens
        return measure

    # -- math --------------------------------------------------------------------------------

    def math(self, style: str, font: dict[str, float] | None = None, stop: str = "") -> float:
        """The width of a math list up to ``stop`` (or the end), TeX's spacing included."""
        total, previous, scale = 0.0, None, _SCALE[style]
        while (token := self.next()) is not None and token != stop:
            if token in ("^", "_"):
                total += self._scripts(token, style)
                continue
            if token in _SPACES:
                total += _SPACES[token] * scale
                continue
            kind, width = self._atom(token, style, font)
            if kind is None:
                total += width
                continue
            if kind == "bin" and previous in (None, "bin", "rel", "open", "punct"):
                kind = "ord"
            total += _space(previous, kind, style) + width
            previous = kind
        return total

    def _scripts(self, first: str, style: str) -> float:
        """A superscript and/or subscript: the wider of the two, plus \\scriptspace."""
        widths = {first: self.sub(self.argument()).math(_SCRIPT[style])}
        save = self.pos
        other = self.next()
        if other in ("^", "_") and other != first:
            widths[other] = self.sub(self.argument()).math(_SCRIPT[style])
        else:
            self.pos = save
        return max(widths.values()) + _SCRIPT_SPACE * _SCALE[style]

    def _atom(
        self, token: str, style: str, font: dict[str, float] | None
    ) -> tuple[str | None, float]:
        """(atom class, width) of the atom starting with ``token``; class None for glue."""
        scale = _SCALE[style]
        if len(token) == 1:
            return self._character(token, style, font)
        if token in _SYMBOLS:
            kind, width = _SYMBOLS[token]
            return kind, width * scale
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            inner = {r"\dfrac": "T", r"\tfrac": "S"}.get(token, _FRACTION[style])
            numerator = self.sub(self.argument()).math(inner)
            denominator = self.sub(self.argument()).math(inner)
            return "ord", max(numerator, denominator) + _NULL_DELIMITERS * scale
        if token in (r"\text", r"\textrm", r"\mbox"):
            return "ord", self.sub(self.argument()).text() * scale
        if token in (r"\mathbf", r"\boldsymbol"):
            return "ord", self.sub(self.argument()).math(style, _BOLD)
        if token in (r"\mathrm", r"\operatorname"):
            return "ord", self.sub(self.argument()).math(style, _ROMAN)
        if token in (r"\hat", r"\bar", r"\tilde", r"\vec", r"\dot", r"\widehat", r"\phantom"):
            return "ord", self.sub(self.argument()).math(style, font)
        if token in (r"\mathopen", r"\mathclose", r"\mathrel", r"\mathbin"):
            classes = {r"\mathopen": "open", r"\mathclose": "close", r"\mathrel": "rel"}
            return classes.get(token, "bin"), self.sub(self.argument()).math(style, font)
        if token in (r"\left", r"\right"):
            delimiter = self.next()
            width = 0.12 if delimiter == "." else 0.5
            return ("open" if token == r"\left" else "close"), width * scale
        size = token.rstrip("lrm")
        if size in _BIG:
            self.next()  # the delimiter
            kind = {"l": "open", "r": "close"}.get(token[-1], "ord")
            return kind, _BIG[size] * scale
        if token == r"\begin":
            self.argument()
            return "ord", self._matrix(style)
        if token == r"\hspace":
            return None, _length(self.argument())
        if token in (r"\\", "&", r"\end", r"\tag", r"\tag*", r"\notag", r"\displaystyle"):
            return None, 0.0
        return "ord", _UNKNOWN * scale

    def _character(
        self, ch: str, style: str, font: dict[str, float] | None
    ) -> tuple[str | None, float]:
        scale = _SCALE[style]
        if ch == "{":
            self.pos -= 1
            return "ord", self.sub(self.argument()).math(style, font)
        if ch in "+-*":
            return "bin", (0.5 if ch == "*" else 0.778) * scale
        if ch in "=<>":
            return "rel", 0.778 * scale
        if ch in "([":
            return "open", _ROMAN[ch] * scale
        if ch in ")]!":
            return "close", _ROMAN[ch] * scale
        if ch in ",;":
            return "punct", 0.278 * scale
        if ch in "}&$":
            return None, 0.0
        if font is not None and ch in font:
            return "ord", font[ch] * scale
        if ch.isascii() and ch.isalpha():
            return "ord", _ITALIC[ch] * scale
        return "ord", _ROMAN.get(ch, 0.6) * scale

    def _matrix(self, style: str) -> float:
        """A ``matrix`` up to its ``\\end``: the widest row, 1 em between columns."""
        rows, cells, depth, start = [], [], 0, self.pos
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
            elif depth == 0 and token in ("&", r"\\", r"\end"):
                cells.append(self.sub(self.tokens[start : self.pos - 1]).math(style))
                start = self.pos
                if token != "&":
                    rows.append(sum(cells) + (len(cells) - 1))
                    cells = []
                if token == r"\end":
                    self.argument()
                    break
        return max(rows, default=0.0)

    # -- text --------------------------------------------------------------------------------

    def text(self) -> float:
        """The width of text-mode tokens (inline ``$…$`` math in text style)."""
        total = 0.0
        while (token := self.next_with_spaces()) is not None:
            if token.isspace():
                total += _ROMAN[" "]
            elif token == "$":
                total += self.math("T", stop="$")
            elif token in ("{", "}"):
                continue
            elif token.startswith("\\"):
                total += _TEXT_COMMANDS.get(token, 0.6)
            else:
                total += _ROMAN.get(token, 0.55)
        return total

    def next_with_spaces(self) -> str | None:
        if self.pos >= len(self.tokens):
            return None
        self.pos += 1
        return self.tokens[self.pos - 1]


def _space(previous: str | None, kind: str, style: str) -> float:
    """TeX's space between two math atoms (none in scripts)."""
    if previous is None or style in ("S", "SS"):
        return 0.0
    if "bin" in (previous, kind):
        return 0.222
    if "rel" in (previous, kind):
        return 0.0 if previous == "open" or kind in ("close", "punct") else 0.278
    if previous == "punct":
        return 0.167
    return 0.0


def _length(tokens: list[str]) -> float:
    """A length such as ``2em`` or ``10pt`` in em (10 pt to the em)."""
    match = re.fullmatch(r"(-?[\d.]+)(em|pt)", "".join(tokens).strip())
    if match is None:
        return _UNKNOWN
    value = float(match.group(1))
    return value if match.group(2) == "em" else value / 10
