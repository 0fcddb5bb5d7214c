"""The four screens of the main window, built lazily from the modules that provide them.

The Stakeholders, Deadlines and Overview screens live in their own modules; they are
imported when first built (so start-up reads only what the first screen needs) and are
given new services when another database is opened (`set_services`, else rebuilt).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:  # the main window's shell builds the hosts before the data layers load
    from psm_desktop.ui.core.session import EditSession

log = logging.getLogger(__name__)


class PanelSpec(NamedTuple):  # not a dataclass: see ActionSpec (window/actions.py)
    key: str
    title: str
    module: str
    cls: str
    wants_undo_stack: bool = False


EXTRA_PANELS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "stakeholders",
        "Soggetti",
        "psm_desktop.ui.stakeholders.stakeholders_view",
        "StakeholdersView",
        True,
    ),
    PanelSpec("deadlines", "Scadenze", "psm_desktop.ui.deadlines.deadlines_view", "DeadlinesView"),
    PanelSpec("overview", "Panoramica", "psm_desktop.ui.overview.overview_panel", "OverviewPanel"),
)


class PanelHost(QWidget):
    """Holds one screen, builds it on demand and swaps its services."""

    def __init__(
        self,
        spec: PanelSpec,
        session_getter: Callable[[], EditSession],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self._session = session_getter
        self.panel: QWidget | None = None
        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setAccessibleName(spec.title)

    def ensure_built(self) -> QWidget | None:
        if self.panel is not None:
            return self.panel
        try:
            module = importlib.import_module(self.spec.module)
        except ModuleNotFoundError as exc:
            if exc.name != self.spec.module:
                raise
            note = QLabel(f"La schermata «{self.spec.title}» non è disponibile in questa versione.")
            self._stack.addWidget(note)
            return None
        session = self._session()
        factory = getattr(module, self.spec.cls)
        if self.spec.wants_undo_stack:
            panel = factory(session.services, session.events, session.undo_stack, self)
        else:
            panel = factory(session.services, session.events, self)
        while (placeholder := self._stack.widget(0)) is not None:
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self._stack.addWidget(panel)
        self.panel = panel
        return panel

    def set_session(self, session: EditSession) -> None:
        panel = self.panel
        if panel is None:
            return
        setter = getattr(panel, "set_services", None)
        if callable(setter):
            setter(session.services)
            return
        self._stack.removeWidget(panel)  # no way to swap: build it again
        panel.deleteLater()
        self.panel = None
        self.ensure_built()

    def reload(self) -> None:
        panel = self.panel
        reload = getattr(panel, "reload", None)
        if callable(reload):
            reload()
