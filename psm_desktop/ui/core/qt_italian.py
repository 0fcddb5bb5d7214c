"""Qt's own texts in Italian: its catalogues for every module, plus what they lack.

Qt's Italian catalogue (qt_it.qm, which pulls in qtbase_it.qm and the other modules')
misses a few strings of the file chooser that Qt 6 reworded ("&Look in:", "Files of &type:")
and the file kinds ("Folder"): without them the dialog is half English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# (context, source text) -> Italian; only what Qt's catalogues do not translate.
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Cerca in:",
    ("QFileDialog", "Files of &type:"): "&Tipo di file:",
    ("QAbstractFileIconProvider", "Folder"): "Cartella",
    ("QAbstractFileIconProvider", "Drive"): "Unità",
    ("QAbstractFileIconProvider", "File"): "File",
    ("QAbstractFileIconProvider", "%1 File"): "File %1",
    ("QAbstractFileIconProvider", "Shortcut"): "Collegamento",
    ("QAbstractFileIconProvider", "Alias"): "Alias",
}


class _Supplement(QTranslator):
    """Answers only the strings in MISSING; Qt asks the other translators for the rest."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None reaches Qt as a null string: "not here, ask the next translator" (an empty
        # string would mean "translated as nothing" and stop the search).
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_italian(app: QCoreApplication) -> None:
    """Install Qt's Italian catalogues and the supplement, once per application."""
    if app.property("psm_italian"):
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    italian = QLocale(QLocale.Language.Italian)
    for catalogue in ("qt", "qtbase"):  # qt_it includes every module; qtbase_it if alone
        translator = QTranslator(app)
        if translator.load(italian, catalogue, "_", folder):
            app.installTranslator(translator)
            break
    app.installTranslator(_Supplement(app))
    app.setProperty("psm_italian", True)
