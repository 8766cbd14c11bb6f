"""The rule registry, modelled on Django's system checks (``django/core/checks/registry.py``).

A rule is a plain function ``(ctx, params) -> list[Issue]`` registered with the ``@rule``
decorator: its stable id (the slug from ``rules-catalog.md``), its default level, its area tags,
its parameters with defaults, and the words the docs print (statement, source, fix, example).
The function says *what* is wrong and *where*; the registry adds the level the active profile
gives the rule, drops what the project ignores, and turns each issue into a :class:`Finding`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from designer.core import ir
from designer.core.diagnostics import Diagnostic, Level
from designer.core.edits import Edit
from designer.core.gcpause import no_cycle_collection

if TYPE_CHECKING:
    from designer.core.validate.config import LintConfig, Plan
    from designer.core.validate.context import Context

ParamValue: TypeAlias = str | int | bool | tuple[str, ...]


class RuleError(TypeError):
    """A rule broke the registry's contract (returned something other than a list of issues)."""


@dataclass(frozen=True)
class Param:
    """A rule parameter: the knob a profile or a project turns instead of adding a rival rule.

    Attributes:
        default: the neutral value (its type is the parameter's type; lists are tuples).
        doc: one line for docs/rules.md.
        choices: the allowed values (each element, for a list parameter); empty for free text.
        tokens: for a naming pattern, the ``{tokens}`` it may contain.
    """

    default: ParamValue
    doc: str
    choices: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


class Params:
    """A rule's resolved parameters, with typed getters (so rules stay mypy-strict)."""

    def __init__(self, values: Mapping[str, ParamValue]) -> None:
        self._values = dict(values)

    def text(self, name: str) -> str:
        value = self._values[name]
        assert isinstance(value, str), name
        return value

    def number(self, name: str) -> int:
        value = self._values[name]
        assert isinstance(value, int) and not isinstance(value, bool), name
        return value

    def flag(self, name: str) -> bool:
        value = self._values[name]
        assert isinstance(value, bool), name
        return value

    def names(self, name: str) -> tuple[str, ...]:
        value = self._values[name]
        assert isinstance(value, tuple), name
        return value

    def as_dict(self) -> dict[str, ParamValue]:
        return dict(self._values)


@dataclass(frozen=True)
class Fix:
    """An automatic fix: an edit of the schema model, applied through the storage services
    (so it is versioned and undoable like any other edit)."""

    description: str
    edit: Edit


class Issue(NamedTuple):
    """What a rule reports; the registry adds the rule id and the level.

    Attributes:
        path: the object: ``table``, ``table.column``, ``table.constraint`` (namespace-qualified
            outside ``public``), an enum's path, or ``""`` for the whole schema.
        message: what is wrong, for a person looking at the diagram.
        hint: what to do about it.
        fix: the automatic fix, when there is a safe one; or a function that builds it, so a run
            with thousands of findings only builds the fixes someone looks at.
        key: tells apart two issues of one rule on one path (rarely needed).
        level: a fixed level for notes that are informative whatever the profile says
            (the portability "needs an annotation" notes are always info).

    A tuple, because a large schema yields thousands and tuples are the cheapest to make.
    """

    path: str
    message: str
    hint: str = ""
    fix: Fix | Callable[[], Fix] | None = None
    key: str = ""
    level: Level | None = None


class Finding:
    """One result of a lint run.

    Attributes:
        rule: the rule id (the diagnostic's code).
        level: the level after profile and overrides.
        issue: what the rule reported.

    The diagnostic, the id and the fix are built on first access: a run on a large schema makes
    thousands of findings, and most are only counted or listed.
    """

    __slots__ = ("rule", "level", "issue", "_diagnostic", "_id", "_fix")

    def __init__(self, rule: str, level: Level, issue: Issue) -> None:
        self.rule = rule
        self.level = level
        self.issue = issue
        self._diagnostic: Diagnostic | None = None
        self._id: str | None = None
        self._fix: Fix | None = None

    @property
    def diagnostic(self) -> Diagnostic:
        """Level, code (the rule id), message, path and hint."""
        if self._diagnostic is None:
            i = self.issue
            self._diagnostic = Diagnostic(self.level, self.rule, i.message, i.path, i.hint)
        return self._diagnostic

    @property
    def id(self) -> str:
        """Stable across runs for the same rule and object: what "apply fix <id>" names."""
        if self._id is None:
            self._id = finding_id(self.rule, self.issue.path, self.issue.key)
        return self._id

    @property
    def path(self) -> str:
        return self.issue.path

    @property
    def message(self) -> str:
        return self.issue.message

    @property
    def fixable(self) -> bool:
        return self.issue.fix is not None

    @property
    def fix(self) -> Fix | None:
        """The automatic fix, if any (built on first access)."""
        if self._fix is None and self.issue.fix is not None:
            made = self.issue.fix
            self._fix = made if isinstance(made, Fix) else made()
        return self._fix

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self.diagnostic == other.diagnostic and self.issue.key == other.issue.key

    def __hash__(self) -> int:
        return hash((self.rule, self.issue.path, self.issue.key))

    def __repr__(self) -> str:
        return f"Finding({self.level.label} {self.rule} {self.issue.path or '(schema)'}: {self.issue.message!r})"


def finding_id(rule_id: str, path: str, key: str = "") -> str:
    """A short stable id: a hash of the rule id, the object path and the disambiguating key."""
    text = "\x1f".join((rule_id, path, key))
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


Check: TypeAlias = "Callable[[Context, Params], list[Issue]]"


@dataclass(frozen=True)
class Rule:
    """A registered rule and its documentation.

    Attributes:
        id: the catalog slug, e.g. ``integrity.fk-indexed`` (never reused, never holds a level).
        level: the catalog's default severity (the ``Sev`` column); profiles may change it.
        tags: the areas the rule belongs to (its group first), for ``run(tags=...)``.
        statement: the rule in one sentence.
        source: where it comes from: seed files (S000-S004) and linters.
        fix: what the automatic fix does ("" when there is none).
        example: a design that breaks the rule.
        params: the parameters and their defaults.
        check: the function.
    """

    id: str
    level: Level
    tags: tuple[str, ...]
    statement: str
    source: str
    fix: str
    example: str
    params: Mapping[str, Param]
    check: Check

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]

    def defaults(self) -> dict[str, ParamValue]:
        return {name: p.default for name, p in self.params.items()}


#: The rule groups in the order of the catalog's sections.
GROUPS = ("naming", "integrity", "types", "softdelete", "timestamps", "audit", "tenancy", "index", "normal", "doc",
          "migration", "portability")
#: The group whose rules read a change (old -> new schema): they run only when given the old schema.
DIFF_GROUP = "migration"


@dataclass
class Registry:
    """The rules by id, in registration order (the order docs/rules.md lists them)."""

    rules: dict[str, Rule] = field(default_factory=dict)
    _ordered: list[Rule] = field(default_factory=list, repr=False)

    def rule(
        self,
        id: str,
        level: Level,
        *,
        tags: tuple[str, ...] = (),
        statement: str,
        source: str,
        fix: str = "",
        example: str,
        params: Mapping[str, Param] | None = None,
    ) -> Callable[[Check], Check]:
        """Register the decorated function as rule ``id``."""

        def register(check: Check) -> Check:
            if id in self.rules:
                raise ValueError(f"rule {id!r} is registered twice")
            group = id.split(".", 1)[0]
            self.rules[id] = Rule(id=id, level=level, tags=tuple(dict.fromkeys((group, *tags))),
                                  statement=statement, source=source, fix=fix, example=example,
                                  params=dict(params or {}), check=check)
            return check

        return register

    def __iter__(self) -> Iterator[Rule]:
        """The rules in catalog order: by group (as the catalog's sections), then as registered."""
        if len(self._ordered) != len(self.rules):
            order = {group: n for n, group in enumerate(GROUPS)}
            ranked = sorted(enumerate(self.rules.values()),
                            key=lambda item: (order.get(item[1].group, len(order)), item[0]))
            self._ordered = [rule for _, rule in ranked]
        return iter(self._ordered)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def __len__(self) -> int:
        return len(self.rules)

    @contextmanager
    def temporarily(self, rule: Rule) -> Iterator[Rule]:
        """Register ``rule`` for the length of a ``with`` block (tests use it, as Wagtail's
        ``hooks.register_temporarily``)."""
        if rule.id in self.rules:
            raise ValueError(f"rule {rule.id!r} is already registered")
        self.rules[rule.id] = rule
        self._ordered = []
        try:
            yield rule
        finally:
            del self.rules[rule.id]
            self._ordered = []


#: The registry every ``rules_<area>`` module registers into.
registry = Registry()
rule = registry.rule


def call(rule: Rule, ctx: Context, params: Params) -> list[Issue]:
    """Run one rule, holding it to the contract: a list of :class:`Issue`."""
    issues = rule.check(ctx, params)
    if not isinstance(issues, list):
        raise RuleError(f"rule {rule.id} returned {type(issues).__name__}, not a list of issues; "
                        "a rule must return a list (an empty one when it finds nothing)")
    if issues and not all(type(issue) is Issue for issue in issues):
        bad = next(issue for issue in issues if not isinstance(issue, Issue))
        raise RuleError(f"rule {rule.id} returned a list holding {type(bad).__name__}, not Issue")
    return issues


def run(schema: ir.Schema, config: LintConfig | Plan | None = None, *, tags: Iterable[str] = (),
        rules: Registry | None = None, old: ir.Schema | None = None) -> list[Finding]:
    """Run every rule the config turns on (only those with one of ``tags``, when given).

    ``old`` is the schema before a change: the migration rules check that change; without it
    they do not run. Findings come sorted: errors first, then by path and rule id. Objects the
    config ignores are left out.
    """
    # Imported here: the context and the config import this module for its types.
    from designer.core.validate.config import LintConfig
    from designer.core.validate.context import Context

    reg = rules or registry
    if config is None:
        config = LintConfig()
    plan = config.resolve(reg) if isinstance(config, LintConfig) else config
    wanted = set(tags)
    with no_cycle_collection():
        return _run(Context(schema, plan, old), reg, wanted)


def _run(ctx: Context, reg: Registry, wanted: set[str]) -> list[Finding]:
    plan = ctx.plan
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for r in reg:
        level = plan.level(r.id)
        if level is None or (wanted and not wanted.intersection(r.tags)) or (ctx.old is None and r.group == DIFF_GROUP):
            continue
        rule_id = r.id
        ignores = [i for i in plan.ignores if i.covers_rule(rule_id)]
        for issue in call(r, ctx, plan.params[rule_id]):
            path = issue.path
            if ignores and any(i.covers_path(path) for i in ignores):
                continue
            identity = (rule_id, path, issue.key)
            if identity in seen:
                raise RuleError(f"rule {rule_id} reported {path or 'the schema'} twice; give each issue "
                                "its own path or key")
            seen.add(identity)
            findings.append(Finding(rule_id, issue.level or level, issue))
    # Errors first, then by path and rule: two stable sorts with C-level keys.
    findings.sort(key=attrgetter("issue.path", "rule", "issue.key"))
    findings.sort(key=attrgetter("level"), reverse=True)
    return findings
