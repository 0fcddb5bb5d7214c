"""What a publication may show besides a period's state: public bodies' roles and deadlines.

Only the names and roles of public bodies leave the application: never a contact person,
an e-mail, a phone or a note (free text may hold any of them). Other stakeholders are left
unnamed. Everything is read in a few bulk queries and returned sorted, so the same database
gives the same rows every time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from psm_desktop.model import (
    Action,
    Assignment,
    Axis,
    AxisLink,
    Deadline,
    Plan,
    Role,
    Stakeholder,
    StakeholderKind,
    Strategy,
)
from psm_desktop.storage import Database

PUBLIC_KINDS = frozenset({StakeholderKind.MUNICIPALITY, StakeholderKind.PUBLIC_BODY})
_ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}  # lead first


@dataclass(frozen=True, slots=True)
class PublicAssignment:
    action: str  # action code
    body: str
    kind: str  # the stakeholder kind's label
    role: str  # the role's value
    role_label: str


@dataclass(frozen=True, slots=True)
class PublicDeadline:
    action: str
    title: str
    due_date: dt.date
    completed_on: dt.date | None
    body: str  # "" when none, or when it is not a public body


@dataclass(frozen=True, slots=True)
class PublicPlan:
    code: str
    title: str
    issuer: str
    period: str
    axis_descriptions: tuple[tuple[int, str], ...]
    axis_links: tuple[tuple[int, tuple[int, ...]], ...]
    strategy_descriptions: tuple[tuple[str, str], ...]
    assignments: tuple[PublicAssignment, ...]
    deadlines: tuple[PublicDeadline, ...]


def code_key(code: str) -> tuple[int | str, ...]:
    """Natural order of codes: 1.2 before 1.10."""
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))


def public_plan(db: Database) -> PublicPlan:
    with db.reading() as session:
        plan = session.execute(
            select(Plan.code, Plan.title, Plan.issuer, Plan.period).order_by(Plan.id)
        ).first()
        code, title, issuer, period = plan if plan else ("", "", "", "")
        numbers = dict(session.execute(select(Axis.id, Axis.number)).all())
        links: dict[int, list[int]] = {n: [] for n in numbers.values()}
        for axis_id, linked_id in session.execute(
            select(AxisLink.axis_id, AxisLink.linked_axis_id)
        ):
            links[numbers[axis_id]].append(numbers[linked_id])
        axes = tuple((n, d) for n, d in session.execute(select(Axis.number, Axis.description)))
        strategies = tuple(
            (c, d) for c, d in session.execute(select(Strategy.code, Strategy.description))
        )
        assignments = [
            PublicAssignment(code, name, kind.label, role.value, role.label)
            for code, name, kind, role in session.execute(
                select(Action.code, Stakeholder.name, Stakeholder.kind, Assignment.role)
                .join(Assignment, Assignment.action_id == Action.id)
                .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
                .where(Stakeholder.kind.in_(PUBLIC_KINDS))
            )
        ]
        deadlines = [
            PublicDeadline(code, title, due, done, name if kind in PUBLIC_KINDS else "")
            for code, title, due, done, name, kind in session.execute(
                select(
                    Action.code,
                    Deadline.title,
                    Deadline.due_date,
                    Deadline.completed_on,
                    Stakeholder.name,
                    Stakeholder.kind,
                )
                .join(Action, Deadline.action_id == Action.id)
                .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
            )
        ]
    return PublicPlan(
        code=code,
        title=title,
        issuer=issuer,
        period=period,
        axis_descriptions=tuple(sorted(axes)),
        axis_links=tuple((n, tuple(sorted(ls))) for n, ls in sorted(links.items())),
        strategy_descriptions=tuple(sorted(strategies, key=lambda s: code_key(s[0]))),
        assignments=tuple(
            sorted(assignments, key=lambda a: (code_key(a.action), _ROLE_ORDER[a.role], a.body))
        ),
        deadlines=tuple(
            sorted(deadlines, key=lambda d: (code_key(d.action), d.due_date, d.title, d.body))
        ),
    )
