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


ACCOUNT_STATUS = postgresql.ENUM(
    'active',
    'suspended',
    'closed',
    name='account_status',
    create_type=False,
)
POST_STATE = postgresql.ENUM('draft', 'published', 'archived', name='post_state', create_type=False)
INVOICE_STATUS = postgresql.ENUM(
    'open',
    'paid',
    'void',
    name='invoice_status',
    schema='billing',
    create_type=False,
)


def upgrade() -> None:
    op.execute(sa.schema.CreateSchema('billing'))
    bind = op.get_bind()
    ACCOUNT_STATUS.create(bind)
    POST_STATE.create(bind)
    INVOICE_STATUS.create(bind)
    op.execute(sa.schema.CreateSequence(sa.Sequence('order_legacy_code_seq', data_type=sa.Integer)))
    op.create_table(
        'accounts',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('email', sa.String(255), nullable=False, comment='Unique among live accounts.'),
        sa.Column('display_name', sa.Text(), nullable=False),
        sa.Column('status', ACCOUNT_STATUS, nullable=False, server_default=sa.text("'active'")),
        sa.Column('manager_id', sa.BigInteger(), comment='Self-reference: who manages this account.'),
        sa.Column('settings', postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column('nicknames', postgresql.ARRAY(sa.Text())),
        sa.Column('login_count', sa.Integer(), nullable=False, server_default=sa.text('0')),
        sa.Column(
            'created_at',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.Column(
            'updated_at',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.Column('deleted_at', postgresql.TIMESTAMP(timezone=True)),
        sa.PrimaryKeyConstraint('id', name='accounts_pkey'),
        sa.ForeignKeyConstraint(
            ['manager_id'],
            ['accounts.id'],
            name='fk_accounts_manager_id',
            ondelete='SET NULL',
        ),
        sa.CheckConstraint('login_count >= 0', name='chk_accounts_login_count'),
        comment='Someone who can sign in.',
    )
    op.create_index(
        'uniq_accounts_email',
        'accounts',
        ['email'],
        unique=True,
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_index(
        'idx_accounts_lower_email',
        'accounts',
        [sa.text('(lower((email)::text))')],
        unique=True,
    )
    op.create_index('idx_accounts_manager_id', 'accounts', ['manager_id'])
    op.create_index(
        'idx_accounts_settings',
        'accounts',
        ['settings'],
        postgresql_using='gin',
        postgresql_ops={'settings': 'jsonb_path_ops'},
    )
    op.create_table(
        'profiles',
        sa.Column('account_id', sa.BigInteger(), nullable=False),
        sa.Column('bio', sa.Text()),
        sa.Column('birth_date', sa.Date()),
        sa.Column('avatar', postgresql.BYTEA()),
        sa.PrimaryKeyConstraint('account_id', name='profiles_pkey'),
        sa.ForeignKeyConstraint(
            ['account_id'],
            ['accounts.id'],
            name='fk_profiles_account_id',
            ondelete='CASCADE',
        ),
        comment='One-to-one with accounts.',
    )
    op.create_table(
        'posts',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('author_id', sa.BigInteger(), nullable=False),
        sa.Column('editor_id', sa.BigInteger()),
        sa.Column('title', sa.String(200), nullable=False),
        sa.Column('slug', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column('state', POST_STATE, nullable=False, server_default=sa.text("'draft'")),
        sa.Column('rating', sa.Numeric(3, 2)),
        sa.Column('word_count', sa.Integer(), sa.Computed('length(body)', persisted=True)),
        sa.Column('published_at', postgresql.TIMESTAMP(timezone=True)),
        sa.Column(
            'created_at',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.PrimaryKeyConstraint('id', name='posts_pkey'),
        sa.ForeignKeyConstraint(
            ['author_id'],
            ['accounts.id'],
            name='fk_posts_author_id',
            ondelete='RESTRICT',
            onupdate='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['editor_id'],
            ['accounts.id'],
            name='fk_posts_editor_id',
            ondelete='SET NULL',
        ),
        sa.UniqueConstraint('author_id', 'slug', name='uniq_posts_author_slug'),
        sa.CheckConstraint('rating >= 0 AND rating <= 5', name='chk_posts_rating_range'),
        sa.CheckConstraint(
            "state <> 'published'::post_state OR published_at IS NOT NULL",
            name='chk_posts_published_at',
        ),
        comment='An article.',
    )
    op.create_index('idx_posts_editor_id', 'posts', ['editor_id'])
    op.create_index(
        'idx_posts_published',
        'posts',
        [sa.text('published_at DESC NULLS LAST')],
        postgresql_include=['title'],
        postgresql_where=sa.text("state = 'published'::post_state"),
    )
    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), sa.Identity(always=True), nullable=False),
        sa.Column('label', sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint('id', name='tags_pkey'),
        sa.UniqueConstraint('label', name='uniq_tags_label'),
    )
    op.create_table(
        'post_tags',
        sa.Column('post_id', postgresql.UUID(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column(
            'added_at',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.PrimaryKeyConstraint('post_id', 'tag_id', name='post_tags_pkey'),
        sa.ForeignKeyConstraint(
            ['post_id'],
            ['posts.id'],
            name='fk_post_tags_post_id',
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name='fk_post_tags_tag_id', ondelete='CASCADE'),
        comment='Many-to-many between posts and tags.',
    )
    op.create_index('idx_post_tags_tag_id', 'post_tags', ['tag_id'])
    op.create_table(
        'post_revisions',
        sa.Column('post_id', postgresql.UUID(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column(
            'saved_at',
            postgresql.TIMESTAMP(timezone=True),
            nullable=False,
            server_default=sa.text('now()'),
        ),
        sa.PrimaryKeyConstraint('post_id', 'revision', name='post_revisions_pkey'),
        sa.ForeignKeyConstraint(
            ['post_id'],
            ['posts.id'],
            name='fk_post_revisions_post_id',
            ondelete='CASCADE',
        ),
        sa.CheckConstraint('revision > 0', name='chk_post_revisions_revision'),
        comment='Composite key, referenced by a composite foreign key.',
    )
    op.create_table(
        'revision_reviews',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('post_id', postgresql.UUID(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.BigInteger(), nullable=False),
        sa.Column('approved', sa.Boolean(), nullable=False, server_default=sa.text('false')),
        sa.PrimaryKeyConstraint('id', name='revision_reviews_pkey'),
        sa.ForeignKeyConstraint(
            ['post_id', 'revision'],
            ['post_revisions.post_id', 'post_revisions.revision'],
            name='fk_revision_reviews_revision',
            ondelete='CASCADE',
            deferrable=True,
            initially='DEFERRED',
        ),
        sa.ForeignKeyConstraint(
            ['reviewer_id'],
            ['accounts.id'],
            name='fk_revision_reviews_reviewer_id',
            ondelete='RESTRICT',
        ),
    )
    op.create_index('idx_revision_reviews_revision', 'revision_reviews', ['post_id', 'revision'])
    op.create_index(
        'idx_revision_reviews_reviewer_id',
        'revision_reviews',
        ['reviewer_id'],
        postgresql_using='hash',
    )
    op.create_table(
        'invoices',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('account_id', sa.BigInteger(), nullable=False),
        sa.Column('number', sa.String(32), nullable=False),
        sa.Column('status', INVOICE_STATUS, nullable=False, server_default=sa.text("'open'")),
        sa.Column('total', sa.Numeric(12, 2), nullable=False, server_default=sa.text('0')),
        sa.Column('currency', sa.CHAR(3), nullable=False, server_default=sa.text("'EUR'")),
        sa.Column('issued_on', sa.Date(), nullable=False, server_default=sa.text('CURRENT_DATE')),
        sa.Column('due_at', postgresql.TIMESTAMP(precision=3)),
        sa.Column('lines', postgresql.JSONB(), nullable=False, server_default=sa.text("'[]'")),
        sa.Column('period', SqlType('daterange')),
        sa.PrimaryKeyConstraint('id', name='invoices_pkey'),
        sa.ForeignKeyConstraint(
            ['account_id'],
            ['accounts.id'],
            name='fk_invoices_account_id',
            ondelete='RESTRICT',
        ),
        sa.UniqueConstraint('number', name='uniq_invoices_number', postgresql_nulls_not_distinct=True),
        sa.CheckConstraint('total >= 0', name='chk_invoices_total'),
        schema='billing',
        comment='What an account owes.',
    )
    op.create_index(
        'idx_invoices_account_id_issued_on',
        'invoices',
        ['account_id', sa.text('issued_on DESC')],
        schema='billing',
    )
    op.create_index(
        'idx_invoices_open',
        'invoices',
        ['due_at'],
        postgresql_where=sa.text("status = 'open'::billing.invoice_status"),
        schema='billing',
    )
    op.create_index(
        'idx_invoices_issued_brin',
        'invoices',
        ['issued_on'],
        postgresql_using='brin',
        schema='billing',
    )
    op.create_table(
        'order',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('user', sa.BigInteger(), nullable=False, comment='Reserved word as a column name.'),
        sa.Column('Select', sa.Text()),
        sa.Column('group by', sa.SmallInteger(), server_default=sa.text('1')),
        sa.Column('amount', sa.Numeric(10, 2), nullable=False),
        sa.Column(
            'legacy_code',
            sa.Integer(),
            server_default=sa.text("nextval('order_legacy_code_seq'::regclass)"),
        ),
        sa.PrimaryKeyConstraint('id', name='order_pkey'),
        sa.ForeignKeyConstraint(['user'], ['accounts.id'], name='fk_order_user', ondelete='CASCADE'),
        sa.CheckConstraint('amount > 0', name='chk_order_amount'),
        comment='Reserved word as a table name; mixed-case and spaced names need quotes.',
    )
    op.create_index('idx_order_user', 'order', ['user'])


def downgrade() -> None:
    op.drop_table('order')
    op.drop_table('invoices', schema='billing')
    op.drop_table('revision_reviews')
    op.drop_table('post_revisions')
    op.drop_table('post_tags')
    op.drop_table('tags')
    op.drop_table('posts')
    op.drop_table('profiles')
    op.drop_table('accounts')
    op.execute(sa.schema.DropSequence(sa.Sequence('order_legacy_code_seq')))
    bind = op.get_bind()
    INVOICE_STATUS.drop(bind)
    POST_STATE.drop(bind)
    ACCOUNT_STATUS.drop(bind)
    op.execute(sa.schema.DropSchema('billing'))
