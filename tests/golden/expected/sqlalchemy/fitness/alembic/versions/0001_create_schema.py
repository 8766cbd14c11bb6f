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

USER_ROLE = postgresql.ENUM('member', 'coach', 'admin', name='user_role', create_type=False)
DIFFICULTY = postgresql.ENUM(
    'beginner',
    'intermediate',
    'advanced',
    name='difficulty',
    create_type=False,
)
EXERCISE_TYPE = postgresql.ENUM(
    'strength',
    'cardio',
    'mobility',
    'plyometric',
    name='exercise_type',
    create_type=False,
)
MOVEMENT_PATTERN = postgresql.ENUM(
    'squat',
    'hinge',
    'push',
    'pull',
    'carry',
    'lunge',
    'rotation',
    name='movement_pattern',
    create_type=False,
)
SESSION_STATUS = postgresql.ENUM(
    'planned',
    'in_progress',
    'completed',
    'skipped',
    name='session_status',
    create_type=False,
)


def upgrade() -> None:
    bind = op.get_bind()
    USER_ROLE.create(bind)
    DIFFICULTY.create(bind)
    EXERCISE_TYPE.create(bind)
    MOVEMENT_PATTERN.create(bind)
    SESSION_STATUS.create(bind)
    op.create_table(
        'users',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column(
            'email',
            sa.String(255),
            nullable=False,
            comment='Sign-in address, unique among live users.',
        ),
        sa.Column('display_name', sa.Text(), nullable=False),
        sa.Column('role', USER_ROLE, nullable=False, server_default=sa.text("'member'")),
        sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.text('true')),
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
        sa.Column(
            'deleted_at',
            postgresql.TIMESTAMP(timezone=True),
            comment='Set when the user is soft-deleted.',
        ),
        sa.PrimaryKeyConstraint('id', name='users_pkey'),
        sa.CheckConstraint("position('@' in email) > 1", name='chk_users_email_format'),
        comment='A person with an account.',
    )
    op.create_index(
        'uniq_users_email',
        'users',
        ['email'],
        unique=True,
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_table(
        'exercises',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column(
            'slug',
            sa.Text(),
            nullable=False,
            comment='URL-safe name, unique among live exercises.',
        ),
        sa.Column('exercise_type', EXERCISE_TYPE, nullable=False),
        sa.Column('movement_pattern', MOVEMENT_PATTERN, nullable=False),
        sa.Column('difficulty', DIFFICULTY, nullable=False, server_default=sa.text("'intermediate'")),
        sa.Column(
            'equipment',
            postgresql.ARRAY(sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'"),
            comment='Equipment needed, e.g. barbell, bench.',
        ),
        sa.Column(
            'muscle_groups',
            postgresql.ARRAY(sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'"),
        ),
        sa.Column(
            'instructions',
            sa.Text(),
            comment='How to perform it; optional for well-known lifts.',
        ),
        sa.Column('metadata', postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column(
            'created_by',
            postgresql.UUID(),
            comment='The coach who added it; empty for the built-in library.',
        ),
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
        sa.PrimaryKeyConstraint('id', name='exercises_pkey'),
        sa.ForeignKeyConstraint(
            ['created_by'],
            ['users.id'],
            name='fk_exercises_created_by',
            ondelete='SET NULL',
        ),
        comment='The exercise library that workouts draw from.',
    )
    op.create_index(
        'uniq_exercises_slug',
        'exercises',
        ['slug'],
        unique=True,
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_index(
        'idx_exercises_type_difficulty',
        'exercises',
        ['exercise_type', 'difficulty'],
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_index(
        'idx_exercises_muscle_groups',
        'exercises',
        ['muscle_groups'],
        postgresql_using='gin',
    )
    op.create_index('idx_exercises_created_by', 'exercises', ['created_by'])
    op.create_table(
        'programs',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('user_id', postgresql.UUID(), nullable=False, comment='The owner.'),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('description', sa.Text()),
        sa.Column('difficulty', DIFFICULTY, nullable=False),
        sa.Column('weeks', sa.SmallInteger(), nullable=False),
        sa.Column('is_public', sa.Boolean(), nullable=False, server_default=sa.text('false')),
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
        sa.PrimaryKeyConstraint('id', name='programs_pkey'),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['users.id'],
            name='fk_programs_user_id',
            ondelete='RESTRICT',
        ),
        sa.CheckConstraint('weeks BETWEEN 1 AND 52', name='weeks_in_range'),
        comment='A multi-week training plan.',
    )
    op.create_index(
        'idx_programs_user_id_created_at',
        'programs',
        ['user_id', sa.text('created_at DESC')],
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_table(
        'workouts',
        sa.Column('id', postgresql.UUID(), nullable=False, server_default=sa.text('gen_random_uuid()')),
        sa.Column('user_id', postgresql.UUID(), nullable=False),
        sa.Column('program_id', postgresql.UUID(), comment='Empty for a one-off workout.'),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('scheduled_on', sa.Date()),
        sa.Column('day_index', sa.SmallInteger(), comment='Day of the program, from 0.'),
        sa.Column('notes', sa.Text()),
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
        sa.PrimaryKeyConstraint('id', name='workouts_pkey'),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['users.id'],
            name='fk_workouts_user_id',
            ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['program_id'],
            ['programs.id'],
            name='fk_workouts_program_id',
            ondelete='SET NULL',
        ),
        sa.CheckConstraint('day_index >= 0', name='day_index_positive'),
        comment="One day's training in a program, or a one-off workout.",
    )
    op.create_index(
        'idx_workouts_user_id_scheduled_on',
        'workouts',
        ['user_id', 'scheduled_on'],
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_index('idx_workouts_program_id', 'workouts', ['program_id'])
    op.create_table(
        'workout_exercises',
        sa.Column('workout_id', postgresql.UUID(), nullable=False),
        sa.Column('exercise_id', postgresql.UUID(), nullable=False),
        sa.Column('order_index', sa.Integer(), nullable=False),
        sa.Column('target_sets', sa.SmallInteger(), nullable=False),
        sa.Column('target_reps', sa.SmallInteger()),
        sa.Column('target_weight_kg', sa.Numeric(6, 2)),
        sa.Column('rest_seconds', sa.Integer(), nullable=False, server_default=sa.text('90')),
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
        sa.PrimaryKeyConstraint('workout_id', 'order_index', name='workout_exercises_pkey'),
        sa.ForeignKeyConstraint(
            ['workout_id'],
            ['workouts.id'],
            name='fk_workout_exercises_workout_id',
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['exercise_id'],
            ['exercises.id'],
            name='fk_workout_exercises_exercise_id',
            ondelete='RESTRICT',
        ),
        sa.CheckConstraint('order_index >= 0', name='order_index_positive'),
        sa.CheckConstraint('target_sets > 0', name='set_is_positive'),
        comment='The exercises of a workout, in order, with their targets.',
    )
    op.create_index('idx_workout_exercises_exercise_id', 'workout_exercises', ['exercise_id'])
    op.create_table(
        'sessions',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('user_id', postgresql.UUID(), nullable=False),
        sa.Column('workout_id', postgresql.UUID()),
        sa.Column('status', SESSION_STATUS, nullable=False, server_default=sa.text("'planned'")),
        sa.Column('started_at', postgresql.TIMESTAMP(timezone=True)),
        sa.Column('completed_at', postgresql.TIMESTAMP(timezone=True)),
        sa.Column('perceived_effort', sa.SmallInteger(), comment='RPE from 1 (easy) to 10 (maximal).'),
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
        sa.PrimaryKeyConstraint('id', name='sessions_pkey'),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['users.id'],
            name='fk_sessions_user_id',
            ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['workout_id'],
            ['workouts.id'],
            name='fk_sessions_workout_id',
            ondelete='SET NULL',
        ),
        sa.CheckConstraint(
            'completed_at IS NULL OR completed_at >= started_at',
            name='completed_after_start',
        ),
        sa.CheckConstraint('perceived_effort BETWEEN 1 AND 10', name='perceived_effort_range'),
        comment='A workout as actually trained: when it started and ended and how hard it felt.',
    )
    op.create_index(
        'idx_sessions_user_id_started_at',
        'sessions',
        ['user_id', sa.text('started_at DESC')],
        postgresql_where=sa.text('deleted_at IS NULL'),
    )
    op.create_index('idx_sessions_workout_id', 'sessions', ['workout_id'])


def downgrade() -> None:
    op.drop_table('sessions')
    op.drop_table('workout_exercises')
    op.drop_table('workouts')
    op.drop_table('programs')
    op.drop_table('exercises')
    op.drop_table('users')
    bind = op.get_bind()
    SESSION_STATUS.drop(bind)
    MOVEMENT_PATTERN.drop(bind)
    EXERCISE_TYPE.drop(bind)
    DIFFICULTY.drop(bind)
    USER_ROLE.drop(bind)
