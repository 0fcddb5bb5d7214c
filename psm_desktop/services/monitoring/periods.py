"""Reporting periods: define, close (freeze a snapshot), reopen with a reason, read back.

Rules: at most one period is open for updates at a time; a closed period's snapshot is
immutable until an explicit, logged reopening; a closed period's values cannot be edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError, Problem, UserError, ValidationError
from psm_desktop.formatting import format_date, plural
from psm_desktop.model import Health, Meta, Period, PeriodKind, PeriodSnapshot, Rollup, Status
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.monitoring.build import build_action, build_actions, build_state
from psm_desktop.services.monitoring.changes import Changes, compare
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.monitoring.state import (
    SNAPSHOT_FORMAT,
    ActionState,
    IndicatorState,
    PlanState,
)
from psm_desktop.services.monitoring.summary import HealthReport, HealthSummary, summarize
from psm_desktop.services.publication_data import read_public_plan
from psm_desktop.storage import Database

NAME_MAX = 80
ENTITY = "periodo"
_RULE_KEYS = ("health.on_track", "health.attention", "health.rollup")


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    name: str
    reference_date: dt.date
    kind: PeriodKind
    closed: bool
    closed_at: dt.datetime | None

    @property
    def label(self) -> str:
        """ "Stato al 30/06/2025", as every screen and report names a period's date."""
        return f"Stato al {format_date(self.reference_date)}"


@dataclass(frozen=True, slots=True)
class ActionHealth:
    """One action's computed andamento and its indicators, at the open period or today."""

    period: PeriodInfo | None  # the open period; None: today, with the latest values
    values_period: str | None  # whose indicator values and targets were read
    action: ActionState
    indicators: tuple[IndicatorState, ...]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The plan's health at the close of one period."""

    period: str
    reference_date: dt.date
    summary: HealthSummary


def _info(period: Period) -> PeriodInfo:
    return PeriodInfo(
        id=period.id,
        name=period.name,
        reference_date=period.reference_date,
        kind=period.kind,
        closed=period.closed_at is not None,
        closed_at=period.closed_at,
    )


def _health_periods(session: Session) -> tuple[Period | None, Period | None]:
    """The open period, and the one whose values an action's health reads: the open one,
    else the latest."""
    open_one = session.scalars(select(Period).where(Period.closed_at.is_(None))).first()
    source = (
        open_one or session.scalars(select(Period).order_by(Period.reference_date.desc())).first()
    )
    return open_one, source


def read_rule(session: Session) -> HealthRule:
    stored = {
        key: value
        for key, value in session.execute(
            select(Meta.key, Meta.value).where(Meta.key.in_(_RULE_KEYS))
        )
    }
    default = HealthRule()
    return HealthRule(
        on_track=float(stored.get("health.on_track", default.on_track)),
        attention=float(stored.get("health.attention", default.attention)),
        rollup=Rollup(stored.get("health.rollup", default.rollup.value)),
    )


class PeriodService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self._ctx = ctx
        self.editor = EntityEditor(PERIOD_KIND, ctx)

    # -- reading -------------------------------------------------------------------------

    def list_periods(self) -> list[PeriodInfo]:
        with self._db.reading() as session:
            periods = session.scalars(select(Period).order_by(Period.reference_date, Period.id))
            return [_info(p) for p in periods]

    def get(self, name: str) -> PeriodInfo:
        with self._db.reading() as session:
            return _info(_find(session, name))

    def open_period(self) -> PeriodInfo | None:
        """The period open for updates, if any."""
        with self._db.reading() as session:
            period = session.scalars(select(Period).where(Period.closed_at.is_(None))).first()
            return _info(period) if period else None

    def rule(self) -> HealthRule:
        with self._db.reading() as session:
            return read_rule(session)

    def state(self, name: str | None = None, today: dt.date | None = None) -> PlanState:
        """A period's state (its frozen snapshot once closed), or today's without a name."""
        with self._db.reading() as session:
            if name is None:
                # Today's indicator values are the open period's, else the latest known.
                latest = session.scalars(
                    select(Period).order_by(
                        Period.closed_at.is_not(None), Period.reference_date.desc()
                    )
                ).first()
                return build_state(
                    session,
                    reference_date=today or dt.date.today(),
                    period_id=latest.id if latest else None,
                    period_name=None,
                    closed=False,
                    rule=read_rule(session),
                )
            period = _find(session, name)
            if period.closed_at is not None:
                snapshot = session.get(PeriodSnapshot, period.id)
                if snapshot is None:  # never: closing writes both in one transaction
                    raise UserError(f"Il periodo «{name}» è chiuso ma non ha un'istantanea.")
                return PlanState.from_bytes(snapshot.payload)
            return self._live(session, period)

    def action_health(
        self,
        action_id: int,
        *,
        status: Status | None = None,
        progress: int | None = None,
        today: dt.date | None = None,
    ) -> ActionHealth:
        """The andamento of one action at the open period's date (else today, with the
        latest period's values, as `state()` does); `status`/`progress` as if edited.

        A few small reads, not the whole plan: the editor asks on every saved figure.
        """
        with self._db.reading() as session:
            open_one, source = _health_periods(session)
            action, indicators = build_action(
                session,
                action_id,
                reference_date=open_one.reference_date if open_one else (today or dt.date.today()),
                period_id=source.id if source else None,
                rule=read_rule(session),
                status=status,
                progress=progress,
            )
            return ActionHealth(
                period=_info(open_one) if open_one else None,
                values_period=source.name if source else None,
                action=action,
                indicators=tuple(indicators),
            )

    def healths_if_edited(
        self,
        edits: Mapping[int, tuple[Status | None, int | None]],
        today: dt.date | None = None,
    ) -> dict[int, Health]:
        """The andamento `action_health` gives each action with its status and progress as
        in `edits` (None: the stored one), all in one session: an import asks for a thousand
        actions at once. Actions deleted meanwhile are left out."""
        if not edits:
            return {}
        with self._db.reading() as session:
            open_one, source = _health_periods(session)
            built = build_actions(
                session,
                dict(edits),
                reference_date=open_one.reference_date if open_one else (today or dt.date.today()),
                period_id=source.id if source else None,
                rule=read_rule(session),
            )
        return {state.id: state.health for state, _ in built}

    def trend(self) -> list[TrendPoint]:
        """The plan's health over the closed periods, oldest first (from their snapshots)."""
        with self._db.reading() as session:
            rows = session.execute(
                select(Period.name, Period.reference_date, PeriodSnapshot.payload)
                .join(PeriodSnapshot, PeriodSnapshot.period_id == Period.id)
                .order_by(Period.reference_date, Period.id)
            ).all()
        return [
            TrendPoint(name, day, summarize(PlanState.from_bytes(payload)).plan)
            for name, day, payload in rows
        ]

    def health(self, name: str | None = None, today: dt.date | None = None) -> HealthReport:
        return summarize(self.state(name, today))

    def changes(
        self, before: str, after: str | None = None, today: dt.date | None = None
    ) -> Changes:
        """What changed from period `before` to period `after` (or to today)."""
        return compare(self.state(before), self.state(after, today))

    # -- editing -------------------------------------------------------------------------

    def add(self, name: str, reference_date: dt.date, kind: PeriodKind) -> PeriodInfo:
        name = " ".join(name.split())
        problems = []
        if not name:
            problems.append(Problem("Nome del periodo", "il nome non può essere vuoto"))
        elif len(name) > NAME_MAX:
            problems.append(Problem("Nome del periodo", f"al massimo {NAME_MAX} caratteri"))
        if problems:
            raise ValidationError(problems)
        with self._db.transaction() as session:
            if session.scalars(select(Period).where(Period.name == name)).first():
                raise UserError(f"Esiste già un periodo di monitoraggio «{name}».")
            still_open = session.scalars(select(Period).where(Period.closed_at.is_(None))).first()
            if still_open is not None:
                raise UserError(
                    f"Il periodo «{still_open.name}» è ancora aperto: chiudilo prima di "
                    "aprirne un altro (un solo periodo alla volta è aperto agli aggiornamenti)."
                )
            period = Period(
                name=name,
                reference_date=reference_date,
                kind=kind,
                created_at=dt.datetime.now(),
            )
            session.add(period)
            session.flush()
            self.editor.log(session, period, "creato", None, f"{kind.label}, {_label(period)}")
            return _info(period)

    def close(self, name: str) -> PeriodInfo:
        """Freeze the state of every action at the period's date; one transaction."""
        with self._db.transaction() as session:
            period = _find(session, name)
            if period.closed_at is not None:
                raise UserError(f"Il periodo «{name}» è già chiuso.")
            # With the public facts: its publication never reads today's data.
            state = replace(
                self._live(session, period, closed=True), public=read_public_plan(session)
            )
            now = dt.datetime.now()
            session.add(
                PeriodSnapshot(
                    period_id=period.id,
                    format=SNAPSHOT_FORMAT,
                    taken_at=now,
                    payload=state.to_bytes(),
                )
            )
            period.closed_at = now
            critical = sum(1 for a in state.actions if a.health is Health.CRITICAL)
            self.editor.log(
                session,
                period,
                "chiuso",
                None,
                f"{plural(len(state.actions), 'azione congelata', 'azioni congelate')}, "
                f"{plural(critical, 'critica', 'critiche')}",
            )
            session.flush()
            return _info(period)

    def reopen(self, name: str, reason: str) -> PeriodInfo:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                [Problem("Motivo", "per riaprire un periodo chiuso va detto il motivo")]
            )
        with self._db.transaction() as session:
            period = _find(session, name)
            if period.closed_at is None:
                raise UserError(f"Il periodo «{name}» è già aperto.")
            other = session.scalars(
                select(Period).where(Period.closed_at.is_(None), Period.id != period.id)
            ).first()
            if other is not None:
                raise UserError(
                    f"Il periodo «{other.name}» è aperto: chiudilo prima di riaprire «{name}»."
                )
            snapshot = session.get(PeriodSnapshot, period.id)
            if snapshot is not None:
                session.delete(snapshot)
            period.closed_at = None
            self.editor.log(session, period, "riaperto", None, reason)
            session.flush()
            return _info(period)

    def set_rule(self, rule: HealthRule) -> None:
        with self._db.transaction() as session:
            old = read_rule(session)
            for key, value in zip(
                _RULE_KEYS,
                (f"{rule.on_track:g}", f"{rule.attention:g}", rule.rollup.value),
                strict=True,
            ):
                meta = session.get(Meta, key)
                if meta is None:
                    session.add(Meta(key=key, value=value))
                else:
                    meta.value = value
            if old != rule:
                changelog.record(
                    session,
                    self._ctx,
                    entity="regola andamento",
                    entity_id=None,
                    label="Regola dell'andamento",
                    action_id=None,
                    field="soglie",
                    old=_rule_text(old),
                    new=_rule_text(rule),
                )

    # -- helpers -------------------------------------------------------------------------

    def _live(self, session: Session, period: Period, *, closed: bool = False) -> PlanState:
        return build_state(
            session,
            reference_date=period.reference_date,
            period_id=period.id,
            period_name=period.name,
            closed=closed,
            rule=read_rule(session),
        )


PERIOD_KIND: EntityKind[Period] = EntityKind(
    model=Period,
    entity=ENTITY,
    labels={},  # periods are created, closed and reopened, never edited field by field
    not_found="Il periodo di monitoraggio non esiste più.",
    describe=lambda p: f"Il periodo «{p.name}»",
    log_label=lambda p: f"Periodo «{p.name}»",
)


def _rule_text(rule: HealthRule) -> str:
    return (
        f"in linea da {rule.on_track:g}, da attenzionare da {rule.attention:g}, {rule.rollup.label}"
    )


def _label(period: Period) -> str:
    return f"Stato al {format_date(period.reference_date)}"


def _find(session: Session, name: str) -> Period:
    period = session.scalars(select(Period).where(Period.name == name.strip())).first()
    if period is None:
        known = ", ".join(session.scalars(select(Period.name).order_by(Period.reference_date)))
        raise NotFoundError(
            f"Il periodo di monitoraggio «{name}» non esiste"
            + (f" (periodi: {known})." if known else " (non ci sono ancora periodi).")
        )
    return period
