"""Indicators of actions, strategies and axes; their intermediate targets and period values.

"n.d." (not available) is a value of its own, never zero; a closed period's values and
targets are frozen like the rest of its snapshot.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from psm_desktop.errors import NotFoundError, Problem, UserError, ValidationError
from psm_desktop.model import (
    Action,
    Axis,
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Period,
    Strategy,
)
from psm_desktop.services.context import EditContext
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.monitoring.indicator_data import (
    LABELS,
    NAME_MAX,
    NOT_AVAILABLE,
    NOTE_MAX,
    DeletedIndicator,
    IndicatorData,
    IndicatorInfo,
    format_number,
    parse_value,
)
from psm_desktop.storage import Database


class IndicatorService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self._ctx = ctx
        self.editor = EntityEditor(INDICATOR_KIND, ctx)

    def for_action(self, action_id: int) -> list[IndicatorInfo]:
        with self._db.reading() as session:
            found = session.scalars(select(Indicator).where(Indicator.action_id == action_id))
            return [self._info(session, i) for i in found]

    def history(self) -> dict[int, tuple[tuple[str, str], ...]]:
        """Every indicator's measured values by period, oldest first, as shown (one read:
        the sheets of a whole plan print them all)."""
        out: dict[int, list[tuple[str, str]]] = {}
        with self._db.reading() as session:
            for indicator_id, name, value, not_available in session.execute(
                select(
                    IndicatorValue.indicator_id,
                    Period.name,
                    IndicatorValue.value,
                    IndicatorValue.not_available,
                )
                .join(Period, IndicatorValue.period_id == Period.id)
                .order_by(Period.reference_date, Period.id)
            ):
                out.setdefault(indicator_id, []).append((name, format_number(value, not_available)))
        return {key: tuple(values) for key, values in out.items()}

    def get(self, indicator_id: int) -> IndicatorInfo:
        with self._db.reading() as session:
            return self._info(session, _get(session, indicator_id))

    def target_of(self, indicator_id: int, period: str) -> Decimal | None:
        """The intermediate target set for a period (None: none, the rule interpolates)."""
        with self._db.reading() as session:
            return session.scalars(
                select(IndicatorTarget.value)
                .join(Period, IndicatorTarget.period_id == Period.id)
                .where(IndicatorTarget.indicator_id == indicator_id, Period.name == period)
            ).first()

    def create(self, owner: str, data: IndicatorData) -> IndicatorInfo:
        """`owner` is an action code ("1.1.1"), a strategy code ("1.1") or an axis ("1")."""
        self._validate(data)
        with self._db.transaction() as session:
            indicator = Indicator(**_owner(session, owner), **_columns(data))
            session.add(indicator)
            session.flush()
            for name in LABELS:
                value = getattr(data, name)
                if value not in (None, ""):
                    self.editor.log(session, indicator, LABELS[name], None, _shown(value))
            return self._info(session, indicator)

    def update(self, indicator_id: int, version: int, data: IndicatorData) -> IndicatorInfo:
        self._validate(data)
        with self._db.transaction() as session:
            indicator = self.editor.load(session, indicator_id, version)
            self.editor.apply(session, indicator, _columns(data))
            return self._info(session, indicator)

    def check(self, data: IndicatorData) -> None:
        """Raise the ValidationError that create/update would (a dialog checks first)."""
        self._validate(data)

    def delete(self, indicator_id: int) -> DeletedIndicator:
        """Delete it with its values and targets; what is returned lets `restore` undo it."""
        with self._db.transaction() as session:
            indicator = _get(session, indicator_id)
            info = self._info(session, indicator)
            values = session.execute(
                select(Period.name, IndicatorValue.value, IndicatorValue.note)
                .join(Period, IndicatorValue.period_id == Period.id)
                .where(IndicatorValue.indicator_id == indicator_id)
                .order_by(Period.reference_date)
            ).all()
            targets = session.execute(
                select(Period.name, IndicatorTarget.value)
                .join(Period, IndicatorTarget.period_id == Period.id)
                .where(IndicatorTarget.indicator_id == indicator_id)
                .order_by(Period.reference_date)
            ).all()
            self.editor.log(session, indicator, "eliminato", indicator.name, None)
            session.delete(indicator)
            return DeletedIndicator(
                id=indicator_id,
                owner=info.owner,
                data=info.data,
                values=tuple((p, v, n) for p, v, n in values),
                targets=tuple((p, v) for p, v in targets),
            )

    def restore(self, deleted: DeletedIndicator) -> IndicatorInfo:
        """Bring back a deleted indicator with its values and targets (undo of delete).

        It gets its old id back when still free, so later edits that name it still apply;
        values of closed periods come back too: they were there when the period closed.
        """
        with self._db.transaction() as session:
            free = session.get(Indicator, deleted.id) is None
            indicator = Indicator(
                **({"id": deleted.id} if free else {}),
                **_owner(session, deleted.owner),
                **_columns(deleted.data),
            )
            session.add(indicator)
            session.flush()
            periods = {name: pid for name, pid in session.execute(select(Period.name, Period.id))}
            for name, value, note in deleted.values:
                if name in periods:
                    session.add(
                        IndicatorValue(
                            indicator_id=indicator.id,
                            period_id=periods[name],
                            value=value,
                            not_available=value is None,
                            note=note,
                        )
                    )
            for name, target in deleted.targets:
                if name in periods:
                    session.add(
                        IndicatorTarget(
                            indicator_id=indicator.id, period_id=periods[name], value=target
                        )
                    )
            self.editor.log(session, indicator, "ripristinato", None, indicator.name)
            session.flush()
            return self._info(session, indicator)

    def clear_value(self, indicator_id: int, period: str) -> None:
        """Remove the value of an open period (undo of its first entry): not measured yet."""
        with self._db.transaction() as session:
            indicator = _get(session, indicator_id)
            target_period = _open_period(session, period)
            row = session.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == indicator_id,
                    IndicatorValue.period_id == target_period.id,
                )
            ).first()
            if row is None:
                return
            old = format_number(row.value, row.not_available)
            self.editor.log(session, indicator, f"valore {target_period.name}", old, None)
            session.delete(row)

    def set_value(
        self, indicator_id: int, period: str, value: Decimal | None, note: str = ""
    ) -> None:
        """Record the value of a period; None means "n.d." (not available)."""
        with self._db.transaction() as session:
            self.set_value_in(session, indicator_id, period, value, note)

    def set_value_in(
        self,
        session: Session,
        indicator_id: int,
        period: str,
        value: Decimal | None,
        note: str = "",
    ) -> bool:
        """The same inside a caller's transaction (an importer); True if anything changed."""
        note = note.strip()
        if len(note) > NOTE_MAX:
            raise ValidationError([Problem("Nota del valore", f"al massimo {NOTE_MAX} caratteri")])
        indicator = _get(session, indicator_id)
        target_period = _open_period(session, period)
        row = session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator_id,
                IndicatorValue.period_id == target_period.id,
            )
        ).first()
        old = (format_number(row.value, row.not_available), row.note) if row else ("", "")
        new = (format_number(value, value is None), note)
        if old == new:
            return False
        if row is None:
            row = IndicatorValue(indicator_id=indicator_id, period_id=target_period.id)
            session.add(row)
        row.value = value
        row.not_available = value is None
        row.note = note
        where = f"valore {target_period.name}"
        if old[0] != new[0]:
            self.editor.log(session, indicator, where, old[0] or None, new[0])
        if old[1] != new[1]:
            self.editor.log(session, indicator, f"nota del {where}", old[1] or None, note or None)
        session.flush()
        return True

    def set_target(self, indicator_id: int, period: str, value: Decimal | None) -> None:
        """An intermediate target for one period (None removes it)."""
        with self._db.transaction() as session:
            indicator = _get(session, indicator_id)
            target_period = _open_period(session, period)
            row = session.get(IndicatorTarget, (indicator_id, target_period.id))
            old = row.value if row else None
            if old == value:
                return
            if row is not None and value is None:
                session.delete(row)
            elif row is None:
                assert value is not None
                session.add(
                    IndicatorTarget(
                        indicator_id=indicator_id, period_id=target_period.id, value=value
                    )
                )
            elif value is not None:
                row.value = value
            self.editor.log(
                session,
                indicator,
                f"obiettivo {target_period.name}",
                format_number(old) or None,
                format_number(value) or None,
            )

    # -- helpers -------------------------------------------------------------------------

    def _validate(self, data: IndicatorData) -> None:
        problems = []
        where = "Indicatore"
        if not data.name.strip():
            problems.append(Problem(where, "il nome non può essere vuoto"))
        if len(data.name) > NAME_MAX or len(data.source) > NOTE_MAX:
            problems.append(Problem(where, "testo troppo lungo"))
        if len(data.unit) > 40 or len(data.frequency) > 40:
            problems.append(Problem(where, "unità di misura e frequenza: al massimo 40 caratteri"))
        if data.direction is Direction.RANGE:
            if data.range_min is None and data.range_max is None:
                problems.append(
                    Problem(where, "per un intervallo serve almeno il minimo o il massimo")
                )
            elif (
                data.range_min is not None
                and data.range_max is not None
                and data.range_min > data.range_max
            ):
                problems.append(Problem(where, "il minimo supera il massimo"))
        if (
            data.baseline_date is not None
            and data.target_date is not None
            and data.target_date < data.baseline_date
        ):
            problems.append(
                Problem(where, "la data dell'obiettivo precede quella del valore di partenza")
            )
        if problems:
            raise ValidationError(problems)

    def _info(self, session: Session, indicator: Indicator) -> IndicatorInfo:
        owner, kind = _owner_code(session, indicator)
        values = session.execute(
            select(Period.name, IndicatorValue.value, IndicatorValue.not_available)
            .join(Period, IndicatorValue.period_id == Period.id)
            .where(IndicatorValue.indicator_id == indicator.id)
            .order_by(Period.reference_date)
        ).all()
        return IndicatorInfo(
            id=indicator.id,
            owner=owner,
            owner_kind=kind,
            data=IndicatorData(
                **{f.name: getattr(indicator, f.name) for f in fields(IndicatorData)}
            ),
            version=indicator.version,
            values=tuple((name, format_number(v, na)) for name, v, na in values),
        )


def _columns(data: IndicatorData) -> dict[str, object]:
    out: dict[str, object] = {f.name: getattr(data, f.name) for f in fields(IndicatorData)}
    out["name"] = " ".join(data.name.split())
    return out


NOT_FOUND = "L'indicatore non esiste più: è stato eliminato."


def _get(session: Session, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError(NOT_FOUND)
    return indicator


def _open_period(session: Session, name: str) -> Period:
    period = session.scalars(select(Period).where(Period.name == name.strip())).first()
    if period is None:
        raise NotFoundError(f"Il periodo di monitoraggio «{name}» non esiste.")
    if period.closed_at is not None:
        raise UserError(
            f"Il periodo «{period.name}» è chiuso: i suoi valori non si modificano più "
            "(riaprilo, dicendo il motivo, se vanno corretti)."
        )
    return period


def _owner(session: Session, code: str) -> dict[str, int]:
    code = code.strip()
    parts = code.split(".")
    if len(parts) == 3:
        action_id = session.scalars(select(Action.id).where(Action.code == code)).first()
        if action_id is not None:
            return {"action_id": action_id}
    elif len(parts) == 2:
        strategy_id = session.scalars(select(Strategy.id).where(Strategy.code == code)).first()
        if strategy_id is not None:
            return {"strategy_id": strategy_id}
    elif code.isdigit():
        axis_id = session.scalars(select(Axis.id).where(Axis.number == int(code))).first()
        if axis_id is not None:
            return {"axis_id": axis_id}
    raise NotFoundError(
        f"«{code}» non è il codice di un'azione (1.1.1), di una strategia (1.1) o di un asse (1)."
    )


def _owner_code(session: Session, indicator: Indicator) -> tuple[str, str]:
    if indicator.action_id is not None:
        return session.get_one(Action, indicator.action_id).code, "azione"
    if indicator.strategy_id is not None:
        return session.get_one(Strategy, indicator.strategy_id).code, "strategia"
    assert indicator.axis_id is not None
    return str(session.get_one(Axis, indicator.axis_id).number), "asse"


def _label(indicator: Indicator) -> str:
    """'Indicatore «Imprese» (azione 1.1.1)': its owner is read in the indicator's session."""
    session = object_session(indicator)
    assert session is not None
    owner, kind = _owner_code(session, indicator)
    return f"Indicatore «{indicator.name}» ({kind} {owner})"


def _shown(value: object) -> object:
    """Measures read as numbers ("1.234,5"), not as euro as other amounts are."""
    return format_number(value) if isinstance(value, Decimal) else value


INDICATOR_KIND: EntityKind[Indicator] = EntityKind(
    model=Indicator,
    entity="indicatore",
    labels=LABELS,
    not_found=NOT_FOUND,
    describe=_label,
    log_label=_label,
    action_id=lambda i: i.action_id,
    shown=lambda session, name, value: _shown(value),
)


__all__ = [
    "LABELS",
    "NAME_MAX",
    "NOTE_MAX",
    "NOT_AVAILABLE",
    "DeletedIndicator",
    "IndicatorData",
    "IndicatorInfo",
    "IndicatorService",
    "format_number",
    "parse_value",
]
