"""The names PostgreSQL gives to constraints, indexes and sequences that were created without one.

A hand-written ``UNIQUE (email)`` becomes ``users_email_key`` in the database; an importer
must give it the same name, or the imported design would not match the database it came
from. These follow ``makeObjectName`` and ``ChooseRelationName`` in PostgreSQL's
``src/backend/commands/indexcmds.c``: ``<table>_<columns>_<label>``, the longer part clipped
until the whole fits in 63 bytes, and a number added to the label when the name is taken.
"""

from __future__ import annotations

from collections.abc import Iterable

from designer.core.identifiers import MAX_IDENTIFIER_BYTES


def _clip(text: str, size: int) -> str:
    """The longest prefix of ``text`` of at most ``size`` bytes that does not split a character."""
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def object_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's ``makeObjectName``: ``name1_name2_label`` clipped to 63 bytes."""
    overhead = len(label.encode()) + 1 + (1 if name2 else 0)
    len1 = len(name1.encode())
    len2 = len(name2.encode()) if name2 else 0
    while len1 + len2 > MAX_IDENTIFIER_BYTES - overhead:
        if len1 > len2:
            len1 -= 1
        else:
            len2 -= 1
    parts = [_clip(name1, len1)]
    if name2:
        parts.append(_clip(name2, len2))
    parts.append(label)
    return "_".join(parts)


def column_part(columns: Iterable[str]) -> str:
    """``ChooseIndexNameAddition``: the column names joined by ``_``, stopping once long enough."""
    out = ""
    for name in columns:
        out = f"{out}_{name}" if out else name
        if len(out.encode()) >= MAX_IDENTIFIER_BYTES:
            break
    return out


def choose_name(name1: str, name2: str | None, label: str, taken: set[str]) -> str:
    """``ChooseRelationName``: a name not in ``taken`` (``t_a_key``, then ``t_a_key1``...); records it."""
    candidate = object_name(name1, name2, label)
    n = 0
    while candidate in taken:
        n += 1
        candidate = object_name(name1, name2, f"{label}{n}")
    taken.add(candidate)
    return candidate
