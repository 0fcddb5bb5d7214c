"""Undoable edits of an action's indicators: create, edit, delete, a period's value.

Like every command (ui/core/undo_commands.py) apply and revert each call a service. The
versions of the indicators this window last saw are kept per EditSession here (the
session's own table knows actions, assignments and deadlines), so an edit or an undo
after someone else changed the indicator is refused instead of overwriting it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from decimal import Decimal

from psm_desktop.errors import StaleWriteError
from psm_desktop.services.monitoring.indicator_data import (
    DeletedIndicator,
    IndicatorData,
    IndicatorInfo,
    format_number,
)
from psm_desktop.ui.core.session import EditSession, ServiceCommand

_VERSIONS: weakref.WeakKeyDictionary[EditSession, dict[int, int]] = weakref.WeakKeyDictionary()


def note_indicator(session: EditSession, info: IndicatorInfo) -> None:
    _VERSIONS.setdefault(session, {})[info.id] = info.version


def seen_version(session: EditSession, indicator_id: int) -> int | None:
    return _VERSIONS.get(session, {}).get(indicator_id)


@dataclass(frozen=True, slots=True)
class Measure:
    """A period's value as stored: `present` False means none was entered yet."""

    present: bool = False
    value: Decimal | None = None  # None with present: "n.d."
    note: str = ""

    def text(self) -> str:
        return format_number(self.value, self.value is None) if self.present else "—"


class _IndicatorCommand(ServiceCommand):
    def _update(self, indicator_id: int, data: IndicatorData) -> None:
        version = seen_version(self.session, indicator_id)
        if version is None:  # never shown in this window: nothing to compare with
            raise StaleWriteError(f"Indicatore «{data.name}»")
        note_indicator(self.session, self.services.indicators.update(indicator_id, version, data))

    def _target(self, indicator_id: int, period: str | None, value: Decimal | None) -> None:
        if period is not None:
            self.services.indicators.set_target(indicator_id, period, value)


class CreateIndicatorCommand(_IndicatorCommand):
    def __init__(
        self,
        session: EditSession,
        action_id: int,
        code: str,
        data: IndicatorData,
        period: str | None = None,
        target: Decimal | None = None,
    ) -> None:
        super().__init__(session, f"Nuovo indicatore «{data.name}» ({code})", action_id)
        self.code = code
        self.data = data
        self.period = period
        self.target = target
        self.indicator_id: int | None = None
        self._deleted: DeletedIndicator | None = None

    def apply(self) -> None:
        if self._deleted is not None:  # redo: the same indicator, with what it had
            info = self.services.indicators.restore(self._deleted)
        else:
            info = self.services.indicators.create(self.code, self.data)
            if self.target is not None:
                self._target(info.id, self.period, self.target)
                info = self.services.indicators.get(info.id)
        note_indicator(self.session, info)
        self.indicator_id = info.id

    def revert(self) -> None:
        assert self.indicator_id is not None
        self._deleted = self.services.indicators.delete(self.indicator_id)


class EditIndicatorCommand(_IndicatorCommand):
    def __init__(
        self,
        session: EditSession,
        action_id: int,
        info: IndicatorInfo,
        data: IndicatorData,
        period: str | None = None,
        old_target: Decimal | None = None,
        new_target: Decimal | None = None,
    ) -> None:
        super().__init__(session, f"Modifica indicatore «{info.data.name}»", action_id)
        self.indicator_id = info.id
        self.old, self.new = info.data, data
        self.period = period
        self.old_target, self.new_target = old_target, new_target

    def _write(self, data: IndicatorData, target: Decimal | None) -> None:
        if self.old != self.new:
            self._update(self.indicator_id, data)
        if self.old_target != self.new_target:
            self._target(self.indicator_id, self.period, target)

    def apply(self) -> None:
        self._write(self.new, self.new_target)

    def revert(self) -> None:
        self._write(self.old, self.old_target)


class DeleteIndicatorCommand(_IndicatorCommand):
    def __init__(self, session: EditSession, action_id: int, info: IndicatorInfo) -> None:
        super().__init__(session, f"Elimina indicatore «{info.data.name}»", action_id)
        self.indicator_id = info.id
        self.name = info.data.name
        self._deleted: DeletedIndicator | None = None

    def apply(self) -> None:
        version = seen_version(self.session, self.indicator_id)
        current = self.services.indicators.get(self.indicator_id)
        if version is not None and current.version != version:
            raise StaleWriteError(f"Indicatore «{self.name}»")
        self._deleted = self.services.indicators.delete(self.indicator_id)

    def revert(self) -> None:
        assert self._deleted is not None
        info = self.services.indicators.restore(self._deleted)
        note_indicator(self.session, info)
        self.indicator_id = info.id  # the old id when it was still free


class SetValueCommand(_IndicatorCommand):
    """The value of the open period: a number or "n.d." (value None), with a note."""

    def __init__(
        self,
        session: EditSession,
        action_id: int,
        indicator_id: int,
        name: str,
        period: str,
        old: Measure,
        new: Measure,
    ) -> None:
        super().__init__(session, f"Valore {period} di «{name}»: {new.text()}", action_id)
        self.indicator_id = indicator_id
        self.period = period
        self.old, self.new = old, new

    def _write(self, measure: Measure) -> None:
        if measure.present:
            self.services.indicators.set_value(
                self.indicator_id, self.period, measure.value, measure.note
            )
        else:
            self.services.indicators.clear_value(self.indicator_id, self.period)

    def apply(self) -> None:
        self._write(self.new)

    def revert(self) -> None:
        self._write(self.old)
