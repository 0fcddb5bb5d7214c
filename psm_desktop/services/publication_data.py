"""What a publication may show besides a period's state: public bodies' roles and deadlines.

Closing a period freezes these facts in its snapshot (with the plan's title and texts), so
the publication of a closed period is rebuilt from the snapshot alone, byte for byte.

Only the names and roles of public bodies leave the application: never a contact person,
an e-mail, a phone or a note (free text may hold any of them). Other stakeholders are left
unnamed. Everything is read in a few bulk queries and returned sorted, so the same database
gives the same rows every time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psm_desktop.model.codes import code_order
from psm_desktop.model.enums import Role, StakeholderKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


def public_plan(db: Database) -> PublicPlan:
    """Today's public facts (a provisional publication); a closed period has its own."""
    with db.reading() as session:
        return read_public_plan(session)


def read_public_plan(session: Session) -> PublicPlan:
    """The public facts as they stand, read in `session` (closing a period freezes them)."""
    # The data layers only here: the document half of this module is light (the editor's
    # health panel reads a snapshot before SQLAlchemy is loaded).
    from sqlalchemy import String, select, type_coerce

    from psm_desktop.model import (
        Action,
        Assignment,
        Axis,
        AxisLink,
        Deadline,
        Plan,
        Stakeholder,
        Strategy,
    )

    plan = session.execute(
        select(Plan.code, Plan.title, Plan.issuer, Plan.period).order_by(Plan.id)
    ).first()
    code, title, issuer, period = plan if plan else ("", "", "", "")
    numbers = dict(session.execute(select(Axis.id, Axis.number)).all())
    links: dict[int, list[int]] = {n: [] for n in numbers.values()}
    for axis_id, linked_id in session.execute(select(AxisLink.axis_id, AxisLink.linked_axis_id)):
        links[numbers[axis_id]].append(numbers[linked_id])
    axes = tuple((n, d) for n, d in session.execute(select(Axis.number, Axis.description)))
    strategies = tuple(
        (c, d) for c, d in session.execute(select(Strategy.code, Strategy.description))
    )
    # Kinds and roles as their stored text: converting each row's enums was most of the
    # time of closing a period of 10,000 actions (tens of thousands of rows).
    kind_text, role_text = (
        type_coerce(Stakeholder.kind, String),
        type_coerce(Assignment.role, String),
    )
    kinds = {k.value: k.label for k in StakeholderKind}
    roles = {r.value: r.label for r in Role}
    public = {k.value for k in PUBLIC_KINDS}
    assignments = [
        PublicAssignment(code, name, kinds[kind], role, roles[role])
        for code, name, kind, role in session.execute(
            select(Action.code, Stakeholder.name, kind_text, role_text)
            .join(Assignment, Assignment.action_id == Action.id)
            .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
            .where(Stakeholder.kind.in_(PUBLIC_KINDS))
        )
    ]
    deadlines = [
        PublicDeadline(code, title, due, done, name if kind in public else "")
        for code, title, due, done, name, kind in session.execute(
            select(
                Action.code,
                Deadline.title,
                Deadline.due_date,
                Deadline.completed_on,
                Stakeholder.name,
                kind_text,
            )
            .join(Action, Deadline.action_id == Action.id)
            .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
        )
    ]
    keys: dict[str, tuple[int, ...]] = {}

    def key(code: str) -> tuple[int, ...]:  # codes repeat: each is split once
        found = keys.get(code)
        if found is None:
            found = keys[code] = code_order(code)
        return found

    return PublicPlan(
        code=code,
        title=title,
        issuer=issuer,
        period=period,
        axis_descriptions=tuple(sorted(axes)),
        axis_links=tuple((n, tuple(sorted(ls))) for n, ls in sorted(links.items())),
        strategy_descriptions=tuple(sorted(strategies, key=lambda s: key(s[0]))),
        assignments=tuple(
            sorted(assignments, key=lambda a: (key(a.action), _ROLE_ORDER[a.role], a.body))
        ),
        deadlines=tuple(
            sorted(deadlines, key=lambda d: (key(d.action), d.due_date, d.title, d.body))
        ),
    )


def to_document(plan: PublicPlan) -> dict[str, Any]:
    """The public facts as plain JSON values, for a period's snapshot."""
    return {
        "code": plan.code,
        "title": plan.title,
        "issuer": plan.issuer,
        "period": plan.period,
        "axis_descriptions": [list(a) for a in plan.axis_descriptions],
        "axis_links": [[n, list(ls)] for n, ls in plan.axis_links],
        "strategy_descriptions": [list(s) for s in plan.strategy_descriptions],
        "assignments": [[a.action, a.body, a.kind, a.role, a.role_label] for a in plan.assignments],
        "deadlines": [
            [
                d.action,
                d.title,
                d.due_date.isoformat(),
                d.completed_on.isoformat() if d.completed_on else None,
                d.body,
            ]
            for d in plan.deadlines
        ],
    }


def from_document(document: dict[str, Any]) -> PublicPlan:
    """The public facts back from a snapshot, equal to what was frozen."""
    return PublicPlan(
        code=document["code"],
        title=document["title"],
        issuer=document["issuer"],
        period=document["period"],
        axis_descriptions=tuple((int(n), str(d)) for n, d in document["axis_descriptions"]),
        axis_links=tuple((int(n), tuple(int(x) for x in ls)) for n, ls in document["axis_links"]),
        strategy_descriptions=tuple((str(c), str(d)) for c, d in document["strategy_descriptions"]),
        assignments=tuple(PublicAssignment(*row) for row in document["assignments"]),
        deadlines=tuple(
            PublicDeadline(
                action,
                title,
                dt.date.fromisoformat(due),
                dt.date.fromisoformat(done) if done else None,
                body,
            )
            for action, title, due, done, body in document["deadlines"]
        ),
    )
