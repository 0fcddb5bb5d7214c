"""The desktop application: QApplication set-up, the main window, the error hook.

`build_main_window(db_path)` returns a ready window without entering the event loop
(tests and tools); `run(db_path)` is what `psm-desktop` with no command calls.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from psm_desktop import __version__
from psm_desktop.errors import UserError
from psm_desktop.storage.paths import DATA_DIR_ENV, default_db_path, user_data_dir
from psm_desktop.ui import messages
from psm_desktop.ui.events import DataEvents
from psm_desktop.ui.main_window import MainWindow, new_undo_stack
from psm_desktop.ui.settings import AppSettings
from psm_desktop.ui.workspace import Workspace, open_plan_database

log = logging.getLogger("psm_desktop")
LOG_NAME = "psm-desktop.log"
THEME_ENV = "PSM_DESKTOP_THEME"  # "dark" or "light": force a palette (screenshots, tests)


def log_file() -> Path:
    return user_data_dir() / LOG_NAME


def setup_logging() -> None:
    if any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        return
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return  # a read-only data folder must not stop the application
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def app_settings() -> AppSettings:
    """Native settings, or an INI file beside the data when the data folder is overridden
    (portable installs on a USB stick, and tests, which must not touch the user's settings)."""
    if os.environ.get(DATA_DIR_ENV):
        path = user_data_dir() / "settings.ini"
        return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    return AppSettings(QSettings())


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2d30"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1e1f22"),
        (roles.AlternateBase, "#26282b"),
        (roles.ToolTipBase, "#3c3f41"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#34363a"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.BrightText, "#ff6b6b"),
        (roles.Highlight, "#2f65ca"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#7fb2ff"),
        (roles.PlaceholderText, "#9a9a9a"),
    ):
        p.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        p.setColor(disabled, role, QColor("#7a7a7a"))
    return p


def _wants_dark(app: QApplication) -> bool:
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("dark", "scuro"):
        return True
    if forced in ("light", "chiaro"):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_style(app: QApplication) -> None:
    """Fusion everywhere (same look on every OS), light or dark as the system says."""
    app.setStyle("Fusion")
    if _wants_dark(app):
        app.setPalette(_dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


def ensure_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("PSM Desktop")
    app.setApplicationName("psm-desktop")
    app.setApplicationDisplayName("PSM Desktop")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Italian), "qtbase", "_", folder):
        app.installTranslator(translator)  # Italian buttons in Qt's own dialogs
    apply_style(app)
    return app


def build_main_window(
    db_path: Path | str, *, lazy: bool = False, settings: AppSettings | None = None
) -> MainWindow:
    """The main window on `db_path` (created and seeded if new), not shown, no event loop."""
    ensure_application()
    settings = settings or app_settings()
    db = open_plan_database(Path(db_path), create=not Path(db_path).exists())
    events = DataEvents()
    undo_stack = new_undo_stack()
    workspace = Workspace(db, events, undo_stack, settings.operator_name())
    window = MainWindow(workspace, settings, lazy=lazy)
    events.setParent(window)
    undo_stack.setParent(window)
    settings.set_last_database(db.path)
    return window


# --- errors -------------------------------------------------------------------------------

_in_hook = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Show every uncaught error in a dialog (and log bugs); never close the window."""
    global _in_hook
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, UserError):
        messages.user_error(parent, exc)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Errore imprevisto\n%s", details)
    if _in_hook:  # an error while showing the error: the log has it
        return
    _in_hook = True
    try:
        messages.bug(parent, f"{exc_type.__name__}: {exc}", details, str(log_file()))
    finally:
        _in_hook = False


def _startup_database(db_path: Path | None, settings: AppSettings) -> Path:
    if db_path is not None:
        return db_path
    last = settings.last_database()
    if last is not None and last.exists():
        return last
    return default_db_path()


def run(db_path: Path | None = None) -> int:
    setup_logging()
    app = ensure_application()
    sys.excepthook = excepthook
    settings = app_settings()
    path = _startup_database(db_path, settings)
    try:
        window = build_main_window(path, lazy=True, settings=settings)
    except UserError as error:
        messages.user_error(None, error)
        if path == default_db_path():
            return 2
        # The chosen file cannot be used: fall back to the default database.
        try:
            window = build_main_window(default_db_path(), lazy=True, settings=settings)
        except UserError as second:
            messages.user_error(None, second)
            return 2
    window.show()
    log.info("PSM Desktop %s avviato su %s", __version__, window.workspace.path)
    return int(app.exec())


__all__ = ["build_main_window", "ensure_application", "excepthook", "open_plan_database", "run"]
