"""Many-to-many relationships through junction tables, named alike by every ORM export.

``relations.relation_names()`` names the two foreign keys of a junction (``post`` and ``tag``
on ``post_tags``); the shortcut across the junction takes the plural of the *other* key's name:
``posts.tags`` and ``tags.posts``. A self-referencing junction (``follows`` with ``follower_id``
and ``followee_id`` to ``users``) gives ``users.followees`` and ``users.followers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.core import ir
from designer.core.relations import RelationName, TableKey, many_to_many, plural, relation_names


@dataclass(frozen=True)
class Link:
    """An N:M relationship: ``left`` and ``right`` are the junction's two foreign keys.

    Attributes:
        left_name: the name on the left table (the rows of the right table it reaches).
        right_name: the name on the right table.
    """

    junction: ir.Table
    left: ir.ForeignKey
    right: ir.ForeignKey
    left_name: str
    right_name: str

    @property
    def left_key(self) -> TableKey:
        return self.left.ref_key

    @property
    def right_key(self) -> TableKey:
        return self.right.ref_key


def many_to_many_names(schema: ir.Schema,
                       names: dict[tuple[TableKey, str], RelationName] | None = None) -> list[Link]:
    """Every junction's N:M relationship with its two names (snake_case, before any casing)."""
    names = relation_names(schema) if names is None else names
    out = []
    for m in many_to_many(schema):
        if m.junction.key in (m.left.ref_key, m.right.ref_key):
            continue  # a "junction" that references itself links nothing across
        left = names[(m.junction.key, m.left.name)].forward
        right = names[(m.junction.key, m.right.name)].forward
        out.append(Link(m.junction, m.left, m.right, plural(right), plural(left)))
    return out
