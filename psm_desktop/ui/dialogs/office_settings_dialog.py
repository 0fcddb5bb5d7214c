"""File › Impostazioni ufficio…: office name, logo, colours and labels of the PDF sheets.

What is edited here is written to the user's data folder as the same TOML template the
PDF export reads (exchange/pdf/theme_file.py), so nothing inside the installation is
touched and the next export uses it. The preview draws the top and bottom of a page as
the PDF does, and follows every edit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.theme import (
    DEFAULT_COLORS,
    DEFAULT_LABELS,
    load_theme,
    shipped_theme_path,
    user_theme_path,
)
from psm_desktop.exchange.pdf.theme_file import (
    OfficeSettings,
    current_settings,
    save_office_settings,
)
from psm_desktop.formatting import format_date
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

IMAGE_FILTER = "Immagini (*.png *.jpg *.jpeg)"
HELP_ANCHOR = "impostazioni-ufficio"

COLOR_CAPTIONS = {
    "primary": "Colore &principale (titoli, intestazione)",
    "accent": "Colore d'&accento (filetto, scadenze superate)",
    "text": "&Testo",
    "muted": "Testo &secondario (etichette, piè di pagina)",
    "rule": "&Linee e bordi delle tabelle",
    "table_header": "&Intestazione delle tabelle",
    "table_stripe": "Righe &alterne delle tabelle",
    "progress_track": "Barra di avanzamento: &fondo",
    "progress_fill": "Barra di avanzamento: &riempimento",
}
LABEL_CAPTIONS = {
    "axis_sheet": "Titolo della scheda dell'asse",
    "action_sheet": "Titolo della scheda azione",
    "actions_document": "Titolo delle schede di più azioni",
    "deadlines_report": "Titolo del report delle scadenze",
    "axis": "Parola per «Asse»",
    "strategy": "Parola per «Strategia»",
    "action": "Parola per «Azione»",
    "axis_links": "Titolo delle connessioni tra assi",
    "updated": "Data di aggiornamento",
    "generated": "Data di creazione del documento",
    "page": "Numero di pagina ({page} e {pages})",
    "overdue": "Scadenza superata",
    "overdue_deadlines": "Sezione delle scadenze superate",
    "upcoming_deadlines": "Sezione delle prossime scadenze",
    "no_data": "Valore mancante",
}
SAMPLE_PLAN = "Piano Strategico Metropolitano 2024-2026"


class ColorButton(QPushButton):
    """Shows a colour and its "#RRGGBB"; a click opens the colour chooser."""

    changed = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption.replace("&", "")
        self._colour = "#000000"
        self.setAccessibleName(self._caption)
        self.clicked.connect(self._choose)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = colour.upper()
        swatch = QPixmap(28, 14)
        swatch.fill(QColor(colour))
        self.setIcon(swatch)
        self.setIconSize(swatch.size())
        self.setText(self._colour)
        self.changed.emit()

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, self._caption)
        if chosen.isValid():
            self.set_colour(chosen.name())


class HeaderPreview(QWidget):
    """The top and the bottom of a page of the axis sheet, drawn like the PDF draws them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officePreview")
        self.setAccessibleName("Anteprima dell'intestazione dei PDF")
        self.settings = OfficeSettings(office="")
        self._logo = QPixmap()
        self.setMinimumSize(QSize(360, 250))

    def sizeHint(self) -> QSize:
        return QSize(440, 300)

    def show_settings(self, settings: OfficeSettings) -> None:
        self.settings = settings
        self._logo = QPixmap(str(settings.logo)) if settings.logo else QPixmap()
        self.update()

    def _colour(self, key: str) -> QColor:
        return QColor(self.settings.colors.get(key, DEFAULT_COLORS.get(key, "#000000")))

    def _label(self, key: str) -> str:
        return self.settings.labels.get(key) or DEFAULT_LABELS.get(key, key)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("#9AA3AD"))  # the desk around the sheet
        page = QRectF(self.rect()).adjusted(10, 10, -10, -10)
        painter.fillRect(page, QColor("white"))
        margin = page.width() * 0.07
        left, right = page.left() + margin, page.right() - margin
        top = page.top() + margin * 0.8
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.8, 6.0))
        bold = QFont(small)
        bold.setBold(True)
        x = left
        if not self._logo.isNull():
            height = max(12.0, min(self.settings.logo_height_mm, 10) * page.width() / 210)
            width = height * self._logo.width() / max(self._logo.height(), 1)
            painter.drawPixmap(QRectF(x, top, width, height).toRect(), self._logo)
            x += width + 6
        line_h = painter.fontMetrics().height()
        # Like the PDF: the plan's title on the left, the office on the right, each cut
        # to its share of the line (95 and 70 mm of the 180 between the margins).
        room = right - x - 8
        painter.setFont(bold)
        painter.setPen(self._colour("primary"))
        plan = painter.fontMetrics().elidedText(
            SAMPLE_PLAN, Qt.TextElideMode.ElideRight, int(room * 0.55)
        )
        painter.drawText(QRectF(x, top, room * 0.55, line_h), plan)
        painter.setFont(small)
        painter.setPen(self._colour("muted"))
        office = painter.fontMetrics().elidedText(
            self.settings.office, Qt.TextElideMode.ElideRight, int(room * 0.42)
        )
        painter.drawText(QRectF(x, top, right - x, line_h), Qt.AlignmentFlag.AlignRight, office)
        rule_y = top + max(line_h, 14) + 4
        painter.setPen(QPen(self._colour("accent"), 2))
        painter.drawLine(int(left), int(rule_y), int(right), int(rule_y))

        title = QFont(self.font())
        title.setPointSizeF(self.font().pointSizeF() * 1.3)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(self._colour("primary"))
        y = rule_y + 12
        heading = f"{self._label('axis_sheet')} 1"
        painter.drawText(QRectF(left, y, right - left, 2 * line_h), heading)
        y += painter.fontMetrics().height() + 8
        painter.setFont(small)
        painter.setPen(self._colour("muted"))
        updated = f"{self._label('updated')} {format_date(dt.date.today())}"
        painter.drawText(QRectF(left, y, right - left, line_h), updated)
        y += line_h + 6
        self._table(painter, QRectF(left, y, right - left, line_h * 3.6))

        footer_y = page.bottom() - margin * 0.8
        painter.setPen(QPen(self._colour("rule"), 1))
        painter.drawLine(int(left), int(footer_y - line_h), int(right), int(footer_y - line_h))
        painter.setPen(self._colour("muted"))
        generated = f"{self._label('generated')} {format_date(dt.date.today())}"
        painter.drawText(QRectF(left, footer_y - line_h + 2, right - left, line_h), generated)
        try:
            page_label = self._label("page").format(page=1, pages=3)
        except (KeyError, IndexError, ValueError):
            page_label = DEFAULT_LABELS["page"].format(page=1, pages=3)
        painter.setFont(bold)
        painter.drawText(
            QRectF(left, footer_y - line_h + 2, right - left, line_h),
            Qt.AlignmentFlag.AlignRight,
            page_label,
        )
        painter.end()

    def _table(self, painter: QPainter, box: QRectF) -> None:
        """A two-row table with a progress bar: header, stripe, rule and progress colours."""
        row = box.height() / 3
        painter.fillRect(
            QRectF(box.left(), box.top(), box.width(), row), self._colour("table_header")
        )
        painter.fillRect(
            QRectF(box.left(), box.top() + 2 * row, box.width(), row), self._colour("table_stripe")
        )
        painter.setPen(QPen(self._colour("rule"), 1))
        painter.drawRect(box)
        painter.setPen(self._colour("text"))
        code = box.width() * 0.16
        for i, (first, second) in enumerate(
            ((self._label("action"), ""), ("1.1.1", ""), ("1.1.2", ""))
        ):
            cell = QRectF(box.left() + 4, box.top() + i * row, code, row)
            painter.drawText(cell, Qt.AlignmentFlag.AlignVCenter, first or second)
        for i, share in ((1, 0.6), (2, 0.25)):
            bar = QRectF(
                box.left() + code + 8, box.top() + i * row + row * 0.3, box.width() * 0.5, row * 0.4
            )
            painter.fillRect(bar, self._colour("progress_track"))
            painter.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()),
                self._colour("progress_fill"),
            )
        overdue = QRectF(box.right() - box.width() * 0.25, box.top() + row, box.width() * 0.24, row)
        painter.setPen(self._colour("accent"))
        painter.drawText(overdue, Qt.AlignmentFlag.AlignVCenter, self._label("overdue"))


class OfficeSettingsDialog(QDialog):
    """Edit the office's look of the PDF sheets; OK writes the user's template."""

    help_anchor = HELP_ANCHOR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeSettingsDialog")
        self.setWindowTitle("Impostazioni ufficio")
        self.setAccessibleName("Impostazioni ufficio")
        self.saved_theme_path: Path | None = None
        try:
            start = current_settings()
        except UserError as error:  # a broken template by hand: start from the shipped one
            messages.user_error(self, error)
            start = current_settings(load_theme(shipped_theme_path()))

        self.office = QLineEdit()
        self.office.setObjectName("officeName")
        self.office.setAccessibleName("Nome dell'ente")
        self.logo_path = QLineEdit()
        self.logo_path.setObjectName("officeLogo")
        self.logo_path.setAccessibleName("File del logo")
        self.logo_path.setPlaceholderText("nessun logo")
        self.logo_path.setReadOnly(True)
        browse = QPushButton("&Scegli il logo…")
        browse.clicked.connect(self._choose_logo)
        self.drop_logo = QPushButton("&Togli il logo")
        self.drop_logo.clicked.connect(lambda: self._set_logo(None))
        self.logo_height = QDoubleSpinBox()
        self.logo_height.setAccessibleName("Altezza del logo in millimetri")
        self.logo_height.setRange(3.0, 10.0)
        self.logo_height.setSingleStep(0.5)
        self.logo_height.setSuffix(" mm")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(browse)
        logo_row.addWidget(self.drop_logo)
        office_page = QWidget()
        office_form = QFormLayout(office_page)
        self.office.setToolTip("Compare in alto a destra su ogni pagina e come autore del PDF")
        office_form.addRow(_buddy("&Ente:", self.office), self.office)
        office_form.addRow("Logo (in alto a sinistra):", logo_row)
        office_form.addRow(_buddy("Altezza del &logo:", self.logo_height), self.logo_height)
        where = QLabel(
            "Le impostazioni sono salvate nella cartella dei dati dell'utente "
            f"({user_theme_path().parent}) e valgono per ogni PDF creato da questo computer."
        )
        where.setWordWrap(True)
        office_form.addRow(where)

        self.colours: dict[str, ColorButton] = {}
        colour_page = QWidget()
        colour_form = QFormLayout(colour_page)
        for key, caption in COLOR_CAPTIONS.items():
            button = ColorButton(caption)
            button.setObjectName(f"colour_{key}")
            self.colours[key] = button
            colour_form.addRow(_buddy(caption + ":", button), button)

        self.labels: dict[str, QLineEdit] = {}
        label_page = QWidget()
        label_form = QFormLayout(label_page)
        for key in [*DEFAULT_LABELS, *(k for k in start.labels if k not in DEFAULT_LABELS)]:
            edit = QLineEdit()
            edit.setObjectName(f"label_{key}")
            caption = LABEL_CAPTIONS.get(key, key)
            edit.setAccessibleName(caption)
            self.labels[key] = edit
            label_form.addRow(caption + ":", edit)
        label_scroll = QScrollArea()
        label_scroll.setWidgetResizable(True)
        label_scroll.setWidget(label_page)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sezioni delle impostazioni")
        self.tabs.addTab(office_page, "&Ente e logo")
        self.tabs.addTab(colour_page, "&Colori")
        self.tabs.addTab(label_scroll, "Eti&chette")
        self.preview = HeaderPreview()
        preview_box = QVBoxLayout()
        preview_box.addWidget(QLabel("Anteprima (prima pagina della scheda dell'asse):"))
        preview_box.addWidget(self.preview, 1)

        self.buttons, _ok = ok_cancel(
            self,
            "&Salva",
            on_ok=self._save,
            extra=QDialogButtonBox.StandardButton.RestoreDefaults,
        )
        defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setText("Valori &predefiniti")
        defaults.clicked.connect(self.restore_defaults)

        body = QHBoxLayout()
        body.addWidget(self.tabs, 3)
        body.addLayout(preview_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self._logo: Path | None = None
        self.show_settings(start)
        self.office.textChanged.connect(self._refresh)
        self.logo_height.valueChanged.connect(self._refresh)
        for button in self.colours.values():
            button.changed.connect(self._refresh)
        for edit in self.labels.values():
            edit.textChanged.connect(self._refresh)
        resize_within_screen(self, 980, 560)

    # --- values -------------------------------------------------------------------------

    def show_settings(self, settings: OfficeSettings) -> None:
        self.office.setText(settings.office)
        self._set_logo(settings.logo)
        self.logo_height.setValue(settings.logo_height_mm)
        for key, button in self.colours.items():
            button.set_colour(settings.colors.get(key, DEFAULT_COLORS[key]))
        for key, edit in self.labels.items():
            edit.setText(settings.labels.get(key, DEFAULT_LABELS.get(key, "")))
        self._refresh()

    def settings(self) -> OfficeSettings:
        return OfficeSettings(
            office=self.office.text().strip(),
            logo=self._logo,
            logo_height_mm=self.logo_height.value(),
            colors={key: button.colour() for key, button in self.colours.items()},
            labels={key: edit.text() for key, edit in self.labels.items()},
        )

    def restore_defaults(self) -> None:
        self.show_settings(current_settings(load_theme(shipped_theme_path())))

    def _set_logo(self, path: Path | None) -> None:
        self._logo = path
        self.logo_path.setText(str(path) if path else "")
        self.drop_logo.setEnabled(path is not None)
        self._refresh()

    def _choose_logo(self) -> None:
        start = str(self._logo.parent if self._logo else Path.home())
        name, _ = file_dialogs.get_open_file_name(self, "Scegli il logo", start, IMAGE_FILTER)
        if name:
            if QPixmap(name).isNull():
                messages.warn(self, f"Il file {name} non è un'immagine PNG o JPG leggibile.")
                return
            self._set_logo(Path(name))

    def _refresh(self, *_args: object) -> None:
        if hasattr(self, "preview"):
            self.preview.show_settings(self.settings())

    def _save(self) -> None:
        settings = self.settings()
        if not settings.office:
            messages.warn(self, "Scrivi il nome dell'ente: compare in ogni pagina dei PDF.")
            self.tabs.setCurrentIndex(0)
            self.office.setFocus()
            return
        try:
            theme = save_office_settings(settings)
        except UserError as error:
            messages.user_error(self, error)
            return
        self.saved_theme_path = theme.source
        self.accept()


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def edit_office_settings(parent: QWidget | None) -> bool:
    """The menu entry: True when the user saved new settings."""
    dialog = OfficeSettingsDialog(parent)
    saved = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return saved
