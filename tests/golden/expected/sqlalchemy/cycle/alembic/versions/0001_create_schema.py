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


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence('ticket_numbers', data_type=sa.BigInteger)))
    op.execute(sa.schema.CreateSequence(sa.Sequence('projects_code_seq', data_type=sa.Integer)))
    op.create_table(
        'departments',
        sa.Column('id', sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('head_id', postgresql.UUID()),
        sa.Column('flagship_project_id', postgresql.UUID()),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', name='uniq_departments_name'),
        comment='Has a head (an employee) while employees belong to a department: a foreign key cycle.',
    )
    op.create_index('idx_departments_head_id', 'departments', ['head_id'])
    op.create_index('idx_departments_flagship_project_id', 'departments', ['flagship_project_id'])
    op.create_table(
        'employees',
        sa.Column(
            'id',
            postgresql.UUID(),
            nullable=False,
            comment='Set by the application, not the database.',
        ),
        sa.Column('badge_no', sa.String(12), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('mentor_badge_no', sa.String(12), comment='Self-reference through a unique index.'),
        sa.Column('email', sa.String(255)),
        sa.Column(
            'ticket_no',
            sa.BigInteger(),
            nullable=False,
            server_default=sa.text("nextval('ticket_numbers'::regclass)"),
        ),
        sa.PrimaryKeyConstraint('id', name='employees_pkey'),
        sa.ForeignKeyConstraint(
            ['department_id'],
            ['departments.id'],
            name='fk_employees_department_id',
            ondelete='RESTRICT',
            onupdate='CASCADE',
        ),
    )
    op.create_index(
        'uniq_employees_email',
        'employees',
        ['email'],
        unique=True,
        postgresql_nulls_not_distinct=True,
        postgresql_where=sa.text('email IS NOT NULL'),
    )
    op.create_index('idx_employees_badge_no', 'employees', ['badge_no'], unique=True)
    op.create_index('idx_employees_department_id', 'employees', ['department_id'])
    op.create_index('idx_employees_mentor_badge_no', 'employees', ['mentor_badge_no'])
    op.create_foreign_key(
        'fk_employees_mentor',
        'employees',
        'employees',
        ['mentor_badge_no'],
        ['badge_no'],
        ondelete='SET NULL',
    )
    op.create_table(
        'projects',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('lead_id', postgresql.UUID(), nullable=False),
        sa.Column(
            'ticket_no',
            sa.BigInteger(),
            nullable=False,
            server_default=sa.text("nextval('ticket_numbers'::regclass)"),
            comment='Shares a sequence with employees.ticket_no.',
        ),
        sa.Column(
            'code',
            sa.Integer(),
            server_default=sa.text("nextval('projects_code_seq'::regclass)"),
        ),
        sa.PrimaryKeyConstraint('id', name='projects_pkey'),
        sa.ForeignKeyConstraint(
            ['department_id'],
            ['departments.id'],
            name='fk_projects_department_id',
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['lead_id'],
            ['employees.id'],
            name='fk_projects_lead_id',
            ondelete='RESTRICT',
        ),
    )
    op.create_index('idx_projects_department_id', 'projects', ['department_id'])
    op.create_index('idx_projects_lead_id', 'projects', ['lead_id'])
    op.create_foreign_key(
        'fk_departments_head_id',
        'departments',
        'employees',
        ['head_id'],
        ['id'],
        ondelete='SET NULL',
        deferrable=True,
    )
    op.create_foreign_key(
        'fk_departments_flagship_project_id',
        'departments',
        'projects',
        ['flagship_project_id'],
        ['id'],
        ondelete='SET NULL',
        deferrable=True,
        initially='DEFERRED',
    )


def downgrade() -> None:
    op.drop_constraint('fk_departments_head_id', 'departments', type_='foreignkey')
    op.drop_constraint('fk_departments_flagship_project_id', 'departments', type_='foreignkey')
    op.drop_table('projects')
    op.drop_table('employees')
    op.drop_table('departments')
    op.execute(sa.schema.DropSequence(sa.Sequence('ticket_numbers')))
    op.execute(sa.schema.DropSequence(sa.Sequence('projects_code_seq')))
