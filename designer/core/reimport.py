"""Re-importing over an existing design keeps what the source format cannot carry.

SQL DDL, a live database and most ORM schemas hold no diagram positions, subject areas, tags or
notes. When a project imports a new version of its schema, tables that still exist keep those,
so a team can re-import after every migration without losing its diagram.
"""

from __future__ import annotations

from dataclasses import replace

from designer.core import ir


def keep_design_metadata(current: ir.Schema, imported: ir.Schema) -> ir.Schema:
    """``imported``, with the positions, groups, tags, notes and name of ``current`` where it has none.

    Only what ``imported`` leaves empty is filled in; whatever the source states wins.
    """
    old_tables = {t.key: t for t in current.tables}
    groups = list(imported.groups)
    group_names = {g.name for g in groups}
    tables = []
    for table in imported.tables:
        old = old_tables.get(table.key)
        if old is not None:
            table = replace(
                table,
                position=table.position or old.position,
                group=table.group or old.group,
                tags=table.tags or old.tags,
                comment=table.comment if table.comment is not None else old.comment,
            )
            if table.group is not None and table.group not in group_names:
                group = next((g for g in current.groups if g.name == table.group), ir.Group(table.group))
                groups.append(group)
                group_names.add(group.name)
        tables.append(table)
    existing = {t.path for t in tables}
    notes = imported.notes or tuple(n for n in current.notes if n.table is None or n.table in existing)
    return replace(imported, name=current.name, comment=imported.comment or current.comment, tables=tuple(tables),
                   groups=tuple(groups), notes=notes)
