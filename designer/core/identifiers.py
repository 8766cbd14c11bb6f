"""Identifier rules: what PostgreSQL accepts as a name, and when a name must be quoted.

PostgreSQL accepts any name of 1 to 63 bytes without a NUL character when it is double-quoted;
an unquoted name must be lower case letters, digits, ``_`` and ``$`` and not a reserved word.
Longer names are *silently truncated* by PostgreSQL (NAMEDATALEN), so two long names can
collide: the designer refuses them instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pglast.keywords import RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

#: PostgreSQL's NAMEDATALEN - 1.
MAX_IDENTIFIER_BYTES = 63
#: The namespace (PostgreSQL schema) that unqualified names live in.
DEFAULT_NAMESPACE = "public"

_SIMPLE = re.compile(r"^[a-z_][a-z0-9_$]*$")

#: Words that cannot be used as a table or column name without quotes.
RESERVED_WORDS: frozenset[str] = frozenset(RESERVED_KEYWORDS) | frozenset(TYPE_FUNC_NAME_KEYWORDS)


class IdentifierError(ValueError):
    """An illegal name. The message names the object and the reason."""


@lru_cache(maxsize=65536)  # names repeat (id, created_at) and every check of a schema asks again
def identifier_problem(name: str) -> str | None:
    """Why ``name`` cannot be a PostgreSQL identifier, or None when it can."""
    if not name:
        return "a name cannot be empty"
    if "\x00" in name:
        return "a name cannot contain the NUL character"
    size = len(name.encode("utf-8"))
    if size > MAX_IDENTIFIER_BYTES:
        return (f"it is {size} bytes long and PostgreSQL keeps only {MAX_IDENTIFIER_BYTES} "
                "(longer names are truncated silently and can collide)")
    if name != name.strip():
        return "a name cannot start or end with white space"
    return None


def check_identifier(name: str, what: str) -> None:
    """Raise :class:`IdentifierError` naming ``what`` (e.g. ``column users.email``) if illegal."""
    problem = identifier_problem(name)
    if problem is not None:
        raise IdentifierError(f"{what}: {problem}")


def needs_quoting(name: str) -> bool:
    """True when ``name`` must be double-quoted in SQL (upper case, spaces, reserved words...)."""
    return _SIMPLE.match(name) is None or name in RESERVED_WORDS


def quote_identifier(name: str) -> str:
    """``name`` as SQL: bare when it can be, else double-quoted with quotes doubled."""
    if needs_quoting(name):
        return '"' + name.replace('"', '""') + '"'
    return name


def qualified(namespace: str, name: str) -> str:
    """The SQL name of an object, qualified unless it is in the default namespace."""
    if namespace == DEFAULT_NAMESPACE:
        return quote_identifier(name)
    return f"{quote_identifier(namespace)}.{quote_identifier(name)}"


def is_reserved(name: str) -> bool:
    """True for PostgreSQL reserved words (``order``, ``user``, ``group``...)."""
    return name.lower() in RESERVED_WORDS
