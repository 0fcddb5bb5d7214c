"""monitoring cycle: periods, snapshots, indicators, targets and values

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 02:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

VALUE = sa.Numeric(precision=18, scale=4)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def _checks() -> tuple[str, str]:
    """The two CHECKs that add booleans, in the engine's dialect: SQLite's text is kept as
    it always was (existing files have it); PostgreSQL has no boolean arithmetic."""
    if op.get_bind().dialect.name == 'postgresql':
        return (
            'num_nonnulls(action_id, strategy_id, axis_id) = 1',
            '(value IS NULL) = not_available',
        )
    return (
        '(action_id IS NOT NULL) + (strategy_id IS NOT NULL) + (axis_id IS NOT NULL) = 1',
        '(value IS NULL) = (not_available = 1)',
    )


def upgrade() -> None:
    one_owner, value_or_not_available = _checks()
    op.create_table('period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('reference_date', sa.Date(), nullable=False),
    sa.Column('kind', _enum('period_kind', 'mese', 'trimestre', 'semestre', 'anno', 'altro'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period')),
    sa.UniqueConstraint('name', name=op.f('uq_period_name'))
    )
    op.create_table('period_snapshot',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_period_snapshot_period_id_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('period_id', name=op.f('pk_period_snapshot'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('strategy_id', sa.Integer(), nullable=True),
    sa.Column('axis_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('direction', _enum('direction', 'crescente', 'decrescente', 'intervallo'), nullable=False),
    sa.Column('baseline_value', VALUE, nullable=True),
    sa.Column('baseline_date', sa.Date(), nullable=True),
    sa.Column('target_value', VALUE, nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('range_min', VALUE, nullable=True),
    sa.Column('range_max', VALUE, nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('frequency', sa.String(length=40), nullable=False),
    sa.Column('measured_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint(one_owner, name=op.f('ck_indicator_one_owner')),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_indicator_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['axis_id'], ['axis.id'], name=op.f('fk_indicator_axis_id_axis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measured_by_id'], ['stakeholder.id'], name=op.f('fk_indicator_measured_by_id_stakeholder'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['strategy_id'], ['strategy.id'], name=op.f('fk_indicator_strategy_id_strategy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_axis_id'), ['axis_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_strategy_id'), ['strategy_id'], unique=False)

    op.create_table('indicator_target',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('value', VALUE, nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_target_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_indicator_target_period_id_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'period_id', name=op.f('pk_indicator_target'))
    )
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('value', VALUE, nullable=True),
    sa.Column('not_available', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint(value_or_not_available, name=op.f('ck_indicator_value_value_or_not_available')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_value_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_indicator_value_period_id_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('indicator_id', 'period_id', name=op.f('uq_indicator_value_indicator_id'))
    )
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_value_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_value_period_id'), ['period_id'], unique=False)


def downgrade() -> None:
    op.drop_table('indicator_value')
    op.drop_table('indicator_target')
    op.drop_table('indicator')
    op.drop_table('period_snapshot')
    op.drop_table('period')
