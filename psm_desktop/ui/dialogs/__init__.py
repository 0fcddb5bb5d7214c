"""Dialogs of the File and Aiuto menus: trackers, PDFs, publication, backups, settings, help."""
