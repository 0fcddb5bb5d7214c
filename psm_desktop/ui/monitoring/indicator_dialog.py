"""Add or edit an indicator of an action: every field, and the open period's target.

Numbers are typed with a decimal comma ("1.234,5"); an empty box means "not set". The
dialog checks what it can (numbers) and asks the service for the rest before closing,
so a refusal never loses what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import Problem, UserError, ValidationError
from psm_desktop.formatting import format_date
from psm_desktop.model import Direction
from psm_desktop.services.monitoring.indicator_data import IndicatorData, format_number, parse_value
from psm_desktop.ui.core import messages
from psm_desktop.ui.editor.fields import DateField
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

if TYPE_CHECKING:
    from psm_desktop.services.monitoring.periods import PeriodInfo


NOBODY = "— nessuno —"


@dataclass(frozen=True, slots=True)
class IndicatorAnswer:
    data: IndicatorData
    period_target: Decimal | None  # for the open period (None: none set)


def _number_edit(parent: QWidget, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class IndicatorDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        stakeholders: list[tuple[int, str]],
        check: Callable[[IndicatorData], None],
        period: PeriodInfo | None = None,
        initial: IndicatorAnswer | None = None,
        new: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuovo indicatore" if new else "Modifica indicatore")
        self.setAccessibleName(self.windowTitle())
        self._check = check
        self._period = period
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Nome dell'indicatore")
        self.name.setPlaceholderText("es. Imprese coinvolte")
        self.unit = QLineEdit(self)
        self.unit.setAccessibleName("Unità di misura")
        self.unit.setPlaceholderText("es. imprese, %, t CO₂")
        self.direction = QComboBox(self)
        self.direction.setAccessibleName("Direzione")
        for member in Direction:
            self.direction.addItem(member.label, member)
        self.range_min = _number_edit(self, "Minimo dell'intervallo", "nessun minimo")
        self.range_max = _number_edit(self, "Massimo dell'intervallo", "nessun massimo")
        self.baseline = _number_edit(self, "Valore di partenza", "es. 1.250,5")
        self.baseline_date = DateField("Data del valore di partenza", self)
        self.target = _number_edit(self, "Obiettivo finale")
        self.target_date = DateField("Data dell'obiettivo finale", self)
        self.target_date.set_fallback(self.baseline_date.value)
        self.period_target = _number_edit(
            self,
            f"Obiettivo intermedio del periodo {period.name}" if period else "Obiettivo intermedio",
            "facoltativo: altrimenti interpolato",
        )
        self.source = QLineEdit(self)
        self.source.setAccessibleName("Fonte dei dati")
        self.source.setPlaceholderText("es. Registro imprese, rilevazione dell'ufficio")
        self.frequency = QLineEdit(self)
        self.frequency.setAccessibleName("Frequenza di rilevazione")
        self.frequency.setPlaceholderText("es. semestrale")
        self.measured_by = QComboBox(self)
        self.measured_by.setAccessibleName("Chi lo rileva")
        self.measured_by.addItem(NOBODY, None)
        for sid, stakeholder in stakeholders:
            self.measured_by.addItem(stakeholder, sid)
        self.measured_by.setMaximumWidth(420)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Nome:", self.name)
        form.addRow("&Unità di misura:", self.unit)
        form.addRow("&Direzione:", self.direction)
        range_row = QHBoxLayout()
        range_row.addWidget(self.range_min)
        max_label = QLabel("ma&x:", self)
        max_label.setBuddy(self.range_max)
        range_row.addWidget(max_label)
        range_row.addWidget(self.range_max)
        self._range_label = QLabel("Intervallo, m&in:", self)
        self._range_label.setBuddy(self.range_min)
        form.addRow(self._range_label, range_row)
        self._range_row = form.rowCount() - 1
        form.addRow(
            self._label("Valore di &partenza:", self.baseline),
            self._pair(self.baseline, "a&l:", self.baseline_date),
        )
        form.addRow(
            self._label("&Obiettivo finale:", self.target),
            self._pair(self.target, "entro il:", self.target_date),
        )
        if period is not None:
            label = QLabel(f"Obiettivo &al {format_date(period.reference_date)}:", self)
            label.setBuddy(self.period_target)
            label.setToolTip(f"Obiettivo intermedio del periodo «{period.name}»")
            form.addRow(label, self.period_target)
        else:
            self.period_target.hide()
        form.addRow("&Fonte dei dati:", self.source)
        form.addRow("F&requenza:", self.frequency)
        form.addRow("&Chi lo rileva:", self.measured_by)
        self._form = form
        buttons, _ok = ok_cancel(self, "Salva", on_ok=self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.direction.currentIndexChanged.connect(self._show_range)
        if initial is not None:
            self._fill(initial)
        self._show_range()
        self.resize(560, self.sizeHint().height())

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _pair(self, number: QLineEdit, text: str, date: DateField) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(number, 1)
        label = QLabel(text, self)
        label.setBuddy(date.focusProxy() or date)
        row.addWidget(label)
        row.addWidget(date)
        return row

    def _show_range(self) -> None:
        self._form.setRowVisible(self._range_row, self.chosen_direction() is Direction.RANGE)

    def chosen_direction(self) -> Direction:
        data = self.direction.currentData()  # Qt hands StrEnum data back as plain str
        return Direction(data) if data is not None else Direction.HIGHER

    def _fill(self, answer: IndicatorAnswer) -> None:
        d = answer.data
        self.name.setText(d.name)
        self.unit.setText(d.unit)
        self.direction.setCurrentIndex(max(self.direction.findData(d.direction), 0))
        for edit, value in (
            (self.range_min, d.range_min),
            (self.range_max, d.range_max),
            (self.baseline, d.baseline_value),
            (self.target, d.target_value),
            (self.period_target, answer.period_target),
        ):
            edit.setText(format_number(value))
        self.baseline_date.set_value(d.baseline_date)
        self.target_date.set_value(d.target_date)
        self.source.setText(d.source)
        self.frequency.setText(d.frequency)
        index = self.measured_by.findData(d.measured_by_id)
        if index < 0 and d.measured_by_id is not None:  # not in the list: keep it anyway
            self.measured_by.addItem(f"soggetto n. {d.measured_by_id}", d.measured_by_id)
            index = self.measured_by.count() - 1
        self.measured_by.setCurrentIndex(max(index, 0))

    # --- reading back -----------------------------------------------------------------

    def _numbers(self) -> tuple[dict[str, Decimal | None], list[Problem]]:
        out: dict[str, Decimal | None] = {}
        problems: list[Problem] = []
        for key, edit in (
            ("range_min", self.range_min),
            ("range_max", self.range_max),
            ("baseline_value", self.baseline),
            ("target_value", self.target),
            ("period_target", self.period_target),
        ):
            text = edit.text().strip()
            where = edit.accessibleName()
            if not text:
                out[key] = None
                continue
            try:
                value = parse_value(text, where)
            except ValidationError as error:
                problems.extend(error.problems)
                continue
            if value is None:
                problems.append(Problem(where, "qui serve un numero (n.d. vale per i valori)"))
            out[key] = value
        return out, problems

    def answer(self) -> IndicatorAnswer:
        """What is typed (numbers that do not parse read as empty: `_accept` stops first)."""
        numbers, _ = self._numbers()
        is_range = self.chosen_direction() is Direction.RANGE
        data = IndicatorData(
            name=self.name.text().strip(),
            direction=self.chosen_direction(),
            unit=self.unit.text().strip(),
            baseline_value=numbers.get("baseline_value"),
            baseline_date=self.baseline_date.value(),
            target_value=numbers.get("target_value"),
            target_date=self.target_date.value(),
            range_min=numbers.get("range_min") if is_range else None,
            range_max=numbers.get("range_max") if is_range else None,
            source=self.source.text().strip(),
            frequency=self.frequency.text().strip(),
            measured_by_id=self.measured_by.currentData(),
        )
        return IndicatorAnswer(data, numbers.get("period_target"))

    def _accept(self) -> None:
        _, problems = self._numbers()
        try:
            if problems:
                raise ValidationError(problems)
            self._check(self.answer().data)
        except UserError as error:
            messages.user_error(self, error)
            return
        self.accept()


def ask_indicator(
    parent: QWidget | None,
    stakeholders: list[tuple[int, str]],
    check: Callable[[IndicatorData], None],
    period: PeriodInfo | None,
    initial: IndicatorAnswer | None = None,
    new: bool = True,
) -> IndicatorAnswer | None:
    """The entry point the Indicatori tab calls (tests patch it)."""
    dialog = IndicatorDialog(parent, stakeholders, check, period, initial, new)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()
