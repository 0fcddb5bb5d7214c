"""The main window: composes the screens, the menus and the toolbar; holds no plan logic.

It is built in two steps so that start-up paints the real window before SQLAlchemy and
the database are even imported: `MainWindow(settings)` is the shell (menus, toolbar,
tabs, a "loading" page; this module imports only Qt and light modules at module level),
`attach(db)` then adds the plan screen and the data behind every screen.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

from psm_desktop import __version__
from psm_desktop.errors import UserError
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.settings import AppSettings
from psm_desktop.ui.monitoring import campaigns_launcher
from psm_desktop.ui.window import read_only
from psm_desktop.ui.window.actions import MENUS, TOOLBAR, create_actions
from psm_desktop.ui.window.panels import EXTRA_PANELS, PanelHost

if TYPE_CHECKING:
    from psm_desktop.services import Services
    from psm_desktop.services.first_view import FirstView
    from psm_desktop.storage import Database
    from psm_desktop.ui.core.workspace import Workspace
    from psm_desktop.ui.plan.plan_screen import PlanScreen

log = logging.getLogger(__name__)

SCREEN_KEYS = ("show_plan", "show_stakeholders", "show_deadlines", "show_overview")
LOADING_TEXT = "Caricamento del piano…"
# What works before a database is attached; every other action needs the plan.
SHELL_ACTIONS = ("quit", "about", "help")


class LoadingPage(QLabel):
    """The Piano tab until the plan is read; says once that it has been painted."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LOADING_TEXT, parent)
        self.setObjectName("planLoading")
        self.setAccessibleName(LOADING_TEXT)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._told = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._told:
            self._told = True
            self.painted.emit()


class MainWindow(QMainWindow):
    # Set by attach(): the window has no database before it.
    workspace: Workspace
    plan: PlanScreen

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.events = DataEvents(self)
        self.undo_stack = new_undo_stack(self)
        self._barrier_note = ""  # why there is nothing to undo, after an import or the like
        self.attached = False
        self.first_view: FirstView | None = None  # shown read-only until attach()

        self.loading = LoadingPage(self)
        self.hosts = [
            PanelHost(spec, lambda: self.workspace.session, self) for spec in EXTRA_PANELS
        ]
        self.screens = QTabWidget(self)
        self.screens.setObjectName("screens")
        self.screens.setAccessibleName("Schermate")
        self.screens.setDocumentMode(True)
        self.screens.addTab(self.loading, "Piano")
        for host in self.hosts:
            self.screens.addTab(host, host.spec.title)
        self.setCentralWidget(self.screens)

        self.menu_actions = create_actions(self)
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.setWindowTitle("PSM Desktop")
        self.db_label.setText(LOADING_TEXT)
        for key, action in self.menu_actions.items():
            action.setEnabled(key in SHELL_ACTIONS)
        self._restore_layout()

    def show_first_view(self, view: FirstView) -> None:
        """The plan read straight from the file (`services.first_view`), shown read-only
        while the database is opened the normal way; `attach()` then makes it editable."""
        from psm_desktop.services.first_view import FirstViewServices
        from psm_desktop.storage.access import Access
        from psm_desktop.ui.core.session import EditSession
        from psm_desktop.ui.plan.plan_screen import PlanScreen

        services = cast("Services", FirstViewServices(view))  # its reads only: see its doc
        session = EditSession(services, self.events, self.undo_stack, lambda: self)
        session.access = Access(role=None, read_only=True, editable_actions=None)
        self.first_view = view
        self.plan = PlanScreen(session, self, settings=self.settings, opening=True)
        self._put_plan_screen(self.plan)
        self._restore_plan_layout()

    def drop_first_view(self) -> None:
        """The normal opening failed: the first view goes, the loading page comes back."""
        if self.first_view is None:
            return
        self.first_view.close()
        self.first_view = None
        plan = self.plan
        self._put_plan_screen(self.loading)
        plan.deleteLater()
        del self.plan

    def _put_plan_screen(self, widget: QWidget) -> None:
        current = self.screens.currentIndex()
        self.screens.blockSignals(True)  # the same screen stays current: no change to tell
        try:
            self.screens.removeTab(0)
            self.screens.insertTab(0, widget, "Piano")
            self.screens.setCurrentIndex(current)
        finally:
            self.screens.blockSignals(False)

    def attach(self, db: Database, *, lazy: bool = False) -> None:
        """Show the plan of `db` (once, on the shell). With `lazy` the other screens are
        built when first shown, and a window not shown yet reads the plan after its
        first paint. After a first view the plan shown stays and becomes editable (read
        again only if the file changed since the first view)."""
        # The data layers (SQLAlchemy, services): imported only now, see the module doc.
        from psm_desktop.ui.core.workspace import Workspace
        from psm_desktop.ui.plan.plan_screen import PlanScreen

        self.workspace = Workspace(
            db, self.events, self.undo_stack, self.settings.operator_name(), self
        )
        current = self.screens.currentIndex()
        if self.first_view is not None:
            view, self.first_view = self.first_view, None
            whole = view.close()  # False: rows without the ids the filters read
            services = self.workspace.services
            changed = (
                not whole
                or view.database_id != db.database_id
                or view.last_change != services.history.last_id()
            )
            self.plan.opened(self.workspace.session, changed=changed)
        else:
            self.plan = PlanScreen(
                self.workspace.session,
                self,
                defer_load=lazy and not self.isVisible(),
                settings=self.settings,
            )
            self._put_plan_screen(self.plan)
            self._restore_plan_layout()
        self.loading.deleteLater()
        # F1 in every dialog: its section of the guide. Not before: it sees every event of
        # the application, which start-up pays for about ten thousand times.
        from psm_desktop.ui.dialogs import help_window

        help_window.install_context_help()
        self._connect_plan()
        self.attached = True
        for action in self.menu_actions.values():
            action.setEnabled(True)
        self._apply_mode()
        from psm_desktop.ui.window.server_link import ServerLink

        self.server_link = ServerLink(self)  # a server's permissions and others' edits
        self.server_link.attach(self.workspace)
        self._undo_state()
        self._update_title()
        self._fill_recent_menu()
        self.settings.set_last_database(self.workspace.location)
        self._screen_changed(current)
        self._tell_backup_problem(db)
        if not lazy:
            self.build_all_screens()

    # --- building -----------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.recent_menu = QMenu("File &recenti", self)
        self.recent_menu.setObjectName("recentMenu")
        for title, keys in MENUS:
            menu = bar.addMenu(title)
            for key in keys:
                if key == "-":
                    menu.addSeparator()
                elif key == "@recent":
                    menu.addMenu(self.recent_menu)
                else:
                    menu.addAction(self.menu_actions[key])
        # Filled when about to show (and at attach); until then no file to switch to.
        self.recent_menu.setEnabled(False)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Barra degli strumenti", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key in TOOLBAR:
            if key == "-":
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.menu_actions[key])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseLabel")
        self.user_label = QLabel(self)
        self.mode_label = QLabel(read_only.READ_ONLY_MARK, self)
        self.mode_label.setObjectName("readOnlyMark")
        self.mode_label.setToolTip(
            "Il database è aperto in sola lettura: le modifiche non sono possibili."
        )
        self.mode_label.hide()
        self.statusBar().addPermanentWidget(self.mode_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

    def _connect(self) -> None:
        a = self.menu_actions
        a["new_db"].triggered.connect(self.new_database)
        a["open_db"].triggered.connect(self.choose_database)
        a["open_server"].triggered.connect(self.choose_server)
        a["save_copy"].triggered.connect(self.save_copy)
        a["save_local_copy"].triggered.connect(self.save_local_copy)
        a["restore_backup"].triggered.connect(self.restore_backup)
        a["export_tracker"].triggered.connect(lambda: self._call_helper("tracker", "export"))
        a["import_tracker"].triggered.connect(lambda: self._call_helper("tracker", "import"))
        a["export_pdf"].triggered.connect(lambda: self._call_helper("pdf", "export"))
        a["import_plan_text"].triggered.connect(self.import_plan_text)
        a["export_structure"].triggered.connect(self.export_structure)
        a["import_structure"].triggered.connect(self.import_structure)
        a["publish"].triggered.connect(self.publish)
        a["preferences"].triggered.connect(self.edit_preferences)
        a["office_settings"].triggered.connect(self.edit_office_settings)
        a["my_stakeholder"].triggered.connect(self.choose_my_stakeholder)
        a["periods"].triggered.connect(self.manage_periods)
        a["compare_periods"].triggered.connect(self.compare_periods)
        a["campaigns"].triggered.connect(lambda: campaigns_launcher.open_campaigns(self))
        a["quit"].triggered.connect(self.close)
        a["undo"].triggered.connect(self._undo)
        a["redo"].triggered.connect(self._redo)
        a["find"].triggered.connect(self.focus_filter)
        a["add_assignment"].triggered.connect(self.add_assignment)
        a["add_deadline"].triggered.connect(self.add_deadline)
        for index, key in enumerate(SCREEN_KEYS):
            a[key].triggered.connect(lambda _c=False, i=index: self.show_screen(i))
        a["whole_plan"].triggered.connect(self._whole_plan)
        a["reload"].triggered.connect(self.reload_all)
        a["about"].triggered.connect(self._about)
        a["help"].triggered.connect(self.show_help)
        # Bound methods (not lambdas): Qt drops them with the window, before the stack goes.
        self.undo_stack.canUndoChanged.connect(self._undo_state)
        self.undo_stack.canRedoChanged.connect(self._undo_state)
        self.undo_stack.undoTextChanged.connect(self._undo_state)
        self.undo_stack.redoTextChanged.connect(self._undo_state)
        self.screens.currentChanged.connect(self._screen_changed)
        self.events.open_action_requested.connect(self.open_action)
        self.events.open_actions_requested.connect(self.open_actions)
        self.events.outside_change.connect(self.undo_barrier)
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self._screen_changed(0)

    def _connect_plan(self) -> None:
        a, plan = self.menu_actions, self.plan
        a["clear_filters"].triggered.connect(plan.filter_bar.clear)
        a["focus_tree"].triggered.connect(lambda: self._focus(plan.tree))
        a["focus_table"].triggered.connect(lambda: self._focus(plan.table))
        a["focus_editor"].triggered.connect(lambda: self._focus(plan.editor.tabs))
        self._connect_structure()
        self.events.stakeholders_changed.connect(plan.reload_choices)
        plan.filter_bar.set_my_stakeholder(self.settings.my_stakeholder())
        plan.filter_bar.choose_mine.connect(self.choose_my_stakeholder)

    def _connect_structure(self) -> None:
        from psm_desktop.ui.plan.structure_menu import StructureMenu

        self.structure_menu = menu = StructureMenu(self.plan)
        self.plan.tree_model.move_requested.connect(menu.move_dropped)
        for key, slot in (
            ("new_axis", menu.new_axis),
            ("new_strategy", menu.new_strategy),
            ("new_action", menu.new_action),
            ("edit_node", menu.edit),
            ("move_up", menu.move_up),
            ("move_down", menu.move_down),
            ("move_to", menu.move_to),
            ("delete_node", menu.delete),
            ("edit_plan", menu.edit_plan),
            ("axis_links", menu.edit_axis_links),
        ):
            self.menu_actions[key].triggered.connect(
                lambda _c=False, s=slot: self._structure_edit(s)
            )

    def _structure_edit(self, slot: Callable[[], None]) -> None:
        self.show_screen(0)
        self.plan.editor.commit_pending()
        slot()

    def _undo_state(self, *_args: object) -> None:
        stack, a = self.undo_stack, self.menu_actions
        if not self.attached:
            return
        a["undo"].setEnabled(stack.canUndo())
        a["redo"].setEnabled(stack.canRedo())
        undo, redo = stack.undoText(), stack.redoText()
        nothing = self._barrier_note or "Niente da annullare"
        a["undo"].setStatusTip(f"Annulla: {undo}" if undo else nothing)
        a["redo"].setStatusTip(f"Ripeti: {redo}" if redo else "Niente da ripetere")
        a["undo"].setToolTip(
            f"Annulla: {undo} (Ctrl+Z)" if undo else self._barrier_note or "Annulla (Ctrl+Z)"
        )
        a["redo"].setToolTip(f"Ripeti: {redo} (Ctrl+Y)" if redo else "Ripeti (Ctrl+Y)")

    # --- screens ------------------------------------------------------------------------

    def build_all_screens(self) -> None:
        for host in self.hosts:
            host.ensure_built()
        self.server_link.apply_to_panels()

    def show_screen(self, index: int) -> None:
        self.screens.setCurrentIndex(index)

    def _screen_changed(self, index: int) -> None:
        if index > 0 and self.attached:
            self.hosts[index - 1].ensure_built()
        for i, key in enumerate(SCREEN_KEYS):
            self.menu_actions[key].setChecked(i == index)

    def open_action(self, action_id: int) -> None:
        """Show an action in the plan screen (double-click in Scadenze, Soggetti...)."""
        self.show_screen(0)
        self.plan.select_action(action_id)

    def open_actions(self, action_filter: object) -> None:
        """Show the plan screen filtered (double-click on a count of the Panoramica)."""
        self.show_screen(0)
        self.plan.show_filtered(action_filter)

    def focus_filter(self) -> None:
        self.show_screen(0)
        self.plan.filter_bar.text.setFocus()
        self.plan.filter_bar.text.selectAll()

    def _focus(self, widget: QWidget) -> None:
        self.show_screen(0)
        widget.setFocus()

    def _whole_plan(self) -> None:
        self.show_screen(0)
        self.plan.show_whole_plan()

    def add_assignment(self) -> None:
        from psm_desktop.ui.editor.action_editor import TAB_ASSIGNMENTS

        self.show_screen(0)
        self.plan.editor.tabs.setCurrentIndex(TAB_ASSIGNMENTS)
        self.plan.editor.assignments.add()

    def add_deadline(self) -> None:
        from psm_desktop.ui.editor.action_editor import TAB_DEADLINES

        self.show_screen(0)
        self.plan.editor.tabs.setCurrentIndex(TAB_DEADLINES)
        self.plan.editor.deadlines.add()

    def undo_barrier(self, what: str) -> None:
        """The database changed outside the undo stack (`what`: "l'importazione di X";
        the storage's restore may call this too):
        clear the stack, so that Ctrl+Z cannot revert an edit made before it, out of sight,
        while the change itself stays; tell the user in the status bar and on Annulla."""
        had_edits = self.undo_stack.count() > 0
        self.undo_stack.clear()
        if self.attached:
            self.workspace.session.watch.refresh()  # the change is now known
        if had_edits:
            self._barrier_note = (
                f"Dopo {what}, le modifiche fatte prima non si possono più annullare."
            )
            self.statusBar().showMessage(self._barrier_note, 20_000)
        self._undo_state()

    def _stack_moved(self, _index: int = 0) -> None:
        if self.attached:
            self.workspace.session.watch.refresh()  # what this window did is known
        if self._barrier_note and self.undo_stack.count():
            self._barrier_note = ""  # a new edit: Annulla speaks of it again
            self._undo_state()

    def _undo(self) -> None:
        self.plan.editor.commit_pending()
        if not self._changed_elsewhere():
            self.undo_stack.undo()

    def _redo(self) -> None:
        if not self._changed_elsewhere():
            self.undo_stack.redo()

    def _changed_elsewhere(self) -> bool:
        """Someone else wrote to the file since this window's last edit: undo or redo could
        revert what the user has not seen, so the history stops here (and the user is told)."""
        if not self.workspace.session.watch.moved() or not self.undo_stack.count():
            return False
        self.undo_barrier("una modifica fatta da un altro programma o da un'altra finestra")
        self.reload_all()  # show what is stored now
        messages.info(self, self._barrier_note, "Annulla")
        return True

    def reload_all(self) -> None:
        """F5: read everything again (someone else may have changed the file)."""
        self.plan.reload_everything()
        for host in self.hosts:
            host.reload()

    # --- databases ----------------------------------------------------------------------

    def _folder(self) -> Path | None:
        """Where file choosers start: the open file's folder (none for a server)."""
        db = self.workspace.db
        return db.file.parent if db.file is not None else None

    def choose_database(self) -> None:
        from psm_desktop.ui.core import file_dialogs

        path = file_dialogs.ask_open_database(self, self._folder())
        if path is not None:
            self.open_database(path)

    def choose_server(self) -> None:
        """File › Apri database sul server…: the dialog opens the plan, then the window
        swaps to it."""
        from psm_desktop.storage.server_address import parse
        from psm_desktop.ui.dialogs.server_dialog import ask_server_database

        self.plan.editor.commit_pending()
        current = self.workspace.db
        servers = [p for p in self.settings.recent_files() if isinstance(p, str)]
        shown = current.location if current.on_server else next(iter(servers), None)
        db = ask_server_database(self, parse(shown)[0] if shown else None)
        if db is not None:
            self._swap(db)

    def new_database(self) -> None:
        from psm_desktop.ui.dialogs import new_database_dialog

        self.plan.editor.commit_pending()
        path = new_database_dialog.ask_new_plan(self, self._folder() or Path.home())
        if path is not None:
            self.open_database(path)

    def open_database(self, path: Path | str, *, create: bool = False) -> bool:
        """Swap to another database (a file or a server's URL); on a problem, or if the
        user chooses not to open it, the current one stays open."""
        from psm_desktop.ui.window.opening import open_location

        self.plan.editor.commit_pending()
        try:
            db = open_location(self, path, create=create, user=self.settings.operator_name())
        except UserError as error:
            messages.user_error(self, error)
            return False
        if db is None:
            return False
        self._swap(db)
        return True

    def _swap(self, db: Database) -> None:
        from psm_desktop.ui.core.workspace import Workspace

        old = self.workspace
        self.undo_stack.clear()  # edits of the old file cannot be undone in the new one
        self._barrier_note = ""
        self.workspace = Workspace(
            db, self.events, self.undo_stack, self.settings.operator_name(), self
        )
        self.plan.set_session(self.workspace.session)
        for host in self.hosts:
            host.set_session(self.workspace.session)
        old.close()
        self.settings.set_last_database(self.workspace.location)
        self._apply_mode()
        self.server_link.attach(self.workspace)  # greys what this user may not change
        self._undo_state()
        self._update_title()
        self.events.database_replaced.emit()
        self.statusBar().showMessage(f"Aperto {db.location}", 5000)
        self._tell_backup_problem(db)

    def _apply_mode(self) -> None:
        """Read-only (someone else has the file) or on a server: only what may be done."""
        db = self.workspace.db
        read_only.apply(self.menu_actions, read_only=db.read_only, on_server=db.on_server)
        # The same freezing as another office's action (the history only reads: spared).
        self.plan.editor.set_read_only(db.read_only)
        if db.read_only and not self.mode_label.styleSheet():
            # Only now: a style sheet builds a style-sheet style (~0.5 ms of start-up).
            self.mode_label.setStyleSheet(
                "QLabel { background: #b3261e; color: white; font-weight: bold; padding: 1px 8px; }"
            )
        self.mode_label.setVisible(db.read_only)
        self._undo_state()

    def _tell_backup_problem(self, db: Database) -> None:
        """A daily backup that failed is said once, in the status bar (the log has it)."""
        if db.backup_problem:  # the full text (folder, reason) is in the log
            self.statusBar().showMessage(
                "Attenzione: copia di sicurezza giornaliera non riuscita (disco pieno o "
                "cartella protetta?): dettagli nel registro."
            )

    def save_local_copy(self) -> None:
        """File › Salva una copia locale…: the whole plan into a SQLite file (background)."""
        from psm_desktop.ui.dialogs.local_copy_dialog import save_local_copy

        self.plan.editor.commit_pending()
        self.local_copy_job = save_local_copy(
            self, self.workspace.db, self._folder() or Path.home()
        )

    def save_copy(self) -> None:
        current = self.workspace.path
        from psm_desktop.ui.core import file_dialogs

        target = file_dialogs.ask_copy_target(
            self, current.with_name(f"{current.stem}-copia{current.suffix}")
        )
        if target is None:
            return
        if target.resolve() == current.resolve():
            messages.warn(self, "La copia deve avere un nome diverso dal database aperto.")
            return
        try:
            self.workspace.db.save_copy(target)
        except UserError as error:
            messages.user_error(self, error)
            return
        except OSError as exc:  # e.g. the folder cannot be created
            from psm_desktop.atomic_files import write_error

            messages.user_error(self, write_error(target, exc.errno, exc))
            return
        self.statusBar().showMessage(f"Copia salvata in {target}", 8000)

    def restore_backup(self) -> None:
        """File › Ripristina da backup…: close the database, restore the copy, reopen it."""
        from psm_desktop.storage.restore import restore_backup
        from psm_desktop.ui.dialogs import restore_dialog

        self.plan.editor.commit_pending()
        path = self.workspace.path
        chosen = restore_dialog.ask_backup(self, path)
        if chosen is None or not messages.confirm(
            self,
            f"Ripristinare la copia del {chosen.when} ({chosen.kind})?\n\nLe modifiche fatte "
            "dopo quella copia non saranno più nel database: il database attuale viene prima "
            "messo da parte fra le copie. La cronologia di Annulla verrà svuotata.",
            "Ripristina da backup",
        ):
            return
        self.workspace.close()  # no connection may stay open on the file being replaced
        try:
            result = restore_backup(path, chosen.path)
        except UserError as error:
            messages.user_error(self, error)  # the database is as it was, and still open
            self._hold_presence_again(path)
            return
        if not self.open_database(path):  # a new session; the undo stack is cleared
            self.undo_stack.clear()  # restored but not reopened: the old edits are gone
            return
        kept = result.kept_aside
        aside = f"\n\nIl database di prima è in {kept}." if kept else ""
        messages.info(
            self,
            f"Ripristinata la copia del {chosen.when}.{aside}\n\n"
            "La cronologia di Annulla è stata svuotata.",
            "Ripristina da backup",
        )

    def _hold_presence_again(self, path: Path) -> None:
        """The file stays open after all: say so again to other instances."""
        from psm_desktop.ui.core import presence_claims

        if presence_claims.claim(path, self.settings.operator_name()) is None:
            presence_claims.attach(self.workspace.db, path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        self.recent_menu.setEnabled(self.attached)  # switching files needs one open
        current = self.workspace.location if self.attached else None
        recent = [p for p in self.settings.recent_files() if p != current]
        for number, path in enumerate(recent, start=1):
            shown = f"{path.name}  —  {path.parent}" if isinstance(path, Path) else path
            action = QAction(f"&{number} {shown}", self.recent_menu)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_database(p))
            self.recent_menu.addAction(action)
        if not recent:
            empty = self.recent_menu.addAction("(nessun file recente)")
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Svuota l'elenco")
            clear.triggered.connect(self.settings.clear_recent)

    def _update_title(self) -> None:
        ws = self.workspace
        mark = f" [{read_only.READ_ONLY_MARK}]" if ws.db.read_only else ""
        if ws.db.file is not None:
            path = ws.db.file
            self.setWindowTitle(f"{path.name} — {path.parent}{mark} — PSM Desktop")
            self.setWindowFilePath(str(path))
            self.db_label.setText(f"Database: {path}")
        else:
            self.setWindowTitle(f"{ws.label()} — server{mark} — PSM Desktop")
            self.setWindowFilePath("")
            self.db_label.setText(f"Database sul server: {ws.label()}")
        self._update_user_label()

    def _update_user_label(self) -> None:
        """The name the change log will record: the operator's in a file, the database
        user's on a server (its triggers write that one, whatever the settings say)."""
        access = self.workspace.session.access
        if self.workspace.db.file is None and access.user:
            role = f" ({access.role})" if access.role else ""
            self.user_label.setText(f"Utente del server: {access.user}{role}")
            self.user_label.setToolTip(
                "Le modifiche sono registrate nella cronologia con il nome dell'utente del server."
            )
        else:
            self.user_label.setText(f"Operatore: {self.workspace.services.ctx.user}")
            self.user_label.setToolTip("")

    # --- helpers' features ----------------------------------------------------------------

    def _call_helper(self, feature: str, what: str) -> None:
        """Excel trackers and PDFs live in their own modules, imported on first use."""
        self.plan.editor.commit_pending()
        ws = self.workspace
        if feature == "tracker":
            module = self._feature_module("psm_desktop.ui.dialogs.tracker_dialogs")
            if module is None:
                return
            if what == "export":
                module.export_tracker(self, ws.services, self.events)
            else:
                module.import_tracker(self, ws.services, self.events)
        else:
            module = self._feature_module("psm_desktop.ui.dialogs.pdf_dialogs")
            if module is None:
                return
            module.export_pdf(
                self, ws.services, self.plan.editor.action_id, self.plan.current_axis()
            )

    def import_plan_text(self) -> None:
        from psm_desktop.ui.plan.plan_text_dialog import import_plan_text

        self.plan.editor.commit_pending()
        ws = self.workspace
        import_plan_text(self, ws.services, self.events, self.undo_stack, self.statusBar())

    def export_structure(self) -> None:
        from psm_desktop.ui.plan.structure_workbook_dialog import export_structure_workbook

        self.plan.editor.commit_pending()
        ws = self.workspace
        export_structure_workbook(self, ws.services, ws.path.parent, self.statusBar())

    def import_structure(self) -> None:
        from psm_desktop.ui.plan.structure_workbook_dialog import import_structure_workbook

        self.plan.editor.commit_pending()
        ws = self.workspace
        import_structure_workbook(self, ws.services, self.events, self.undo_stack, self.statusBar())

    def _feature_module(self, name: str) -> Any:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise  # a missing library is a bug to report, not a missing feature
            messages.warn(self, "Questa funzione non è disponibile in questa versione.")
            return None

    # --- preferences, about ---------------------------------------------------------------

    def edit_preferences(self) -> None:
        from psm_desktop.ui.core import file_dialogs

        name = file_dialogs.ask_operator_name(self, self.settings.operator_name())
        if name is None:
            return
        self.settings.set_operator_name(name)
        self.workspace.set_user(name)
        self._update_title()

    def choose_my_stakeholder(self) -> None:
        """Which stakeholder the operator works for; then show its actions at once."""
        from psm_desktop.ui.stakeholders.my_stakeholder_dialog import ask_my_stakeholder

        names = [name for _id, name in self.workspace.services.stakeholders.names()]
        name = ask_my_stakeholder(self, names, self.settings.my_stakeholder())
        if name is None:
            return
        self.settings.set_my_stakeholder(name)
        bar = self.plan.filter_bar
        bar.set_my_stakeholder(name)
        if name:
            self.show_screen(0)
            bar.mine.click()

    def publish(self) -> None:
        """File › Pubblica…: the web site and open data of a period (ui/dialogs/publish_dialog)."""
        from psm_desktop.ui.dialogs.publish_dialog import publish

        self.plan.editor.commit_pending()
        publish(self, self.workspace.services)

    def edit_office_settings(self) -> None:
        from psm_desktop.ui.dialogs.office_settings_dialog import edit_office_settings

        if edit_office_settings(self):
            self.statusBar().showMessage(
                "Impostazioni dell'ufficio salvate: valgono dal prossimo PDF.", 8000
            )

    def manage_periods(self) -> None:
        """Monitoraggio › Periodi di monitoraggio…; the screens then show the new state."""
        from psm_desktop.ui.monitoring.periods_dialog import manage_periods

        manage_periods(self, self.workspace.services)
        self.reload_all()

    def compare_periods(self) -> None:
        from psm_desktop.ui.monitoring.periods_dialog import CompareDialog

        CompareDialog(self, self.workspace.services).exec()

    def show_help(self) -> None:
        """Aiuto › Guida (F1): the guide at the section about the screen in view."""
        from psm_desktop.ui.dialogs import help_window

        help_window.show_help(self, help_window.SCREEN_ANCHORS[self.screens.currentIndex()])

    def _about(self) -> None:
        messages.info(
            self,
            f"PSM Desktop {__version__}\n\nGestione offline delle azioni del Piano Strategico "
            "Metropolitano.\n\nDatabase aperto:\n" + str(self.workspace.location),
            "Informazioni su PSM Desktop",
        )

    # --- layout memory --------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry("window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        state = self.settings.geometry("window_state")
        if state is not None:
            self.restoreState(state)

    def _restore_plan_layout(self) -> None:
        for key, splitter in (
            ("plan_splitter", self.plan.splitter),
            ("plan_right", self.plan.right),
        ):
            sizes = self.settings.geometry(key)
            if sizes is not None:
                splitter.restoreState(sizes)

    def save_layout(self) -> None:
        self.settings.set_geometry("window", self.saveGeometry())
        self.settings.set_geometry("window_state", self.saveState())
        if self.attached:
            self.settings.set_geometry("plan_splitter", self.plan.splitter.saveState())
            self.settings.set_geometry("plan_right", self.plan.right.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:
            self.plan.editor.commit_pending()
        elif self.first_view is not None:  # closed while the database was being opened
            self.first_view.close()
            self.first_view = None
        self.save_layout()
        super().closeEvent(event)
        if self.attached:
            self.server_link.stop()
            QTimer.singleShot(0, self.workspace.close)


def new_undo_stack(parent: QWidget | None = None) -> QUndoStack:
    stack = QUndoStack(parent)
    stack.setUndoLimit(500)
    return stack


__all__ = ["DataEvents", "MainWindow", "new_undo_stack"]
