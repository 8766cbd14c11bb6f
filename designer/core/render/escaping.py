"""Escaping user text for Graphviz: HTML-like labels, tooltips, and URL/id attributes.

Names and comments are user input, and the SVG Graphviz writes ends up inline in the project
page, so no name may change the DOT structure or inject markup. Three kinds of text reach a
DOT file and each is processed differently by Graphviz (checked against ``dot`` 2.43 by
``tests/integration/test_render_dot.py``):

- **HTML-like labels** (``label=<...>``): parsed as XML, so ``& < > "`` become entities; the
  text is then read once as an escString, where ``\\N`` means the node's name, so a backslash
  is doubled.
- **Tooltips** (``tooltip="..."``): entities are decoded, and the text goes through escString
  processing *twice* in ``dot`` 2.43 (``\\\\`` in the file gives one ``\\`` in the SVG), so a
  backslash is written four times.
- **URL and id** attributes: read once as escStrings; values we build are percent-encoded, so
  they contain no backslash, quote or angle bracket at all.

The ``graphviz`` library quotes DOT IDs (``graphviz.quoting.quote``) and escapes backslashes
of plain escStrings (``graphviz.escape``), and we use ``quote`` for every attribute; it has no
helper for the *content* of HTML-like labels or for the tooltip's double processing, which is
why those two are written here.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote as percent_encode

# Line and paragraph separators, tabs and other breaks: a label line shows them as one space.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


def _printable(text: str) -> str:
    """``text`` without characters XML 1.0 cannot carry (controls, lone surrogates)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        out.append("\ufffd" if (category in ("Cc", "Cs") and ch != "\t") or ch in "\ufffe\uffff" else ch)
    return "".join(out)


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "\\\\"})


# Most names need nothing done (checked first: a 1,000-table label set is 40,000 runs).
_PLAIN = re.compile(r"[\w .,:;()\[\]{}#@$%*+=/'`~?!|^-]*", re.ASCII)


def html_text(text: str) -> str:
    """``text`` as the content of an HTML-like label cell: one line, shown literally."""
    if _PLAIN.fullmatch(text):
        return text
    return _printable(_BREAKS.sub(" ", text)).translate(_HTML)


_TOOLTIP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "\\\\\\\\"})


def tooltip_text(text: str) -> str:
    """``text`` as a tooltip attribute value (line breaks kept), shown literally in the SVG."""
    lines = re.split(r"\r\n|[\n\r\u2028\u2029\x85]", text)
    return "\n".join(_printable(line) for line in lines).translate(_TOOLTIP)


def url_part(text: str) -> str:
    """``text`` percent-encoded for a URL query value or an SVG id (``[A-Za-z0-9_.~%]`` only).

    ``-`` is encoded too, so that ids joining two parts with ``-`` stay unambiguous.
    """
    return percent_encode(text, safe="").replace("-", "%2D")


_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "%3C", ">": "%3E", '"': "%22", "\\": "%5C"})


def attribute_text(text: str) -> str:
    """A caller's URL (template already filled in) as an attribute value.

    ``&`` becomes ``&amp;`` because Graphviz writes URLs into the SVG keeping entities as they
    are; quotes and angle brackets are encoded so the value can never close the attribute.
    """
    return _printable(_BREAKS.sub(" ", text)).translate(_ATTRIBUTE)


_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def safe_color(color: str | None, fallback: str) -> str:
    """A ``#rgb``/``#rrggbb`` colour from user input, or ``fallback`` when it is anything else."""
    if color is None or not _COLOR.fullmatch(color.strip()):
        return fallback
    value = color.strip().lower()
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value
