"""the fields Italian offices report on: CUP, PNRR measure, DUP objective, competence, SDGs

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 05:00:00

Columns are added in place (ALTER TABLE ... ADD COLUMN), never by copying the action
table: SQLite runs migrations with foreign keys on, and dropping the old copy of `action`
would cascade to its assignments, deadlines and indicators.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COMPETENCE_CHECK = "competence IN ('diretta', 'regia')"


def upgrade() -> None:
    op.add_column('action', sa.Column('cup', sa.String(length=15), nullable=True))
    op.add_column('action', sa.Column('pnrr', sa.String(length=40), nullable=True))
    op.add_column('action', sa.Column('dup_objective', sa.String(length=60), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite cannot add a constraint to a table, only a column that carries one.
        op.execute(
            'ALTER TABLE action ADD COLUMN competence VARCHAR(40) '
            f'CONSTRAINT ck_action_competence CHECK ({COMPETENCE_CHECK})'
        )
    else:
        op.add_column('action', sa.Column('competence', sa.String(length=40), nullable=True))
        op.create_check_constraint(op.f('ck_action_competence'), 'action', COMPETENCE_CHECK)
    op.create_index(op.f('ix_action_cup'), 'action', ['cup'], unique=False)

    op.create_table('action_sdg',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.CheckConstraint('goal >= 1 AND goal <= 17', name=op.f('ck_action_sdg_goal_range')),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_sdg_action_id_action'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'goal', name=op.f('pk_action_sdg'))
    )
    op.create_index(op.f('ix_action_sdg_goal'), 'action_sdg', ['goal'], unique=False)


def downgrade() -> None:
    # For development only (the application never downgrades): on SQLite the batch copies
    # the action table, which with foreign keys on would empty its children.
    op.drop_index(op.f('ix_action_sdg_goal'), table_name='action_sdg')
    op.drop_table('action_sdg')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_cup'))
        batch_op.drop_column('competence')
        batch_op.drop_column('dup_objective')
        batch_op.drop_column('pnrr')
        batch_op.drop_column('cup')
