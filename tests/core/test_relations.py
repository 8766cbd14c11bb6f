"""Cardinality and relation names, derived from keys."""

from __future__ import annotations

from pathlib import Path

from designer.core import document, ir
from designer.core.relations import Cardinality, many_to_many, plural, relation_names, relationship, singular

RICH = document.loads((Path(__file__).resolve().parents[1] / "cases" / "rich.json").read_text("utf-8"))


def _rel(schema: ir.Schema, table: str, fk: str) -> tuple[Cardinality, bool, bool]:
    t = schema.find_table(table)
    assert t is not None
    r = relationship(t, next(f for f in t.foreign_keys if f.name == fk))
    return r.cardinality, r.optional, r.via_junction


def test_cardinality_comes_from_keys() -> None:
    assert _rel(RICH, "profiles", "fk_profiles_account_id") == (Cardinality.ONE_TO_ONE, False, False)
    assert _rel(RICH, "posts", "fk_posts_author_id") == (Cardinality.MANY_TO_ONE, False, False)
    assert _rel(RICH, "posts", "fk_posts_editor_id") == (Cardinality.MANY_TO_ONE, True, False)
    assert _rel(RICH, "post_tags", "fk_post_tags_tag_id") == (Cardinality.MANY_TO_ONE, False, True)
    assert [m.junction.name for m in many_to_many(RICH)] == ["post_tags"]


def test_relation_names_are_unambiguous() -> None:
    names = relation_names(RICH)
    posts = ("public", "posts")
    assert names[(posts, "fk_posts_author_id")].back == "author_posts"
    assert names[(posts, "fk_posts_editor_id")].back == "editor_posts"
    assert names[(("public", "accounts"), "fk_accounts_manager_id")].forward == "manager"
    assert names[(("public", "profiles"), "fk_profiles_account_id")].back == "profile"
    # "user" is a column of "order", so the relation gets another name.
    assert names[(("public", "order"), "fk_order_user")].forward != "user"
    for (table_key, _), name in names.items():
        table = RICH.table(table_key[1], table_key[0])
        assert table is not None and table.column(name.forward) is None


def test_every_table_gets_distinct_relation_names() -> None:
    seen: dict[tuple[str, str], set[str]] = {}
    for (table_key, fk_name), name in relation_names(RICH).items():
        table = RICH.table(table_key[1], table_key[0])
        assert table is not None
        fk = next(f for f in table.foreign_keys if f.name == fk_name)
        for owner, value in ((table_key, name.forward), (fk.ref_key, name.back)):
            assert value not in seen.setdefault(owner, set()), (owner, value)
            seen[owner].add(value)


def test_describe_in_words() -> None:
    t = RICH.find_table("posts")
    assert t is not None
    assert relationship(t, t.foreign_keys[1]).describe() == (
        "each post may belong to one account; an account has many posts")


def test_articles_go_by_sound() -> None:
    from designer.core.relations import _a

    assert [_a(w) for w in ("account", "user", "upload", "item", "unit", "order")] == [
        "an account", "a user", "an upload", "an item", "a unit", "an order"]


def test_singular_and_plural() -> None:
    assert [singular(w) for w in ("categories", "addresses", "users", "status", "boxes")] == [
        "category", "address", "user", "status", "box"]
    assert [plural(w) for w in ("category", "box", "user", "users")] == ["categories", "boxes", "users", "users"]
