"""The registry's contract: rules return lists of issues, findings are stable, sorted and filterable."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from designer.core.diagnostics import Level
from designer.core.validate import LintConfig, find, lint, rules, to_json, to_sarif
from designer.core.validate.docs import render
from designer.core.validate.registry import Issue, Rule, RuleError, registry
from tests.core.validate.builders import col, fk, schema, table, uid, users

ROOT = Path(__file__).resolve().parents[3]


def _rule(check: Any, rule_id: str = "test.probe") -> Rule:
    return Rule(id=rule_id, level=Level.WARNING, tags=("test",), statement="A probe.", source="tests", fix="",
                example="-", params={}, check=check)


def _only(rule_id: str) -> LintConfig:
    return LintConfig.from_dict({"rules": {"*": "off", rule_id: "on"}})


def test_a_rule_that_returns_a_generator_is_refused_clearly() -> None:
    def probe(ctx: Any, p: Any) -> Any:
        return (Issue("users", "x") for _ in range(1))

    with registry.temporarily(_rule(probe)), pytest.raises(RuleError, match=r"test\.probe returned generator, not a "
                                                                            r"list"):
        lint(schema(users()), _only("test.probe"))


def test_a_rule_that_returns_other_things_in_its_list_is_refused() -> None:
    with registry.temporarily(_rule(lambda ctx, p: ["users: bad"])), pytest.raises(RuleError, match="holding str"):
        lint(schema(users()), _only("test.probe"))


def test_a_rule_that_reports_one_object_twice_is_refused() -> None:
    with registry.temporarily(_rule(lambda ctx, p: [Issue("users", "a"), Issue("users", "b")])), \
            pytest.raises(RuleError, match="reported users twice"):
        lint(schema(users()), _only("test.probe"))


def test_a_temporary_rule_is_gone_afterwards() -> None:
    with registry.temporarily(_rule(lambda ctx, p: [Issue("users", "seen")])):
        assert [f.rule for f in lint(schema(users()), _only("test.probe"))] == ["test.probe"]
    assert "test.probe" not in registry


def _messy() -> Any:
    return schema(users(), table("Posts", uid(), col("user_id", "uuid", null=False), fk("user_id", "users")),
                  table("audit", col("payload"), pk=()))


def test_findings_come_errors_first_then_by_path() -> None:
    findings = lint(_messy())
    keys = [(-f.level, f.path) for f in findings]
    assert keys == sorted(keys)
    assert findings[0].level is Level.ERROR
    assert {f.level for f in findings} == {Level.ERROR, Level.WARNING, Level.INFO}


def test_finding_ids_are_stable_and_name_one_finding() -> None:
    first, second = lint(_messy()), lint(_messy())
    assert [f.id for f in first] == [f.id for f in second]
    assert len({f.id for f in first}) == len(first)
    target = next(f for f in first if f.rule == "integrity.fk-indexed")
    assert find(second, target.id) == target
    assert find(second, "000000000000") is None


def test_tags_select_an_area() -> None:
    from designer.core.validate.registry import run

    only_index = run(_messy(), LintConfig(), tags=["index"])
    assert only_index and all("index" in registry[f.rule].tags for f in only_index)
    assert "integrity.fk-indexed" in {f.rule for f in only_index}  # tagged index as well as integrity


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    lint(_messy())
    assert gc.isenabled()
    gc.disable()
    try:
        lint(_messy())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_json_carries_what_the_api_shows() -> None:
    findings = lint(_messy())
    data = to_json(findings)
    assert len(data) == len(findings)
    item = next(d for d in data if d["rule"] == "integrity.fk-indexed")
    assert item["level"] == "error" and item["path"] == "Posts.user_id"
    assert item["fix"]["edit"] == "AddConstraint" and "Index" in item["fix"]["description"]
    assert set(item) == {"id", "rule", "level", "message", "path", "hint", "fix"}


def test_sarif_is_a_code_scanning_log() -> None:
    findings = lint(_messy())
    log = to_sarif(findings, artifact_uri="schema.json", lines={"Posts.user_id": 42})
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] and driver["rules"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) == len({f.rule for f in findings})
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "schema.json"
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"]
        assert result["partialFingerprints"]["findingId/v1"] == finding.id
    fk_result = next(r for r in run["results"] if r["ruleId"] == "integrity.fk-indexed")
    assert fk_result["locations"][0]["physicalLocation"]["region"]["startLine"] == 42
    assert {r["defaultConfiguration"]["level"] for r in driver["rules"]} <= {"error", "warning", "note"}


def test_docs_rules_md_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == render(), "docs/rules.md is stale: run python -m designer.core.validate.docs > docs/rules.md"


def test_docs_list_every_rule() -> None:
    text = render()
    for r in rules():
        assert f"### {r.id}\n" in text
