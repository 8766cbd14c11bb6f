"""Create the schema.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS_QUOTED = postgresql.ENUM(
    "it's",
    'a"b',
    '$$',
    'back\\slash',
    'new\nline',
    'é名前',
    name='Status "quoted"',
    schema='Sales Dept',
    create_type=False,
)
KIND = postgresql.ENUM('plain', 'Mixed Case', 'select', name='kind', create_type=False)


def upgrade() -> None:
    op.execute(sa.schema.CreateSchema('Sales Dept'))
    bind = op.get_bind()
    STATUS_QUOTED.create(bind)
    KIND.create(bind)
    op.create_table(
        'Order Items',
        sa.Column(
            'id',
            sa.BigInteger(),
            sa.Identity(always=True),
            nullable=False,
            comment='*/ /* """ ${x} `tick`',
        ),
        sa.Column(
            'select',
            sa.Text(),
            nullable=False,
            server_default=sa.text('E\'it\'\'s "quoted" \\\\ $$\''),
            comment='Reserved word.',
        ),
        sa.Column('Qty', sa.Integer(), nullable=False, server_default=sa.text('1')),
        sa.Column('weird"name', sa.String(20), comment='A double quote in a name.'),
        sa.Column('back\\slash', sa.Text(), comment='A backslash in a name: \\n is not a newline.'),
        sa.Column('semi;colon --x', sa.Numeric(8, 3)),
        sa.Column('名前', sa.Text(), comment='Unicode: é ü 名前 \u2028 (line separator)'),
        sa.Column('status', STATUS_QUOTED, nullable=False, server_default=sa.text("'it''s'")),
        sa.Column('kind', postgresql.ARRAY(KIND)),
        sa.Column('$$tag', sa.Text(), comment='$$ in a name must not end a dollar quote'),
        sa.Column('#hash', sa.Boolean(), nullable=False, server_default=sa.text('false')),
        sa.PrimaryKeyConstraint('id', name='Order Items_pkey'),
        sa.UniqueConstraint('名前', name='uq_名前'),
        sa.CheckConstraint('"Qty" > 0', name='ck Qty positive'),
        sa.CheckConstraint("status::text <> 'it''s not'", name='ck_status_text'),
        schema='Sales Dept',
        comment='Quotes \' and " and $$dollar$$ and E\'\\x\' and a\nnew line; DROP TABLE x; --',
    )
    op.create_index(
        'uq "select" live',
        'Order Items',
        ['select', 'Qty'],
        unique=True,
        postgresql_where=sa.text('"Qty" > 0'),
        schema='Sales Dept',
    )
    op.create_index(
        'ix weird"name',
        'Order Items',
        [sa.text('"weird""name" DESC')],
        schema='Sales Dept',
    )
    op.create_index(
        'ix_lower_select',
        'Order Items',
        [sa.text('(lower("select"))')],
        postgresql_where=sa.text('"#hash"'),
        schema='Sales Dept',
    )
    op.create_table(
        'line notes',
        sa.Column('item id', sa.BigInteger(), nullable=False),
        sa.Column('n', sa.SmallInteger(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.PrimaryKeyConstraint('item id', 'n', name='line notes_pkey'),
        sa.ForeignKeyConstraint(
            ['item id'],
            ['Sales Dept.Order Items.id'],
            name='fk line notes → items',
            ondelete='CASCADE',
        ),
        schema='Sales Dept',
        comment='Points at Order Items across a quoted schema.',
    )
    op.create_index('ix line notes item id', 'line notes', ['item id'], schema='Sales Dept')
    op.create_table(
        'user',
        sa.Column('ID', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('favourite item', sa.BigInteger()),
        sa.PrimaryKeyConstraint('ID', name='user_pkey'),
        sa.ForeignKeyConstraint(
            ['favourite item'],
            ['Sales Dept.Order Items.id'],
            name='fk user favourite',
            ondelete='SET NULL',
        ),
        comment='A reserved word in public, referenced from the quoted schema.',
    )
    op.create_index('ix_user_favourite', 'user', ['favourite item'])


def downgrade() -> None:
    op.drop_table('user')
    op.drop_table('line notes', schema='Sales Dept')
    op.drop_table('Order Items', schema='Sales Dept')
    bind = op.get_bind()
    KIND.drop(bind)
    STATUS_QUOTED.drop(bind)
    op.execute(sa.schema.DropSchema('Sales Dept'))
