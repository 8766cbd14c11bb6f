"""Naming helpers for the rules: cases, the heuristic word lists, and name patterns.

A name pattern is a template such as ``idx_{table}_{columns}`` or
``{a_singular}_{b_singular}[_{noun}]``: ``{token}`` stands for a value the rule knows (the
table) or, for the descriptive tokens (``columns``, ``column``, ``desc``, ``noun``), for any
word run; ``[...]`` is optional. Patterns are matched by a small backtracking matcher instead
of one regular expression per object, because a regex compiled per table would dominate the
run time on a 1,000-table schema.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from designer.core import relations
from designer.core.exporters.naming import camel, identifier, pascal, snake, words
from designer.core.identifiers import MAX_IDENTIFIER_BYTES, is_reserved

CASE_PATTERNS = {
    "snake": re.compile(r"^[a-z][a-z0-9_]*$"),
    "camel": re.compile(r"^[a-z][a-zA-Z0-9]*$"),
    "pascal": re.compile(r"^[A-Z][a-zA-Z0-9]*$"),
}


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """:func:`designer.core.relations.singular` (the one all exports use), cached."""
    return relations.singular(word)


@lru_cache(maxsize=65536)
def plural(word: str) -> str:
    """:func:`designer.core.relations.plural`, cached."""
    return relations.plural(word)


def in_case(name: str, case: str) -> bool:
    return CASE_PATTERNS[case].match(name) is not None


@lru_cache(maxsize=65536)
def to_case(name: str, case: str) -> str:
    """``name`` written in ``case`` (snake, camel or pascal)."""
    if case == "camel":
        return camel(name)
    if case == "pascal":
        return pascal(name)
    return snake(name)


def camel_case(name: str) -> str:
    return to_case(name, "camel")


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The lower-case words of a name in any case (``muscleGroup`` -> ``muscle``, ``group``)."""
    return tuple(words(name))


def join_words(parts: tuple[str, ...] | list[str], case: str) -> str:
    """Words joined in ``case`` (``("is", "active")`` -> ``is_active`` or ``isActive``)."""
    return to_case("_".join(parts), case)


def fit(name: str) -> str:
    """``name`` cut to PostgreSQL's 63 bytes (without splitting a character)."""
    data = name.encode("utf-8")
    if len(data) <= MAX_IDENTIFIER_BYTES:
        return name
    return data[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore").rstrip("_")


def safe_column_name(name: str, taken: set[str] | frozenset[str]) -> str | None:
    """``name`` when it is free and not a reserved word, else None (a fix should not invent more)."""
    if not name or name in taken or is_reserved(name):
        return None
    return fit(name)


# Heuristic word lists (rules-catalog.md, "Heuristic word lists") -----------------------------

TEMPORAL_SUFFIXES = ("at", "on", "date", "time")
MONEY_WORDS = frozenset({"price", "amount", "cost", "balance", "total", "fee"})
NATURAL_KEYS = ("email", "username", "slug", "code", "sku", "handle", "external_id")
CATEGORICAL = ("status", "type", "kind", "role", "category", "level", "difficulty", "muscle_group", "equipment")
UNCOUNTABLE = ("data", "metadata", "equipment", "information", "media", "staff", "news", "series", "feedback",
               "inventory", "audit", "history", "settings", "software")


def is_temporal_name(name: str) -> bool:
    """``*_at``, ``*_on``, ``*_date``, ``*_time`` or ``date_of_*`` (any case)."""
    parts = name_words(name)
    return len(parts) >= 2 and (parts[-1] in TEMPORAL_SUFFIXES or parts[:2] == ("date", "of"))


@lru_cache(maxsize=65536)
def matches_words(name: str, candidates: tuple[str, ...]) -> bool:
    """True when ``name`` is one of ``candidates`` or ends with one (``exercise_type``, ``muscleGroup``)."""
    parts = name_words(name)
    for candidate in candidates:
        wanted = tuple(candidate.split("_"))
        if parts[-len(wanted):] == wanted:
            return True
    return False


def is_plural_word(word: str, exceptions: tuple[str, ...] = ()) -> bool:
    """True when ``word`` reads as a plural (or takes no plural, as ``data``)."""
    lower = word.lower()
    return lower in exceptions or lower in UNCOUNTABLE or singular(lower) != lower


def pluralize_name(name: str) -> str:
    """``name`` with its last word made plural, in its own case (``workout_exercise`` ->
    ``workout_exercises``, ``WorkoutExercise`` -> ``WorkoutExercises``)."""
    if "_" in name or name.islower():
        head, sep, last = name.rpartition("_")
        return f"{head}{sep}{plural(last)}"
    parts = list(name_words(name))
    if not parts:
        return name
    parts[-1] = plural(parts[-1])
    return to_case("_".join(parts), "pascal" if name[:1].isupper() else "camel")


# Patterns -----------------------------------------------------------------------------------

_PART = re.compile(r"\{([A-Za-z_]+)\}|\[([^\]]*)\]|([^{\[]+)")
#: Tokens that stand for a description, matched loosely and filled in by the fix.
LOOSE_TOKENS = frozenset({"columns", "column", "desc", "noun"})

Part = tuple[str, object]


@lru_cache(maxsize=256)
def _parts(pattern: str) -> tuple[Part, ...]:
    out: list[Part] = []
    for m in _PART.finditer(pattern):
        token, optional, literal = m.groups()
        if token is not None:
            out.append(("token", token))
        elif optional is not None:
            out.append(("optional", _parts(optional)))
        else:
            out.append(("literal", literal))
    return tuple(out)


_WORD_RUN = re.compile(r"[A-Za-z0-9_$]+")


def matches_pattern(name: str, pattern: str, values: Mapping[str, str | tuple[str, ...]]) -> bool:
    """True when ``name`` fits ``pattern`` with ``values`` for its tokens.

    A token with a value (or a tuple of accepted values) must appear exactly; a descriptive token
    (or one without a value) matches any run of word characters.
    """
    return any(_fits(segments, name) for segments in _shapes(_parts(pattern), values))


Values = tuple[tuple[str, str | tuple[str, ...]], ...]


def fits_pattern(name: str, pattern: str, values: Values) -> bool:
    """:func:`matches_pattern` with the values as a tuple of pairs, so the shapes are computed once
    per pattern and table rather than once per name."""
    return any(_fits(segments, name) for segments in _cached_shapes(pattern, values))


@lru_cache(maxsize=16384)
def _cached_shapes(pattern: str, values: Values) -> list[list[str]]:
    return _shapes(_parts(pattern), dict(values))


def _shapes(parts: tuple[Part, ...], values: Mapping[str, str | tuple[str, ...]]) -> list[list[str]]:
    """Every shape the pattern allows, as the literal texts between descriptive runs (optional
    parts and alternative values expanded): ``idx_{table}_{columns}`` -> ``[["idx_users_", ""]]``."""
    out: list[list[str]] = [[""]]
    for kind, value in parts:
        if kind == "literal":
            assert isinstance(value, str)
            for shape in out:
                shape[-1] += value
        elif kind == "optional":
            assert isinstance(value, tuple)
            inner = _shapes(value, values)
            out = [_joined(shape, extra) for shape in out for extra in [*inner, [""]]]
        else:
            assert isinstance(value, str)
            known = values.get(value)
            if known is None or value in LOOSE_TOKENS:
                for shape in out:
                    shape.append("")
            elif isinstance(known, str):
                for shape in out:
                    shape[-1] += known
            else:
                out = [_joined(shape, [option]) for shape in out for option in known if option]
    return out


def _joined(shape: list[str], extra: list[str]) -> list[str]:
    return [*shape[:-1], shape[-1] + extra[0], *extra[1:]]


def _is_run(text: str) -> bool:
    return bool(text) and _WORD_RUN.fullmatch(text) is not None


def _fits(segments: list[str], name: str) -> bool:
    """True when ``name`` is the segments with a run of word characters between each two."""
    if len(segments) == 1:
        return name == segments[0]
    head, tail = segments[0], segments[-1]
    if not name.startswith(head) or not name.endswith(tail) or len(name) < len(head) + len(tail):
        return False
    middle = name[len(head): len(name) - len(tail)]
    cursor = 0
    for segment in segments[1:-1]:
        found = middle.find(segment, cursor + 1)
        if found < 0 or not _is_run(middle[cursor:found]):
            return False
        cursor = found + len(segment)
    return _is_run(middle[cursor:])


def render_pattern(pattern: str, values: Mapping[str, str | tuple[str, ...]]) -> str:
    """The name ``pattern`` gives with ``values`` (optional parts whose tokens lack values drop out)."""

    def render(parts: tuple[Part, ...]) -> str | None:
        out = []
        for kind, value in parts:
            if kind == "literal":
                assert isinstance(value, str)
                out.append(value)
            elif kind == "optional":
                assert isinstance(value, tuple)
                out.append(render(value) or "")
            else:
                assert isinstance(value, str)
                known = values.get(value)
                if not known:
                    return None
                out.append(known if isinstance(known, str) else known[0])
        return "".join(out)

    return fit(render(_parts(pattern)) or "")


def pattern_tokens(pattern: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\{([A-Za-z_]+)\}", pattern))


@lru_cache(maxsize=16384)
def table_words(table_name: str) -> Mapping[str, str]:
    """The values the ``{table}``-family tokens take for a table (read-only: it is shared)."""
    one = singular(table_name)
    return MappingProxyType({"table": table_name, "entity": one, "Table": pascal(one), "table_singular": one})


@lru_cache(maxsize=65536)
def backend_name(name: str) -> str:
    """The property name exports derive from a column name (``camelCase``, made a legal identifier)."""
    return identifier(camel(name), frozenset(keyword.kwlist))


@lru_cache(maxsize=16384)
def noun(table_name: str) -> str:
    """How messages name one row of a table: ``workout_exercises`` -> ``workout exercise``."""
    return " ".join(name_words(singular(table_name))) or table_name


def humanize(name: str) -> str:
    """``workout_exercises`` -> ``Workout exercises`` (for stub comments)."""
    parts = name_words(name)
    text = " ".join(parts) if parts else name
    return text[:1].upper() + text[1:]


__all__ = ["camel", "pascal", "plural", "singular", "snake"]
