"""A tab of the action editor built when first needed.

Start-up shows the editor on its first tab: the other tabs' widgets (and their modules:
the indicators' dialogs, the lists' models and commands) wait until the user opens the
tab or a command asks for it (`get()`). The page in the tab widget is an empty holder
from the start, so the tab's place, title and shortcut stay what they are; the action
shown is remembered meanwhile and given to the tab when it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from psm_desktop.services.dto import ActionDetail

T = TypeVar("T", bound=QWidget)
Loader = Callable[[T, "ActionDetail | None", bool], None]  # widget, action, same action


class LazyTab(Generic[T]):
    def __init__(
        self,
        parent: QWidget,
        build: Callable[[QWidget], T],
        load: Loader[T],
        built: Callable[[], None],
    ) -> None:
        """`build(page)` makes the tab's widget, `load` shows an action in it, `built()`
        is told once the widget exists (e.g. to make it read-only like the rest)."""
        self.page = QWidget(parent)
        self._build = build
        self._load = load
        self._built = built
        self._detail: ActionDetail | None = None
        self.widget: T | None = None

    def get(self) -> T:
        """The tab's widget, built (and showing the current action) if not yet."""
        if self.widget is None:
            layout = QVBoxLayout(self.page)
            layout.setContentsMargins(0, 0, 0, 0)
            widget = self._build(self.page)
            layout.addWidget(widget)
            self.widget = widget
            self._load(widget, self._detail, False)
            self._built()
        return self.widget

    def load(self, detail: ActionDetail | None, same: bool) -> None:
        """Show `detail` (at once if the tab is built, else when it is)."""
        self._detail = detail
        if self.widget is not None:
            self._load(self.widget, detail, same)
