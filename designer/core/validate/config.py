"""A project's lint configuration: a profile, project settings, rule overrides and ignores.

The dict shape is the one of ``rules-catalog.md`` section 12 ("Overrides")::

    {"profile": "drizzle-fitness", "target_orm": "drizzle", "pg_version": 16, "zero_downtime": True,
     "rules": {"naming.fk-column": {"severity": "error", "fk_column_pattern": "{ref_singular}_id"},
               "types.timestamptz": "error", "index.low-cardinality": "off"},
     "ignores": [{"object": "public.audit_log", "rule": "softdelete.*", "reason": "append-only"}]}

:meth:`LintConfig.from_dict` refuses anything it cannot use with a :class:`ConfigError` naming
the key; :meth:`LintConfig.resolve` turns a config into a :class:`Plan` (the level and
parameters of every rule) and refuses contradicting rules (the catalog's "exclusive pairs").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from designer.core.diagnostics import Level
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.validate.capabilities import NO, ORM_NAMES, capability
from designer.core.validate.profiles import PROFILES, RECOMMENDED
from designer.core.validate.registry import Param, Params, ParamValue, Registry, Rule, registry

TARGET_ORMS = tuple(ORM_NAMES)
SEVERITIES = ("error", "warning", "info", "off", "on")


class ConfigError(ValueError):
    """A lint configuration that cannot be used; ``key`` is where (``rules.naming.fk-column``)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}" if key else message)


@dataclass(frozen=True)
class Settings:
    """Project settings the rules read (profiles imply some; a project's own values win).

    Attributes:
        target_orm: prisma, drizzle, sequelize or sqlalchemy (portability rules need it).
        target_orm_version: its major version (Prisma 7 can express partial indexes, 6 cannot).
        pg_version: the PostgreSQL major version; None means the schema's own.
        zero_downtime: migrations must not block (read by the portability notes).
        tenant_column: the column that scopes tenant-owned rows (``userId``); turns tenancy on.
        soft_delete_column: the soft-delete column's name.
        updated_at_mechanism: what maintains ``updated_at``: ``orm`` or ``trigger``.
    """

    target_orm: str | None = None
    target_orm_version: str | None = None
    pg_version: int | None = None
    zero_downtime: bool = False
    tenant_column: str | None = None
    soft_delete_column: str = "deleted_at"
    updated_at_mechanism: str = "orm"


_SETTING_KEYS = ("target_orm", "target_orm_version", "pg_version", "zero_downtime", "tenant_column",
                 "soft_delete_column", "updated_at_mechanism")


@dataclass(frozen=True)
class RuleOverride:
    """A project's change to one rule (or, with a glob id, to several): a severity and/or params."""

    severity: str | None = None
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignore:
    """Silence ``rule`` (a glob) on ``object`` (a path, its children included), for a reason."""

    object: str
    rule: str
    reason: str

    def matches(self, rule_id: str, path: str) -> bool:
        return self.covers_rule(rule_id) and self.covers_path(path)

    def covers_rule(self, rule_id: str) -> bool:
        return fnmatchcase(rule_id, self.rule)

    def covers_path(self, path: str) -> bool:
        obj = _strip_public(self.object)
        return path == obj or path.startswith(obj + ".") or fnmatchcase(path, obj)


def _strip_public(path: str) -> str:
    prefix = DEFAULT_NAMESPACE + "."
    return path[len(prefix):] if path.startswith(prefix) else path


@dataclass(frozen=True)
class AccessPattern:
    """A query the application runs often, for the rules that need patterns.

    Attributes:
        table: the table queried.
        equals: columns compared with ``=`` (they lead the index).
        range: columns compared with ranges (after the equality columns).
        sort: the ORDER BY columns (last).
        name: what the query is (``workouts of a user by date``).
    """

    table: str
    equals: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    sort: tuple[str, ...] = ()
    name: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.equals, *self.range, *self.sort)))

    def describe(self) -> str:
        return self.name or f"{self.table} by {', '.join(self.columns)}"


@dataclass(frozen=True)
class Plan:
    """A resolved configuration: what :func:`run` needs.

    Attributes:
        levels: every registered rule's level (None when off).
        params: every registered rule's parameters.
    """

    profile: str
    levels: Mapping[str, Level | None]
    params: Mapping[str, Params]
    settings: Settings
    ignores: tuple[Ignore, ...] = ()
    access_patterns: tuple[AccessPattern, ...] = ()
    row_estimates: Mapping[str, int] = field(default_factory=dict)

    def level(self, rule_id: str) -> Level | None:
        return self.levels.get(rule_id)

    def ignored(self, rule_id: str, path: str) -> Ignore | None:
        for ignore in self.ignores:
            if ignore.matches(rule_id, path):
                return ignore
        return None


@dataclass(frozen=True)
class LintConfig:
    """A project's lint configuration (see the module docstring for the dict shape)."""

    profile: str = "recommended"
    settings: Mapping[str, str | int | bool | None] = field(default_factory=dict)
    rules: Mapping[str, RuleOverride] = field(default_factory=dict)
    ignores: tuple[Ignore, ...] = ()
    access_patterns: tuple[AccessPattern, ...] = ()
    row_estimates: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, rules: Registry | None = None) -> LintConfig:
        """Read a config dict, refusing unknown keys, bad values and contradicting rules."""
        reg = rules or registry
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ConfigError("", f"the lint configuration must be a mapping, not {type(data).__name__}")
        known = ("profile", *_SETTING_KEYS, "rules", "ignores", "access_patterns", "row_estimates")
        for key in data:
            if key not in known:
                raise ConfigError(str(key), f"unknown setting{_did_you_mean(str(key), known)}; "
                                  f"use one of {', '.join(known)}")
        profile = data.get("profile", "recommended")
        if not isinstance(profile, str) or profile not in PROFILES:
            raise ConfigError("profile", f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
        settings = {key: _setting(key, data[key]) for key in _SETTING_KEYS if key in data}
        overrides = _rule_overrides(data.get("rules"), reg)
        config = cls(
            profile=profile,
            settings=settings,
            rules=overrides,
            ignores=_ignores(data.get("ignores"), reg),
            access_patterns=_access_patterns(data.get("access_patterns")),
            row_estimates=_row_estimates(data.get("row_estimates")),
        )
        config.resolve(reg)  # refuses contradicting rules now, not at the first lint
        return config

    def to_dict(self) -> dict[str, Any]:
        """The dict :meth:`from_dict` reads (what a project stores)."""
        out: dict[str, Any] = {"profile": self.profile, **self.settings}
        if self.rules:
            rules: dict[str, Any] = {}
            for rule_id, override in self.rules.items():
                if override.params:
                    entry: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v
                                             for k, v in override.params.items()}
                    if override.severity is not None:
                        entry["severity"] = override.severity
                    rules[rule_id] = entry
                else:
                    rules[rule_id] = override.severity
            out["rules"] = rules
        if self.ignores:
            out["ignores"] = [{"object": i.object, "rule": i.rule, "reason": i.reason} for i in self.ignores]
        if self.access_patterns:
            out["access_patterns"] = [
                {k: v for k, v in (("table", p.table), ("equals", list(p.equals)), ("range", list(p.range)),
                                   ("sort", list(p.sort)), ("name", p.name)) if v}
                for p in self.access_patterns]
        if self.row_estimates:
            out["row_estimates"] = dict(self.row_estimates)
        return out

    def resolve(self, rules: Registry | None = None) -> Plan:
        """The level and parameters of every rule under this config."""
        reg = rules or registry
        profile = PROFILES[self.profile]
        layers = [RECOMMENDED] if profile is RECOMMENDED else [RECOMMENDED, profile]
        settings_values: dict[str, Any] = {}
        for layer in layers:
            settings_values.update(layer.settings)
        settings_values.update(self.settings)
        settings = Settings(**settings_values)
        levels: dict[str, Level | None] = {}
        params: dict[str, dict[str, ParamValue]] = {}
        layer_globs = [[(k, v) for k, v in layer.levels.items() if _is_glob(k)] for layer in layers]
        override_globs = [k for k in self.rules if _is_glob(k)]
        for r in reg:
            level: Level | None = r.level
            values = r.defaults()
            for layer, globs in zip(layers, layer_globs, strict=True):
                for key, value in globs:
                    if fnmatchcase(r.id, key):
                        level = value
                if r.id in layer.levels:
                    level = layer.levels[r.id]
                values.update(layer.params.get(r.id, {}))
            # C24: tenancy rules come on when a project names its tenant column.
            if (r.group == "tenancy" and level is None and self.settings.get("tenant_column")
                    and not _explicitly_off(layers, r.id)):
                level = r.level
            keys = [k for k in override_globs if fnmatchcase(r.id, k)] + ([r.id] if r.id in self.rules else [])
            for key in keys:
                override = self.rules[key]
                if override.severity is not None:
                    level = _severity(override.severity, r)
                values.update(override.params)
            levels[r.id] = level
            params[r.id] = values
        _refuse_contradictions(levels, params, self.profile, settings)
        return Plan(profile=self.profile, levels=levels, params={k: Params(v) for k, v in params.items()},
                    settings=settings, ignores=self.ignores, access_patterns=self.access_patterns,
                    row_estimates=dict(self.row_estimates))


# Parsing helpers ----------------------------------------------------------------------------


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _setting(key: str, value: Any) -> str | int | bool | None:
    if value is None:
        return None
    if key == "target_orm":
        if value not in TARGET_ORMS:
            raise ConfigError(key, f"unknown ORM {value!r}; use one of {', '.join(TARGET_ORMS)}")
        return str(value)
    if key == "pg_version":
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 9 <= value <= 30:
            raise ConfigError(key, f"must be a PostgreSQL major version such as 16, not {value!r}")
        return value
    if key == "zero_downtime":
        if not isinstance(value, bool):
            raise ConfigError(key, f"must be true or false, not {value!r}")
        return value
    if key == "updated_at_mechanism":
        if value not in ("orm", "trigger"):
            raise ConfigError(key, f"must be orm or trigger, not {value!r}")
        return str(value)
    if key == "target_orm_version":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not re.fullmatch(r"\d+(\.\d+)*", value):
            raise ConfigError(key, f"must be a version such as '6' or '7.1', not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key, f"must be a column name, not {value!r}")
    return value


def _is_glob(key: str) -> bool:
    return any(ch in key for ch in "*?[")


def _explicitly_off(layers: list[Any], rule_id: str) -> bool:
    return any(rule_id in layer.levels and layer.levels[rule_id] is None for layer in layers[1:])


def _severity(text: str, rule: Rule) -> Level | None:
    if text == "off":
        return None
    if text == "on":
        return rule.level
    return Level.parse(text)


def _rule_overrides(data: Any, reg: Registry) -> dict[str, RuleOverride]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ConfigError("rules", "must map rule ids to a severity or to {severity, params...}")
    out: dict[str, RuleOverride] = {}
    for rule_id, value in data.items():
        where = f"rules.{rule_id}"
        if not isinstance(rule_id, str):
            raise ConfigError("rules", f"rule ids are strings, not {rule_id!r}")
        if _is_glob(rule_id):
            targets = [r for r in reg if fnmatchcase(r.id, rule_id)]
            if not targets:
                raise ConfigError(where, "this pattern matches no rule")
        elif rule_id not in reg:
            raise ConfigError(where, f"unknown rule{_did_you_mean(rule_id, reg.rules)}")
        else:
            targets = [reg[rule_id]]
        if isinstance(value, str | bool):
            out[rule_id] = RuleOverride(severity=_severity_text(where, value))
            continue
        if not isinstance(value, Mapping):
            raise ConfigError(where, f"must be a severity ({', '.join(SEVERITIES)}) or a mapping, not {value!r}")
        severity = None
        params: dict[str, ParamValue] = {}
        for key, raw in value.items():
            if key in ("severity", "level"):
                severity = _severity_text(f"{where}.{key}", raw)
                continue
            if len(targets) != 1:
                raise ConfigError(f"{where}.{key}", "parameters can only be set on one rule, not on a pattern")
            target = targets[0]
            if key not in target.params:
                names = ", ".join(target.params) or "none"
                raise ConfigError(f"{where}.{key}", f"unknown parameter{_did_you_mean(str(key), target.params)}; "
                                  f"{target.id} takes: {names}")
            params[key] = _param_value(f"{where}.{key}", target.params[key], raw)
        out[rule_id] = RuleOverride(severity=severity, params=params)
    return out


def _severity_text(where: str, value: Any) -> str:
    if value is False:  # YAML reads a bare `off` as false
        value = "off"
    if value is True:
        value = "on"
    if not isinstance(value, str) or value.strip().lower() not in SEVERITIES:
        raise ConfigError(where, f"unknown severity {value!r}; use one of {', '.join(SEVERITIES)}")
    return value.strip().lower()


_TOKEN = re.compile(r"\{([A-Za-z_]+)\}")


def _param_value(where: str, param: Param, raw: Any) -> ParamValue:
    default = param.default
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise ConfigError(where, f"must be true or false, not {raw!r}")
        return raw
    if isinstance(default, int):
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise ConfigError(where, f"must be a whole number, not {raw!r}")
        return raw
    if isinstance(default, tuple):
        if isinstance(raw, str):
            raw = [part.strip() for part in raw.split("|") if part.strip()]
        if not isinstance(raw, list | tuple) or not all(isinstance(x, str) for x in raw):
            raise ConfigError(where, f"must be a list of names, not {raw!r}")
        for item in raw:
            if param.choices and item not in param.choices:
                raise ConfigError(where, f"unknown value {item!r}; use {', '.join(param.choices)}")
        return tuple(raw)
    if not isinstance(raw, str) or not raw:
        raise ConfigError(where, f"must be a non-empty string, not {raw!r}")
    if param.choices and raw not in param.choices:
        raise ConfigError(where, f"unknown value {raw!r}; use one of {', '.join(param.choices)}")
    if param.tokens:
        for token in _TOKEN.findall(raw):
            if token not in param.tokens:
                raise ConfigError(where, f"unknown token {{{token}}} in {raw!r}; the pattern may use "
                                  + ", ".join("{" + t + "}" for t in param.tokens))
    return raw


def _ignores(data: Any, reg: Registry) -> tuple[Ignore, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ConfigError("ignores", "must be a list of {object, rule, reason}")
    out = []
    for n, item in enumerate(data):
        where = f"ignores[{n}]"
        if not isinstance(item, Mapping):
            raise ConfigError(where, "must be a mapping with object, rule and reason")
        for key in item:
            if key not in ("object", "rule", "reason"):
                raise ConfigError(f"{where}.{key}", "unknown key; an ignore has object, rule and reason")
        values = {}
        for key in ("object", "rule", "reason"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                if key == "reason":
                    raise ConfigError(f"{where}.reason", "an ignore needs a reason, so the next reader knows why "
                                      "the rule does not apply here")
                raise ConfigError(f"{where}.{key}", f"must be a non-empty string, not {value!r}")
            values[key] = value.strip()
        if not any(fnmatchcase(r.id, values["rule"]) for r in reg):
            raise ConfigError(f"{where}.rule", f"{values['rule']!r} matches no rule"
                              f"{_did_you_mean(values['rule'], reg.rules)}")
        out.append(Ignore(object=values["object"], rule=values["rule"], reason=values["reason"]))
    return tuple(out)


def _names(where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) and x for x in value):
        raise ConfigError(where, f"must be a list of column names, not {value!r}")
    return tuple(value)


def _access_patterns(data: Any) -> tuple[AccessPattern, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ConfigError("access_patterns", "must be a list of {table, equals, range, sort, name}")
    out = []
    for n, item in enumerate(data):
        where = f"access_patterns[{n}]"
        if not isinstance(item, Mapping):
            raise ConfigError(where, "must be a mapping")
        for key in item:
            if key not in ("table", "equals", "range", "sort", "name"):
                raise ConfigError(f"{where}.{key}", "unknown key; use table, equals, range, sort and name")
        table = item.get("table")
        if not isinstance(table, str) or not table:
            raise ConfigError(f"{where}.table", "names the table the query reads")
        pattern = AccessPattern(table=_strip_public(table), equals=_names(f"{where}.equals", item.get("equals")),
                                range=_names(f"{where}.range", item.get("range")),
                                sort=_names(f"{where}.sort", item.get("sort")), name=str(item.get("name") or ""))
        if not pattern.columns:
            raise ConfigError(where, "a pattern needs at least one column in equals, range or sort")
        out.append(pattern)
    return tuple(out)


def _row_estimates(data: Any) -> dict[str, int]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ConfigError("row_estimates", "must map table names to expected row counts")
    out = {}
    for table, rows in data.items():
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            raise ConfigError(f"row_estimates.{table}", f"must be a row count, not {rows!r}")
        out[_strip_public(str(table))] = rows
    return out


# Contradictions -----------------------------------------------------------------------------


def _refuse_contradictions(levels: Mapping[str, Level | None], params: Mapping[str, Mapping[str, ParamValue]],
                           profile: str, settings: Settings) -> None:
    """Refuse the catalog's exclusive pairs (never both at error), patterns no name can meet, and
    rules that the target ORM makes fire (at error) whenever another rule is obeyed."""

    def at(rule_id: str, level: Level | None = None) -> bool:
        value = levels.get(rule_id)
        return value is not None and (level is None or value >= level)

    def param(rule_id: str, name: str) -> ParamValue | None:
        return params.get(rule_id, {}).get(name)

    problems: list[str] = []
    if (at("types.text-vs-varchar", Level.ERROR) and param("types.text-vs-varchar", "text_style") == "text"
            and at("types.email-length", Level.ERROR)):
        problems.append("types.text-vs-varchar (text_style text) and types.email-length are both errors: "
                        "one wants every email column to be text, the other a varchar(255)")
    if at("normal.consolidate-small-tables", Level.ERROR) and at("normal.transitive-copy", Level.ERROR):
        problems.append("normal.consolidate-small-tables and normal.transitive-copy are both errors: one folds "
                        "thin tables into their parent, the other forbids the copies that folding makes")
    if (at("integrity.cascade-vs-soft-delete", Level.ERROR)
            and param("integrity.fk-on-delete-explicit", "default_on_delete") == "cascade"):
        problems.append("integrity.cascade-vs-soft-delete is an error while integrity.fk-on-delete-explicit "
                        "fills in ON DELETE CASCADE: every fix would break the other rule")
    if (at("types.int-width", Level.ERROR) and param("types.int-width", "int_style") == "smallest"
            and at("integrity.prefer-bigint-keys", Level.ERROR)):
        problems.append("types.int-width (int_style smallest) and integrity.prefer-bigint-keys are both errors: "
                        "they disagree on the width of key columns")
    case = param("naming.column-case", "column_case")
    pattern = param("naming.fk-column", "fk_column_pattern")
    if at("naming.column-case") and at("naming.fk-column") and isinstance(pattern, str):
        camel_pattern = bool(re.search(r"[A-Z]", _TOKEN.sub("", pattern))) or "{refSingular}" in pattern
        if (case == "snake") == camel_pattern:
            problems.append(f"naming.column-case wants {case} column names while naming.fk-column's pattern "
                            f"{pattern!r} is {'camel' if camel_pattern else 'snake'}_case: no foreign key "
                            "column could satisfy both")
    orm = settings.target_orm
    lacking = {feature for feature in ("comment", "soft-delete-filter", "db-updated-at", "concurrently",
                                       "not-valid-constraint")
               if capability(orm, settings.target_orm_version, feature) == NO}
    name = ORM_NAMES.get(orm or "", orm)
    if "comment" in lacking and at("portability.comment", Level.ERROR) and (
            at("doc.table-comment") or at("doc.column-comment")):
        problems.append(f"portability.comment is an error for {name}, which cannot store comments, while "
                        "doc.table-comment/doc.column-comment ask for them")
    if "soft-delete-filter" in lacking and at("portability.soft-delete-filter", Level.ERROR) and \
            at("softdelete.column-present") and param("softdelete.column-present", "soft_delete_scope") != "off":
        problems.append(f"portability.soft-delete-filter is an error for {name} while softdelete.column-present asks "
                        "for soft-delete columns")
    if ("db-updated-at" in lacking and settings.updated_at_mechanism == "orm"
            and at("portability.db-updated-at", Level.ERROR) and at("timestamps.created-updated")):
        problems.append(f"portability.db-updated-at is an error for {name} (updated_at kept by the ORM) while "
                        "timestamps.created-updated asks for updated_at")
    if settings.zero_downtime and "concurrently" in lacking and at("portability.concurrently", Level.ERROR) and \
            at("integrity.fk-indexed"):
        problems.append(f"portability.concurrently is an error for {name} with zero-downtime migrations while "
                        "integrity.fk-indexed asks for indexes")
    if settings.zero_downtime and "not-valid-constraint" in lacking and \
            at("portability.not-valid-constraint", Level.ERROR) and at("integrity.fk-declared"):
        problems.append(f"portability.not-valid-constraint is an error for {name} with zero-downtime migrations "
                        "while integrity.fk-declared asks for foreign keys")
    if problems:
        raise ConfigError("rules", f"profile {profile!r} with these overrides turns on contradicting rules: "
                          + "; ".join(problems))
