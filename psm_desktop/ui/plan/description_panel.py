"""The description of the axis or strategy the action table is restricted to, above it.

The plan's texts are long (an axis's paragraph runs to 650 characters): the panel shows a
few lines and scrolls the rest; "✕" hides it until another axis or strategy is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.services.dto import AxisInfo, StrategyInfo

VISIBLE_LINES = 3  # the table below needs the room on a 768-pixel screen


class DescriptionPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopeDescription")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel(self)
        self.body.setObjectName("scopeDescriptionText")
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.body)
        self.scroller.setAccessibleName("Descrizione")
        line = self.body.fontMetrics().lineSpacing()
        self.scroller.setMaximumHeight(line * VISIBLE_LINES + 1)  # whole lines, none cut
        self.hide_button = QToolButton(self)
        self.hide_button.setText("✕")
        self.hide_button.setAutoRaise(True)
        self.hide_button.setToolTip("Nascondi la descrizione")
        self.hide_button.setAccessibleName("Nascondi la descrizione")
        self.hide_button.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 3, 3)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.scroller)
        self._shown: AxisInfo | StrategyInfo | None = None
        self.hide()

    def show_scope(self, info: AxisInfo | StrategyInfo | None) -> None:
        """Describe this axis or strategy (None: the whole plan, nothing to show)."""
        if info == self._shown:
            return  # the same scope again: keep it hidden if the user hid it
        self._shown = info
        if info is None:
            self.hide()
            return
        if isinstance(info, AxisInfo):
            self.title.setText(f"Asse {info.number} — {info.title}")
            missing = "Nessuna descrizione per questo asse."
        else:
            self.title.setText(f"Strategia {info.code} — {info.title}")
            missing = "Nessuna descrizione per questa strategia."
        self.body.setText(info.description or missing)
        self.scroller.verticalScrollBar().setValue(0)
        self.show()
