"""update campaigns: the campaign, its offices and the changes they propose

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 03:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('grace_days >= 0', name=op.f('ck_campaign_grace_not_negative')),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_campaign_period_id_period'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('name', name=op.f('uq_campaign_name'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_period_id'), ['period_id'], unique=False)

    op.create_table('campaign_office',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('returned_file', sa.Text(), nullable=False),
    sa.Column('returned_digest', sa.String(length=64), nullable=False),
    sa.CheckConstraint("state IN ('da_inviare', 'inviato', 'rientrato', 'validato')", name=op.f('ck_campaign_office_office_state')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_office_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], name=op.f('fk_campaign_office_stakeholder_id_stakeholder'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_office')),
    sa.UniqueConstraint('campaign_id', 'stakeholder_id', name=op.f('uq_campaign_office_campaign_id'))
    )
    with op.batch_alter_table('campaign_office', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_office_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_office_stakeholder_id'), ['stakeholder_id'], unique=False)

    op.create_table('campaign_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('field_label', sa.Text(), nullable=False),
    sa.Column('base_value', sa.Text(), nullable=True),
    sa.Column('proposed_value', sa.Text(), nullable=True),
    sa.Column('shown_base', sa.Text(), nullable=False),
    sa.Column('shown_proposed', sa.Text(), nullable=False),
    sa.Column('source_file', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('proposta', 'accettata', 'respinta')", name=op.f('ck_campaign_change_change_state')),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_campaign_change_action_id_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_change_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['office_id'], ['campaign_office.id'], name=op.f('fk_campaign_change_office_id_campaign_office'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_change'))
    )
    with op.batch_alter_table('campaign_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_change_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_change_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_change_office_id'), ['office_id'], unique=False)


def downgrade() -> None:
    op.drop_table('campaign_change')
    op.drop_table('campaign_office')
    op.drop_table('campaign')
