"""Identifier rules: legal names, quoting, the 63-byte limit."""

from __future__ import annotations

import pytest

from designer.core.identifiers import IdentifierError, check_identifier, needs_quoting, qualified, quote_identifier


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("users", "users"), ("order", '"order"'), ("User", '"User"'), ("with space", '"with space"'),
     ('say "hi"', '"say ""hi"""'), ("name", "name"), ("_x$1", "_x$1"), ("1st", '"1st"')],
)
def test_quoting(name: str, quoted: str) -> None:
    assert quote_identifier(name) == quoted
    assert needs_quoting(name) == (quoted != name)


def test_qualified_names_omit_the_default_namespace() -> None:
    assert qualified("public", "users") == "users"
    assert qualified("Billing", "order") == '"Billing"."order"'


@pytest.mark.parametrize(
    ("name", "reason"),
    [("", "empty"), ("a" * 64, "64 bytes"), ("é" * 32, "64 bytes"), ("a\x00b", "NUL"), (" padded", "white space")],
)
def test_illegal_names_are_refused_naming_the_object_and_the_reason(name: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as err:
        check_identifier(name, "column users.x")
    assert str(err.value).startswith("column users.x: ")
    assert reason in str(err.value)


def test_63_bytes_is_allowed() -> None:
    check_identifier("a" * 63, "table")
