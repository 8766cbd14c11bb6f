"""Case conversion and quoting shared by the exporters, kept in one place.

Every name that reaches generated code goes through here: a hostile name (quotes, ``${``,
``*/``, newlines, unicode) must never change what the generated file means.
"""

from __future__ import annotations

import json
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    """The words of a name in any case: ``workout_exercises``, ``workoutExercises``, ``HTTPCode``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return [w.lower() for w in _WORD.findall(ascii_name)]


def snake(name: str) -> str:
    return "_".join(words(name))


def camel(name: str) -> str:
    parts = words(name)
    return parts[0] + "".join(p.capitalize() for p in parts[1:]) if parts else ""


def pascal(name: str) -> str:
    return "".join(p.capitalize() for p in words(name))


def identifier(candidate: str, reserved: frozenset[str] = frozenset(), fallback: str = "x") -> str:
    """``candidate`` made a valid ASCII identifier for C-like languages, avoiding ``reserved``."""
    out = re.sub(r"\W", "_", unicodedata.normalize("NFKD", candidate).encode("ascii", "ignore").decode())
    out = out or fallback
    if out[0].isdigit():
        out = "_" + out
    if out in reserved:
        out += "_"
    return out


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name2``, ``name3``... whichever is not in ``taken``; records the choice."""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}{n}", n + 1
    taken.add(candidate)
    return candidate


#: Text that needs no escape in a double-quoted literal (json.dumps would return it quoted as is).
_PLAIN_JS = re.compile(r'[^"\\\x00-\x1f\u2028\u2029]*')


def js_string(text: str) -> str:
    """A double-quoted JavaScript/TypeScript string literal (also valid JSON and Prisma)."""
    if _PLAIN_JS.fullmatch(text):  # the common case, several times faster than json.dumps
        return f'"{text}"'
    # json.dumps escapes quotes, backslashes and control characters; U+2028/2029 are escaped
    # too because older JavaScript parsers end a line at them.
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def py_string(text: str) -> str:
    """A Python string literal."""
    return repr(text)


def line_comment(text: str | None) -> str:
    """``text`` flattened to one line, safe after ``//``, ``#`` or ``--`` (no newline can end it)."""
    if not text:
        return ""
    return " ".join(text.split())


def block_comment(text: str | None) -> str:
    """``text`` safe inside ``/* ... */`` or a JSDoc comment: ``*/`` cannot close it early."""
    if not text:
        return ""
    return text.replace("*/", "*\\/")
