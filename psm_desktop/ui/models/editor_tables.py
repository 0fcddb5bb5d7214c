"""The small tables of the action editor: assignments, deadlines and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QColor

from psm_desktop.formatting import EMPTY, format_date
from psm_desktop.model import Role
from psm_desktop.services.dto import AssignmentInfo, ChangeInfo, DeadlineInfo
from psm_desktop.ui.models.base import Column, RowTableModel
from psm_desktop.ui.widgets.status_style import overdue_background, overdue_color

ASSIGNMENT_COLUMNS: tuple[Column[AssignmentInfo], ...] = (
    Column("Soggetto", lambda a: a.stakeholder_name),
    Column("Tipo", lambda a: a.stakeholder_kind.label),
    Column("Ruolo", lambda a: a.role.label, key=lambda a: list(Role).index(a.role)),
)


def _deadline_fg(d: DeadlineInfo, dark: bool) -> QColor | None:
    return overdue_color(dark) if d.overdue else None


def _deadline_bg(d: DeadlineInfo, dark: bool) -> QColor | None:
    return overdue_background(dark) if d.overdue else None


def deadline_state(d: DeadlineInfo, today: dt.date | None = None) -> str:
    if d.completed_on:
        return f"Completata il {format_date(d.completed_on)}"
    if d.overdue:
        days = ((today or dt.date.today()) - d.due_date).days
        return f"⚠ In ritardo di {days} g"
    return "Aperta"


DEADLINE_COLUMNS: tuple[Column[DeadlineInfo], ...] = (
    Column("Scadenza", lambda d: d.title, background=_deadline_bg),
    Column(
        "Data prevista",
        lambda d: format_date(d.due_date),
        key=lambda d: d.due_date,
        background=_deadline_bg,
    ),
    Column("Stato", deadline_state, foreground=_deadline_fg, background=_deadline_bg),
    Column("Responsabile", lambda d: d.stakeholder_name or "", background=_deadline_bg),
    Column("Note", lambda d: d.notes, background=_deadline_bg),
)


def _arrow(c: ChangeInfo) -> str:
    return f"{c.old_value or EMPTY} → {c.new_value or EMPTY}"


HISTORY_COLUMNS: tuple[Column[ChangeInfo], ...] = (
    Column("Quando", lambda c: c.changed_at.strftime("%d/%m/%Y %H:%M"), key=lambda c: c.changed_at),
    Column("Chi", lambda c: c.user),
    Column("Oggetto", lambda c: "Azione" if c.entity == "azione" else c.entity_label),
    Column("Campo", lambda c: c.field),
    Column("Prima → dopo", _arrow),
    Column("Origine", lambda c: c.source),
)


def assignment_model(parent: Any = None) -> RowTableModel[AssignmentInfo]:
    return RowTableModel(ASSIGNMENT_COLUMNS, parent)


def deadline_model(parent: Any = None) -> RowTableModel[DeadlineInfo]:
    return RowTableModel(DEADLINE_COLUMNS, parent)


def history_model(parent: Any = None) -> RowTableModel[ChangeInfo]:
    return RowTableModel(HISTORY_COLUMNS, parent)
