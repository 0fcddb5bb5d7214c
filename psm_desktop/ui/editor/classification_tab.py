"""The editor's "Classificazione" tab: economic sectors, homogeneous zones, linked axes.

Each is a list of choices with a box per choice; a tick is saved at once (the editor
connects each list's `committed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from psm_desktop.model import Sector
from psm_desktop.services.dto import ActionDetail
from psm_desktop.ui.editor.multi_select import MultiSelectField

Choices = Sequence[tuple[object, str]]


class ClassificationTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sectors = MultiSelectField("Settori economici", 6, self)
        self.sectors.setObjectName("sectorsField")
        self.zones = MultiSelectField("Zone omogenee", 6, self)
        self.zones.setObjectName("zonesField")
        self.linked_axes = MultiSelectField("Assi collegati", 6, self)
        self.linked_axes.setObjectName("linkedAxesField")
        self.sectors.set_choices([(s, s.label) for s in Sector])
        layout = QHBoxLayout(self)
        for title, widget in (
            ("Settori economici", self.sectors),
            ("Zone omogenee", self.zones),
            ("Assi collegati", self.linked_axes),
        ):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            layout.addWidget(box, 1)

    def set_choices(self, zones: Choices, axes: Choices) -> None:
        """The plan's zones and axes to choose from."""
        self.zones.set_choices(zones)
        self.linked_axes.set_choices(axes)

    def load(self, detail: ActionDetail | None) -> None:
        d = detail
        self.sectors.set_value(d.sectors if d else ())
        self.zones.set_value(d.zones if d else ())
        self.linked_axes.set_value(d.linked_axes if d else ())
