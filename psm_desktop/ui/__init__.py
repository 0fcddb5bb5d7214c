"""The Qt interface. The only package (with psm_desktop.app) that imports PySide6."""
