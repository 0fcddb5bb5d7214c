"""The form of one stakeholder (new or existing), validated by the service before it closes.

    dialog = StakeholderDialog(services, parent, stakeholder=info)  # None: a new one
    if dialog.exec():
        services.stakeholders.update(info.id, info.version, dialog.values())

The dialog writes nothing: the caller saves `values()` (through an undo command).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError, ValidationError
from psm_desktop.model import StakeholderKind
from psm_desktop.services import Services
from psm_desktop.services.dto import StakeholderInfo
from psm_desktop.services.stakeholder_snapshot import info_values
from psm_desktop.services.validation import STAKEHOLDER_FIELD_LABELS as LABELS
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel
from psm_desktop.ui.widgets.status_style import overdue_color_for

NO_ZONE = "—"


class StakeholderDialog(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        stakeholder: StakeholderInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._stakeholder = stakeholder
        self.setObjectName("stakeholderDialog")
        self.setWindowTitle("Modifica soggetto" if stakeholder else "Nuovo soggetto")
        self.setMinimumWidth(520)

        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in StakeholderKind:
            self.kind_combo.addItem(kind.label, kind)
        self.zone_combo = QComboBox()
        self.zone_combo.addItem(NO_ZONE, "")  # not None: see deadlines_view.ALL
        for zone in services.plan.zones():
            self.zone_combo.addItem(zone.name, zone.name)
        self.contact_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("nome@ente.it")
        self.phone_edit = QLineEdit()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)  # Tab leaves the notes, as in every other field
        self.notes_edit.setMinimumHeight(80)

        # Field name (as the service knows it) -> widget, in form and tab order.
        self._fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "kind": self.kind_combo,
            "zone": self.zone_combo,
            "contact_person": self.contact_edit,
            "email": self.email_edit,
            "phone": self.phone_edit,
            "notes": self.notes_edit,
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, widget in self._fields.items():
            label = QLabel(f"&{LABELS[field]}:" if field != "name" else f"&{LABELS[field]} *:")
            label.setBuddy(widget)
            widget.setObjectName(f"stakeholder_{field}")
            widget.setAccessibleName(LABELS[field])
            form.addRow(label, widget)

        self.error_label = QLabel()
        self.error_label.setObjectName("stakeholderDialogErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problemi nei dati")
        self.error_label.setStyleSheet(f"color: {overdue_color_for(self.palette()).name()};")
        self.error_label.hide()

        self.buttons, self.save_button = ok_cancel(self, "&Salva")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if stakeholder is not None:
            self._fill(stakeholder)
        self.name_edit.setFocus()

    def _fill(self, s: StakeholderInfo) -> None:
        self.name_edit.setText(s.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(s.kind)))
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(s.zone or "")))
        self.contact_edit.setText(s.contact_person)
        self.email_edit.setText(s.email)
        self.phone_edit.setText(s.phone)
        self.notes_edit.setPlainText(s.notes)

    def values(self) -> dict[str, Any]:
        """The form's values with the keys of StakeholderService.create/update."""
        return {
            "name": self.name_edit.text().strip(),
            "kind": self.kind_combo.currentData(),
            "zone": self.zone_combo.currentData() or None,
            "contact_person": self.contact_edit.text().strip(),
            "email": self.email_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
            "notes": self.notes_edit.toPlainText(),
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the stakeholder being edited (all when new)."""
        values = self.values()
        if self._stakeholder is None:
            return values
        current = info_values(self._stakeholder)
        return {k: v for k, v in values.items() if current[k] != v}

    def accept(self) -> None:
        """Close only when the service would accept the values; else show why and stay."""
        try:
            self._services.stakeholders.check(
                self.values(), self._stakeholder.id if self._stakeholder else None
            )
        except ValidationError as exc:
            self._show_problems(exc)
            return
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return
        super().accept()

    def _show_problems(self, exc: ValidationError) -> None:
        self.error_label.setText("\n".join(str(p) for p in exc.problems))
        self.error_label.show()
        by_label = {LABELS[f]: w for f, w in self._fields.items()}
        for problem in exc.problems:
            widget = by_label.get(problem.where)
            if widget is not None:
                widget.setFocus()
                break
