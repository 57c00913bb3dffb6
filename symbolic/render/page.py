"""A self-contained HTML page around a document's HTML: a doctype, UTF-8, a small inline
style sheet, and nothing fetched from anywhere (no script, no web font, no image): the math is
MathML, which browsers lay out natively with a math font of the system's.  Only wraps."""

from __future__ import annotations

#: Fonts the system may have, best first: Latin Modern (TeX's look) or STIX Two for text and
#: math, then the browser's own serif and math fonts.
_STYLE = """\
body { max-width: 52em; margin: 2em auto; padding: 0 1.5em; color: #111; background: #fff;
  font-family: "Latin Modern Roman", "STIX Two Text", Georgia, "Times New Roman", serif;
  font-size: 17px; line-height: 1.45; }
math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; }
h1 { font-size: 1.6em; text-align: center; margin-bottom: 1.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; }
.display math { margin: 0; }
table { border-collapse: collapse; margin: 1em auto; }
th, td { padding: 0.25em 0.8em; text-align: left; vertical-align: top; }
thead th { border-top: 1.5px solid #111; border-bottom: 1px solid #111; }
tbody tr:last-child td { border-bottom: 1.5px solid #111; }
a { color: inherit; }
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{plain}</title>
<style>
{style}</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def html_page(plain: str, title: str, body: str) -> str:
    """A full page: ``plain`` (escaped text) as its title, ``title`` (HTML) as its first
    heading, then ``body`` (HTML)."""
    return _PAGE.format(plain=plain, title=title, style=_STYLE, body=body)
