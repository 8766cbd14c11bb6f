"""Diagnostics: what the validator, exporters and importers tell a person about a schema.

Shaped after Django's system check messages: a level, a message written for a person, an
optional hint, the object it is about (a dotted path such as ``workouts.user_id``) and a stable
id. The level is not part of the id, because a rule profile can change it.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class Level(IntEnum):
    """How serious a diagnostic is; ordered so ``max()`` gives the worst."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown level {text!r}: use info, warning or error") from None


class Diagnostic(NamedTuple):
    """One finding.

    A named tuple rather than a frozen dataclass: exporters make a few thousand per export of a
    large design, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field)
    made them cost about a tenth of each export.

    Attributes:
        level: info, warning or error.
        code: a stable id such as ``integrity.fk-indexed`` or ``prisma.check-unsupported``.
        message: what is wrong, for a person looking at the diagram.
        path: the object it is about: ``table``, ``table.column``, ``table.constraint_name``
            (prefixed by the namespace outside ``public``); empty for the whole schema.
        hint: what to do about it.
        location: where in a source file (``schema.sql:12:5``), for importers.
    """

    level: Level
    code: str
    message: str
    path: str = ""
    hint: str = ""
    location: str = ""

    def __str__(self) -> str:
        where = self.location or self.path
        prefix = f"{where}: " if where else ""
        text = f"{prefix}{self.level.label}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def error(code: str, message: str, path: str = "", hint: str = "", location: str = "") -> Diagnostic:
    return Diagnostic(Level.ERROR, code, message, path, hint, location)


def warning(code: str, message: str, path: str = "", hint: str = "", location: str = "") -> Diagnostic:
    return Diagnostic(Level.WARNING, code, message, path, hint, location)


def info(code: str, message: str, path: str = "", hint: str = "", location: str = "") -> Diagnostic:
    return Diagnostic(Level.INFO, code, message, path, hint, location)
