"""The main window's side of a plan on a server: what the connected user may change (the
rest greyed out, as the server would refuse it), others' edits shown as they happen, and a
lost connection said plainly until it comes back. A file changes nothing here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMessageBox

from psm_desktop.errors import UserError
from psm_desktop.storage.access import Access
from psm_desktop.ui.core.live_updates import LiveUpdates
from psm_desktop.ui.window import read_only

if TYPE_CHECKING:
    from psm_desktop.ui.core.workspace import Workspace
    from psm_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

EVERYTHING = Access(role=None, read_only=False, editable_actions=None)
READER_MARK = "Sola lettura (lettore)"
OFFICE_MARK = "Ufficio: modifichi solo le azioni del tuo ufficio"
LOST_MARK = "Connessione al server persa — riprovo…"
BACK_TEXT = "Connessione al server ripristinata: il piano è stato riletto."

# Menu actions that change the plan: none for a reader (read_only's, and the structure
# workbook's import).
EDIT_ACTIONS = (*read_only.EDIT_ACTIONS, "import_structure")
# What only a coordinator may change (the structure, periods, campaigns, whole-plan
# imports): the server refuses them to an office, whose actions' editors stay open.
COORDINATOR_ACTIONS = tuple(
    key
    for key in EDIT_ACTIONS
    if key not in ("undo", "redo", "add_assignment", "add_deadline", "import_tracker")
)


def refused_actions(access: Access) -> tuple[str, ...]:
    if access.read_only:
        return EDIT_ACTIONS
    if access.editable_actions is not None:
        return COORDINATOR_ACTIONS
    return ()


class ServerLink(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.access = EVERYTHING
        self.live = LiveUpdates(window.events, self)
        self.live.lost.connect(self._lost)
        self.live.restored.connect(self._restored)
        self.live.around = lambda: window.plan.editor.keeping_typed()
        window.screens.currentChanged.connect(self.apply_to_panels)
        self.box: QMessageBox | None = None
        self.role_mark = self._mark("accessMark", "#35516e")
        self.offline_mark = self._mark("connectionMark", "#8a1c1c")

    def _mark(self, name: str, colour: str) -> QLabel:
        label = QLabel(self.window)
        label.setObjectName(name)
        label.setStyleSheet(
            f"QLabel {{ background: {colour}; color: white; font-weight: bold; padding: 1px 8px; }}"
        )
        label.hide()
        self.window.statusBar().addPermanentWidget(label)
        return label

    def attach(self, workspace: Workspace) -> None:
        """A plan was opened in the window: learn what the user may do there, follow it."""
        try:
            self.access = workspace.db.access()
        except UserError as error:  # the server stopped answering: it refuses writes anyway
            log.warning("Could not read the user's access: %s", error)
            self.access = EVERYTHING
        workspace.session.access = self.access
        self.apply_access()
        self.live.watch(workspace.services)
        self._hide_lost()

    def apply_access(self) -> None:
        """Grey out what the server would refuse (after the window enabled every action)."""
        window, access = self.window, self.access
        refused = refused_actions(access)
        for key in refused:
            window.menu_actions[key].setEnabled(False)
            window.menu_actions[key].setStatusTip(
                "Non disponibile: il tuo utente del server non può fare questa modifica."
            )
        if access.read_only and access.role is not None:
            self.role_mark.setText(READER_MARK)
        elif access.role == "ufficio":
            self.role_mark.setText(OFFICE_MARK)
        self.role_mark.setVisible(bool(refused) and access.role is not None)
        self.role_mark.setToolTip(
            "Il server permette a questo utente di modificare solo ciò che non è in grigio."
        )
        if window.attached:
            window.plan.tree.setDragEnabled(not refused)  # dragging moves the structure
            window.plan.editor.reload()  # its fields follow the action's permission
        self.apply_to_panels()

    def apply_to_panels(self, *_args: object) -> None:
        """Screens built later (on first view) learn it when they appear."""
        registry = not self.access.read_only and self.access.editable_actions is None
        for host in self.window.hosts:
            setter = getattr(host.panel, "set_registry_editable", None)
            if callable(setter):
                setter(registry)

    def may_undo(self) -> bool:
        return not self.access.read_only

    def stop(self) -> None:
        self.live.stop()

    # --- the connection ---------------------------------------------------------------

    def _lost(self, text: str) -> None:
        window = self.window
        self.offline_mark.setText(LOST_MARK)
        self.offline_mark.show()
        window.statusBar().showMessage(text)
        box = QMessageBox(QMessageBox.Icon.Warning, "Connessione al server persa", text)
        box.setObjectName("connectionLostBox")
        box.setParent(window, box.windowFlags())
        box.setModal(False)  # typing goes on: nothing is lost, the window retries
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.show()
        self.box = box

    def _restored(self) -> None:
        self._hide_lost()
        window = self.window
        with window.plan.editor.keeping_typed():
            window.reload_all()  # whatever others did while we were away
        window.statusBar().showMessage(BACK_TEXT, 10_000)

    def _hide_lost(self) -> None:
        self.offline_mark.hide()
        if self.box is not None:
            self.box.close()
            self.box.deleteLater()
            self.box = None
