"""File › Il mio soggetto…: which stakeholder the operator works for ("Le mie azioni").

The choice is remembered by name in the settings (ids belong to one database); the
filter bar then offers a one-click filter on that stakeholder's actions.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.formatting import plural
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

HELP_ANCHOR = "le-mie-azioni"


class MyStakeholderDialog(QDialog):
    help_anchor = HELP_ANCHOR

    def __init__(self, parent: QWidget | None, names: list[str], current: str) -> None:
        super().__init__(parent)
        self.setObjectName("myStakeholderDialog")
        self.setWindowTitle("Il mio soggetto")
        self.setAccessibleName("Il mio soggetto")
        intro = QLabel(
            "Per quale soggetto lavori? Il pulsante «Le mie azioni» sopra la tabella mostrerà "
            "con un clic le azioni a cui partecipa."
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("myStakeholderSearch")
        self.search.setAccessibleName("Cerca il soggetto per nome")
        everyone = plural(len(names), "soggetto", "soggetti")
        self.search.setPlaceholderText(f"Cerca tra {everyone} (parte del nome)…")
        self.search.setClearButtonEnabled(True)
        self.names = QStringListModel(names, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.names)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView()
        self.list.setObjectName("myStakeholderList")
        self.list.setAccessibleName("Soggetti")
        self.list.setModel(self.proxy)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._enter)
        self.list.doubleClicked.connect(lambda _i: self.accept())
        buttons, _ok = ok_cancel(self, "Scegli", extra=QDialogButtonBox.StandardButton.Reset)
        self.none_button = buttons.button(QDialogButtonBox.StandardButton.Reset)
        self.none_button.setText("&Nessun soggetto")
        self.none_button.clicked.connect(self._choose_none)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._none = False
        if current in names:
            self._select(self.proxy.mapFromSource(self.names.index(names.index(current))).row())
        resize_within_screen(self, 520, 520)

    def chosen(self) -> str:
        """The stakeholder's name, or '' for none."""
        if self._none:
            return ""
        index = self.list.currentIndex()
        return str(index.data()) if index.isValid() else ""

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self._select(0)

    def _select(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def _enter(self) -> None:
        if self.list.currentIndex().isValid():
            self.accept()

    def _choose_none(self) -> None:
        self._none = True
        self.accept()


def ask_my_stakeholder(parent: QWidget | None, names: list[str], current: str) -> str | None:
    """The name chosen ('' for none), or None when cancelled (tests patch this)."""
    dialog = MyStakeholderDialog(parent, names, current)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen()
    dialog.deleteLater()
    return chosen if ok else None
