"""SQL expression text: renames by token, and one-expression validation."""

from __future__ import annotations

import pytest

from designer.core.sqltext import expression_problem, rename_identifier, type_problem


def test_rename_touches_names_not_strings_functions_or_types() -> None:
    expr = "lower(email) = 'email' AND \"email\" IS NOT NULL AND email(1) AND x::email"
    assert rename_identifier(expr, "email", "Mail") == (
        "lower(\"Mail\") = 'email' AND \"Mail\" IS NOT NULL AND email(1) AND x::email")


def test_a_column_named_like_a_keyword_renames_without_touching_the_keyword() -> None:
    assert rename_identifier('x IS NOT NULL AND "is" > 0', "is", "is_value") == "x IS NOT NULL AND is_value > 0"


@pytest.mark.parametrize("ok", ["x > 0", "now()", "'a'::text", "deleted_at IS NULL", "(SELECT 1)", "'--' || x"])
def test_single_expressions_pass(ok: str) -> None:
    assert expression_problem(ok) is None


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("", "empty"), ("x >", "not valid SQL"), ("1 FROM t", "not a query"), ("a AS b", "single"),
     ("x > 0 -- c", "comments"), ("x /* c */ > 0", "comments"), ("x > 0)); DROP TABLE t; --", "not valid")],
)
def test_anything_else_is_refused(bad: str, reason: str) -> None:
    problem = expression_problem(bad)
    assert problem is not None and reason in problem


def test_types() -> None:
    assert type_problem("geometry(Point, 4326)") is None
    assert type_problem("citext") is None
    assert type_problem("text); DROP TABLE t; --") is not None
