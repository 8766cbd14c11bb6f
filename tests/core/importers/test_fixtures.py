"""Importing schemas written by others (see tests/fixtures/import/README.md for their sources)."""

from __future__ import annotations

from pathlib import Path

from designer.core import ir
from designer.core.importers import import_source

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "import"


def read(name: str) -> dict[str, str]:
    return {name: (FIXTURES / name).read_text("utf-8")}


def test_pagila_dump() -> None:
    result = import_source(read("pagila-schema.sql"))  # format detected from the extension
    schema = result.schema
    assert result.summary.tables == 21 and result.summary.enums == 1 and result.summary.foreign_keys == 40
    assert result.summary.skipped["CREATE FUNCTION"] == 10 and result.summary.skipped["CREATE VIEW"] == 7
    assert result.summary.skipped["CREATE TRIGGER"] == 16 and result.summary.skipped["CREATE DOMAIN"] == 1
    film = schema.table("film")
    assert film is not None
    assert film.column("film_id").default == ir.Default.sequence("film_film_id_seq")  # type: ignore[union-attr]
    assert film.column("rating").type.enum == "mpaa_rating"  # type: ignore[union-attr]
    assert film.column("rating").default == ir.Default.literal("G")  # type: ignore[union-attr]
    assert film.column("release_year").type.native == "year"  # type: ignore[union-attr]
    assert film.column("special_features").type.sql == "text[]"  # type: ignore[union-attr]
    assert [i.method for i in film.indexes if i.name == "film_fulltext_idx"] == [ir.IndexMethod.GIST]
    rental = schema.table("rental")
    assert rental is not None
    assert [(i.name, i.unique) for i in rental.indexes if i.unique] == [
        ("idx_unq_rental_rental_date_inventory_id_customer_id", True)]
    child = schema.table("payment_p2015_01")  # INHERITS (payment): the parent's columns are copied in
    assert child is not None and [c.name for c in child.columns][:2] == ["payment_id", "customer_id"]
    assert any("INHERITS" in d.message for d in result.warnings)


def test_umami_prisma_schema() -> None:
    result = import_source(read("umami/schema.prisma"))
    schema = result.schema
    assert result.summary.tables == 13
    website = schema.table("website")
    assert website is not None and website.orm_name is None  # Website is the mechanical name of "website"
    assert website.primary_key == ir.PrimaryKey(("website_id",), "website_pkey")
    column = website.column("website_id")
    assert column is not None and column.orm_name == "id" and column.type.sql == "uuid"
    assert website.column("reset_at").type.sql == "timestamptz(6)"  # type: ignore[union-attr]
    by_name = {fk.name: fk for fk in website.foreign_keys}
    created_by = by_name["website_created_by_fkey"]
    assert (created_by.ref_table, created_by.on_delete, created_by.on_update) == (
        "user", ir.Action.SET_NULL, ir.Action.CASCADE)  # Prisma's defaults for an optional relation
    assert created_by.relation_name == "create_user" and created_by.back_relation_name == "created_by"
    event = schema.table("website_event")
    assert event is not None and len(event.indexes) == 14
    assert event.column("event_type").default == ir.Default.literal("1")  # type: ignore[union-attr]


def test_dbml_example() -> None:
    result = import_source(read("ecommerce.dbml"))
    schema = result.schema
    assert [t.name for t in schema.tables] == ["users", "products", "categories", "orders", "order_items"]
    assert schema.comment == "E-commerce database schema"
    assert schema.groups == (ir.Group("ecommerce_core"),)
    users = schema.table("users")
    assert users is not None and users.comment == "Stores user account information"
    assert users.column("id").identity is ir.Identity.BY_DEFAULT  # type: ignore[union-attr]
    assert users.column("status").type.enum == "user_status"  # type: ignore[union-attr]
    assert users.column("created_at").default == ir.Default.expression("now()")  # type: ignore[union-attr]
    items = schema.table("order_items")
    assert items is not None and items.uniques[0].columns == ("order_id", "product_id")
    categories = schema.table("categories")
    assert categories is not None and categories.foreign_keys[0].ref_table == "categories"
    assert sum("note on value" in d.message for d in result.warnings) == 5
