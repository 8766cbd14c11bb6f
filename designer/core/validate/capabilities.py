"""What each target ORM can express in its schema/model files (rules-catalog.md section 10).

The portability rules read this table, and the configuration uses it to refuse profiles whose
rules contradict each other for the project's target. Cells marked † in the catalog come from
general knowledge of the libraries rather than a page read for it.
"""

from __future__ import annotations

ORM_NAMES = {"prisma": "Prisma", "drizzle": "Drizzle", "sequelize": "Sequelize", "sqlalchemy": "SQLAlchemy"}
NO, YES, NEEDS = "no", "yes", "needs"
#: What each target can express: "yes", "no", "needs" (an annotation the exporter adds), or
#: ("since", version) for a feature that arrived in that major version.
CAPABILITIES: dict[str, dict[str, str | tuple[str, str]]] = {
    "partial-index": {"prisma": ("since", "7"), "drizzle": YES, "sequelize": YES, "sqlalchemy": YES},
    "check-constraint": {"prisma": NO, "drizzle": YES, "sequelize": NO, "sqlalchemy": YES},
    "comment": {"prisma": NO, "drizzle": NO, "sequelize": YES, "sqlalchemy": YES},
    "index-method": {"prisma": ("since", "3.14"), "drizzle": YES, "sequelize": YES, "sqlalchemy": YES},
    "expression-index": {"prisma": NO, "drizzle": YES, "sequelize": YES, "sqlalchemy": YES},
    "concurrently": {"prisma": NO, "drizzle": YES, "sequelize": YES, "sqlalchemy": YES},
    "not-valid-constraint": {"prisma": NO, "drizzle": NO, "sequelize": NO, "sqlalchemy": YES},
    "trigger": {"prisma": NO, "drizzle": NO, "sequelize": NO, "sqlalchemy": NO},
    "native-enum": {"prisma": YES, "drizzle": YES, "sequelize": NEEDS, "sqlalchemy": YES},
    "timestamptz": {"prisma": NEEDS, "drizzle": NEEDS, "sequelize": YES, "sqlalchemy": NEEDS},
    "db-uuid-default": {"prisma": NEEDS, "drizzle": YES, "sequelize": NEEDS, "sqlalchemy": YES},
    "db-updated-at": {"prisma": NO, "drizzle": NO, "sequelize": NO, "sqlalchemy": NO},
    "identity-column": {"prisma": NO, "drizzle": YES, "sequelize": NO, "sqlalchemy": YES},
    "composite-fk": {"prisma": YES, "drizzle": YES, "sequelize": NO, "sqlalchemy": YES},
    "nulls-not-distinct": {"prisma": NO, "drizzle": YES, "sequelize": NO, "sqlalchemy": YES},
    "down-migration": {"prisma": NO, "drizzle": NO, "sequelize": YES, "sqlalchemy": YES},
    "naming-control": {"prisma": NEEDS, "drizzle": YES, "sequelize": YES, "sqlalchemy": YES},
    "soft-delete-filter": {"prisma": NO, "drizzle": NO, "sequelize": YES, "sqlalchemy": NO},
    "implicit-m2m": {"prisma": NO, "drizzle": NO, "sequelize": NO, "sqlalchemy": NO},
}
#: The version assumed when a project names no target_orm_version: the pinned toolchain's.
PINNED_VERSIONS = {"prisma": "7", "drizzle": "0.45", "sequelize": "6", "sqlalchemy": "2"}


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def capability(orm: str | None, version: str | None, feature: str) -> str | None:
    """``yes``, ``no`` or ``needs`` (an annotation the exporter adds) for ``orm`` at ``version``
    (the pinned toolchain's when None); None without a target."""
    if orm is None:
        return None
    cell = CAPABILITIES[feature][orm]
    if isinstance(cell, tuple):
        return YES if _version(version or PINNED_VERSIONS[orm]) >= _version(cell[1]) else NO
    return cell
