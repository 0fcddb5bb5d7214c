"""The Qt interface. The only package (with psm_desktop.app) that imports PySide6."""

from psm_desktop.ui.core.pyside_imports import skip_source_scans

skip_source_scans()  # before the interface's modules are imported: see the module
