"""The desktop application: QApplication set-up, the main window, the error hook.

`build_main_window(db_path)` returns a ready window without entering the event loop
(tests and tools); `run(db_path)` is what `psm-desktop` with no command calls.

Start-up speed: this module imports only Qt and light modules. `run()` (through `start()`)
shows the real main window first; right after its first paint, the plan read straight from
the file (`services.first_view`, read-only); then imports the data layers (SQLAlchemy,
services) on a thread and opens the database the normal way, which makes the plan editable.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from psm_desktop import __version__
from psm_desktop.errors import UserError
from psm_desktop.logfile import log_file, setup_logging
from psm_desktop.storage.paths import (
    DATA_DIR_ENV,
    default_db_path,
    default_location,
    is_server_url,
    user_data_dir,
)
from psm_desktop.ui.core import messages, palettes, visible_boxes
from psm_desktop.ui.core.qt_italian import install_italian
from psm_desktop.ui.core.settings import AppSettings
from psm_desktop.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from psm_desktop.storage import Database

log = logging.getLogger("psm_desktop")
THEME_ENV = "PSM_DESKTOP_THEME"  # "dark" or "light": force a palette (screenshots, tests)


def app_settings() -> AppSettings:
    """Native settings, or an INI file beside the data when the data folder is overridden
    (portable installs on a USB stick, and tests, which must not touch the user's settings)."""
    if os.environ.get(DATA_DIR_ENV):
        path = user_data_dir() / "settings.ini"
        return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    return AppSettings(QSettings())


def _wants_dark(app: QApplication) -> bool:
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("dark", "scuro"):
        return True
    if forced in ("light", "chiaro"):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


# Fusion everywhere (same look on every OS), given to QApplication as an argument: set
# afterwards, setStyle() hands the style back to Python, which builds QStyle's Python side
# (its eleven enumerations, a twentieth of start-up) for nothing.
FUSION_ARGUMENTS = ["-style", "fusion"]


def apply_style(app: QApplication, *, fusion_given: bool = False) -> None:
    """Fusion, light or dark as the system says, with check boxes outlined so that they
    can be seen in both."""
    if not fusion_given:
        app.setStyle("Fusion")
    app.setPalette(palettes.dark() if _wants_dark(app) else palettes.light())
    visible_boxes.install(app)


def ensure_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "psm-desktop", *FUSION_ARGUMENTS])
    app.setOrganizationName("PSM Desktop")
    app.setApplicationName("psm-desktop")
    app.setApplicationDisplayName("PSM Desktop")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    install_italian(app)  # Italian buttons and file choosers in Qt's own dialogs
    apply_style(app, fusion_given=True)
    return app


def open_for_window(
    location: Path | str, parent: QWidget | None = None, user: str = ""
) -> Database | None:
    """Open `location`: a file (created and seeded if new; on a network drive only with
    the user's consent; read-only if someone else has it open) or a server's URL (the
    password asked if needed). None: the user chose not to open it; a problem: UserError."""
    from psm_desktop.ui.window.opening import open_location  # SQLAlchemy: see the module doc

    if isinstance(location, Path):
        return open_location(parent, location, create=not location.exists(), user=user)
    return open_location(parent, location, user=user)


def build_main_window(
    db_path: Path | str, *, lazy: bool = False, settings: AppSettings | None = None
) -> MainWindow:
    """The main window on `db_path` (created and seeded if new), not shown, no event loop."""
    ensure_application()
    settings = settings or app_settings()
    if isinstance(db_path, str) and not is_server_url(db_path):
        db_path = Path(db_path)
    db = open_for_window(db_path, user=settings.operator_name())
    if db is None:
        raise UserError(f"Il database {db_path} non è stato aperto.")
    window = MainWindow(settings)
    window.attach(db, lazy=lazy)
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


def _startup_database(db_path: Path | str | None, settings: AppSettings) -> Path | str:
    if db_path is not None:
        return db_path
    last = settings.last_database()
    if isinstance(last, str) or (last is not None and last.exists()):
        return last
    return _default()


def _default() -> Path | str:
    """PSM_DESKTOP_DB (a file or a server's URL), else the file in the user's data folder."""
    location = default_location()
    return location if is_server_url(location) else default_db_path()


def start(db_path: Path | str | None = None) -> MainWindow:
    """Everything `run()` does before the event loop: show the main window at once; right
    after its first paint show the plan from its first view, read straight from the file
    (`_first_view_after_paint`), then open the database the normal way (`_attach_after_paint`)."""
    # Start-up builds some 200,000 objects that live as long as the window (SQLAlchemy,
    # the plan's rows): collecting cyclic garbage while they pile up costs about a seventh
    # of the start-up, for nothing. The collector resumes once the plan is shown.
    gc.disable()
    setup_logging()
    ensure_application()
    sys.excepthook = excepthook
    settings = app_settings()
    path = _startup_database(db_path, settings)
    window = MainWindow(settings)
    window.loading.painted.connect(
        lambda: QTimer.singleShot(0, lambda: _first_view_after_paint(window, path))
    )
    window.show()
    return window


def _first_view_after_paint(window: MainWindow, path: Path | str) -> None:
    """Show the plan read straight from the file (when storage can: see
    `services.first_view`), then open it the normal way: the data layers are imported on
    another thread meanwhile, the opening itself (which may ask the user) runs here."""
    from psm_desktop.services.first_view import first_view
    from psm_desktop.storage import network_drive

    view = None
    if isinstance(path, Path) and network_drive.network_location(path) is None:
        view = first_view(path)  # on a network drive: the user is asked first
    if view is None:
        _attach_after_paint(window, path)
        return
    window.show_first_view(view)
    # Once the plan is on screen (not before: the thread would slow its first paint).
    window.plan.painted.connect(
        lambda: QTimer.singleShot(0, lambda: _open_in_background(window, path))
    )


def _open_in_background(window: MainWindow, path: Path | str) -> None:
    loader = threading.Thread(target=_import_data_layers, name="psm-data-layers", daemon=True)
    loader.start()
    poll = QTimer(window)

    def loaded() -> None:
        if not loader.is_alive():
            poll.stop()
            poll.deleteLater()
            if window.isVisible():  # not closed meanwhile
                _attach_after_paint(window, path)

    poll.timeout.connect(loaded)
    poll.start(10)


def _import_data_layers() -> None:
    """What the normal opening imports (SQLAlchemy, the tables, the services): on a thread,
    while the first view is shown. A failure here is met again, and said, by the opening."""
    try:
        import psm_desktop.services.action_service
        import psm_desktop.ui.core.workspace
        import psm_desktop.ui.window.opening
        import psm_desktop.ui.window.server_link  # noqa: F401
        from psm_desktop import services

        for name in services.__all__:
            getattr(services, name)
    except Exception:
        log.debug("Importing the data layers failed", exc_info=True)


def _attach_after_paint(window: MainWindow, path: Path | str) -> None:
    """Open `path`, or the default database when it cannot be used or the user chose not
    to open it; else quit (code 2)."""
    from psm_desktop.ui.dialogs import help_window  # not on the way to the first view

    user = window.settings.operator_name()
    help_window.install_context_help()  # F1 in the questions the opening may ask
    for candidate in dict.fromkeys((path, _default())):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db = open_for_window(candidate, window, user)
            if db is not None:
                window.attach(db, lazy=True)
        except UserError as error:
            QApplication.restoreOverrideCursor()
            window.drop_first_view()  # not that plan after all: the next one, or none
            messages.user_error(window, error)
            continue
        QApplication.restoreOverrideCursor()
        if db is None:
            window.drop_first_view()
            continue
        log.info("PSM Desktop %s avviato su %s", __version__, window.workspace.location)
        _resume_garbage_collector()
        return
    _resume_garbage_collector()
    QApplication.exit(2)
    window.close()


def _resume_garbage_collector() -> None:
    """What start-up built stays for the session: frozen out of the collector's sight
    (later collections scan only what the user's work creates), then collection resumes."""
    gc.freeze()
    gc.enable()


def run(db_path: Path | str | None = None) -> int:
    start(db_path)
    app = QApplication.instance()
    assert app is not None
    return int(app.exec())


__all__ = ["build_main_window", "ensure_application", "excepthook", "run", "start"]
