"""Results kept per schema object: the model is immutable, so a result computed from one schema
object stays right for as long as that object lives.

Keys are object identities, not the schema's value: hashing a 1,000-table schema costs more than
most of what is cached. A weak reference proves the identity still names the same object and
lets the object (and its entry) go when nothing else holds it.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

from designer.core import ir

R = TypeVar("R")


def per_schema(func: Callable[[ir.Schema], R]) -> Callable[[ir.Schema], R]:
    """Cache ``func(schema)`` for each live schema object (callers must not mutate the result)."""
    kept: dict[int, tuple[weakref.ref[ir.Schema], R]] = {}

    def forget(ref: weakref.ref[ir.Schema], key: int) -> None:
        entry = kept.get(key)
        if entry is not None and entry[0] is ref:
            del kept[key]

    @functools.wraps(func)
    def cached(schema: ir.Schema) -> R:
        key = id(schema)
        entry = kept.get(key)
        if entry is not None and entry[0]() is schema:
            return entry[1]
        result = func(schema)
        kept[key] = (weakref.ref(schema, lambda ref: forget(ref, key)), result)
        return result

    return cached
