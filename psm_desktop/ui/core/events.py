"""One object that tells every panel what changed, so each reloads only what it shows.

Panels never call each other: whoever changes data (an undo command, an import, a dialog)
emits here after the service call, and the panels listening reload from the services.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    # Ids of actions whose fields, assignments or deadlines changed (empty list: unknown, all).
    actions_changed = Signal(list)
    # The registry of stakeholders changed (created, edited, deleted).
    stakeholders_changed = Signal()
    # Deadlines changed somewhere in the plan.
    deadlines_changed = Signal()
    # A different database was opened, or a bulk change (import) touched everything.
    database_replaced = Signal()
    # Axes, strategies or actions moved: a tuple of the CodeChanges of every renumbered row
    # (nothing else changed: the plan screen updates what it shows without reading it all).
    structure_changed = Signal(object)
    # The database was changed outside the undo stack (an import, a restore): what, in words
    # that follow "prima di" ("l'importazione di ufficio.xlsx"). Edits made before it can no
    # longer be undone: undo must never revert what the user does not see.
    outside_change = Signal(str)
    # Ask the main window to select and show an action (by id), e.g. on double-click.
    open_action_requested = Signal(int)
    # Ask the main window to show the Piano screen filtered (an ActionFilter), e.g. from
    # a count of the Panoramica.
    open_actions_requested = Signal(object)

    def everything_changed(self) -> None:
        self.database_replaced.emit()
