"""Create the schema.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class SqlType(sa.types.UserDefinedType[Any]):
    """A PostgreSQL type that SQLAlchemy has no class for, written as it is named."""

    cache_ok = True

    def __init__(self, name: str) -> None:
        self.name = name

    def get_col_spec(self, **kw: Any) -> str:
        return self.name


MOOD = postgresql.ENUM('ok', 'meh', 'great', name='mood', create_type=False)


def upgrade() -> None:
    bind = op.get_bind()
    MOOD.create(bind)
    op.create_table(
        'every_type',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('a_smallint', sa.SmallInteger(), server_default=sa.text('-1')),
        sa.Column('an_integer', sa.Integer(), nullable=False, server_default=sa.text('0')),
        sa.Column('a_bigint', sa.BigInteger()),
        sa.Column('a_numeric', sa.Numeric()),
        sa.Column('a_numeric_10_2', sa.Numeric(10, 2), server_default=sa.text('0.50')),
        sa.Column('a_numeric_5', sa.Numeric(5, 0)),
        sa.Column('a_real', sa.REAL()),
        sa.Column('a_double', sa.Double(), server_default=sa.text('1.5')),
        sa.Column('a_boolean', sa.Boolean(), nullable=False, server_default=sa.text('true')),
        sa.Column('a_text', sa.Text(), server_default=sa.text("'hello'")),
        sa.Column('a_varchar', sa.String()),
        sa.Column('a_varchar_40', sa.String(40)),
        sa.Column('a_char_2', sa.CHAR(2)),
        sa.Column('a_uuid', postgresql.UUID(), server_default=sa.text('gen_random_uuid()')),
        sa.Column('a_date', sa.Date(), server_default=sa.text('CURRENT_DATE')),
        sa.Column('a_time', postgresql.TIME()),
        sa.Column('a_time_3', postgresql.TIME(precision=3)),
        sa.Column('a_timetz', postgresql.TIME(timezone=True)),
        sa.Column('a_timestamp', postgresql.TIMESTAMP()),
        sa.Column('a_timestamp_0', postgresql.TIMESTAMP(precision=0)),
        sa.Column(
            'a_timestamptz',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.Column('a_timestamptz_6', postgresql.TIMESTAMP(timezone=True, precision=6)),
        sa.Column('an_interval', postgresql.INTERVAL()),
        sa.Column('a_json', postgresql.JSON()),
        sa.Column(
            'a_jsonb',
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text('\'{"k": [1, 2]}\''),
        ),
        sa.Column('a_bytea', postgresql.BYTEA()),
        sa.Column('an_inet', postgresql.INET()),
        sa.Column('a_cidr', postgresql.CIDR()),
        sa.Column('a_macaddr', postgresql.MACADDR()),
        sa.Column('a_money', postgresql.MONEY()),
        sa.Column('a_tsvector', postgresql.TSVECTOR()),
        sa.Column('an_xml', SqlType('xml')),
        sa.Column('an_enum', MOOD, nullable=False, server_default=sa.text("'ok'")),
        sa.Column('an_other', SqlType('int4range')),
        sa.Column(
            'text_array',
            postgresql.ARRAY(sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'"),
        ),
        sa.Column('int_matrix', postgresql.ARRAY(sa.Integer(), dimensions=2)),
        sa.Column('varchar_array', postgresql.ARRAY(sa.String(10))),
        sa.Column('numeric_array', postgresql.ARRAY(sa.Numeric(8, 3))),
        sa.Column('uuid_array', postgresql.ARRAY(postgresql.UUID())),
        sa.Column('enum_array', postgresql.ARRAY(MOOD)),
        sa.Column('timestamptz_array', postgresql.ARRAY(postgresql.TIMESTAMP(timezone=True))),
        sa.Column('jsonb_array', postgresql.ARRAY(postgresql.JSONB())),
        sa.PrimaryKeyConstraint('id', name='every_type_pkey'),
        comment='One column of every logical type, and arrays of several.',
    )
    op.create_index('idx_every_type_a_tsvector', 'every_type', ['a_tsvector'], postgresql_using='gin')
    op.create_index('idx_every_type_text_array', 'every_type', ['text_array'], postgresql_using='gin')


def downgrade() -> None:
    op.drop_table('every_type')
    bind = op.get_bind()
    MOOD.drop(bind)
